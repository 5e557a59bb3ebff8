"""ML406 fp32-weights-uncompressed: the threshold is lowered per run, the fixtures are a few KB."""

from __future__ import annotations

from conftest import CORPUS, fixture_path, needs_corpus
from ml4_weights import lint
from mllint.knowledge.blob_format import LARGE_FP32_WEIGHTS_BYTES

SMALL = {"ML406": {"min_bytes": 500}}


def test_fires_on_fp32_weights_over_the_threshold() -> None:
    [diagnostic] = lint(fixture_path("ml406_fp32_weights.mlpackage"), ["ML406"], SMALL)
    assert diagnostic.code == "ML406"
    assert diagnostic.location == ""
    assert diagnostic.severity.label == "info"
    assert diagnostic.message == "832 bytes of weights are stored as uncompressed fp32 (3 of 3 weight constants)"
    assert "linear_quantize_weights" in diagnostic.fix and "palettize_weights" in diagnostic.fix


def test_the_same_program_with_fp16_weights_is_clean() -> None:
    assert lint(fixture_path("ml406_fp32_weights_clean.mlpackage"), ["ML406"], {"ML406": {"min_bytes": 1}}) == []


def test_quantized_weights_and_their_fp32_scales_do_not_count() -> None:
    # Left in fp32: one 32-element bias (128 bytes); the per-channel scales feed constexpr ops.
    assert lint(fixture_path("ml406_fp32_weights_quantized_clean.mlpackage"), ["ML406"], SMALL) == []


def test_a_small_model_is_not_large() -> None:
    assert LARGE_FP32_WEIGHTS_BYTES == 100 * 2**20
    assert lint(fixture_path("ml406_fp32_weights.mlpackage"), ["ML406"]) == []


@needs_corpus
def test_a_10_mib_fp32_detector_is_below_the_default_threshold() -> None:
    assert lint(CORPUS / "ultralytics/yolo11n_fp32.mlpackage", ["ML406"]) == []
    found = lint(CORPUS / "ultralytics/yolo11n_fp32.mlpackage", ["ML406"], {"ML406": {"min_bytes": 10 * 2**20}})
    assert [d.message for d in found] == [
        "10,547,840 bytes (10.1 MiB) of weights are stored as uncompressed fp32 (151 of 151 weight constants)"
    ]
