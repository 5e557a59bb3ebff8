from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import fixture_path
from mllint.discovery import PathNotFound, resolve


@pytest.fixture()
def zoo(tmp_path: Path) -> Path:
    shutil.copytree(fixture_path("ml202_output_reshape.mlpackage"), tmp_path / "a" / "det.mlpackage")
    spec = fixture_path("ml202_output_reshape.mlpackage") / "Data/com.apple.CoreML/model.mlmodel"
    (tmp_path / "b").mkdir()
    shutil.copy(spec, tmp_path / "b" / "plain.mlmodel")
    (tmp_path / ".git").mkdir()
    shutil.copy(spec, tmp_path / ".git" / "hidden.mlmodel")
    (tmp_path / "notes.txt").write_text("not a model")
    return tmp_path


def test_folder_is_searched_recursively_skipping_hidden(zoo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(zoo)
    found = resolve(["."])
    assert [(a.path, a.kind) for a in found] == [("a/det.mlpackage", "mlpackage"), ("b/plain.mlmodel", "mlmodel")]


def test_files_inside_a_package_resolve_to_it_once(zoo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(zoo)
    package = Path("a/det.mlpackage")
    inside = [package / "Manifest.json", package / "Data/com.apple.CoreML/model.mlmodel", package]
    found = resolve([str(p) for p in inside])
    assert [a.path for a in found] == ["a/det.mlpackage"]


def test_missing_path_raises(zoo: Path) -> None:
    with pytest.raises(PathNotFound):
        resolve([str(zoo / "nope.mlmodel")])


def test_paths_outside_the_working_folder_are_absolute(zoo: Path, tmp_path_factory, monkeypatch) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    [artifact] = resolve([str(zoo / "b" / "plain.mlmodel")])
    assert os.path.isabs(artifact.path)
