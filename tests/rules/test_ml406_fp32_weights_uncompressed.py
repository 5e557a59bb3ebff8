"""ML406 fp32-weights-uncompressed: the default threshold and a real detector (the fixture cases,
with the threshold lowered per run, are in rules/weights/ml406_fp32_weights_uncompressed.toml)."""

from __future__ import annotations

from conftest import CORPUS, needs_corpus
from ml4_weights import lint

from mllint.knowledge.blob_format import LARGE_FP32_WEIGHTS_BYTES


def test_the_default_threshold_is_100_mib() -> None:
    assert LARGE_FP32_WEIGHTS_BYTES == 100 * 2**20


@needs_corpus
def test_a_10_mib_fp32_detector_is_below_the_default_threshold() -> None:
    assert lint(CORPUS / "ultralytics/yolo11n_fp32.mlpackage", ["ML406"]) == []
    found = lint(CORPUS / "ultralytics/yolo11n_fp32.mlpackage", ["ML406"], {"ML406": {"min_bytes": 10 * 2**20}})
    assert [d.message for d in found] == [
        "10,547,840 bytes (10.1 MiB) of weights are stored as uncompressed fp32 (151 of 151 weight constants)"
    ]
