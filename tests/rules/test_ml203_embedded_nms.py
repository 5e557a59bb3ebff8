import pytest
from conftest import CORPUS, codes, fixture_path, lint_path, needs_corpus

PIPELINE_MESSAGE = (
    "non-maximum suppression runs in a NonMaximumSuppression model (pipeline step 2 of 2, after mlProgram models[0])"
)


def test_fires_on_nms_model_in_pipeline() -> None:
    found = lint_path(fixture_path("ml203_nms_pipeline.mlpackage"), select=["ML203"])
    assert [(d.code, d.location, d.message) for d in found] == [("ML203", "models[1]", PIPELINE_MESSAGE)]


def test_fires_on_ml_program_op() -> None:
    found = lint_path(fixture_path("ml203_nms_op.mlpackage"), select=["ML203"])
    assert [(d.location, d.message) for d in found] == [
        ("main/nms", "non-maximum suppression runs in an ML program non_maximum_suppression op (function 'main')")
    ]


def test_fires_on_neural_network_layer() -> None:
    found = lint_path(fixture_path("ml203_nms_layer.mlmodel"), select=["ML203"])
    assert [(d.location, d.message) for d in found] == [
        ("layers/nms", "non-maximum suppression runs in a NeuralNetwork NonMaximumSuppression layer "
         "(the neural network's layers)")
    ]


def test_detector_without_nms_is_clean() -> None:
    assert lint_path(fixture_path("ml203_nms_pipeline_clean.mlpackage"), select=["ML203"]) == []


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
