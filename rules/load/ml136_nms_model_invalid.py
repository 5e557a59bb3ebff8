"""ML136 nms-model-invalid: a NonMaximumSuppression model that Core ML's validator refuses."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_nms import NMS_VALIDATOR_SOURCE, nms_error
from .validator_order import NMS_NAMES_AND_SHAPES, TYPE, TYPE_PARAMETERS, step
from .validator_text import where


@model_rule(
    code="ML136",
    name="nms-model-invalid",
    severity="error",
    summary="A NonMaximumSuppression model whose inputs or outputs are not the ones it names, whose thresholds are "
    "out of range, or whose confidence shape disagrees with its class labels.",
    why="""
        Core ML's NMS validator wants every input and output to be one the model names
        (confidence, coordinates, the optional threshold inputs), multiarrays for the four arrays and
        DOUBLE threshold inputs, `iouThreshold` in [0, 1] and `confidenceThreshold` >= 0, a
        confidence output of rank 2 (or a 2-d shape range), and as many class labels as the
        confidence output has classes. Anything else and the model (and its pipeline) does not load.
        ML204 and ML206 explain the class-count and threshold cases for detectors; this rule reports
        every check of the validator under ML1, so that `--select ML1` sees them all.
    """,
    fix="""
        Name the features the NMS model uses, keep `iouThreshold` within [0, 1] and
        `confidenceThreshold` non-negative, and give it one class label per column of the confidence
        output (coremltools' NMS examples and Ultralytics' exporter do this).
    """,
    evidence="validator",
    sources=(f"{NMS_VALIDATOR_SOURCE} validate<MLModelType_nonMaximumSuppression>",),
)
def nms_model_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of the NMS validator (its element-type checks are ML115's) and reports its first
    complaint.

    Example: `iouThreshold = 1.5` gets "iouThreshold must be a value between 0.0 and 1.0."
    """
    if model.type != "nonMaximumSuppression":
        return
    problem = nms_error(model.proto)
    if problem is not None:
        message, location = problem
        yield Finding(
            message + where(model),
            location=model.location(location),
            order=step(model, TYPE, TYPE_PARAMETERS, NMS_NAMES_AND_SHAPES),
        )
