"""In-model suppressions (metadata.userDefined["mllint:ignore"]) and ML910 unused-suppression through
the command line, the configuration and the Python API (the fixture cases are in
rules/mllint_self/ml910_unused_suppression.toml)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, fixture_path, lint_path, run_mllint

UNUSED = "ml910_unused_suppression.mlpackage"  # says "ML202", has no output reshape
USED = "ml910_unused_suppression_clean.mlpackage"  # output reshape hidden by "output-layout-op"
UNUSED_LINE = (
    "metadata/userDefined/mllint:ignore: ML910 [warning] mllint:ignore entry 'ML202' suppresses nothing:"
    " ML202 (output-layout-op) found nothing in this model"
)


def test_cli_shows_the_unused_suppression_and_fails() -> None:
    result = run_mllint(UNUSED, USED, "--select", "ML202,ML910", cwd=FIXTURES)
    assert result.returncode == 1, result.stderr
    findings = [line for line in result.stdout.splitlines() if " [warning] " in line]
    assert findings == [f"{UNUSED}:{UNUSED_LINE}"]
    assert result.stdout.splitlines()[-1] == "Found 1 finding(s) in 2 model(s): 1 warning."


def test_unused_suppression_can_be_ignored() -> None:
    assert lint_path(fixture_path(UNUSED), select=["ML202", "ML910"], ignore=["unused-suppression"]) == []
    result = run_mllint(str(fixture_path(UNUSED)), "--select", "ML202,ML910", "--ignore", "ML910")
    assert result.returncode == 0 and "ML910" not in result.stdout


def test_config_ignore_does_not_make_the_model_suppression_used(tmp_path: Path) -> None:
    shutil.copytree(fixture_path(USED), tmp_path / "model.mlpackage")
    (tmp_path / "mllint.toml").write_text('select = ["ML202", "ML910"]\nper-path-ignores = {"*.mlpackage" = ["ML202"]}\n')
    result = run_mllint("model.mlpackage", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert (
        "model.mlpackage:metadata/userDefined/mllint:ignore: ML910 [warning] mllint:ignore entry 'output-layout-op'"
        " suppresses nothing: ML202 (output-layout-op) is not enabled for this model"
    ) in result.stdout.splitlines()  # the model's header (and its ANE estimate lines) come first
    (tmp_path / "mllint.toml").write_text('select = ["ML202", "ML910"]\n')
    clean = run_mllint("model.mlpackage", cwd=tmp_path)
    assert clean.returncode == 0 and "All checks passed: 1 model(s), no findings." in clean.stdout


def test_python_api_honours_in_model_suppressions() -> None:
    import mllint

    assert mllint.lint(fixture_path(USED), select=["ML2"]) == []
