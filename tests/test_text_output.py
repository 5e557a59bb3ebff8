"""``--format text``: a fix under each finding, concise, statistics, quiet, verbose, colour, headers."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, fixture_path, run_mllint

from mllint.diagnostics import Diagnostic, Severity
from mllint.reporters.text import cut_long_lists, fix_lines, render
from mllint.reporting import ModelReport, Report, ReportOptions

NMS = "fixtures/ml101_yolo_nms_fp16.mlpackage"
RESHAPE = "fixtures/ml202_output_reshape.mlpackage"
WARNING = "fixtures/ml212_fp32_compute.mlpackage"  # ML212, a warning (ML202 became an info, issue 12)
CLEAN = "fixtures/ml202_output_reshape_clean.mlpackage"
FINDING = re.compile(r"^\S+: ML\d{3} (?:\[\*\] )?\[(error|warning|info)\] .+$")  # [*]: mllint fix repairs it


def test_each_finding_has_a_help_line_and_a_pointer_to_its_docs() -> None:
    done = run_mllint(NMS, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    findings = [i for i, line in enumerate(lines) if FINDING.match(line)]
    assert findings
    for index in findings:
        code = re.search(r" (ML\d{3}) ", lines[index]).group(1)  # type: ignore[union-attr]
        block = []
        for line in lines[index + 1 :]:
            if not line.startswith("  "):
                break
            block.append(line)
        assert block[0].startswith("  help: "), lines[index]
        assert block[-1] == f"  = see: mllint rule {code}"


def test_the_seed_model_gets_the_float32_advice_under_every_error() -> None:
    done = run_mllint(NMS, "--select", "ML1", cwd=ROOT)
    text = done.stdout
    first = text.index("  help: ")
    help_text = text[first:]
    flat = " ".join(help_text.split())  # prose is wrapped at 100 columns
    assert "FLOAT32" in flat and "raising the version alone does not help" in flat
    assert 'pip install -U "ultralytics>=8.3.106"' in flat
    assert "            import coremltools as ct\n" in help_text  # code kept whole, indented under help
    assert "ct.utils.change_input_output_tensor_type(" in help_text
    assert "minimum_deployment_target" not in text  # the advice that does not make it load
    # the same fix is printed once per model, then referred to
    assert text.count("change_input_output_tensor_type(") == 1
    assert text.count("  help: the same as above") == 4


def test_rule_docs_agree_with_the_finding() -> None:
    ml101 = run_mllint("rule", "ML101", cwd=ROOT).stdout
    assert "It is not enough for a\nNonMaximumSuppression model" in ml101 or "not enough for a" in ml101
    assert "mllint rule ML115" in ml101
    ml115 = run_mllint("rule", "ML115", cwd=ROOT).stdout
    assert 'ultralytics>=8.3.106' in ml115 and "change_input_output_tensor_type" in ml115


def test_concise_is_one_line_per_finding() -> None:
    for option in (["--concise"], ["--output-format", "concise"]):
        done = run_mllint(NMS, RESHAPE, CLEAN, *option, cwd=ROOT)
        *findings, summary, fixable = done.stdout.splitlines()
        assert findings and all(FINDING.match(line) for line in findings), findings
        assert summary.startswith("Found ")
        assert fixable.startswith("[*] ") and fixable.endswith(" fixable with `mllint fix`.")


def test_statistics_count_findings_per_rule() -> None:
    done = run_mllint(NMS, "--select", "ML1", "--concise", "--statistics", cwd=ROOT)
    lines = done.stdout.splitlines()
    assert "4  ML101  float16-before-ios16" in lines[-4] and lines[-4].endswith("[error]")
    assert "1  ML115  nms-element-type" in lines[-3]
    assert lines[-2].startswith("Found 5 finding(s)")
    assert lines[-1] == "[*] 5 fixable with `mllint fix`."


def test_quiet_prints_only_the_findings() -> None:
    done = run_mllint(WARNING, CLEAN, "--quiet", cwd=ROOT)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert FINDING.match(lines[0])
    assert all(FINDING.match(line) or line.startswith("  ") for line in lines)
    assert "Found" not in done.stdout and "Neural Engine (estimate)" not in done.stdout  # ML212's message names the ANE


def test_headers_only_for_models_with_findings_unless_verbose() -> None:
    quiet_default = run_mllint(RESHAPE, CLEAN, cwd=ROOT).stdout
    assert f"{RESHAPE} (mlProgram" in quiet_default
    assert f"{CLEAN} (" not in quiet_default
    verbose = run_mllint(RESHAPE, CLEAN, "--verbose", cwd=ROOT).stdout
    assert f"{CLEAN} (mlProgram, spec v7, needs iOS16)" in verbose
    assert verbose.count("Neural Engine (estimate)") == 2


def test_a_model_that_does_not_load_is_headed_so_without_an_os_or_a_verdict() -> None:
    text = run_mllint(NMS, cwd=ROOT).stdout
    [header] = [line for line in text.splitlines() if line.startswith(f"{NMS} (")]
    assert header == f"{NMS} (pipeline, spec v7): does not load (5 errors)"
    assert "needs iOS" not in text and "verdict" not in text


def test_errors_come_first_within_a_model() -> None:
    lines = [line for line in run_mllint(NMS, "--concise", cwd=ROOT).stdout.splitlines() if FINDING.match(line)]
    severities = [FINDING.match(line).group(1) for line in lines]  # type: ignore[union-attr]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(extra)
    return env


def _run_in_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run mllint with stdout on a pseudo-terminal, as in an interactive shell."""
    import pty

    main, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "mllint", *args], cwd=ROOT, stdout=secondary,
                               stderr=subprocess.DEVNULL, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(main)
    return b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal_unless_no_color_or_never() -> None:
    assert "\x1b[" in _run_in_a_terminal(RESHAPE, env=_environment())
    assert "\x1b[" not in _run_in_a_terminal(RESHAPE, env=_environment(NO_COLOR="1"))
    assert "\x1b[" not in _run_in_a_terminal(RESHAPE, "--color", "never", env=_environment())


def test_colour_off_in_a_pipe_unless_always() -> None:
    assert "\x1b[" not in run_mllint(RESHAPE, cwd=ROOT).stdout
    always = run_mllint(WARNING, "--color", "always", cwd=ROOT).stdout
    assert "\x1b[33m\x1b[1mML212\x1b[0m" in always


def test_long_lists_are_cut() -> None:
    items = ", ".join(f"main/op_{i} (FLOAT32 output)" for i in range(20))
    assert cut_long_lists(f"20 ops typed fp32 (a x1, b x2): {items}") == (
        "20 ops typed fp32 (a x1, b x2): main/op_0 (FLOAT32 output), main/op_1 (FLOAT32 output), "
        "main/op_2 (FLOAT32 output), main/op_3 (FLOAT32 output), main/op_4 (FLOAT32 output) and 15 more"
    )
    already = ", ".join(f"x{i}" for i in range(4)) + ", x4 and 40 more"  # cut by the rule: 3 examples kept
    assert cut_long_lists(f"ops: {already}") == "ops: x0, x1, x2 and 42 more"
    assert cut_long_lists("ops: x0, x1 and 7 more") == "ops: x0, x1 and 7 more"
    short = "ops: a, b, c"
    assert cut_long_lists(short) == short


def test_estimate_lists_are_cut_with_and_n_more() -> None:
    fallback = {f"op{i}": 10 - i for i in range(8)}
    model = ModelReport("m.mlpackage", "mlpackage", "m.mlpackage", 7, "mlProgram",
                        facts={"ane": {"ops_total": 10, "ops_ane": 2, "partitions": 1, "verdict": "poor",
                                       "fallback": fallback}})
    out = io.StringIO()
    render(Report([model], ()), out, ReportOptions(verbose=True))
    assert "  falls back: op0 x10, op1 x9, op2 x8, op3 x7, op4 x6 and 3 more op types" in out.getvalue()


def test_fix_lines_join_prose_and_keep_code() -> None:
    fix = "First line\nof prose.\n\n    code()\n    more()\nAfter."
    assert fix_lines(fix) == ["First line of prose.", "    code()", "    more()", "After."]


def test_a_multi_line_fix_is_indented_under_help() -> None:
    d = Diagnostic("m.mlmodel", "", "ML101", "x", Severity.ERROR, "message", "m.mlmodel", fix="Do this:\n\n    code()")
    out = io.StringIO()
    render(Report([ModelReport("m.mlmodel", "mlmodel", "m.mlmodel", diagnostics=[d])], ()), out, ReportOptions())
    assert "  help: Do this:\n            code()\n  = see: mllint rule ML101\n" in out.getvalue()


# --------------------------------------------------------------------------- no models


def test_a_folder_without_models_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "README.md").write_text("no models here")
    done = run_mllint("models/", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "mllint: no .mlmodel or .mlpackage under models/\n"
    assert done.stdout == ""


def test_only_the_empty_folders_are_named(tmp_path: Path) -> None:
    import shutil

    (tmp_path / "modles").mkdir()
    shutil.copytree(fixture_path("ml202_output_reshape.mlpackage"), tmp_path / "models" / "m.mlpackage")
    done = run_mllint("models", "modles", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "mllint: no .mlmodel or .mlpackage under modles\n")


def test_allow_empty_passes(tmp_path: Path) -> None:
    done = run_mllint("--allow-empty", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "0 model(s)" in done.stdout


# --------------------------------------------------------------------------- quiet defaults


def test_metadata_infos_are_off_by_default_and_opt_in() -> None:
    fixture = "fixtures/ml502_no_author.mlmodel"
    assert "ML502" not in run_mllint(fixture, "--exit-zero", cwd=ROOT).stdout
    assert "ML502" in run_mllint(fixture, "--exit-zero", "--extend-select", "ML5", cwd=ROOT).stdout
    assert "ML502" in run_mllint(fixture, "--exit-zero", "--select", "missing-author", cwd=ROOT).stdout
    assert "ML502" not in run_mllint(fixture, "--exit-zero", "--select", "ALL", cwd=ROOT).stdout


def test_family_label_fits_the_severity() -> None:
    assert run_mllint("rule", "ML118", cwd=ROOT).stdout.splitlines()[0] == (
        "ML118 pipeline-version-below-sub-model (warning; Core ML may refuse it)"
    )
    assert "(error; Core ML will not load it)" in run_mllint("rule", "ML101", cwd=ROOT).stdout
