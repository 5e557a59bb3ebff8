"""ML203-ML207: non-maximum suppression inside the model, and how it is configured.

NMS reaches a Core ML model in three forms (a NonMaximumSuppression model in a
pipeline, a NeuralNetwork layer, an ML program op; see
:mod:`mllint.knowledge.nms`). ML203 reports that it is there; ML204-ML207
check the configuration people get wrong: class labels against the
confidence's class dimension, the 80-class padding Core ML's NMS needs after an
ML program, threshold values, and the defaults the interface advertises.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterator, Literal, Sequence

from mllint import Finding, Rule, Severity, hookimpl, model_rule
from mllint.knowledge.nms import (
    CLASS_DIMENSION_MULTIPLE,
    CLASS_PADDING_SOURCE,
    NMS_FORMS,
    NMS_MODEL_TYPE,
    NMS_OP_TYPES,
    NN_NMS_OVERRIDE_INPUT,
    VALIDATOR_CONFIDENCE_MESSAGE,
    VALIDATOR_IOU_MESSAGE,
    validator_label_count_message,
)
from mllint.view import Feature, Model, Op

NMS_PROTO = "apple/coremltools mlmodel/format/NonMaximumSuppression.proto"
NMS_VALIDATOR = "apple/coremltools mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp"


# --------------------------------------------------------------------------- shared helpers


def _shape_text(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _nms_ops(model: Model) -> Iterator[Op]:
    for graph in model.graphs:
        yield from graph.ops_of_type(*NMS_OP_TYPES)


def _feature(features: Sequence[Feature], name: str) -> Feature | None:
    return next((f for f in features if f.name == name), None)


@dataclass(frozen=True)
class Upstream:
    """The earlier pipeline step that produces one of the NMS model's inputs."""

    model: Model
    name: str
    shape: tuple[int, ...]  # -1 for a dimension unknown until run time; () if undeclared

    def describe(self) -> str:
        shape = f" {_shape_text(self.shape)}" if self.shape else ""
        return f"{self.model.type} {self.model.display_path} output '{self.name}'{shape}"


def _upstream(model: Model, name: str) -> Upstream | None:
    """The closest earlier sibling in the pipeline that outputs ``name``, with its shape."""
    if model.parent is None or model.index is None:
        return None
    for sibling in reversed(model.parent.sub_models[: model.index]):
        feature = _feature(sibling.outputs, name)
        if feature is None:
            continue
        shape = feature.shape
        if not shape:
            for graph in sibling.graphs:
                producer = graph.producer(name)
                info = next((o for o in producer.outputs if o.name == name), None) if producer else None
                if info is not None:
                    shape = info.shape
        return Upstream(sibling, name, tuple(shape))
    return None


def _class_labels(model: Model) -> int | None:
    which = model.body.WhichOneof("ClassLabels")
    return len(getattr(model.body, which).vector) if which else None


# --------------------------------------------------------------------------- ML203


def _place_in_pipeline(model: Model) -> str:
    if model.parent is None or model.index is None:
        return "(the whole model)"
    steps = len(model.parent.sub_models)
    upstream = _upstream(model, model.body.confidenceInputFeatureName)
    after = f", after {upstream.model.type} {upstream.model.display_path}" if upstream else ""
    return f"(pipeline step {model.index + 1} of {steps}{after})"


@model_rule(
    code="ML203",
    name="embedded-nms",
    severity="warning",
    heuristic=True,
    summary="Non-maximum suppression runs inside the model (NMS model in a pipeline, NMS layer or NMS op).",
    why="""
        Core ML's NMS does not run on the Neural Engine: the detector's raw boxes go back to the CPU
        for a sort-and-suppress step on every prediction. Its behaviour is frozen at export (class-aware
        `perClass` suppression, thresholds, label list), and exports with embedded NMS are behind a
        series of field reports: wrong or missing boxes unless classes are padded to 80, confidences
        always 1.0, class mix-ups, and slow post-processing.
    """,
    fix="""
        Export the detector without NMS (Ultralytics: `nms=False`) and suppress boxes in app code, where
        thresholds and class-agnostic suppression are yours to choose. Keep the embedded NMS only if you
        need Vision's VNRecognizedObjectObservation results, which require it.
    """,
    sources=(
        "ultralytics/ultralytics#22309 (missing or wrong boxes with nms=True)",
        "ultralytics/ultralytics#19857 (confidence always 1.0)",
        "ultralytics/ultralytics#8118 (NMS is class-aware)",
        "apple/coremltools#2471 (NMS post-processing in Core ML is slow, off the ANE)",
    ),
)
def embedded_nms(model: Model) -> Iterator[Finding]:
    """Looks for the three forms of NMS: a model of type `nonMaximumSuppression` anywhere in
    the tree, a NeuralNetwork `NonMaximumSuppression` layer, an ML program
    `non_maximum_suppression` op. The message names the form and where it sits.

    Example: an Ultralytics `export(format="coreml", nms=True)` is a pipeline
    [mlProgram, nonMaximumSuppression]: "non-maximum suppression runs in a
    NonMaximumSuppression model (pipeline step 2 of 2, after mlProgram models[0])".
    """
    if model.type == NMS_MODEL_TYPE:
        yield Finding(
            f"non-maximum suppression runs in {NMS_FORMS[NMS_MODEL_TYPE].label} {_place_in_pipeline(model)}",
            location=model.path,
        )
    for op in _nms_ops(model):
        where = f"function '{op.graph.name}'" if op.is_mil else "the neural network's layers"
        yield Finding(f"non-maximum suppression runs in {NMS_FORMS[op.type].label} ({where})", location=op.path)


# --------------------------------------------------------------------------- ML204


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
    confidence_in = _feature(model.inputs, nms.confidenceInputFeatureName)
    if confidence_in is not None and confidence_in.shape and confidence_in.shape[-1] > 0:
        size = confidence_in.shape[-1]
        found.append(ClassDimension(f"input '{confidence_in.name}' {_shape_text(confidence_in.shape)}", size, size))
    upstream = _upstream(model, nms.confidenceInputFeatureName)
    if upstream is not None and upstream.shape and upstream.shape[-1] > 0:
        size = upstream.shape[-1]
        found.append(ClassDimension(upstream.describe(), size, size))
    confidence_out = _feature(model.outputs, nms.confidenceOutputFeatureName)
    array = confidence_out.array if confidence_out is not None else None
    if array is not None and len(array.shape) == 2:
        size = int(array.shape[1])
        found.append(ClassDimension(f"output '{confidence_out.name}' {_shape_text(array.shape)}", size, size, "shape"))
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
    labels = _class_labels(model)
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
        message += f": Core ML refuses to load it (\"{validator_label_count_message(labels, dim)}\")"
        severity = Severity.ERROR
    yield Finding(message, location=model.path, severity=severity)


# --------------------------------------------------------------------------- ML205


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
    upstream = _upstream(model, model.body.confidenceInputFeatureName)
    if upstream is None or upstream.model.type != "mlProgram":
        return
    if not upstream.shape or upstream.shape[-1] <= 0 or upstream.shape[-1] % CLASS_DIMENSION_MULTIPLE == 0:
        return
    yield Finding(
        f"the NMS confidence comes from {upstream.describe()} with {upstream.shape[-1]} classes, "
        f"not a multiple of {CLASS_DIMENSION_MULTIPLE}",
        location=model.path,
    )


# --------------------------------------------------------------------------- ML206


@dataclass(frozen=True)
class ThresholdProblem:
    text: str
    severity: Severity | None = None


# Who reads the threshold: the NMS model type's field (checked when Core ML loads the model),
# a value for its override input (checked at prediction time), or a layer/op parameter.
Reader = Literal["model", "override", "op"]


def _iou_problem(value: float, reader: Reader) -> ThresholdProblem | None:
    if reader == "model" and not (0.0 <= value <= 1.0):  # NaN fails this too, as in the validator
        return ThresholdProblem(
            f"is outside [0, 1]: Core ML refuses to load it (\"{VALIDATOR_IOU_MESSAGE}\")", Severity.ERROR
        )
    if math.isnan(value):
        return ThresholdProblem("is not a number: no box compares against it")
    if value > 1.0:
        return ThresholdProblem("is above 1: no two boxes overlap that much, so nothing is ever suppressed")
    if value < 0.0:
        return ThresholdProblem("is negative: every box but the best one is suppressed, overlapping or not")
    if value == 0.0:
        unset = " (0 is the protobuf default: it was probably never set)" if reader == "model" else ""
        return ThresholdProblem(f"suppresses every box that touches a kept box{unset}")
    return None


def _score_problem(value: float, reader: Reader) -> ThresholdProblem | None:
    if reader == "model" and not (value >= 0.0):
        return ThresholdProblem(
            f"is negative: Core ML refuses to load it (\"{VALIDATOR_CONFIDENCE_MESSAGE}\")", Severity.ERROR
        )
    if math.isnan(value):
        return ThresholdProblem("is not a number: no box compares against it")
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
_DEFAULT_PATTERN = re.compile(r"default:?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)", re.IGNORECASE)


@dataclass(frozen=True)
class AdvertisedDefault:
    """A threshold override input whose description states a default, e.g. '(default: 0.45)'."""

    feature: Feature
    field: str  # iouThreshold / confidenceThreshold
    kind: str  # iou / score
    value: float


def _described_input(model: Model, name: str) -> Feature | None:
    """The input ``name`` with a description, from the model or the closest enclosing pipeline."""
    node: Model | None = model
    while node is not None:
        feature = _feature(node.inputs, name)
        if feature is not None and feature.proto.shortDescription:
            return feature
        node = node.parent
    return None


def _advertised_defaults(model: Model) -> Iterator[AdvertisedDefault]:
    nms = model.body
    for field, input_field, kind in (
        ("iouThreshold", "iouThresholdInputFeatureName", "iou"),
        ("confidenceThreshold", "confidenceThresholdInputFeatureName", "score"),
    ):
        name = getattr(nms, input_field)
        feature = _described_input(model, name) if name else None
        if feature is None:
            continue
        match = _DEFAULT_PATTERN.search(feature.proto.shortDescription)
        if match:
            yield AdvertisedDefault(feature, field, kind, float(match.group(1)))


def _nms_model_thresholds(model: Model) -> Iterator[Finding]:
    nms = model.body
    for field, kind in (("iouThreshold", "iou"), ("confidenceThreshold", "score")):
        value = float(getattr(nms, field))
        problem = _PROBLEMS[kind](value, "model")
        if problem:
            yield Finding(f"{field} {value:g} {problem.text}", location=model.path, severity=problem.severity)
    for default in _advertised_defaults(model):
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
    for op in _nms_ops(model):
        yield from _op_thresholds(op)


# --------------------------------------------------------------------------- ML207


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
    for default in _advertised_defaults(model):
        actual = float(getattr(model.body, default.field))
        if math.isclose(default.value, actual, rel_tol=1e-6, abs_tol=1e-9):
            continue
        yield Finding(
            f"input '{default.feature.name}' says its default is {default.value:g}, but the NMS model "
            f"{model.display_path} uses {default.field} {actual:g} when it is not given",
            location=default.feature.path,
        )


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [
        embedded_nms,
        nms_class_count_mismatch,
        nms_class_count_unpadded,
        nms_threshold_out_of_range,
        nms_threshold_default_mismatch,
    ]
