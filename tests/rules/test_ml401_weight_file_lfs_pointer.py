"""ML401 weight-file-lfs-pointer."""

from __future__ import annotations

from pathlib import Path

from conftest import codes, fixture_path
from ml4_weights import WEIGHTS, copy_fixture, lint, tree_digest


def test_fires_on_a_weight_file_that_is_an_lfs_pointer() -> None:
    path = fixture_path("ml401_lfs_pointer.mlpackage")
    before = tree_digest(path)
    found = lint(path)
    assert codes(found) == ["ML401"]  # one diagnostic: no blob checks on a pointer
    [diagnostic] = found
    assert diagnostic.location == "main/fc1_weight_0_to_fp16"
    assert diagnostic.message == (
        "Data/com.apple.CoreML/weights/weight.bin is a Git LFS pointer (129 bytes), not the weights: "
        "Core ML cannot load the 3 constants stored in it"
    )
    assert tree_digest(path) == before


def test_the_real_weight_file_is_clean() -> None:
    assert lint(fixture_path("ml401_lfs_pointer_clean.mlpackage")) == []


def test_a_pointer_without_its_trailing_lines_is_still_a_pointer(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    (package / WEIGHTS).write_bytes(b"version https://git-lfs.github.com/spec/v1\n")
    assert codes(lint(package)) == ["ML401"]
