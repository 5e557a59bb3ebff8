"""--baseline FILE: record the current findings once, then report only new ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import fixture_path, run_mllint
from mllint.diagnostics import Diagnostic, Severity

RESHAPE = "ml212_fp32_compute.mlpackage"  # the standard warning, ML212 (ML202 became an info)
SUMMARY_HIDDEN = "All checks passed: 1 model(s), no new findings; 1 known finding(s) hidden by the baseline."


def zoo(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copytree(fixture_path(RESHAPE), tmp_path / "models" / name)
    return tmp_path


def test_first_run_records_the_findings_and_exits_0(tmp_path: Path) -> None:
    zoo(tmp_path, "a.mlpackage")
    result = run_mllint("models", "--select", "ML212", "--baseline", "baseline.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == "mllint: recorded 1 finding(s) in the new baseline baseline.json"
    assert result.stdout.splitlines()[-1] == SUMMARY_HIDDEN
    recorded = json.loads((tmp_path / "baseline.json").read_text())
    expected = Diagnostic(
        path="models/a.mlpackage",
        location="main/before",
        code="ML212",
        name="ane-fp32-compute",
        severity=Severity.WARNING,
        message="",
        file="",
    ).fingerprint
    assert recorded == {
        expected: {
            "code": "ML212",
            "path": "models/a.mlpackage",
            "location": "main/before",
            "message": (
                "all 3 compute ops estimated off the Neural Engine as ops typed fp32 (relu x2, conv x1): "
                "main/before (FLOAT32 output), main/conv (FLOAT32 output), main/after (FLOAT32 output)"
            ),
        }
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "models"]  # no temporary file left


def test_later_runs_report_only_new_findings(tmp_path: Path) -> None:
    zoo(tmp_path, "a.mlpackage")
    assert run_mllint("models", "--select", "ML212", "--baseline", "b.json", cwd=tmp_path).returncode == 0
    again = run_mllint("models", "--select", "ML212", "--baseline", "b.json", cwd=tmp_path)
    assert again.returncode == 0 and again.stderr == ""
    assert "ML212 [warning]" not in again.stdout
    assert again.stdout.splitlines()[-1] == SUMMARY_HIDDEN
    zoo(tmp_path, "b.mlpackage")  # a new model with the same problem
    new = run_mllint("models", "--select", "ML212", "--baseline", "b.json", cwd=tmp_path)
    assert new.returncode == 1
    assert [l.split(":")[0] for l in new.stdout.splitlines() if "ML212 [warning]" in l] == ["models/b.mlpackage"]
    assert new.stdout.splitlines()[-1] == (
        "Found 1 finding(s) in 2 model(s): 1 warning; 1 known finding(s) hidden by the baseline."
    )
    document = json.loads(run_mllint("models", "--select", "ML212", "--baseline", "b.json", "--format", "json", cwd=tmp_path).stdout)
    assert document["summary"]["hidden_by_baseline"] == 1 and document["summary"]["diagnostics"] == 1


def test_baseline_works_from_another_working_folder(tmp_path: Path) -> None:
    zoo(tmp_path, "a.mlpackage")
    assert run_mllint("models", "--select", "ML212", "--baseline", "b.json", cwd=tmp_path).returncode == 0
    inside = run_mllint(".", "--select", "ML212", "--baseline", "../b.json", cwd=tmp_path / "models")
    assert inside.returncode == 0 and "ML212 [warning]" not in inside.stdout
    assert "1 known finding(s) hidden by the baseline" in inside.stdout


def test_unusable_baseline_is_a_one_line_usage_error(tmp_path: Path) -> None:
    zoo(tmp_path, "a.mlpackage")
    for text, fragment in (("{not json", "baseline b.json: not valid JSON"), ('["x"]', "baseline b.json: not an mllint baseline")):
        (tmp_path / "b.json").write_text(text)
        result = run_mllint("models", "--baseline", "b.json", cwd=tmp_path)
        assert result.returncode == 2 and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("mllint: error: ") and fragment in lines[0], lines


def test_help_documents_the_baseline() -> None:
    text = " ".join(run_mllint("check", "--help").stdout.split())
    assert "--baseline FILE Report only findings not recorded in FILE. If FILE does not exist, record every current finding there and exit 0." in text
    assert "the summary says how many were hidden" in text


def test_a_second_problem_on_the_same_node_is_new(tmp_path) -> None:
    """Two findings of one rule on one node are two baseline entries, so a third is reported."""
    from mllint.baseline import Baseline, entries_for
    from mllint.diagnostics import Diagnostic, Severity
    from mllint.reporting import ModelReport, Report

    def finding(message: str) -> Diagnostic:
        return Diagnostic("m.mlpackage", "models[1]", "ML206", "nms-threshold-out-of-range", Severity.WARNING,
                          message, "m.mlpackage/Data/com.apple.CoreML/model.mlmodel")

    known = [finding("iouThreshold 1.5 is above 1"), finding("confidenceThreshold 0 is not above 0")]
    baseline = Baseline(tmp_path / "baseline.json", entries_for(known, tmp_path))
    assert len(baseline.entries) == 2
    new = finding("iouThreshold override default (0.3) differs from the model's 0.45")
    report = Report(models=[ModelReport("m.mlpackage", "mlpackage", "m", diagnostics=[*known, new])], rules=())
    assert baseline.hide_known(report) == 2
    assert report.models[0].diagnostics == [new]
