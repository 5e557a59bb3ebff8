"""ML205 nms-class-count-unpadded: an NMS model after an ML program gets a class dimension not a multiple of 80."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.nms import (
    CLASS_DIMENSION_MULTIPLE,
    CLASS_PADDING_SOURCE,
    NMS_MODEL_TYPE,
)
from mllint.view import Model

from .nms_model import upstream_of


@model_rule(
    code="ML205",
    name="nms-class-count-unpadded",
    severity="warning",
    heuristic=True,
    summary="An NMS model after an ML program gets a class dimension that is not a multiple of 80.",
    why="""
        A Core ML pipeline [mlProgram, nonMaximumSuppression] returned missing or misplaced boxes for
        detectors whose class count was not 80, while the same model without NMS was right.
        Ultralytics works around it by padding the class scores with zero columns up to the next
        multiple of 80 (and the label list with placeholder names).
    """,
    fix="""
        Pad the detector's confidence output with zero columns to the next multiple of 80 and pad the
        NMS class labels to match (Ultralytics >= 8.3.207 does this), or run NMS in app code.
    """,
    evidence="device-report",
    sources=(CLASS_PADDING_SOURCE,),
)
def nms_class_count_unpadded(model: Model) -> Iterator[Finding]:
    """Looks at NonMaximumSuppression models fed by an `mlProgram` step of the same pipeline,
    and at the last dimension of the confidence that step produces (its declared output shape,
    else the ML program's own type for it).

    Example: a 3-class detector [mlProgram -> raw_confidence [6, 3]] followed by NMS.
    """
    if model.type != NMS_MODEL_TYPE:
        return
    upstream = upstream_of(model, model.body.confidenceInputFeatureName)
    if upstream is None or upstream.model.type != "mlProgram":
        return
    if not upstream.shape or upstream.shape[-1] <= 0 or upstream.shape[-1] % CLASS_DIMENSION_MULTIPLE == 0:
        return
    yield Finding(
        f"the NMS confidence comes from {upstream.describe()} with {upstream.shape[-1]} classes, "
        f"not a multiple of {CLASS_DIMENSION_MULTIPLE}",
        location=model.path,
    )
