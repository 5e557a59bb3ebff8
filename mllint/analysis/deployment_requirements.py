"""What each model needs from Core ML: every feature, layer and op with the spec version
that introduced it (an analysis shared by the ML3xx rules and the "oldest OS" fact).

``requirements(model)`` lists the requirements of one node of the model tree;
``tree_requirements(root)`` adds every sub-model's, as Core ML's
``walkModelAndPipeline`` does. The oldest OS a model can load on is the OS of the
highest spec version among them. The knowledge comes from the tables in
``mllint.knowledge`` (``model_features``, ``nn_layers``, ``mil_ops``,
``spec_versions``), each version in one row there; this module only finds where a
model uses each row. It is the
Python counterpart of ``hasIOS11_2Features`` ... ``hasIOS26Features`` in
apple/coremltools ``mlmodel/src/Utils.cpp``, extended with NN layer and ML program op
availability.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import Any, NamedTuple

from mllint.knowledge import mil_ops, nn_layers
from mllint.knowledge import model_features as mf
from mllint.knowledge.spec_versions import (
    LOWEST_MLPROGRAM_SPEC_VERSION,
    OPSET_SPEC_VERSION,
    ios_macos_label,
)
from mllint.protos import is_map_entry
from mllint.view import NEURAL_NETWORK_TYPES, Model

UTILS = "apple/coremltools mlmodel/src/Utils.cpp"


class Requirement(NamedTuple):
    """One use of a feature that needs ``spec_version`` or later."""

    spec_version: int
    feature: str  # what needs it, as messages name it: "FLOAT16 multiarray", "ML program op 'read_state'"
    source: str  # where the version comes from
    location: str = ""  # where the model uses it

    @property
    def os_name(self) -> str:
        return ios_macos_label(self.spec_version)


# --------------------------------------------------------------------------- interface


def _interface(model: Model) -> Iterator[Requirement]:
    for feature in model.features:
        kind = feature.kind
        proto_type = feature.proto.type
        if feature.role == "state" or kind == "stateType":
            yield Requirement(mf.STATE_TYPE.min_version, "state feature", mf.STATE_TYPE.source, feature.path)
        if kind in ("multiArrayType", "imageType") and feature.flexibility:
            gate = mf.FLEXIBLE_SHAPES
            yield Requirement(gate.min_version, "flexible shape", gate.source, feature.path)
        if kind == "sequenceType" and proto_type.sequenceType.WhichOneof("Type") in ("stringType", "int64Type"):
            gate = mf.SEQUENCE_TYPE
            yield Requirement(gate.min_version, "sequence feature", gate.source, feature.path)
        if kind == "multiArrayType":
            dtype = feature.dtype
            if dtype == "FLOAT16":
                gate = mf.FLOAT16_ARRAY
                yield Requirement(gate.min_version, "FLOAT16 multiarray", gate.source, feature.path)
            elif dtype == "INT8":
                gate = mf.INT8_ARRAY
                yield Requirement(gate.min_version, "INT8 multiarray", gate.source, feature.path)
            if feature.optional and proto_type.multiArrayType.WhichOneof("defaultOptionalValue"):
                gate = mf.OPTIONAL_DEFAULT_VALUE
                yield Requirement(gate.min_version, "default value of an optional input", gate.source, feature.path)
        if kind == "imageType" and feature.dtype == "GRAYSCALE_FLOAT16":
            gate = mf.FLOAT16_ARRAY
            yield Requirement(gate.min_version, "GRAYSCALE_FLOAT16 image", gate.source, feature.path)


def _description(model: Model) -> Iterator[Requirement]:
    description = model.proto.description
    if description.functions or description.defaultFunctionName:
        gate = mf.MULTI_FUNCTION
        yield Requirement(gate.min_version, "multi-function description", gate.source, model.location("functions"))
    if description.functions:
        empty = [f.name for f in description.functions if not f.input]
        for name in empty:
            gate = mf.EMPTY_INPUT
            yield Requirement(gate.min_version, "empty input list", gate.source, model.location("functions", name))
    elif not description.input:
        gate = mf.EMPTY_INPUT
        yield Requirement(gate.min_version, "empty input list", gate.source, model.location("inputs"))
    if model.proto.isUpdatable:
        gate = mf.UPDATABLE
        yield Requirement(gate.min_version, "updatable model", gate.source, model.path)


# --------------------------------------------------------------------------- model type


def field_value(message: Any, dotted: str) -> Any:
    """The value at ``a.b`` of a protobuf message; None when a sub-message on the way is unset."""
    value = message
    for part in dotted.split("."):
        field = value.DESCRIPTOR.fields_by_name.get(part)
        if field is None:
            return None
        if field.message_type is not None and not field.is_repeated and not value.HasField(part):
            return None
        value = getattr(value, part)
    return value


def row_applies(model: Model, row: mf.FeatureRequirement) -> bool:
    """Whether a model-type row of the feature table describes this model (type, then field)."""
    if row.model_type is None or row.model_type != model.type:
        return False
    if row.field is None:
        return True
    value = field_value(model.body, row.field)
    return value is not None and (row.equals is None or value == row.equals)


def _model_type(model: Model) -> Iterator[Requirement]:
    if model.type == "mlProgram":
        yield Requirement(mf.ML_PROGRAM.min_version, mf.ML_PROGRAM.feature, mf.ML_PROGRAM.source, model.path)
    for row in mf.MODEL_FEATURES:
        if row_applies(model, row):
            yield Requirement(row.min_version, row.feature, row.source, model.path)
    if model.type == "nonMaximumSuppression":
        float32 = [f for f in model.features if f.array is not None and f.dtype == "FLOAT32"]
        if float32:
            gate = mf.NMS_FLOAT32
            yield Requirement(gate.min_version, "FLOAT32 NMS inputs/outputs", gate.source, float32[0].path)


# --------------------------------------------------------------------------- neural networks


def _weight_kinds(message: Any) -> Iterator[str]:
    """``fp16`` / ``quantized`` for every WeightParams inside a layer's parameters (a map's values
    included: a custom layer's ``parameters``; iterating a map gives its keys)."""
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if is_map_entry(field.message_type):
            if field.message_type.fields_by_name["value"].message_type is None:
                continue
            values: Iterable[Any] = list(value.values())
        else:
            values = value if field.is_repeated else (value,)
        for item in values:
            if field.message_type.name == "WeightParams":
                if len(item.float16Value) and not item.floatValue and not item.rawValue:
                    yield "fp16"
                elif len(item.rawValue) and not item.floatValue and item.HasField("quantization"):
                    yield "quantized"
            else:
                yield from _weight_kinds(item)


def _option_used(layer: Any, params: Any, option: nn_layers.OptionRequirement) -> bool:
    if option.test == "inputs_at_least":
        return len(layer.input) >= option.value
    value: Any = getattr(params, option.field, None)
    if option.test == "set":
        return bool(len(value)) if isinstance(value, Sized) else bool(value)
    if option.test == "any_true":
        return any(bool(v) for v in value or ())
    if option.test == "equals":
        return value == option.value
    return False


def _neural_network(model: Model) -> Iterator[Requirement]:
    body = model.body
    where = model.location("layers")
    if body.arrayInputShapeMapping != 0 or body.imageInputShapeMapping != 0:
        yield Requirement(
            nn_layers.ND_SHAPE_MAPPING_SPEC_VERSION,
            "NN input shape mapping other than RANK5",
            f"{UTILS} hasIOS13NeuralNetworkFeatures",
            where,
        )
    for op in model.graphs[0].ops:
        introduced = nn_layers.NN_LAYERS.get(op.type)
        if introduced is not None and introduced.spec_version > 1:
            yield Requirement(introduced.spec_version, f"NN layer '{op.type}'", introduced.source, op.path)
        params = op.params if op.type != "unknown" else None
        if params is None:
            continue
        for option in nn_layers.OPTIONS_BY_LAYER.get(op.type, ()):
            if _option_used(op.proto, params, option):
                yield Requirement(
                    option.spec_version, f"NN layer '{op.type}' with {option.feature}", option.source, op.path
                )
        for kind in set(_weight_kinds(params)):
            gate = mf.FP16_NN_WEIGHTS if kind == "fp16" else mf.QUANTIZED_NN_WEIGHTS
            yield Requirement(gate.min_version, gate.feature, gate.source, op.path)


# --------------------------------------------------------------------------- ML programs


def _ml_program(model: Model) -> Iterator[Requirement]:
    for graph in model.graphs:
        opset_version = OPSET_SPEC_VERSION.get(graph.opset or "")
        if opset_version is not None and opset_version > LOWEST_MLPROGRAM_SPEC_VERSION:  # CoreML5: the mlProgram row
            yield Requirement(
                opset_version,
                f"ML program opset {graph.opset}",
                f"{UTILS} hasCoreML6Opsets ... hasCoreML8Opsets",
                graph.path,
            )
        for op in graph.ops:
            known = mil_ops.MIL_OPS.get(op.type)
            if known is None:
                continue
            version = OPSET_SPEC_VERSION.get(known.first_opset)
            if version is not None and version > LOWEST_MLPROGRAM_SPEC_VERSION:
                source = f"coremltools {mil_ops.GENERATED_FROM} converters/mil/mil/ops/{known.source}"
                yield Requirement(version, f"ML program op '{op.type}'", source, op.path)


# --------------------------------------------------------------------------- pipelines


def _sub_model_version(model: Model) -> Iterator[Requirement]:
    """A pipeline's sub-model is validated at its own declared version (PipelineValidator.cpp validate calls
    Model::validate on it, whose validateGeneric refuses a version newer than the OS knows), so an OS
    loads the pipeline only if it knows every sub-model's version."""
    if model.parent is not None and model.spec_version > 1:
        yield Requirement(
            model.spec_version,
            f"sub-model of specification version {model.spec_version}",
            "apple/coremltools mlmodel/src/Validation/PipelineValidator.cpp validate, "
            "mlmodel/src/Model.cpp validateGeneric",
            model.path,
        )


# --------------------------------------------------------------------------- entry points


def requirements(model: Model) -> list[Requirement]:
    """Every requirement of this node of the model tree (not of its sub-models); computed once per model."""
    return list(model.derived("mllint.analysis.deployment_requirements", lambda: _requirements(model)))


def _requirements(model: Model) -> tuple[Requirement, ...]:
    found: list[Requirement] = []
    found += _model_type(model)
    found += _description(model)
    found += _interface(model)
    found += _sub_model_version(model)
    if model.type in NEURAL_NETWORK_TYPES:
        found += _neural_network(model)
    elif model.type == "mlProgram":
        found += _ml_program(model)
    return tuple(found)


def tree_requirements(root: Model) -> list[Requirement]:
    """The requirements of a model and of every model nested in it."""
    return [r for node in root.walk() for r in requirements(node)]


def min_spec_version(found: Iterable[Requirement]) -> int:
    """The lowest spec version that holds all of ``found``: 1 when nothing needs more."""
    return max((r.spec_version for r in found), default=1)
