"""ML103 invalid-feature-data-type: a multiarray feature has no valid dataType, or an image feature has
no valid colorSpace.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_findings import feature_finding
from .validator_text import INTERFACE_SOURCE

# (feature kind, the element types validateFeatureDescription takes, its message, its check's name)
_ELEMENT_TYPE_CHECKS: tuple[tuple[str, frozenset[str], str, str], ...] = (
    (
        "multiArrayType",
        mf.VALID_ARRAY_DTYPES,
        "Description of multiarray feature '{name}' has an invalid or unspecified dataType. "
        "It must be specified as DOUBLE, FLOAT32, FLOAT16 or INT32",
        "dtype-invalid",
    ),
    (
        "imageType",
        mf.VALID_COLOR_SPACES,
        "Description of image feature '{name}' has missing or invalid colorspace. It must be RGB, BGR or GRAYSCALE.",
        "colorspace-invalid",
    ),
)


@model_rule(
    code="ML103",
    name="invalid-feature-data-type",
    severity="error",
    summary="A multiarray feature has no valid dataType, or an image feature has no valid colorSpace.",
    why="""
        Core ML needs every multiarray feature's element type (DOUBLE, FLOAT32, FLOAT16, INT32,
        INT8) and every image feature's colour space (RGB, BGR, GRAYSCALE, GRAYSCALE_FLOAT16).
        A spec written by hand or by an old tool often leaves `dataType` at 0
        (INVALID_ARRAY_DATA_TYPE); Core ML's validator refuses it.
    """,
    fix="""
        Set `type.multiArrayType.dataType` (usually FLOAT32) or `type.imageType.colorSpace` on the
        feature description, then save the spec again.
    """,
    evidence="validator",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (dataType and colorspace switches)",),
)
def invalid_feature_data_type(model: Model) -> Iterator[Finding]:
    """Looks at the dataType of every multiarray feature and the colorSpace of every image
    feature of the model.

    Example: an output `scores` whose multiArrayType has no dataType.
    """
    for feature in model.features:
        for kind, valid, message, check in _ELEMENT_TYPE_CHECKS:
            if feature.kind == kind and feature.dtype not in valid:
                yield feature_finding(model, feature, message.format(name=feature.name), check)
