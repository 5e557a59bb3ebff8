"""ML403 blob-out-of-range: metadata or data beyond the end of the weight file (the fixture cases
are in rules/weights/ml403_blob_out_of_range.toml)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import codes, fixture_path
from ml4_weights import (
    WEIGHTS,
    blob_offsets,
    blob_values,
    copy_fixture,
    edit_spec,
    lint,
    tree_digest,
)

FILE = "Data/com.apple.CoreML/weights/weight.bin"


def test_linting_a_truncated_file_changes_nothing_on_disk() -> None:
    path = fixture_path("ml403_blob_past_end.mlpackage")
    before = tree_digest(path)
    assert codes(lint(path)) == ["ML403"]
    assert tree_digest(path) == before


def test_metadata_past_the_end_is_one_finding_per_file_at_the_first_constant(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)
    second = blob_offsets(package)[1]
    os.truncate(package / WEIGHTS, second)  # the 2nd and 3rd blobs are gone entirely
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML403"
    assert diagnostic.location == "main/fc1_bias_0_to_fp16"
    assert diagnostic.message == (
        f"2 constants point past the end of {FILE} ({second} bytes); the first, main/fc1_bias_0_to_fp16: "
        f"blob metadata at offset {second}; the file is truncated or from another export"
    )


def test_an_offset_far_beyond_any_file(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path)

    def edit(spec):
        blob_values(spec)[0].offset = 2**63 + 17

    edit_spec(package, edit)
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML403"
    assert diagnostic.message.startswith(f"1 constant points past the end of {FILE} (704 bytes): blob metadata at "
                                         "offset 9,223,372,036,854,775,825")
