"""examples/github-code-scanning.yml: valid YAML, the right permissions, and mllint commands the CLI accepts."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, fixture_path

WORKFLOW = ROOT / "examples" / "github-code-scanning.yml"
DOCS = ROOT / "docs" / "github-code-scanning.md"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text())


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    [job] = workflow["jobs"].values()
    return job["steps"]


def mllint_steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in steps(workflow) if str(s.get("run", "")).startswith("mllint ")]


def upload_step(workflow: dict[str, Any]) -> dict[str, Any]:
    [step] = [s for s in steps(workflow) if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    return step


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_workflow_shape(workflow: dict[str, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert workflow["permissions"] == {}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    names = [s.get("uses", s.get("name")) for s in steps(workflow)]
    assert names[0].startswith("actions/checkout@")


def test_upload_happens_even_with_findings(workflow: dict[str, Any]) -> None:
    sarif_step = next(s for s in mllint_steps(workflow) if "--format sarif" in s["run"])
    argv = shlex.split(sarif_step["run"])
    upload = upload_step(workflow)
    assert upload["with"]["sarif_file"] == option(argv, "--output")
    assert upload["with"]["category"] == "mllint"
    everything = steps(workflow)
    assert everything.index(sarif_step) < everything.index(upload)
    # Either the lint step cannot fail on findings, or the upload runs anyway.
    assert "--exit-zero" in argv or "always()" in str(upload.get("if", ""))


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert argv[0] == "mllint"
    return subprocess.run(
        [sys.executable, "-m", "mllint", *argv[1:]], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout whose models/ holds a model with a warning and a clean one."""
    # ML212 is the warning (ML202 became an info, issue 12)
    shutil.copytree(fixture_path("ml212_fp32_compute.mlpackage"), tmp_path / "models" / "fp32.mlpackage")
    shutil.copytree(fixture_path("ml212_fp32_compute_clean.mlpackage"), tmp_path / "models" / "clean.mlpackage")
    return tmp_path


def test_sarif_step_runs_and_writes_the_uploaded_file(workflow: dict[str, Any], checkout: Path) -> None:
    step = next(s for s in mllint_steps(workflow) if "--format sarif" in s["run"])
    done = _run(step["run"], checkout)
    assert done.returncode == 0, done.stderr  # findings exist, and the step still succeeds
    log = json.loads((checkout / upload_step(workflow)["with"]["sarif_file"]).read_text())
    results = log["runs"][0]["results"]
    assert any(r["ruleId"] == "ML212" for r in results)
    for result in results:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("models/") and (checkout / uri).is_file()


def test_gate_step_fails_only_on_errors(workflow: dict[str, Any], checkout: Path) -> None:
    [gate] = [s for s in mllint_steps(workflow) if "--format github" in s["run"]]
    warnings_only = _run(gate["run"], checkout)
    assert warnings_only.returncode == 0, warnings_only.stderr
    assert re.search(r"^::warning file=models/fp32\.mlpackage/.+title=ML212 ", warnings_only.stdout, re.M)
    (checkout / "models" / "broken.mlmodel").write_bytes(b"\x00not a model")
    with_error = _run(gate["run"], checkout)
    assert with_error.returncode == 1
    assert "::error file=models/broken.mlmodel,line=1,title=ML000 model-unreadable::" in with_error.stdout


def test_docs_show_the_example_verbatim() -> None:
    assert WORKFLOW.read_text() in DOCS.read_text()
