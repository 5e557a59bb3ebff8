"""ML402 weight-file-missing: missing, a folder, unreadable, or a reference that leaves the package
(the fixture cases are in rules/weights/ml402_weight_file_missing.toml)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import codes, fixture_path
from ml4_weights import (
    SPEC,
    WEIGHTS,
    blob_values,
    copy_fixture,
    edit_spec,
    lint,
    tree_digest,
)

FILE = "Data/com.apple.CoreML/weights/weight.bin"


def test_linting_a_package_without_weights_changes_nothing_on_disk() -> None:
    path = fixture_path("ml402_weights_missing.mlpackage")
    before = tree_digest(path)
    assert codes(lint(path)) == ["ML402"]
    assert tree_digest(path) == before


def test_a_folder_where_the_weight_file_should_be(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    (package / WEIGHTS).unlink()
    (package / WEIGHTS).mkdir()
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML402"
    assert diagnostic.message == f"3 constants refer to {FILE}, which is a folder, not a file"


def _rename_blobs(package: Path, name: str) -> None:
    def edit(spec):
        for blob in blob_values(spec):
            blob.fileName = name

    edit_spec(package, edit)


@pytest.mark.parametrize(
    ("file_name", "problem"),
    [
        ("@model_path/../../../etc/passwd", "'@model_path/../../../etc/passwd', which leaves the model's folder"),
        ("@model_path//etc/passwd", "'@model_path//etc/passwd', which leaves the model's folder"),
        ("/etc/passwd", "'/etc/passwd', which is not an @model_path/ reference"),
        ("weights/weight.bin", "'weights/weight.bin', which is not an @model_path/ reference"),
        ("", "'', which is not an @model_path/ reference"),
    ],
)
def test_a_reference_that_leaves_the_package_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_name: str, problem: str
) -> None:
    package = copy_fixture(tmp_path)
    _rename_blobs(package, file_name)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML402"
    assert diagnostic.message == f"3 constants refer to {problem}"
    assert not [p for p in opened if "passwd" in p or p.endswith("weight.bin")]


def test_a_symlink_out_of_the_package_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = copy_fixture(tmp_path)
    outside = tmp_path / "elsewhere.bin"
    shutil.copy(package / WEIGHTS, outside)
    (package / WEIGHTS).unlink()
    os.symlink(outside, package / WEIGHTS)
    before = tree_digest(tmp_path)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML402"
    assert diagnostic.message == f"3 constants refer to {FILE}, which resolves outside the package (symlink)"
    assert not [p for p in opened if p.endswith(".bin")]
    assert tree_digest(tmp_path) == before


def test_a_symlink_inside_the_package_is_followed(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    moved = package / "Data/com.apple.CoreML/other.bin"
    os.replace(package / WEIGHTS, moved)
    os.symlink("../other.bin", package / WEIGHTS)
    assert lint(package) == []


def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    package = copy_fixture(tmp_path)
    (package / WEIGHTS).unlink()
    os.mkfifo(package / WEIGHTS)  # opening it for reading would block forever
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML402"
    assert diagnostic.message == f"3 constants refer to {FILE}, which is not a regular file"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_weight_file(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    os.chmod(package / WEIGHTS, 0)
    try:
        [diagnostic] = lint(package)
    finally:
        os.chmod(package / WEIGHTS, 0o644)
    assert diagnostic.code == "ML402"
    assert diagnostic.message == f"3 constants refer to {FILE}, which cannot be read (Permission denied)"


def test_a_bare_mlmodel_with_blob_references(tmp_path: Path) -> None:
    spec_file = tmp_path / "program.mlmodel"
    shutil.copy(fixture_path("ml402_weights_missing_clean.mlpackage") / SPEC, spec_file)
    [diagnostic] = lint(spec_file)
    assert diagnostic.code == "ML402"
    shown = os.path.relpath(tmp_path / "weights/weight.bin").replace(os.sep, "/")
    if shown.startswith(".."):
        shown = str(tmp_path / "weights/weight.bin")
    assert diagnostic.message == (
        f"3 constants refer to {shown}, which is missing; an ML program with weights must be saved as .mlpackage"
    )


def test_a_weight_file_the_os_refuses_to_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as chmod 000 when running as root (which reads anything): the OS says no."""
    package = copy_fixture(tmp_path)
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("weight.bin"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML402"
    assert diagnostic.message == f"3 constants refer to {FILE}, which cannot be read (Permission denied)"
