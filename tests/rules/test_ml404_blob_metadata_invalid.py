"""ML404 blob-metadata-invalid: storage header, sentinel, dtype and size of each blob (the fixture
cases are in rules/weights/ml404_blob_metadata_invalid.toml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import codes, fixture_path
from ml4_weights import (
    WEIGHTS,
    blob_offsets,
    copy_fixture,
    lint,
    patch_weights,
    tree_digest,
)

FILE = "Data/com.apple.CoreML/weights/weight.bin"


def test_linting_a_smashed_sentinel_changes_nothing_on_disk() -> None:
    path = fixture_path("ml404_bad_sentinel.mlpackage")
    before = tree_digest(path)
    assert codes(lint(path)) == ["ML404"]
    assert tree_digest(path) == before


def test_a_blob_of_another_data_type(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    first = blob_offsets(package)[0]
    patch_weights(package, first + 4, "<I", 2)  # Float32 where the const declares FLOAT16
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML404"
    assert diagnostic.location == "main/fc1_weight_0_to_fp16"
    assert diagnostic.message == (
        f"1 constant declares another data type than its blob in {FILE} holds: FLOAT16 declared, Float32 stored "
        f"(offset {first})"
    )


def test_an_unknown_data_type_code(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    first = blob_offsets(package)[0]
    patch_weights(package, first + 4, "<I", 99)
    [diagnostic] = lint(package)
    assert diagnostic.message == (
        f"1 constant has blob metadata in {FILE} with a data type Core ML does not know: type code 99 at offset {first}"
    )


def test_a_blob_smaller_than_its_shape(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    offsets = blob_offsets(package)
    for offset in offsets:
        patch_weights(package, offset + 8, "<Q", 2)  # sizeInBytes
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML404"
    assert diagnostic.message == (
        f"3 constants hold another amount of data in {FILE} than their shapes need; the first, "
        f"main/fc1_weight_0_to_fp16: [16, 8] FLOAT16 needs 256 bytes, the blob at offset {offsets[0]} holds 2"
    )


@pytest.mark.parametrize("version", [0, 1, 3])
def test_a_file_with_another_storage_version_is_one_finding(tmp_path: Path, version: int) -> None:
    package = copy_fixture(tmp_path)
    patch_weights(package, 4, "<I", version)
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML404"
    assert diagnostic.location == "main/fc1_weight_0_to_fp16"
    assert diagnostic.message == (
        f"{FILE} is not a Core ML weight file (storage version {version}, expected 2); 3 constants are read from it"
    )


@pytest.mark.parametrize("size", [0, 1, 63])
def test_a_file_shorter_than_its_header(tmp_path: Path, size: int) -> None:
    package = copy_fixture(tmp_path)
    os.truncate(package / WEIGHTS, size)
    [diagnostic] = lint(package)
    assert diagnostic.message == (
        f"{FILE} is {size:,} bytes, shorter than the 64-byte header of a Core ML weight file; "
        "3 constants are read from it"
    )


def test_each_weight_file_is_opened_once_and_only_headers_are_read(tmp_path: Path, monkeypatch) -> None:
    package = copy_fixture(tmp_path)
    opened: list[str] = []
    reads: list[int] = []
    real_open, real_fdopen = os.open, os.fdopen

    weight_descriptors: set[int] = set()

    def counting_open(path, *args, **kwargs):
        opened.append(str(path))
        descriptor = real_open(path, *args, **kwargs)
        if str(path).endswith("weight.bin"):
            weight_descriptors.add(descriptor)
        return descriptor

    def recording_fdopen(descriptor, *args, **kwargs):
        handle = real_fdopen(descriptor, *args, **kwargs)
        return Recording(handle) if descriptor in weight_descriptors else handle

    class Recording:
        def __init__(self, handle):
            self.handle = handle

        def read(self, size=-1):
            reads.append(size)
            return self.handle.read(size)

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr(os, "open", counting_open)
    monkeypatch.setattr(os, "fdopen", recording_fdopen)
    assert lint(package) == []
    assert [p for p in opened if p.endswith("weight.bin")] == [str(package / WEIGHTS)]
    assert reads and all(size == 64 for size in reads)
    assert len(reads) == 1 + 3  # the storage header, then one metadata block per constant
