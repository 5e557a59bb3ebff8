"""ML204 nms-class-count-mismatch: the NMS model's class labels against the confidence's class dimension."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mllint import Finding, Severity, model_rule
from mllint.knowledge.nms import NMS_MODEL_TYPE, validator_label_count_message
from mllint.view import Model

from .nms_model import (
    NMS_VALIDATOR,
    class_labels,
    find_feature,
    shape_text,
    upstream_of,
)


@dataclass(frozen=True)
class ClassDimension:
    """What one part of the model says the number of classes is."""

    where: str
    low: int
    high: int | None  # None: unbounded
    checked_on_load: str = ""  # the NMS confidence output's "shape" or "range": Core ML compares it on load

    def admits(self, count: int) -> bool:
        return self.low <= count and (self.high is None or count <= self.high)

    @property
    def text(self) -> str:
        if self.high == self.low:
            return str(self.low)
        return f"{self.low} to {self.high if self.high is not None else 'any number of'}"


def _class_dimensions(model: Model) -> list[ClassDimension]:
    """The confidence's class dimension as the NMS model's input, its producer and its output declare it."""
    nms = model.body
    found: list[ClassDimension] = []
    confidence_in = find_feature(model.inputs, nms.confidenceInputFeatureName)
    if confidence_in is not None and confidence_in.shape and confidence_in.shape[-1] > 0:
        size = confidence_in.shape[-1]
        found.append(ClassDimension(f"input '{confidence_in.name}' {shape_text(confidence_in.shape)}", size, size))
    upstream = upstream_of(model, nms.confidenceInputFeatureName)
    if upstream is not None and upstream.shape and upstream.shape[-1] > 0:
        size = upstream.shape[-1]
        found.append(ClassDimension(upstream.describe(), size, size))
    confidence_out = find_feature(model.outputs, nms.confidenceOutputFeatureName)
    if confidence_out is None:
        return found
    array = confidence_out.array
    if array is not None and len(array.shape) == 2:
        size = int(array.shape[1])
        found.append(ClassDimension(f"output '{confidence_out.name}' {shape_text(array.shape)}", size, size, "shape"))
    elif array is not None and array.WhichOneof("ShapeFlexibility") == "shapeRange":
        ranges = array.shapeRange.sizeRanges
        if len(ranges) == 2:
            low, high = int(ranges[1].lowerBound), int(ranges[1].upperBound)
            found.append(
                ClassDimension(f"output '{confidence_out.name}' dimension 1", low, high if high >= 0 else None, "range")
            )
    return found


@model_rule(
    code="ML204",
    name="nms-class-count-mismatch",
    severity="warning",
    summary="A NonMaximumSuppression model's class labels do not match the confidence's class dimension.",
    why="""
        The NMS model names each box by the argmax of its confidence row, looked up in its class
        label list. When the list is shorter or longer than the confidence's last dimension, boxes get
        the wrong name or none. If the NMS confidence output declares its class dimension, Core ML's
        validator refuses the model outright ("Number of classes is not consistent for class labels").
    """,
    fix="""
        Give the NMS model exactly one label per confidence column; when the detector's scores are
        padded (Ultralytics pads to a multiple of 80), pad the label list to match.
    """,
    evidence="validator",
    sources=(
        f"{NMS_VALIDATOR} (class labels against confidence output dimension 1)",
        "ultralytics/ultralytics#22309 and PR #22310 (names padded to the class dimension)",
        "apple/coremltools#2158 (NMS pipelines failing beyond a few classes)",
    ),
)
def nms_class_count_mismatch(model: Model) -> Iterator[Finding]:
    """Counts the NMS model's `stringClassLabels` / `int64ClassLabels` and compares them with
    the confidence's class dimension as declared by the NMS model's confidence input, by the
    pipeline step that produces it, and by the NMS confidence output (shape or shape range).
    Only the last is checked by Core ML on load; a mismatch there is an error.

    Example: 3 labels on an NMS model whose input `raw_confidence` is [6, 80].
    """
    if model.type != NMS_MODEL_TYPE:
        return
    labels = class_labels(model)
    if not labels:
        return
    wrong = [d for d in _class_dimensions(model) if not d.admits(labels)]
    if not wrong:
        return
    by_count: dict[str, list[str]] = {}
    for dimension in wrong:
        by_count.setdefault(dimension.text, []).append(dimension.where)
    message = f"{labels} class labels, but the confidence has " + "; ".join(
        f"{count} classes ({', '.join(places)})" for count, places in by_count.items()
    )
    severity = None
    refused = next((d for d in wrong if d.checked_on_load), None)
    if refused is not None:
        dim = refused.low if refused.checked_on_load == "shape" else None
        message += f': Core ML refuses to load it ("{validator_label_count_message(labels, dim)}")'
        severity = Severity.ERROR
    yield Finding(message, location=model.path, severity=severity)
