"""ML207 nms-threshold-default-mismatch: an override input's described default differs from the NMS model's field."""

from __future__ import annotations

import math
from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.nms import NMS_MODEL_TYPE
from mllint.view import Model

from .nms_model import NMS_PROTO, advertised_defaults


@model_rule(
    code="ML207",
    name="nms-threshold-default-mismatch",
    severity="warning",
    summary="A threshold override input's description states a default the NMS model does not use.",
    why="""
        When the optional `iouThreshold` / `confidenceThreshold` inputs are left out, the NMS model
        uses its own `iouThreshold` / `confidenceThreshold` fields. An input described as
        "(default: 0.45)" while the model uses 0.7 misleads everyone who calls the model without it.
    """,
    fix="Make the description and the NMS model's threshold field agree (rewrite one from the other).",
    evidence="apple-statement",
    sources=(f"{NMS_PROTO} (iouThresholdInputFeatureName, confidenceThresholdInputFeatureName)",),
)
def nms_threshold_default_mismatch(model: Model) -> Iterator[Finding]:
    """Reads the number after "default" in the description of each threshold override input
    (the NMS model's own input or the enclosing pipeline's input of that name, as Ultralytics
    writes it) and compares it with the NMS model's field.

    Example: pipeline input `iouThreshold` "(optional) IoU threshold override (default: 0.45)"
    in front of an NMS model with `iouThreshold = 0.7`.
    """
    if model.type != NMS_MODEL_TYPE:
        return
    for default in advertised_defaults(model):
        actual = float(getattr(model.body, default.field))
        if math.isclose(default.value, actual, rel_tol=1e-6, abs_tol=1e-9):
            continue
        yield Finding(
            f"input '{default.feature.name}' says its default is {default.value:g}, but the NMS model "
            f"{model.display_path} uses {default.field} {actual:g} when it is not given",
            location=default.feature.path,
        )
