"""ML115 nms-element-type: a NonMaximumSuppression model's confidence/coordinates arrays are of mixed
types, not DOUBLE below spec 5, or neither DOUBLE nor FLOAT32.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.knowledge.nms import NMS_FLOAT32_FIX
from mllint.view import Feature, Model

from .validator_order import NMS_ELEMENT_TYPES, TYPE, TYPE_PARAMETERS, step
from .validator_text import NMS_SOURCE, array_dtype_name, validator_type_string, where


def _nms_features(model: Model) -> dict[str, Feature] | None:
    """The NMS model's four array features by role, or None if one is missing or not an array."""
    nms = model.body
    inputs = {f.name: f for f in model.inputs}
    outputs = {f.name: f for f in model.outputs}
    found = {
        "input confidence": inputs.get(nms.confidenceInputFeatureName),
        "output confidence": outputs.get(nms.confidenceOutputFeatureName),
        "input coordinates": inputs.get(nms.coordinatesInputFeatureName),
        "output coordinates": outputs.get(nms.coordinatesOutputFeatureName),
    }
    if any(f is None or f.kind != "multiArrayType" for f in found.values()):
        return None
    return found  # type: ignore[return-value]


@model_rule(
    code="ML115",
    name="nms-element-type",
    severity="error",
    summary="A NonMaximumSuppression model's confidence/coordinates arrays are of mixed types, not DOUBLE below "
    "spec 5, or neither DOUBLE nor FLOAT32.",
    why="""
        Core ML's NonMaximumSuppression model needs its input and output `confidence` and
        `coordinates` arrays to share one element type: DOUBLE, or from specification version 5
        (iOS 14) also FLOAT32. FLOAT16 is refused at every version, so an NMS model that copies
        a float16 detector's outputs fails to load even at version 7.
    """,
    fix=NMS_FLOAT32_FIX,
    evidence="validator",
    fixer="nms-float32",
    fix_applicability="safe",
    sources=(
        f"{NMS_SOURCE} validate<MLModelType_nonMaximumSuppression> (element type checks)",
        "ultralytics/ultralytics#19953",
    ),
)
def nms_element_type(model: Model) -> Iterator[Finding]:
    """Looks at the four arrays a nonMaximumSuppression model names (confidence and coordinates,
    in and out) and checks their dataType the way the NMS validator does.

    Example: an NMS model at version 4 with FLOAT32 arrays: "must be MultiArray<DOUBLE> for
    model specification version earlier than 5".
    """
    if model.type != "nonMaximumSuppression":
        return
    features = _nms_features(model)
    if features is None:
        return
    types = {role: f.proto.type.multiArrayType.dataType for role, f in features.items()}
    shown = {role: validator_type_string(f.proto.type) for role, f in features.items()}
    listing = (
        f"'input confidence' is {shown['input confidence']}, "
        f"'output confidence' is {shown['output confidence']}, "
        f"'input coordinates' are {shown['input coordinates']}, "
        f"and 'output coordinates' are {shown['output coordinates']}."
    )
    location = features["input confidence"].path
    first = array_dtype_name(types["input confidence"])
    if len(set(types.values())) > 1:
        message = f"'confidence' and 'coordinates' must use a same element type, but {listing}"
    elif model.spec_version >= mf.NMS_FLOAT32.min_version:
        if first in ("DOUBLE", "FLOAT32"):
            return
        message = (
            "The element data type of 'confidence' and 'coordinates' must be either MultiArray<DOUBLE> or "
            f"MultiArray<FLOAT32>, but {listing}"
        )
    else:
        if first == "DOUBLE":
            return
        needed = mf.NMS_FLOAT32.min_version
        message = (
            "The element data type of 'confidence' and 'coordinates' must be MultiArray<DOUBLE> for model "
            f"specification version earlier than {needed}, but {listing} To enable MultiArray<FLOAT32>, use the "
            f"model specification version {needed} or later."
        )
    # mllint fix: FLOAT16 arrays become FLOAT32 (nms-float32); FLOAT32 below version 5 only needs the version raised.
    names = {array_dtype_name(dtype) for dtype in types.values()}
    fixable = names <= {"FLOAT16", "FLOAT32"}
    yield Finding(
        message + where(model),
        location=location,
        fixable=fixable,
        order=step(model, TYPE, TYPE_PARAMETERS, NMS_ELEMENT_TYPES),
    )
