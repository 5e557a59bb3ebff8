"""ML401 weight-file-lfs-pointer (the fixture cases are in rules/weights/ml401_weight_file_lfs_pointer.toml)."""

from __future__ import annotations

from pathlib import Path

from conftest import codes, fixture_path
from ml4_weights import WEIGHTS, copy_fixture, lint, tree_digest


def test_linting_a_pointer_changes_nothing_on_disk() -> None:
    path = fixture_path("ml401_lfs_pointer.mlpackage")
    before = tree_digest(path)
    assert codes(lint(path)) == ["ML401"]
    assert tree_digest(path) == before


def test_a_pointer_without_its_trailing_lines_is_still_a_pointer(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    (package / WEIGHTS).write_bytes(b"version https://git-lfs.github.com/spec/v1\n")
    assert codes(lint(package)) == ["ML401"]
