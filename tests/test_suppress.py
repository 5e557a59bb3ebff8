"""In-model suppressions (metadata.userDefined["mllint:ignore"]) and ML910 unused-suppression."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, codes, fixture_path, lint_path, run_mllint

UNUSED = "ml910_unused_suppression.mlpackage"  # says "ML202", has no output reshape
USED = "ml910_unused_suppression_clean.mlpackage"  # output reshape hidden by "output-layout-op"
PIPELINE = "ml910_pipeline_submodel_ignore.mlpackage"  # models[0] says "ML2"; both sub-models end in a reshape
UNUSED_LINE = (
    "metadata/userDefined/mllint:ignore: ML910 [warning] mllint:ignore entry 'ML202' suppresses nothing:"
    " ML202 (output-layout-op) found nothing in this model"
)


def test_unused_suppression_fires() -> None:
    found = lint_path(fixture_path(UNUSED), select=["ML202", "ML910"])
    assert codes(found) == ["ML910"]
    [diagnostic] = found
    assert diagnostic.location == "metadata/userDefined/mllint:ignore"
    assert diagnostic.message == (
        "mllint:ignore entry 'ML202' suppresses nothing: ML202 (output-layout-op) found nothing in this model"
    )


def test_used_suppression_hides_the_finding_and_is_clean() -> None:
    assert lint_path(fixture_path(USED), select=["ML202", "ML910"]) == []
    # the same model without the key: ML202 fires (the suppression really hid something)
    assert codes(lint_path(fixture_path("ml202_output_reshape.mlpackage"), select=["ML202"])) == ["ML202"]


def test_cli_shows_the_unused_suppression_and_fails() -> None:
    result = run_mllint(UNUSED, USED, "--select", "ML202,ML910", cwd=FIXTURES)
    assert result.returncode == 1, result.stderr
    findings = [line for line in result.stdout.splitlines() if " [warning] " in line]
    assert findings == [f"{UNUSED}:{UNUSED_LINE}"]
    assert result.stdout.splitlines()[-1] == "Found 1 finding(s) in 2 model(s): 1 warning."


def test_suppression_covers_its_model_and_sub_models_only() -> None:
    found = lint_path(fixture_path(PIPELINE), select=["ML202", "ML910"])
    assert [(d.code, d.location) for d in found] == [("ML202", "models[1]/main/regrouped_cast_fp16")]


def test_unused_suppression_can_be_ignored() -> None:
    assert lint_path(fixture_path(UNUSED), select=["ML202", "ML910"], ignore=["unused-suppression"]) == []
    result = run_mllint(str(fixture_path(UNUSED)), "--select", "ML202,ML910", "--ignore", "ML910")
    assert result.returncode == 0 and "ML910" not in result.stdout


def test_suppression_of_a_rule_that_did_not_run_is_unused() -> None:
    """--select without ML202: the model's "ML202" entry hid nothing in this run."""
    found = lint_path(fixture_path(UNUSED), select=["ML910"])
    assert [d.message for d in found] == [
        "mllint:ignore entry 'ML202' suppresses nothing: ML202 (output-layout-op) is not enabled for this model"
    ]


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
