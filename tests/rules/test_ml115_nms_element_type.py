"""ML115 nms-element-type: the NonMaximumSuppression validator's element-type checks."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import add_array, messages, new_spec

from mllint_rules.interface_checks import nms_element_type

ARRAYS = "'input confidence' is {0} (Float32 4 × 2), 'output confidence' is {0} (Float32 0 × 2), " \
    "'input coordinates' are {0} (Float32 4 × 4), and 'output coordinates' are {0} (Float32 0 × 4)."


def test_float32_nms_at_version_4_fires() -> None:
    found = lint_path(fixture_path("ml115_nms_float32_early.mlmodel"), select=["ML115"])
    assert codes(found) == ["ML115"]
    assert found[0].location == "inputs/raw_confidence"
    assert found[0].message == (
        "The element data type of 'confidence' and 'coordinates' must be MultiArray<DOUBLE> for model "
        "specification version earlier than 5, but " + ARRAYS.format("MultiArray") + " To enable "
        "MultiArray<FLOAT32>, use the model specification version 5 or later."
    )


def test_float32_nms_at_version_5_is_clean() -> None:
    assert lint_path(fixture_path("ml115_nms_float32_early_clean.mlmodel"), select=["ML115"]) == []


def test_float16_nms_is_refused_even_at_version_7() -> None:
    # The ML101 clean twin: its NMS sub-model is at version 7, but FLOAT16 is never an NMS type.
    [diagnostic] = lint_path(fixture_path("ml101_yolo_nms_fp16_clean.mlpackage"), select=["ML1"])
    assert diagnostic.code == "ML115"
    assert diagnostic.location == "models[1]/inputs/raw_confidence"
    assert diagnostic.message.startswith(
        "The element data type of 'confidence' and 'coordinates' must be either MultiArray<DOUBLE> or "
        "MultiArray<FLOAT32>, but 'input confidence' is MultiArray (Float16 4 × 2),"
    )


def _nms(version: int, in_dtype: str, out_dtype: str):
    spec = new_spec(version, "nonMaximumSuppression")
    nms = spec.nonMaximumSuppression
    nms.confidenceInputFeatureName, nms.coordinatesInputFeatureName = "scores", "boxes"
    nms.confidenceOutputFeatureName, nms.coordinatesOutputFeatureName = "confidence", "coordinates"
    add_array(spec.description.input, "scores", in_dtype, (3, 2))
    add_array(spec.description.input, "boxes", in_dtype, (3, 4))
    add_array(spec.description.output, "confidence", out_dtype, (3, 2))
    add_array(spec.description.output, "coordinates", out_dtype, (3, 4))
    return spec


def test_mixed_element_types() -> None:
    assert messages(_nms(5, "FLOAT32", "DOUBLE"), nms_element_type) == [
        (
            "inputs/scores",
            "'confidence' and 'coordinates' must use a same element type, but 'input confidence' is MultiArray "
            "(Float32 3 × 2), 'output confidence' is MultiArray (Double 3 × 2), 'input coordinates' are MultiArray "
            "(Float32 3 × 4), and 'output coordinates' are MultiArray (Double 3 × 4).",
        )
    ]


def test_double_is_fine_at_any_version() -> None:
    for version in (3, 4, 5, 7):
        assert messages(_nms(version, "DOUBLE", "DOUBLE"), nms_element_type) == []
