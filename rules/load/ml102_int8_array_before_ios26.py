"""ML102 int8-array-before-ios26: an INT8 multiarray feature in a model whose spec version is below 10
(iOS 26).
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_order import feature_order
from .validator_text import INTERFACE_SOURCE, where


@model_rule(
    code="ML102",
    name="int8-array-before-ios26",
    severity="error",
    summary="An INT8 multiarray feature in a model whose spec version is below 10 (iOS 26).",
    why="""
        INT8 multiarray inputs and outputs exist only from specification version 10
        (iOS 26 / macOS 26). Core ML's validator refuses an INT8 multiarray feature in a model
        of a lower version.
    """,
    fix="""
        Convert with `minimum_deployment_target=ct.target.iOS26`, or declare the feature INT32 /
        FLOAT16 / FLOAT32 and cast inside the model.
    """,
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (INT8)",),
)
def int8_array_before_ios26(model: Model) -> Iterator[Finding]:
    """Looks at every multiarray feature (inputs, outputs, states' wrapped arrays are not
    multiarray features) for dataType INT8 while the model's version is below 10.

    Example: an ML program at version 9 with an `int8` output `indices`.
    """
    version = model.spec_version
    needed = mf.INT8_ARRAY.min_version
    if version >= needed:
        return
    for feature in model.features:
        if feature.kind == "multiArrayType" and feature.dtype == "INT8":
            yield Finding(
                f"Description of multiarray feature '{feature.name}' has INT8 dataType, which is only valid "
                f"in specification version >= {needed}. This model has version {version}{where(model)}",
                location=feature.path,
                order=feature_order(model, feature, "dtype-int8"),
            )
