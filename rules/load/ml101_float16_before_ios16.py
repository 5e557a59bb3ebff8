"""ML101 float16-before-ios16: a FLOAT16 array or image feature below specification version 7."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.knowledge.nms import NMS_FLOAT32_FIX, NMS_MODEL_TYPE
from mllint.view import Model

from .validator_order import feature_order
from .validator_text import INTERFACE_SOURCE, where


@model_rule(
    code="ML101",
    name="float16-before-ios16",
    severity="error",
    summary="A FLOAT16 multiarray or GRAYSCALE_FLOAT16 image feature in a model whose spec version is below 7 (iOS 16).",
    why="""
        Core ML validates each model, and each model nested in a pipeline, at that model's own
        specification version. FLOAT16 multiarrays and GRAYSCALE_FLOAT16 images exist only from
        version 7 (iOS 16 / macOS 13), so a model below 7 that declares one is refused on load
        on every OS, even if the pipeline around it declares 7 or more. This is the classic
        YOLO `nms=True` failure: the NonMaximumSuppression sub-model copies the detector's
        FLOAT16 outputs but is written at version 5 (ultralytics/ultralytics#19953).
    """,
    fix="""
        Raising the version is enough for an ML program or neural network: convert with
        `minimum_deployment_target=ct.target.iOS16` or later (and give each hand-made sub-model
        that version), or keep the model's inputs and outputs FLOAT32. It is not enough for a
        NonMaximumSuppression model (the YOLO `nms=True` pipeline): that model refuses FLOAT16
        at every version (ML115), so its arrays, and the detector outputs they copy, must be
        FLOAT32: `mllint rule ML115` shows how (the Ultralytics release, the coremltools cast).
        `mllint fix MODEL -o FIXED` does what fits, safely: it raises the versions, or casts an NMS
        model's arrays and the detector outputs before it to FLOAT32.
    """,
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(
        f"{INTERFACE_SOURCE} validateFeatureDescription (FLOAT16, GRAYSCALE_FLOAT16)",
        "ultralytics/ultralytics#19953 (coreml convert with nms datatype error)",
    ),
)
def float16_before_ios16(model: Model) -> Iterator[Finding]:
    """Looks at every feature description of the model (inputs, outputs, states, per-function
    descriptions) for a FLOAT16 multiarray or a GRAYSCALE_FLOAT16 image while the model's
    own spec version is below 7. Each model of a pipeline is checked at its own version.

    Example: a pipeline [mlProgram v7, nonMaximumSuppression v5] whose NMS outputs `confidence`
    and `coordinates` are FLOAT16 gets this on `models[1]/outputs/confidence`.

    When raising the version is enough: the FLOAT16 feature belongs to an ML program or a
    neural network, which accept FLOAT16 from version 7. When it is not: the feature belongs
    to a NonMaximumSuppression model, which accepts only FLOAT32 (from version 5) or DOUBLE
    at every version (ML115); its findings carry that fix instead, with the Ultralytics release
    and the coremltools cast that make the detector's outputs, and so the NMS arrays, FLOAT32.
    """
    version = model.spec_version
    needed = mf.FLOAT16_ARRAY.min_version
    if version >= needed:
        return
    fix = inspect.cleandoc(NMS_FLOAT32_FIX) if model.type == NMS_MODEL_TYPE else None
    for feature in model.features:
        if feature.kind == "multiArrayType" and feature.dtype == "FLOAT16":
            what = f"Description of multiarray feature '{feature.name}' has FLOAT16 dataType"
            check = "dtype-float16"
        elif feature.kind == "imageType" and feature.dtype == "GRAYSCALE_FLOAT16":
            what = f"Description of image feature '{feature.name}' has GRAYSCALE_FLOAT16 colorspace"
            check = "colorspace-float16"
        else:
            continue
        yield Finding(
            f"{what}, which is only valid in specification version >= {needed}. "
            f"This model has version {version}{where(model)}",
            location=feature.path,
            fix=fix,
            order=feature_order(model, feature, check),
        )
