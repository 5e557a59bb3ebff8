"""ML101 float16-before-ios16: a FLOAT16 array or image feature below specification version 7."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

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
        Convert with `minimum_deployment_target=ct.target.iOS16` or later (and give each hand-made
        sub-model that version), or keep the model's inputs and outputs FLOAT32.
    """,
    evidence="validator",
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
    """
    version = model.spec_version
    needed = mf.FLOAT16_ARRAY.min_version
    if version >= needed:
        return
    fix = None
    if model.type == "nonMaximumSuppression":
        fix = (
            "Give the NMS model FLOAT32 confidence and coordinates (its validator accepts only DOUBLE or "
            "FLOAT32, at any version) and spec version 5 or later; raising the version alone is not enough."
        )
    for feature in model.features:
        if feature.kind == "multiArrayType" and feature.dtype == "FLOAT16":
            what = f"Description of multiarray feature '{feature.name}' has FLOAT16 dataType"
        elif feature.kind == "imageType" and feature.dtype == "GRAYSCALE_FLOAT16":
            what = f"Description of image feature '{feature.name}' has GRAYSCALE_FLOAT16 colorspace"
        else:
            continue
        yield Finding(
            f"{what}, which is only valid in specification version >= {needed}. "
            f"This model has version {version}{where(model)}",
            location=feature.path,
            fix=fix,
        )
