"""ML141 class-confidence-thresholding-invalid: a ClassConfidenceThresholding model without valid curves."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_order import TYPE, TYPE_PARAMETERS, step
from .validator_text import where

SOURCE = "apple/coremltools mlmodel/src/Validation/ClassConfidenceThresholdingValidator.cpp"


@model_rule(
    code="ML141",
    name="class-confidence-thresholding-invalid",
    severity="error",
    summary="A ClassConfidenceThresholding model with no precision-recall curve, a curve whose values and "
    "thresholds are empty or of different lengths, or a negative, infinite or NaN entry.",
    why="""
        Core ML's validator wants at least one precision-recall curve, each with as many precision
        values as precision thresholds and as many recall values as recall thresholds (none of them
        empty), and every entry a finite number >= 0. Otherwise the model does not load.
    """,
    fix="""
        Give the model one curve per class with matching, non-empty, non-negative value and threshold
        vectors (Create ML writes these).
    """,
    evidence="validator",
    sources=(f"{SOURCE} validate<MLModelType_classConfidenceThresholding>",),
)
def class_confidence_thresholding_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of the ClassConfidenceThresholding validator and reports its first complaint.

    Example: a model with no curve gets "The ClassConfidenceThresholding model has no precisionRecallCurves."
    """
    if model.type != "classConfidenceThresholding":
        return
    problem = _curves_error(model.body.precisionRecallCurves)
    if problem:
        yield Finding(
            problem + where(model),
            location=model.location("classConfidenceThresholding"),
            order=step(model, TYPE, TYPE_PARAMETERS),
        )


def _curves_error(curves: Any) -> str | None:
    if not len(curves):
        return "The ClassConfidenceThresholding model has no precisionRecallCurves."
    for curve in curves:
        for values, thresholds in (
            (curve.precisionValues, curve.precisionConfidenceThresholds),
            (curve.recallValues, curve.recallConfidenceThresholds),
        ):
            if not len(values.vector) or len(values.vector) != len(thresholds.vector):
                return "Zero length or mismatched precisionRecallCurves components"
        for field in ("precisionValues", "precisionConfidenceThresholds", "recallValues", "recallConfidenceThresholds"):
            if any(math.isinf(x) or math.isnan(x) or x < 0.0 for x in getattr(curve, field).vector):
                return f"An element of {field.lower()} is not a positive number or zero."
    return None
