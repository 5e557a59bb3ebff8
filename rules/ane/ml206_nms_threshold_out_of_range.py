"""ML206 nms-threshold-out-of-range: an NMS IoU or confidence threshold outside (0, 1] or what Core ML accepts."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from mllint import Finding, Severity, model_rule
from mllint.knowledge.nms import (
    NMS_FORMS,
    NMS_MODEL_TYPE,
    NN_NMS_OVERRIDE_INPUT,
    VALIDATOR_CONFIDENCE_MESSAGE,
    VALIDATOR_IOU_MESSAGE,
)
from mllint.view import Model, Op

from .nms_model import NMS_PROTO, NMS_VALIDATOR, advertised_defaults, nms_ops


@dataclass(frozen=True)
class ThresholdProblem:
    text: str
    severity: Severity | None = None


# Who reads the threshold: the NMS model type's field (checked when Core ML loads the model),
# a value for its override input (checked at prediction time), or a layer/op parameter.
Reader = Literal["model", "override", "op"]


def _refused_or_nan(
    value: float, reader: Reader, loads: bool, refusal: str, validator_message: str
) -> ThresholdProblem | None:
    """What both thresholds share: the NMS model's own value that Core ML refuses to load (``loads``
    False; ``refusal`` says why), then a NaN threshold, which no box compares against."""
    if reader == "model" and not loads:
        return ThresholdProblem(f'{refusal}: Core ML refuses to load it ("{validator_message}")', Severity.ERROR)
    if math.isnan(value):
        return ThresholdProblem("is not a number: no box compares against it")
    return None


def _iou_problem(value: float, reader: Reader) -> ThresholdProblem | None:
    # NaN fails the range test too, as in the validator
    problem = _refused_or_nan(value, reader, 0.0 <= value <= 1.0, "is outside [0, 1]", VALIDATOR_IOU_MESSAGE)
    if problem:
        return problem
    if value > 1.0:
        return ThresholdProblem("is above 1: no two boxes overlap that much, so nothing is ever suppressed")
    if value < 0.0:
        return ThresholdProblem("is negative: every box but the best one is suppressed, overlapping or not")
    if value == 0.0:
        unset = " (0 is the protobuf default: it was probably never set)" if reader == "model" else ""
        return ThresholdProblem(f"suppresses every box that touches a kept box{unset}")
    return None


def _score_problem(value: float, reader: Reader) -> ThresholdProblem | None:
    problem = _refused_or_nan(value, reader, value >= 0.0, "is negative", VALIDATOR_CONFIDENCE_MESSAGE)
    if problem:
        return problem
    if value > 1.0:
        return ThresholdProblem("is above 1: confidences in [0, 1] never reach it, so every box is dropped")
    if value < 0.0 and reader == "override":
        return ThresholdProblem("is negative: the NMS model only takes a non-negative confidence threshold")
    if value == 0.0 and reader == "model":
        return ThresholdProblem(
            "keeps every box for suppression, whose cost grows with the square of the number of boxes "
            "(0 is the protobuf default: it was probably never set)"
        )
    return None  # a negative score threshold on a layer/op is the converters' "no score filter"


_PROBLEMS = {"iou": _iou_problem, "score": _score_problem}


def _nms_model_thresholds(model: Model) -> Iterator[Finding]:
    nms = model.body
    for field, kind in (("iouThreshold", "iou"), ("confidenceThreshold", "score")):
        value = float(getattr(nms, field))
        problem = _PROBLEMS[kind](value, "model")
        if problem:
            yield Finding(f"{field} {value:g} {problem.text}", location=model.path, severity=problem.severity)
    for default in advertised_defaults(model):
        if math.isclose(default.value, float(getattr(nms, default.field)), rel_tol=1e-6, abs_tol=1e-9):
            continue  # the same value as the field, reported above if it is wrong
        problem = _PROBLEMS[default.kind](default.value, "override")
        if problem:
            yield Finding(
                f"input '{default.feature.name}' gives {default.value:g} as the default {default.field} "
                f"override, which {problem.text}",
                location=default.feature.path,
            )


def _op_thresholds(op: Op) -> Iterator[Finding]:
    form = NMS_FORMS[op.type]
    for name, kind in ((form.iou, "iou"), (form.score, "score")):
        if name is None:
            continue
        if op.is_mil:
            const = op.const(name) if op.has_argument(name) else None
            if const is None or not const.is_scalar:
                continue
            value = float(const.scalar())
        else:
            if len(op.input_names) > NN_NMS_OVERRIDE_INPUT[name]:
                continue  # an input replaces the parameter
            value = float(getattr(op.params, name))
        problem = _PROBLEMS[kind](value, "op")
        if problem:
            yield Finding(f"{name} {value:g} {problem.text}", location=op.path, severity=problem.severity)


@model_rule(
    code="ML206",
    name="nms-threshold-out-of-range",
    severity="warning",
    summary="An NMS IoU or confidence threshold is outside (0, 1], or outside what Core ML accepts.",
    why="""
        IoU is a fraction between 0 and 1, and detectors' confidences are probabilities. An IoU
        threshold above 1 suppresses nothing, 0 suppresses every touching box; a confidence
        threshold above 1 drops every box. The NonMaximumSuppression model type is checked on load:
        an IoU threshold outside [0, 1] or a negative confidence threshold makes Core ML refuse it.
        A confidence threshold of 0 (the protobuf default, so often simply unset) keeps every box,
        and the suppression cost grows with the square of the box count.
    """,
    fix="""
        Set the thresholds you validated with (e.g. IoU 0.45-0.7, confidence 0.25) when building the
        NMS model, layer or op; keep any "(default: ...)" text in the override inputs' descriptions
        within range too.
    """,
    evidence="validator",
    sources=(
        f"{NMS_VALIDATOR} (iouThreshold in [0, 1], confidenceThreshold >= 0)",
        f"{NMS_PROTO} (iouThreshold, confidenceThreshold comments)",
        "NeuralNetwork.proto NonMaximumSuppressionLayerParams; coremltools ops/defs/iOS15 non_maximum_suppression",
    ),
)
def nms_threshold_out_of_range(model: Model) -> Iterator[Finding]:
    """Looks at the IoU and confidence/score thresholds of every NMS form: the
    NonMaximumSuppression model's `iouThreshold` / `confidenceThreshold` (and the defaults its
    threshold override inputs advertise in their descriptions), a NeuralNetwork
    `NonMaximumSuppression` layer's parameters (unless inputs override them), and an ML
    program `non_maximum_suppression` op's `iou_threshold` / `score_threshold` consts. A negative
    score threshold on a layer or op is accepted: converters use it for "no score filter".

    Example: an NMS model with `iouThreshold = 1.5` fails to load: "iouThreshold must be a
    value between 0.0 and 1.0."
    """
    if model.type == NMS_MODEL_TYPE:
        yield from _nms_model_thresholds(model)
    for op in nms_ops(model):
        yield from _op_thresholds(op)
