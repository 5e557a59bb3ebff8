"""``mllint diff`` and ``mllint show``: what changed between two versions of a model, readable in git."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, fixture_path, run_mllint

from mllint.compare import compare
from mllint.summary import show_lines, summarize

SQUEEZENET = CORPUS / "coremltools-from-torch"
SQUEEZENET_IOS15 = SQUEEZENET / "squeezenet1_1_mlprogram_ios15.mlpackage"
SQUEEZENET_IOS17 = SQUEEZENET / "squeezenet1_1_mlprogram_ios17_classifier.mlpackage"


@pytest.mark.skipif(not SQUEEZENET_IOS17.exists(), reason="the corpus squeezenet pair is not here")
def test_diff_of_two_real_exports_shows_interface_version_os_and_estimate() -> None:
    done = run_mllint("diff", str(SQUEEZENET_IOS15), str(SQUEEZENET_IOS17), "--format", "json")
    assert done.returncode == 0, done.stderr  # no new warning, a 1.4-point drop
    changes = json.loads(done.stdout)["changes"]
    interface = {c["item"]: (c["old"], c["new"]) for c in changes["interface"]}
    assert interface["output classLabel"] == (None, "string")
    assert interface["output var_293"][1] is None
    version = {c["item"]: (c["old"], c["new"]) for c in changes["version"]}
    assert version["spec_version"] == (6, 8)
    assert version["oldest_os"] == ("iOS15/macOS12", "iOS17/macOS14")
    ane = {c["item"]: (c["old"], c["new"]) for c in changes["ane"]}
    assert ane["share_ops"] == ("97.1%", "95.7%")
    assert ane["fallback classify"] == (None, 1)
    text = run_mllint("diff", str(SQUEEZENET_IOS15), str(SQUEEZENET_IOS17)).stdout
    assert "oldest_os: iOS15/macOS12 -> iOS17/macOS14" in text


def test_a_pair_that_loses_neural_engine_share_exits_1() -> None:
    old, new = fixture_path("diff_ane_fp16.mlpackage"), fixture_path("diff_ane_fp32.mlpackage")
    done = run_mllint("diff", str(old), str(new), "--fail-on-new", "never")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Neural Engine share fell 100.0 points" in done.stdout
    assert run_mllint("diff", str(old), str(new), "--fail-on-new", "never", "--max-ane-drop", "100").returncode == 0
    assert run_mllint("diff", str(new), str(old)).returncode == 0  # the way back gains share, fixes ML212


def test_new_findings_at_the_threshold_are_a_regression() -> None:
    old, new = summarize(fixture_path("diff_ane_fp16.mlpackage")), summarize(fixture_path("diff_ane_fp32.mlpackage"))
    result = compare(old, new, "old", "new", max_ane_drop=100.0)
    assert [f["code"] for f in result.new_findings] == ["ML212"]
    assert result.regressions == ["new warning ML212 at main/conv"]
    assert compare(new, old, "new", "old").fixed_findings[0]["code"] == "ML212"


def test_same_model_in_two_places_has_no_change(tmp_path: Path) -> None:
    copy = tmp_path / "copy.mlpackage"
    shutil.copytree(fixture_path("ml101_yolo_nms_fp16.mlpackage"), copy)
    result = compare(summarize(fixture_path("ml101_yolo_nms_fp16.mlpackage")), summarize(copy), "a", "b")
    assert result.changes == [] and result.new_findings == [] and result.fixed_findings == []
    assert result.unchanged_findings > 0


def test_markdown_starts_with_a_short_table() -> None:
    done = run_mllint("diff", "--format", "markdown", str(fixture_path("diff_ane_fp16.mlpackage")),
                      str(fixture_path("diff_ane_fp32.mlpackage")))
    lines = done.stdout.splitlines()
    assert lines[0].startswith("### mllint diff") and "**regression**" in lines[0]
    assert "| ane |" in done.stdout and "<details><summary>ane" in done.stdout


def test_show_is_stable_and_path_free(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere.mlpackage"
    shutil.copytree(fixture_path("ml101_yolo_nms_fp16.mlpackage"), copy)
    first = run_mllint("show", str(fixture_path("ml101_yolo_nms_fp16.mlpackage")))
    assert first.returncode == 0
    assert first.stdout == run_mllint("show", str(copy)).stdout
    assert "elsewhere" not in first.stdout and "ml101" not in first.stdout
    lines = show_lines(summarize(copy))
    assert "input: x: multiArray FLOAT16 [4, 6]" in lines
    assert "structure: models[1] nonMaximumSuppression v5" in lines


def test_show_and_diff_usage_errors() -> None:
    for args in (("show", "missing.mlmodel"), ("diff", "only-one.mlmodel"), ("diff", "a.mlmodel", "b.mlmodel")):
        done = run_mllint(*args, cwd=ROOT)
        assert done.returncode == 2 and done.stderr.startswith("mllint: error:"), args


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(repo), "PATH": _path()}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def _path() -> str:
    import os

    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    return tmp_path


def test_git_textconv_shows_a_readable_change(repo: Path) -> None:
    """The docs' one-time setup: `*.mlmodel diff=mllint` + `diff.mllint.textconv "mllint show"`."""
    (repo / ".gitattributes").write_text("*.mlmodel diff=mllint\n")
    _git(repo, "config", "diff.mllint.textconv", f"{sys.executable} -m mllint show")
    model = repo / "knn.mlmodel"
    shutil.copy(fixture_path("ml117_knn_early.mlmodel"), model)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "v1")
    fixed = run_mllint("fix", str(model), "--in-place")  # the re-exported model
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    patch = _git(repo, "diff")
    assert "-spec_version: 1" in patch and "+spec_version: 4" in patch
    assert "Binary files" not in patch


def test_git_textconv_on_a_package_reads_both_sides_alike(repo: Path) -> None:
    """git hands textconv a temporary copy of the old spec and the package's own file for the new one."""
    (repo / ".gitattributes").write_text("*.mlmodel diff=mllint\n")
    _git(repo, "config", "diff.mllint.textconv", f"{sys.executable} -m mllint show")
    package = repo / "detector.mlpackage"
    shutil.copytree(fixture_path("fix_yolo_nms_fp16_weights.mlpackage"), package)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "v1")
    assert run_mllint("fix", str(package), "--in-place").returncode == 0
    patch = _git(repo, "diff")
    assert "+output: confidence: multiArray FLOAT32" in patch and "+op: cast: 2" in patch
    changed = [line for line in patch.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert not [line for line in changed if "weight" in line], changed  # no side reads the weight files


def test_diff_against_a_git_revision(repo: Path) -> None:
    package = repo / "detector.mlpackage"
    shutil.copytree(fixture_path("ml101_yolo_nms_fp16.mlpackage"), package)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "v1")
    assert run_mllint("fix", str(package), "--in-place").returncode == 0
    done = run_mllint("diff", "--git", "HEAD", str(package))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "output confidence: multiArray FLOAT16" in done.stdout and "-> multiArray FLOAT32" in done.stdout
    assert "findings: 0 new, 5 fixed" in done.stdout
    bad = run_mllint("diff", "--git", "no-such-rev", str(package))
    assert bad.returncode == 2 and bad.stderr.startswith("mllint: error: git")


def test_diff_and_show_read_the_configuration_as_told(tmp_path: Path) -> None:
    """diff: each model's configuration file (as check); show: none unless --config (textconv reads a temp copy)."""
    model = tmp_path / "knn.mlmodel"
    shutil.copy(fixture_path("ml117_knn_early.mlmodel"), model)
    config = tmp_path / "mllint.toml"
    config.write_text('ignore = ["ML117"]\n')
    configured = json.loads(run_mllint("diff", str(model), str(model), "--format", "json").stdout)
    isolated = json.loads(run_mllint("diff", str(model), str(model), "--format", "json", "--isolated").stdout)
    assert configured["findings"]["unchanged"] == 0 and isolated["findings"]["unchanged"] == 1  # ML117, once
    assert "finding: ML117" in run_mllint("show", str(model)).stdout
    assert "finding: ML117" not in run_mllint("show", "--config", str(config), str(model)).stdout
