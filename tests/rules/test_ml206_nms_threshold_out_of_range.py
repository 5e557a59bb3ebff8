import pytest
from conftest import fixture_path, lint_path

from mllint import Severity


def test_iou_above_one_on_nms_model_is_a_load_error() -> None:
    found = lint_path(fixture_path("ml206_iou_threshold.mlpackage"), select=["ML206"])
    assert [(d.code, d.location, d.severity, d.message) for d in found] == [
        (
            "ML206",
            "models[1]",
            Severity.ERROR,
            "iouThreshold 1.5 is outside [0, 1]: Core ML refuses to load it "
            "(\"iouThreshold must be a value between 0.0 and 1.0.\")",
        )
    ]


def test_op_thresholds() -> None:
    found = lint_path(fixture_path("ml206_op_thresholds.mlpackage"), select=["ML206"])
    assert [(d.location, d.severity, d.message) for d in found] == [
        ("main/nms", Severity.WARNING, "iou_threshold 0 suppresses every box that touches a kept box"),
        (
            "main/nms",
            Severity.WARNING,
            "score_threshold 1.5 is above 1: confidences in [0, 1] never reach it, so every box is dropped",
        ),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "ml206_iou_threshold_clean.mlpackage",  # IoU 0.45, confidence 0.25, same defaults advertised
        "ml206_op_thresholds_clean.mlpackage",  # IoU 0.5, score 0.25
        "ml203_nms_layer.mlmodel",  # NeuralNetwork layer, IoU 0.5, score 0.25
    ],
)
def test_twins_are_clean(name: str) -> None:
    assert lint_path(fixture_path(name), select=["ML206"]) == []
