"""``--format xcode``: lines Xcode's Issue navigator reads from a Run Script build phase."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_mllint

from mllint.diagnostics import Diagnostic, Severity
from mllint.reporters.xcode import xcode_line

# clang's diagnostic format, which Xcode parses from a build phase's output
XCODE = re.compile(r"^(/[^:]+):1: (error|warning|note): (ML\d{3}) (.+) \(mllint rule \3\)$")


def test_lines_for_a_model_that_does_not_load() -> None:
    done = run_mllint("--format", "xcode", "--select", "ML1", "fixtures/ml101_yolo_nms_fp16.mlpackage", cwd=ROOT)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 5
    for line in lines:
        match = XCODE.match(line)
        assert match, line
        assert match.group(1) == str(ROOT / "fixtures" / "ml101_yolo_nms_fp16.mlpackage")
        assert Path(match.group(1)).exists()
        assert match.group(2) == "error"
    assert lines[0].startswith(f"{ROOT}/fixtures/ml101_yolo_nms_fp16.mlpackage:1: error: ML101 models[1]/inputs/")


def test_severities_and_one_line_each() -> None:
    kinds = {
        s: xcode_line(Diagnostic("m.mlmodel", "a", "ML501", "x", s, "two\nlines", "m.mlmodel"), "/p")
        for s in Severity
    }
    assert kinds[Severity.ERROR] == "/p/m.mlmodel:1: error: ML501 a: two lines (mllint rule ML501)"
    assert kinds[Severity.WARNING].startswith("/p/m.mlmodel:1: warning: ")
    assert kinds[Severity.INFO].startswith("/p/m.mlmodel:1: note: ")


def test_clean_model_prints_nothing_and_exits_zero() -> None:
    done = run_mllint("--format", "xcode", "fixtures/ml202_output_reshape_clean.mlpackage", cwd=ROOT)
    assert (done.returncode, done.stdout) == (0, "")


def test_the_build_phase_script_in_the_docs_uses_the_format() -> None:
    docs = (ROOT / "docs" / "xcode.md").read_text()
    assert "mllint --format xcode" in docs
