"""ML105 optional-default-value-invalid: a default value for an optional input that Core ML refuses:
before spec 5, on a non-neural model, or of the wrong type.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Feature, Model

from .validator_order import OPTIONAL, OPTIONAL_DEFAULT_VALUES, feature_order, step
from .validator_text import INTERFACE_SOURCE, array_dtype_name, where


def _default_value_problem(feature: Feature) -> str | None:
    """The validator's complaint about a multiarray's default optional value, if any."""
    array = feature.proto.type.multiArrayType
    which = array.WhichOneof("defaultOptionalValue")
    dtype = array_dtype_name(array.dataType)
    mismatch = (
        f"Description of multiarray feature '{feature.name}' has mistmatch "
        "between dataType and the type of default optional value."
    )
    if which == "doubleDefaultValue" and dtype != "DOUBLE":
        return mismatch
    if which == "floatDefaultValue" and dtype not in ("FLOAT32", "FLOAT16"):
        return mismatch
    if which == "intDefaultValue":
        if dtype == "INT8" and not -128 <= array.intDefaultValue <= 127:
            return (
                f"The default optional value of multiarray feature '{feature.name}' is {array.intDefaultValue}, "
                "which is out of range for the data type INT8."
            )
        if dtype not in ("INT32", "INT8"):
            return mismatch
    return None


@model_rule(
    code="ML105",
    name="optional-default-value-invalid",
    severity="error",
    summary="A default value for an optional input that Core ML refuses: before spec 5, on a non-neural model, "
    "or of the wrong type.",
    why="""
        A multiarray may carry a default value that Core ML uses when an optional input is left
        out. The validator accepts it only on neural networks and ML programs, only from
        specification version 5 (iOS 14), and only when its type matches the array's dataType
        (double for DOUBLE, float for FLOAT32/FLOAT16, int for INT32/INT8 within -128..127).
    """,
    fix="""
        Set the model's version to 5 or later, make the default's type match the array's
        dataType, or remove the default (`ClearField('defaultOptionalValue')`).
    """,
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(
        f"{INTERFACE_SOURCE} validateDefaultOptionalValues",
        f"{INTERFACE_SOURCE} validateFeatureDescription (defaultOptionalValue switch)",
    ),
)
def optional_default_value_invalid(model: Model) -> Iterator[Finding]:
    """Looks at the default optional value of every optional multiarray input (type and version)
    and of every multiarray feature (its type against the dataType).

    Example: a neural network at version 4 whose optional input `mask` has `floatDefaultValue`.
    """
    for feature in model.features:
        if feature.kind != "multiArrayType":
            continue
        problem = _default_value_problem(feature)
        if problem:
            yield Finding(
                problem + where(model),
                location=feature.path,
                order=feature_order(model, feature, "default-value"),
                fixable=False,
            )
    for index, feature in enumerate(model.inputs):  # the validator reads the top-level inputs only
        order = step(model, OPTIONAL, OPTIONAL_DEFAULT_VALUES, index)
        if not feature.optional or feature.proto.type.multiArrayType.WhichOneof("defaultOptionalValue") is None:
            continue
        if model.type not in mf.OPTIONAL_DEFAULT_TYPES:
            yield Finding(
                "Default optional values are only allowed for neural networks." + where(model),
                location=feature.path,
                fixable=False,
                order=order,
            )
        elif model.spec_version < mf.OPTIONAL_DEFAULT_VALUE.min_version:
            yield Finding(
                "Default value for optional inputs is supported from specification 5 (iOS 14) onwards!" + where(model),
                location=feature.path,
                order=order,
            )
