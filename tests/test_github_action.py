"""action.yml: a composite action whose steps' commands are run here as the runner would run them.

The runner replaces ``${{ inputs.X }}`` and ``${{ github.action_path }}`` in each step's
``env`` and runs its ``run`` script with bash; this test does the same, with mllint from
this checkout on PATH, and GITHUB_STEP_SUMMARY / GITHUB_OUTPUT pointing at temporary files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, fixture_path

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(inputs\.[\w-]+|github\.action_path)\s*\}\}")


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text())


def step(action: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [s for s in action["runs"]["steps"] if s.get("name") == name]
    return found


def run_step(action: dict[str, Any], name: str, cwd: Path, inputs: dict[str, str], path: str | None = None) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one step's ``run`` with bash: its env expressions filled from ``inputs`` (else the defaults)."""
    given = {key: str(spec.get("default", "")) for key, spec in action["inputs"].items()}
    given.update(inputs)

    def fill(value: str) -> str:
        def one(match: re.Match[str]) -> str:
            expression = match.group(1)
            return str(ROOT) if expression == "github.action_path" else given[expression.removeprefix("inputs.")]

        return EXPRESSION.sub(one, value)

    chosen = step(action, name)
    assert chosen["shell"] == "bash"
    files = {"GITHUB_STEP_SUMMARY": cwd / "summary.md", "GITHUB_OUTPUT": cwd / "output.txt"}
    for file in files.values():
        file.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update({key: fill(str(value)) for key, value in chosen.get("env", {}).items()})
    env.update({key: str(file) for key, file in files.items()})
    env["GITHUB_WORKSPACE"] = str(cwd)
    env["PATH"] = (path or os.path.dirname(sys.executable)) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        ["bash", "-c", chosen["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    return done, {key: file.read_text() for key, file in files.items()}


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout whose models/ holds a model with an info (ML202), one that does not load, and a clean one."""
    shutil.copytree(fixture_path("ml202_output_reshape.mlpackage"), tmp_path / "models" / "reshape.mlpackage")
    shutil.copytree(fixture_path("ml101_yolo_nms_fp16.mlpackage"), tmp_path / "models" / "yolo.mlpackage")
    shutil.copytree(fixture_path("ml202_output_reshape_clean.mlpackage"), tmp_path / "models" / "clean.mlpackage")
    return tmp_path


def test_action_shape(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    first = action["runs"]["steps"][0]
    assert first["uses"] == "actions/setup-python@v6"
    assert {"paths", "select", "ignore", "fail-on", "sarif-file"} <= set(action["inputs"])
    assert action["outputs"]["sarif-file"]["value"] == "${{ steps.lint.outputs.sarif-file }}"
    for each in action["runs"]["steps"]:  # inputs reach scripts through env only (no script injection)
        assert "${{" not in str(each.get("run", "")), each


def test_install_step_installs_this_checkout_by_default(action: dict[str, Any], tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python").write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/args"\n')
    (fake / "python").chmod(0o755)
    done, _ = run_step(action, "Install mllint", tmp_path, {}, path=str(fake))
    assert done.returncode == 0, done.stderr
    argv = (fake / "args").read_text().split()
    assert argv[:3] == ["-m", "pip", "install"] and argv[-1] == str(ROOT)
    run_step(action, "Install mllint", tmp_path, {"install": "coreml-lint==0.1.0"}, path=str(fake))
    assert (fake / "args").read_text().split()[-1] == "coreml-lint==0.1.0"


def test_lint_step_writes_annotations_summary_and_sarif(action: dict[str, Any], checkout: Path) -> None:
    done, files = run_step(action, "Lint Core ML models", checkout, {"paths": "models"})
    assert done.returncode == 1, done.stderr  # errors and warnings: fails at the default fail-on
    assert re.search(r"^::error file=models/yolo\.mlpackage/.+title=ML101 ", done.stdout, re.MULTILINE)
    # ML202 is an info (issue 12): a notice
    assert re.search(r"^::notice file=models/reshape\.mlpackage/.+title=ML202 ", done.stdout, re.MULTILINE)
    sarif = json.loads((checkout / "mllint.sarif").read_text())
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert {"ML101", "ML115", "ML202"} <= rules
    summary = files["GITHUB_STEP_SUMMARY"]
    assert summary.startswith("## mllint\n")
    assert "### `models/yolo.mlpackage` — does not load (5 errors)" in summary
    assert "### `models/reshape.mlpackage`" in summary
    assert summary.count("| Severity | Rule | Where | Message | Fix |") == 2  # a table per model with findings
    assert "1 model(s) without findings." in summary
    assert files["GITHUB_OUTPUT"] == "sarif-file=mllint.sarif\n"


def test_lint_step_inputs(action: dict[str, Any], checkout: Path) -> None:
    only_errors, files = run_step(
        action, "Lint Core ML models", checkout,
        {"paths": "models/reshape.mlpackage models/clean.mlpackage", "fail-on": "error", "sarif-file": "out.sarif"},
    )
    assert only_errors.returncode == 0, only_errors.stderr
    assert (checkout / "out.sarif").is_file()
    assert files["GITHUB_OUTPUT"] == "sarif-file=out.sarif\n"
    ignored, _ = run_step(action, "Lint Core ML models", checkout, {"paths": "models", "ignore": "ML1,ML2"})
    assert ignored.returncode == 0, ignored.stdout
    selected, _ = run_step(action, "Lint Core ML models", checkout,
                           {"paths": "models", "select": "ML202", "extend-select": "ML5"})
    assert "title=ML202 " in selected.stdout and "title=ML101 " not in selected.stdout
    assert "title=ML502 " in selected.stdout


def test_lint_step_fails_on_a_path_without_models(action: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    done, _ = run_step(action, "Lint Core ML models", tmp_path, {"paths": "models"})
    assert done.returncode == 2
    assert done.stderr == "mllint: no .mlmodel or .mlpackage under models\n"


def test_examples_and_docs_use_setup_python_v6_and_the_action() -> None:
    texts = [p.read_text() for p in (ROOT / "examples").glob("*.yml")] + [(ROOT / "docs" / "github-code-scanning.md").read_text()]
    assert all("actions/setup-python@v5" not in text for text in texts)
    action_example = (ROOT / "examples" / "github-action.yml").read_text()
    assert "uses: mllint/mllint@" in action_example
    assert action_example in (ROOT / "docs" / "github-code-scanning.md").read_text()
