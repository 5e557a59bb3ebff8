"""What the NMS rules (ML203-ML207) share: NMS ops, the pipeline step before an NMS model, class labels,
and the threshold defaults its override inputs advertise."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mllint.knowledge.nms import NMS_OP_TYPES
from mllint.view import Feature, Model, Op

NMS_PROTO = "apple/coremltools mlmodel/format/NonMaximumSuppression.proto"
NMS_VALIDATOR = "apple/coremltools mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp"
_DEFAULT_PATTERN = re.compile(r"default:?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)", re.IGNORECASE)


def shape_text(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def nms_ops(model: Model) -> Iterator[Op]:
    for graph in model.graphs:
        yield from graph.ops_of_type(*NMS_OP_TYPES)


def find_feature(features: Sequence[Feature], name: str) -> Feature | None:
    return next((f for f in features if f.name == name), None)


@dataclass(frozen=True)
class Upstream:
    """The earlier pipeline step that produces one of the NMS model's inputs."""

    model: Model
    name: str
    shape: tuple[int, ...]  # -1 for a dimension unknown until run time; () if undeclared

    def describe(self) -> str:
        shape = f" {shape_text(self.shape)}" if self.shape else ""
        return f"{self.model.type} {self.model.display_path} output '{self.name}'{shape}"


def upstream_of(model: Model, name: str) -> Upstream | None:
    """The closest earlier sibling in the pipeline that outputs ``name``, with its shape."""
    if model.parent is None or model.index is None:
        return None
    for sibling in reversed(model.parent.sub_models[: model.index]):
        feature = find_feature(sibling.outputs, name)
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


def class_labels(model: Model) -> int | None:
    which = model.body.WhichOneof("ClassLabels")
    return len(getattr(model.body, which).vector) if which else None


@dataclass(frozen=True)
class AdvertisedDefault:
    """A threshold override input whose description states a default, e.g. '(default: 0.45)'."""

    feature: Feature
    field: str  # iouThreshold / confidenceThreshold
    kind: str  # iou / score
    value: float


def described_input(model: Model, name: str) -> Feature | None:
    """The input ``name`` with a description, from the model or the closest enclosing pipeline."""
    node: Model | None = model
    while node is not None:
        feature = find_feature(node.inputs, name)
        if feature is not None and feature.proto.shortDescription:
            return feature
        node = node.parent
    return None


def advertised_defaults(model: Model) -> Iterator[AdvertisedDefault]:
    """The threshold override inputs whose description states a default, with that default."""
    nms = model.body
    for field, input_field, kind in (
        ("iouThreshold", "iouThresholdInputFeatureName", "iou"),
        ("confidenceThreshold", "confidenceThresholdInputFeatureName", "score"),
    ):
        name = getattr(nms, input_field)
        feature = described_input(model, name) if name else None
        if feature is None:
            continue
        match = _DEFAULT_PATTERN.search(feature.proto.shortDescription)
        if match:
            yield AdvertisedDefault(feature, field, kind, float(match.group(1)))
