"""``--format github``: workflow commands that GitHub Actions turns into annotations.

Format (docs.github.com, "Workflow commands for GitHub Actions"):
``::error file={name},line={line},title={title}::{message}``; property values
escape ``% \\r \\n : ,`` and the message escapes ``% \\r \\n``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, fixture_path, run_mllint
from mllint.diagnostics import Diagnostic, Severity
from mllint.reporters.github import annotation, annotation_path

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=1,title=([^:]+)::(.+)$")


def test_annotations_for_the_fixture() -> None:
    done = run_mllint("--format", "github", "--select", "ML202", "fixtures/ml202_output_reshape.mlpackage", cwd=ROOT)
    assert done.returncode == 0, done.stderr  # ML202 is an info (issue 12): a notice, the run passes
    [line] = done.stdout.splitlines()
    assert line == (
        "::notice file=fixtures/ml202_output_reshape.mlpackage/Data/com.apple.CoreML/model.mlmodel,"
        "line=1,title=ML202 output-layout-op::fixtures/ml202_output_reshape.mlpackage: "
        "main/flatten_out_cast_fp16: output 'flatten_out' is produced by reshape 'flatten_out_cast_fp16' "
        "(through a trailing cast)"
    )
    done = run_mllint("--format", "github", "--select", "ML212", "fixtures/ml212_fp32_compute.mlpackage", cwd=ROOT)
    assert done.returncode == 1, done.stderr
    [line] = done.stdout.splitlines()
    assert line.startswith(
        "::warning file=fixtures/ml212_fp32_compute.mlpackage/Data/com.apple.CoreML/model.mlmodel,"
        "line=1,title=ML212 ane-fp32-compute::fixtures/ml212_fp32_compute.mlpackage: main/before: all 3 compute ops"
    )


def test_every_line_is_one_well_formed_command() -> None:
    done = run_mllint("--format", "github", "--exit-zero", "fixtures", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines
    notice = next(i for i, line in enumerate(lines) if line.startswith("::notice title=mllint::"))
    for line in lines[:notice]:
        match = COMMAND.match(line)
        assert match, line
        assert Path(ROOT, match.group(2)).is_file(), line
        assert re.match(r"ML\d{3} [a-z0-9-]+$", match.group(3)), line
    for line in lines[notice + 1 :]:  # the findings over GitHub's limit: plain log lines
        assert not line.startswith("::") and re.match(r"^\S+: ML\d{3} (?:\[\*\] )?\[(error|warning|info)\] ", line), line


def test_at_most_ten_annotations_of_each_type_then_a_notice_with_the_rest() -> None:
    done = run_mllint("--format", "github", "--exit-zero", "fixtures", cwd=ROOT)
    lines = done.stdout.splitlines()
    commands = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert commands.count("::error") == 10
    assert commands.count("::warning") == 10
    assert commands.count("::notice") == 10  # nine findings and the overflow notice
    [notice] = [line for line in lines if line.startswith("::notice title=mllint::")]
    left = [line for line in lines if not line.startswith("::")]
    counted = re.search(r"::(\d+) more finding\(s\) not annotated \((\d+) errors, (\d+) warnings, (\d+) infos\)", notice)
    assert counted, notice
    assert int(counted.group(1)) == len(left) == sum(int(counted.group(i)) for i in (2, 3, 4))
    assert "listed in this step's log below, in the job summary" in notice
    import json

    total = json.loads(run_mllint("--format", "json", "--exit-zero", "fixtures", cwd=ROOT).stdout)["summary"]
    assert len(commands) - 1 + len(left) == total["diagnostics"]  # every finding is annotated or listed


def test_no_notice_under_the_limit() -> None:
    from mllint.reporters.github import split_at_limit

    few = [Diagnostic("m.mlmodel", str(i), "ML501", "x", Severity.INFO, "msg", "m.mlmodel") for i in range(10)]
    assert split_at_limit(few) == (few, [])
    many = few + [Diagnostic("m.mlmodel", "e", "ML101", "x", Severity.ERROR, "msg", "m.mlmodel")] * 11
    shown, left = split_at_limit(many)
    assert [d.severity for d in shown[:10]] == [Severity.ERROR] * 10  # errors first
    assert len(shown) == 19 and len(left) == 2  # 10 errors, 9 infos (one notice place kept), 1 error + 1 info left


def test_unreadable_model_is_an_error_annotation(tmp_path: Path) -> None:
    (tmp_path / "broken.mlmodel").write_bytes(b"\x00not a model")
    done = run_mllint("--format", "github", "broken.mlmodel", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=broken.mlmodel,line=1,title=ML000 model-unreadable::broken.mlmodel: ")


def test_severities_map_to_commands() -> None:
    lines = {
        severity: annotation(Diagnostic("m.mlmodel", "", "ML501", "x", severity, "msg", "m.mlmodel"))
        for severity in Severity
    }
    assert lines[Severity.ERROR].startswith("::error ")
    assert lines[Severity.WARNING].startswith("::warning ")
    assert lines[Severity.INFO].startswith("::notice ")


def test_special_characters_are_escaped() -> None:
    d = Diagnostic(
        path="a,b:c.mlpackage",
        location="main/op",
        code="ML202",
        name="output-layout-op",
        severity=Severity.WARNING,
        message="50% of\nthe output: x, y",
        file="a,b:c.mlpackage/Manifest.json",
    )
    assert annotation(d) == (
        "::warning file=a%2Cb%3Ac.mlpackage/Manifest.json,line=1,title=ML202 output-layout-op::"
        "a,b:c.mlpackage: main/op: 50%25 of%0Athe output: x, y"
    )


def test_paths_are_relative_to_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A job that runs mllint in a sub-folder still annotates the right file."""
    workspace = tmp_path / "checkout"
    sub = workspace / "ios"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert annotation_path("Models/m.mlmodel", str(workspace)) == "ios/Models/m.mlmodel"
    assert annotation_path("Models/m.mlmodel", None) == "Models/m.mlmodel"
    assert annotation_path(str(tmp_path / "elsewhere.mlmodel"), str(workspace)) == str(tmp_path / "elsewhere.mlmodel")


def test_github_workspace_is_honoured_by_the_cli(tmp_path: Path) -> None:
    sub = tmp_path / "app"
    shutil.copytree(fixture_path("ml212_fp32_compute.mlpackage"), sub / "m.mlpackage")
    env = {**os.environ, "GITHUB_WORKSPACE": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "mllint", "--format", "github", "--select", "ML212", "m.mlpackage"],
        cwd=sub, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.stdout.startswith("::warning file=app/m.mlpackage/Data/com.apple.CoreML/model.mlmodel,line=1,")
