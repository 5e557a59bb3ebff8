"""ML115 nms-element-type: the NonMaximumSuppression validator's element-type checks."""

from __future__ import annotations

from ml1_specs import add_array, messages, new_spec
from mllint_rules.load.ml115_nms_element_type import nms_element_type

ARRAYS = "'input confidence' is {0} (Float32 4 × 2), 'output confidence' is {0} (Float32 0 × 2), " \
    "'input coordinates' are {0} (Float32 4 × 4), and 'output coordinates' are {0} (Float32 0 × 4)."








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
