"""ML203 embedded-nms on real Ultralytics exports (the fixture cases are in rules/ane/ml203_embedded_nms.toml)."""

import pytest
from conftest import CORPUS, codes, lint_path, needs_corpus

PIPELINE_MESSAGE = (
    "non-maximum suppression runs in a NonMaximumSuppression model (pipeline step 2 of 2, after mlProgram models[0]): outside the Neural Engine estimate; its thresholds, class handling and output shape are fixed at export"
)


@needs_corpus
@pytest.mark.parametrize("name", ["yolo11n_nms.mlpackage", "yolo11n_int8_nms.mlpackage"])
def test_ultralytics_nms_export_gets_ml203(name: str) -> None:
    found = lint_path(CORPUS / "ultralytics" / name, select=["ML203"])
    assert codes(found) == ["ML203"]
    assert found[0].location == "models[1]"
    assert found[0].message == PIPELINE_MESSAGE


@needs_corpus
def test_ultralytics_export_without_nms_is_clean() -> None:
    assert lint_path(CORPUS / "ultralytics" / "yolo11n_int8.mlpackage", select=["ML203"]) == []


@needs_corpus
@pytest.mark.parametrize("name", ["yolo11n_nms.mlpackage", "yolo11n_int8_nms.mlpackage"])
def test_ultralytics_nms_configuration_passes_the_nms_checks(name: str) -> None:
    """80 labels for 80 columns, IoU 0.7, confidence 0.25, and descriptions that say so."""
    found = lint_path(CORPUS / "ultralytics" / name, select=["ML204", "ML205", "ML206", "ML207"])
    assert found == []
