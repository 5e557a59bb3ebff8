"""The command line through a real subprocess: exit codes, formats, rules, errors."""

from __future__ import annotations

import json
import sys

from conftest import fixture_path, run_mllint

# The standard warning: ML212 on an fp32 program (ML202 became an info, issue 12).
FINDING = str(fixture_path("ml212_fp32_compute.mlpackage"))
CLEAN = str(fixture_path("ml212_fp32_compute_clean.mlpackage"))
RESHAPE = str(fixture_path("ml202_output_reshape.mlpackage"))


def test_exit_0_when_clean_and_1_with_findings() -> None:
    clean = run_mllint(CLEAN, "--select", "ML212")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "All checks passed" in clean.stdout
    found = run_mllint(FINDING, "--select", "ML212")
    assert found.returncode == 1
    assert "ML212 [warning] all 3 compute ops estimated off the Neural Engine as ops typed fp32" in found.stdout
    info = run_mllint(RESHAPE, "--select", "ML202")
    assert info.returncode == 0  # an info does not fail the run
    assert "ML202 [info] output 'flatten_out' is produced by reshape" in info.stdout


def test_fail_on_error_lets_warnings_pass_and_exit_zero() -> None:
    assert run_mllint(FINDING, "--select", "ML212", "--fail-on", "error").returncode == 0
    assert run_mllint(FINDING, "--select", "ML212", "--exit-zero").returncode == 0


def test_usage_errors_exit_2_in_one_line() -> None:
    for args, fragment in (
        (["does/not/exist.mlmodel"], "path does not exist: does/not/exist.mlmodel"),
        ([FINDING, "--select", "ML9999"], "unknown rule code, prefix or name: 'ML9999'"),
        ([FINDING, "--format", "yaml"], "unknown format 'yaml'"),
        ([FINDING, "--fail-on", "fatal"], "Invalid value for '--fail-on'"),
        (["rule", "no-such-rule"], "no rule 'no-such-rule'"),
    ):
        result = run_mllint(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("mllint: error:") and fragment in lines[0], lines
        assert "Traceback" not in result.stderr


def test_select_and_ignore_by_prefix_and_name() -> None:
    assert run_mllint(FINDING, "--ignore", "ane-fp32-compute").returncode == 0
    assert run_mllint(FINDING, "--select", "ML2", "--ignore", "ML21").returncode == 0
    assert run_mllint(FINDING, "--select", "ML2", "--ignore", "ML21", "--extend-select", "ML212").returncode == 1


def test_json_document() -> None:
    result = run_mllint(FINDING, "--select", "ML212", "--format", "json")
    document = json.loads(result.stdout)
    [diagnostic] = document["diagnostics"]
    assert set(diagnostic) >= {"code", "name", "severity", "message", "file", "location", "fix"}
    assert diagnostic["code"] == "ML212" and diagnostic["name"] == "ane-fp32-compute"
    assert diagnostic["file"].endswith("ml212_fp32_compute.mlpackage/Data/com.apple.CoreML/model.mlmodel")
    [model] = document["models"]
    assert model["spec_version"] == 7 and model["model_type"] == "mlProgram"
    assert model["path"].endswith("ml212_fp32_compute.mlpackage")
    assert document["summary"]["warning"] == 1


def test_output_file(tmp_path) -> None:
    target = tmp_path / "report.json"
    result = run_mllint(FINDING, "--select", "ML212", "--format", "json", "--output", str(target))
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(target.read_text())["summary"]["diagnostics"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_rules_listing_and_rule_docs() -> None:
    listing = run_mllint("rules")
    assert listing.returncode == 0
    assert any(line.startswith("ML202  output-layout-op") for line in listing.stdout.splitlines())
    rules = json.loads(run_mllint("rules", "--format", "json").stdout)
    codes = [r["code"] for r in rules]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    assert {"ML000", "ML202", "ML900"} <= set(codes)
    for name in ("ML202", "output-layout-op"):
        doc = run_mllint("rule", name)
        assert doc.returncode == 0
        assert doc.stdout.startswith("ML202 output-layout-op (info; Neural Engine)")
        assert "How to fix:" in doc.stdout


def test_version_and_module_entry() -> None:
    result = run_mllint("--version")
    assert result.returncode == 0 and result.stdout.strip() == "mllint 0.1.0"


def test_no_colour_when_not_a_terminal_and_colour_when_forced() -> None:
    assert "\x1b[" not in run_mllint(FINDING).stdout
    assert "\x1b[" in run_mllint(FINDING, "--color", "always").stdout


def test_linting_does_not_import_coremltools() -> None:
    code = (
        "import sys; from mllint.cli import main\n"
        "try:\n    main([sys.argv[1], '--format', 'json'])\n"
        "except SystemExit:\n    pass\n"
        "assert 'coremltools' not in sys.modules, 'coremltools was imported'\n"
        "assert 'numpy' not in sys.modules, 'numpy was imported'\n"
    )
    import subprocess

    result = subprocess.run([sys.executable, "-c", code, FINDING], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Failed to load" not in result.stderr


def test_coremltools_still_imports_after_mllint_loaded_the_protos(tmp_path) -> None:
    # coremltools' package reader rewrites Manifest.json: give it a copy, never the fixture.
    import shutil

    copy = tmp_path / "copy.mlpackage"
    shutil.copytree(FINDING, copy)
    code = (
        "import logging, sys; logging.getLogger('coremltools').setLevel(logging.ERROR)\n"
        "import mllint; d = mllint.lint(sys.argv[1], select=['ML212'])\n"
        "import coremltools, mllint.protos as p\n"
        "assert p.model_class() is coremltools.proto.Model_pb2.Model\n"
        "spec = coremltools.utils.load_spec(sys.argv[1]); print(spec.specificationVersion, [x.code for x in d])\n"
    )
    import subprocess

    result = subprocess.run([sys.executable, "-c", code, str(copy)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7", "['ML212']"]
