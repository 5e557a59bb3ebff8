"""ML405 weight-file-too-large: over 1 GiB (a sparse file: nothing is written to disk but a hole).
The fixture cases are in rules/weights/ml405_weight_file_too_large.toml."""

from __future__ import annotations

import os
from pathlib import Path

from ml4_weights import WEIGHTS, copy_fixture, lint

from mllint.knowledge.blob_format import LARGE_WEIGHT_FILE_BYTES

FILE = "Data/com.apple.CoreML/weights/weight.bin"


def test_fires_above_one_gib(tmp_path: Path) -> None:
    package = copy_fixture(tmp_path, "ml405_large_weight_file_clean.mlpackage")
    os.truncate(package / WEIGHTS, 2**30 + 1)  # sparse: the blobs at the start stay valid
    [diagnostic] = lint(package)
    assert diagnostic.code == "ML405"
    assert diagnostic.location == "main/fc1_weight_0_to_fp16"
    assert diagnostic.message == (
        f"{FILE} is 1,073,741,825 bytes (1.0 GiB), over the 1 GiB per weight file that iOS devices commonly load"
    )


def test_exactly_one_gib_is_clean(tmp_path: Path) -> None:
    assert LARGE_WEIGHT_FILE_BYTES == 2**30
    package = copy_fixture(tmp_path, "ml405_large_weight_file_clean.mlpackage")
    os.truncate(package / WEIGHTS, 2**30)
    assert lint(package) == []
