"""One pipeline for the command line and the Python API: same configuration, same findings;
a crashed rule (ML900) is never hidden by selection and always fails the run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import fixture_path, run_mllint

import mllint
from mllint import hookimpl, model_rule
from mllint.api import Linter
from mllint.pipeline import Request, RunError, run

RESHAPE = "ml202_output_reshape.mlpackage"  # ML202 and the ML5xx metadata rules fire on it
WARNING = "ml212_fp32_compute.mlpackage"  # ML212, a warning, fires on it
FP32 = "ml406_fp32_weights.mlpackage"  # ML406 fires once its min_bytes option is small
PYPROJECT = """\
[project]
name = "zoo"

[tool.mllint]
ignore = ["ML202"]

[tool.mllint.rules.ML406]
min_bytes = 500
"""


def _zoo(root: Path) -> Path:
    models = root / "models"
    for name in (RESHAPE, FP32):
        shutil.copytree(fixture_path(name), models / name)
    (root / "pyproject.toml").write_text(PYPROJECT)
    return root


def _key(d: dict[str, str]) -> tuple[str, ...]:
    return (d["path"], d["code"], d["location"], d["severity"], d["message"])


def _cli(cwd: Path, *args: str) -> list[tuple[str, ...]]:
    result = run_mllint("models", "--format", "json", "--exit-zero", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [_key(d) for d in json.loads(result.stdout)["diagnostics"]]


def _api(**options: object) -> list[tuple[str, ...]]:
    found = mllint.lint("models", **options)  # type: ignore[arg-type]
    return [(d.path, d.code, d.location, d.severity.label, d.message) for d in found]


def test_the_api_reads_the_configuration_the_command_line_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _zoo(tmp_path)
    monkeypatch.chdir(root)
    configured = _api()
    assert configured == _cli(root)
    codes = {key[1] for key in configured}
    assert "ML406" in codes  # [tool.mllint.rules.ML406] min_bytes = 500 reached the rule
    assert "ML202" not in codes  # ignore = ["ML202"] applied
    isolated = _api(isolated=True)
    assert isolated == _cli(root, "--isolated")
    assert "ML202" in {key[1] for key in isolated} and "ML406" not in {key[1] for key in isolated}
    # the arguments beat the configuration as the flags do
    assert _api(select=["ML202", "ML406"]) == _cli(root, "--select", "ML202,ML406")
    assert {key[1] for key in _api(select=["ML202", "ML406"])} == {"ML202", "ML406"}
    assert _api(extend_select=["ML202"], ignore=["ML5"]) == _cli(root, "--extend-select", "ML202", "--ignore", "ML5")
    assert _api(target="iOS15") == _cli(root, "--target", "iOS15")
    assert _api(jobs=2) == configured


def test_the_api_raises_what_the_command_line_reports_as_usage_errors(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = _zoo(tmp_path)
    monkeypatch.chdir(root)
    with pytest.raises(FileNotFoundError, match="nope"):
        mllint.lint("nope")
    with pytest.raises(ValueError, match="unknown rule code, prefix or name: 'ML999'"):
        mllint.lint("models", select=["ML999"])
    with pytest.raises(ValueError, match="unknown deployment target"):
        mllint.lint("models", target="iOS99")
    (root / "pyproject.toml").write_text('[tool.mllint]\nselec = ["ML2"]\n')
    with pytest.raises(ValueError, match="tool.mllint.selec: unknown key"):
        mllint.lint("models")
    assert mllint.lint("models", isolated=True)  # --isolated reads no configuration, broken or not


# ---------------------------------------------------------------- a crashed rule is never hidden


@model_rule(code="ML399", name="crashes-always", summary="Raises.", why="Test.", fix="None.")
def crashes_always(model: object) -> None:
    raise RuntimeError("kaboom")


class Crashing:
    @hookimpl
    def mllint_rules(self) -> list[object]:
        return [crashes_always]


def _run_with_crash(**options: object) -> tuple[list[str], bool]:
    from mllint_rules import ane, deployment

    from mllint import reporters

    linter = Linter.create([ane, deployment, reporters, Crashing()])
    # ML212 (a warning) fires on it: ML202 became an info (issue 12)
    outcome = run(Request(paths=(str(fixture_path(WARNING)),), isolated=True, **options), linter)  # type: ignore[arg-type]
    return [d.code for d in outcome.report.diagnostics], outcome.failed


def test_a_crash_shows_and_fails_whatever_the_selection() -> None:
    codes, failed = _run_with_crash(select=("ML3",))  # ML399 runs and crashes; ML900 is not in ML3
    assert "ML900" in codes and "ML212" not in codes and failed
    codes, failed = _run_with_crash(select=("ML212", "ML399"), ignore=("ML9",), fail_on="never")
    assert sorted(codes) == ["ML212", "ML900"] and failed
    codes, failed = _run_with_crash(select=("ML212",))  # the crashing rule not selected: nothing crashed
    assert codes == ["ML212"] and failed
    with pytest.raises(RunError):
        run(Request(paths=(str(fixture_path(RESHAPE)),), select=("ML999",)), Linter.create([Crashing()]))


def test_the_command_line_shows_a_crash_under_select_and_exits_1(tmp_path: Path) -> None:
    """A real plugin (an entry point in a dist-info folder), a real subprocess."""
    site = tmp_path / "site"
    (site / "crashing_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "crashing_plugin-1.0.dist-info" / "METADATA").write_text("Name: crashing-plugin\nVersion: 1.0\n")
    (site / "crashing_plugin-1.0.dist-info" / "entry_points.txt").write_text("[mllint]\ncrashing = crashing_plugin\n")
    (site / "crashing_plugin.py").write_text(
        "from mllint import hookimpl, model_rule\n\n"
        "@model_rule(code='CRA399', name='crashes-always', summary='Raises.', why='Test.', fix='None.')\n"
        "def crashes_always(model):\n"
        "    raise RuntimeError('kaboom')\n\n"
        "@hookimpl\n"
        "def mllint_rules():\n"
        "    return [crashes_always]\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("NO_COLOR", None)
    model = str(fixture_path(RESHAPE))
    for extra in ([], ["--exit-zero"], ["--fail-on", "never"], ["--ignore", "ML900"]):
        result = subprocess.run([sys.executable, "-m", "mllint", model, "--select", "ML3,CRA", "--color", "never", *extra],
                                capture_output=True, text=True, env=env, check=False)
        assert result.returncode == 1, (extra, result.stdout, result.stderr)
        assert "ML900" in result.stdout and "rule CRA399 (crashes-always)" in result.stdout, result.stdout
        assert "kaboom" in result.stdout and "All checks passed" not in result.stdout
    clean = subprocess.run([sys.executable, "-m", "mllint", model, "--select", "ML3,CRA", "--ignore", "CRA399"],
                           capture_output=True, text=True, env=env, check=False)
    assert clean.returncode == 0 and "ML900" not in clean.stdout, clean.stdout  # ignoring the crashing rule works
