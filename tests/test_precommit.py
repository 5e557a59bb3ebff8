"""The pre-commit hook (.pre-commit-hooks.yaml), run for real by pre-commit.

pre-commit clones this repository at its HEAD commit and pip-installs mllint
into a fresh environment, so these tests exercise the *committed* hook. The
environment is built once per module (a shared PRE_COMMIT_HOME) and needs
network access for coremltools; deselect with ``-m "not slow"``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, fixture_path, run_mllint

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
PACKAGE_FILES = (
    "models/detector.mlpackage/Manifest.json",
    "models/detector.mlpackage/Data/com.apple.CoreML/model.mlmodel",
    "models/detector.mlpackage/Data/com.apple.CoreML/weights/weight.bin",
)
FINDING = "ML212"  # the standard warning (ML202 became an info, issue 12)
INSTALL_TIMEOUT = 1800  # first run: pre-commit pip-installs mllint and coremltools


def hook() -> dict:
    [only] = yaml.safe_load(HOOKS_FILE.read_text())
    return only


# --------------------------------------------------------------------------- the manifest


def test_manifest_declares_the_hook() -> None:
    declared = hook()
    assert declared["id"] == "mllint"
    assert declared["language"] == "python"
    assert declared["entry"].split()[0] == "mllint"
    # pre-commit would otherwise shuffle a package's files across processes.
    assert declared["require_serial"] is True
    assert declared.get("pass_filenames", True) is True


@pytest.mark.parametrize(
    "path",
    [*PACKAGE_FILES, "models/classifier.mlmodel", "Detector.mlpackage/Data/com.apple.CoreML/weights/weight.bin"],
)
def test_files_pattern_matches_every_model_file(path: str) -> None:
    # pre-commit applies `files` with re.search to repo-relative POSIX paths.
    assert re.search(hook()["files"], path)


@pytest.mark.parametrize("path", ["README.md", "models/notes.mlmodel.txt", "mlpackage/readme.md", "x.mlpackages/a"])
def test_files_pattern_skips_other_files(path: str) -> None:
    assert not re.search(hook()["files"], path)


def test_every_file_of_a_package_lints_the_package_once(tmp_path: Path) -> None:
    """What the hook receives for a package: its files, perhaps only weight.bin."""
    package = tmp_path / "models" / "detector.mlpackage"
    shutil.copytree(fixture_path("ml212_fp32_compute.mlpackage"), package)
    weights = package / "Data" / "com.apple.CoreML" / "weights"
    weights.mkdir(exist_ok=True)
    (weights / "weight.bin").write_bytes(b"\0" * 64)
    entry = hook()["entry"].split()[1:]

    every_file = run_mllint(*entry, "--select", FINDING, *PACKAGE_FILES, cwd=tmp_path)
    assert every_file.returncode == 1, every_file.stderr
    assert every_file.stdout.count(f"{FINDING} [warning]") == 1
    assert every_file.stdout.count("models/detector.mlpackage (") == 1

    weight_only = run_mllint(*entry, "--select", FINDING, PACKAGE_FILES[2], cwd=tmp_path)
    assert weight_only.returncode == 1, weight_only.stderr
    assert f"models/detector.mlpackage:main/before: {FINDING}" in weight_only.stdout


# --------------------------------------------------------------------------- pre-commit for real


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "mllint tests",
        "GIT_AUTHOR_EMAIL": "tests@mllint.invalid",
        "GIT_COMMITTER_NAME": "mllint tests",
        "GIT_COMMITTER_EMAIL": "tests@mllint.invalid",
    }
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
    return done.stdout.strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the whole module: pre-commit installs mllint once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_rev() -> str:
    """The commit pre-commit will clone: this repository's HEAD, which must contain the hook."""
    rev = _git(ROOT, "rev-parse", "HEAD")
    listed = _git(ROOT, "ls-tree", "--name-only", rev, HOOKS_FILE.name)
    assert listed == HOOKS_FILE.name, f"{HOOKS_FILE.name} is not committed at HEAD ({rev}); commit it first"
    return rev


def make_repo(path: Path, rev: str, models: dict[str, str]) -> Path:
    """A git repo using the mllint hook at ``rev``, with fixtures copied in as models/NAME."""
    path.mkdir()
    _git(path, "init", "-q")
    # Only the rule the fixtures are about, so other rules' findings cannot change the outcome.
    hooks = [{"id": "mllint", "args": ["--select", FINDING]}]
    config = {"repos": [{"repo": str(ROOT), "rev": rev, "hooks": hooks}]}
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    for name, fixture in models.items():
        shutil.copytree(fixture_path(fixture), path / "models" / name)
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "models")
    return path


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color=never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )


@pytest.mark.slow
def test_hook_fails_on_a_model_with_a_finding(tmp_path: Path, pre_commit_home: Path, hook_rev: str) -> None:
    repo = make_repo(tmp_path / "repo", hook_rev, {"detector.mlpackage": "ml212_fp32_compute.mlpackage"})
    done = pre_commit(repo, pre_commit_home, "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "mllint (Core ML models)" in output and "Failed" in output, output
    assert f"models/detector.mlpackage:main/before: {FINDING} [warning]" in output, output
    # --all-files passes Manifest.json and model.mlmodel: the package is still linted once.
    assert output.count("models/detector.mlpackage (mlProgram") == 1, output


@pytest.mark.slow
def test_hook_passes_a_clean_model(tmp_path: Path, pre_commit_home: Path, hook_rev: str) -> None:
    repo = make_repo(tmp_path / "repo", hook_rev, {"classifier.mlpackage": "ml212_fp32_compute_clean.mlpackage"})
    done = pre_commit(repo, pre_commit_home, "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"mllint \(Core ML models\)\.+Passed", output), output


@pytest.mark.slow
def test_a_weight_only_commit_lints_its_package(tmp_path: Path, pre_commit_home: Path, hook_rev: str) -> None:
    repo = make_repo(tmp_path / "repo", hook_rev, {"detector.mlpackage": "ml212_fp32_compute.mlpackage"})
    weights = repo / "models" / "detector.mlpackage" / "Data" / "com.apple.CoreML" / "weights"
    weights.mkdir(exist_ok=True)
    (weights / "weight.bin").write_bytes(b"\0" * 64)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "new weights")
    changed = _git(repo, "diff", "--name-only", "HEAD~1", "HEAD")
    assert changed == "models/detector.mlpackage/Data/com.apple.CoreML/weights/weight.bin"

    done = pre_commit(repo, pre_commit_home, "--from-ref", "HEAD~1", "--to-ref", "HEAD")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "(no files to check)" not in output, output
    assert f"models/detector.mlpackage:main/before: {FINDING}" in output, output
