"""A seeded mutator over the whole Core ML spec schema, driven by the protobuf descriptors.

Used by the differential test against Core ML's validator (tests/test_validator_differential.py),
by bench/validator_diff.py and by bench/fuzz.py. Unlike tests/spec_mutations.py (which changes
fields that are already set, or bytes), this one also *writes* what is not there: a random
message of any type of the schema (every model type of ``Model.Type``, every message, enums,
repeated fields and maps, custom-layer parameters included), so mutants reach validator checks
that no seed model exercises.

Operators (each takes a parsed ``Model`` and a ``random.Random``; all changes are in place):

- ``version``: the root's or a sub-model's ``specificationVersion`` set to 0..11;
- ``retype``: the model (or a sub-model) becomes another type of the ``Type`` oneof, with a
  random message of that type;
- ``add_field``: a field not yet set, anywhere in the tree, set to a random value;
- ``change_field``: a field already set is changed, cleared, duplicated (tests/spec_mutations.py);
- ``feature``: an input or output gets another feature type, shape, flexibility, optional flag,
  name or dictionary/sequence type;
- ``pipeline``: the model wrapped in a pipeline (of pipelines), with or without another stage;
- ``custom_layer``: a neural network gains a custom layer with parameters;
- ``bytes``: a byte-level mutation of the serialized spec (rare: mostly unreadable specs).

:func:`synthetic_model` builds a model of any type from nothing (random message, random
interface), so every model type is covered even without a seed of it. :func:`mutant` picks a
seed or a synthetic model and applies 1-3 operators; :func:`mutants` yields ``(seed, bytes)``
for a base seed, reproducibly.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from spec_mutations import (
    _is_map,
    _scalar,
    mutate_bytes,
    mutate_fields,
    slots,
    strings_in,
)

from mllint import protos

Spec = Any  # a Model_pb2.Model
NAMES = ("x", "y", "input", "output", "data", "", "classLabel", "probs", "a", "b")
MAX_DEPTH = 4


def model_class() -> Any:
    return protos.model_class()


def type_fields() -> list[FieldDescriptor]:
    """Every member of ``Model.Type``: one per model type."""
    return list(model_class().DESCRIPTOR.oneofs_by_name["Type"].fields)


def _value(rng: random.Random, field: FieldDescriptor, names: Sequence[str]) -> Any:
    if field.cpp_type == FieldDescriptor.CPPTYPE_STRING and field.type != FieldDescriptor.TYPE_BYTES:
        return rng.choice(list(names)) if rng.random() < 0.7 else rng.choice(NAMES)
    if field.cpp_type in (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_INT64,
                          FieldDescriptor.CPPTYPE_UINT32, FieldDescriptor.CPPTYPE_UINT64) and rng.random() < 0.6:
        small = rng.randint(0, 8)
        signed = field.cpp_type in (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_INT64)
        return -small if signed and rng.random() < 0.1 else small
    if field.cpp_type in (FieldDescriptor.CPPTYPE_FLOAT, FieldDescriptor.CPPTYPE_DOUBLE) and rng.random() < 0.6:
        return rng.choice((0.0, 0.5, 1.0, 2.0, -1.0, 0.3))
    if field.cpp_type == FieldDescriptor.CPPTYPE_ENUM and rng.random() < 0.85:
        return rng.choice([v.number for v in field.enum_type.values])
    return _scalar(rng, field, list(names))


def fill(rng: random.Random, message: Any, names: Sequence[str] = NAMES, depth: int = 0, density: float = 0.5) -> Any:
    """Set a random selection of ``message``'s fields (one member of each oneof at most), recursively."""
    descriptor: Descriptor = message.DESCRIPTOR
    if depth > MAX_DEPTH:
        return message
    chosen_oneofs = {o.name: rng.choice(o.fields) for o in descriptor.oneofs if o.fields and rng.random() < 0.8}
    for field in descriptor.fields:
        oneof = field.containing_oneof
        if oneof is not None and oneof.name in chosen_oneofs:
            if chosen_oneofs[oneof.name] is not field:
                continue
        elif rng.random() > density / (1 + depth):
            continue
        set_random(rng, message, field, names, depth)
    return message


def set_random(rng: random.Random, message: Any, field: FieldDescriptor, names: Sequence[str], depth: int) -> None:
    """Give ``message.<field>`` a random value (a new map entry or list element when repeated)."""
    try:
        if _is_map(field):
            key_field = field.message_type.fields_by_name["key"]
            value_field = field.message_type.fields_by_name["value"]
            container = getattr(message, field.name)
            for _ in range(rng.randint(1, 3)):
                key = _value(rng, key_field, names)
                if value_field.type == FieldDescriptor.TYPE_MESSAGE:
                    fill(rng, container[key], names, depth + 1)
                else:
                    container[key] = _value(rng, value_field, names)
        elif field.is_repeated:
            container = getattr(message, field.name)
            for _ in range(rng.choice((1, 1, 2, 3, 4))):
                if field.type == FieldDescriptor.TYPE_MESSAGE:
                    fill(rng, container.add(), names, depth + 1)
                else:
                    container.append(_value(rng, field, names))
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            sub = getattr(message, field.name)
            sub.SetInParent()
            fill(rng, sub, names, depth + 1)
        else:
            setattr(message, field.name, _value(rng, field, names))
    except (ValueError, TypeError, OverflowError):
        pass  # protobuf refused the value (range, UTF-8)


# -- interfaces ---------------------------------------------------------------------------------------

FEATURE_KINDS = ("multiArrayType", "doubleType", "int64Type", "stringType", "imageType", "dictionaryType",
                 "sequenceType", "stateType")


def random_feature_type(rng: random.Random, feature_type: Any, kind: str | None = None) -> None:
    """Make ``feature_type`` (a FeatureType) a plausible random type of ``kind``."""
    feature_type.Clear()
    kind = kind or rng.choice(FEATURE_KINDS)
    feature_type.isOptional = rng.random() < 0.1
    if kind == "multiArrayType":
        array = feature_type.multiArrayType
        array.dataType = rng.choice((65568, 65568, 65600, 131104, 65552, 131080, 0))
        array.shape.extend(rng.choice(([], [3], [1, 3], [3, 4, 5], [1, 3, 8, 8], [2, 1, 3, 4, 5], [-1, 2])))
        flexibility = rng.random()
        if flexibility < 0.1:
            for size in array.shape or [2]:
                array.shapeRange.sizeRanges.add(lowerBound=max(size, 0), upperBound=rng.choice((size, size + 2, -1, size - 1)))
        elif flexibility < 0.2:
            for _ in range(rng.randint(0, 2)):
                array.enumeratedShapes.shapes.add().shape.extend(rng.choice(([3], [1, 3], list(array.shape))))
    elif kind == "imageType":
        image = feature_type.imageType
        image.width, image.height = rng.choice(((8, 8), (0, 8), (224, 224), (-1, 4)))
        image.colorSpace = rng.choice((10, 20, 30, 40, 0))
        if rng.random() < 0.1:
            image.imageSizeRange.widthRange.lowerBound = rng.choice((1, 8))
            image.imageSizeRange.widthRange.upperBound = rng.choice((-1, 4, 16))
            image.imageSizeRange.heightRange.lowerBound = 8
            image.imageSizeRange.heightRange.upperBound = 16
    elif kind == "dictionaryType":
        dictionary = feature_type.dictionaryType
        choice = rng.random()
        if choice < 0.45:
            dictionary.stringKeyType.SetInParent()
        elif choice < 0.9:
            dictionary.int64KeyType.SetInParent()
        else:
            dictionary.SetInParent()
    elif kind == "sequenceType":
        sequence = feature_type.sequenceType
        choice = rng.random()
        if choice < 0.45:
            sequence.stringType.SetInParent()
        elif choice < 0.9:
            sequence.int64Type.SetInParent()
        else:
            sequence.SetInParent()
        if rng.random() < 0.3:
            sequence.sizeRange.lowerBound = rng.choice((0, 1, 3))
            sequence.sizeRange.upperBound = rng.choice((-1, 0, 2, 5))
    elif kind == "stateType":
        state = feature_type.stateType
        state.arrayType.dataType = rng.choice((65552, 65568, 131080))
        state.arrayType.shape.extend(rng.choice(([1, 4], [], [2])))
    else:
        getattr(feature_type, kind).SetInParent()


def random_interface(rng: random.Random, spec: Spec) -> None:
    description = spec.description
    for role, count in (("input", rng.choice((0, 1, 1, 2, 3))), ("output", rng.choice((0, 1, 1, 2)))):
        container = description.input if role == "input" else description.output
        for index in range(count):
            feature = container.add(name=f"{role[0]}{index}" if rng.random() < 0.9 else rng.choice(NAMES))
            random_feature_type(rng, feature.type, rng.choice(("multiArrayType", "doubleType", "multiArrayType",
                                                               "int64Type", "stringType", "imageType",
                                                               "dictionaryType", "sequenceType")))
    if rng.random() < 0.3 and description.output:
        description.predictedFeatureName = rng.choice([f.name for f in description.output] + ["zz"])
    if rng.random() < 0.1 and description.output:
        description.predictedProbabilitiesName = rng.choice([f.name for f in description.output])


def synthetic_model(rng: random.Random, type_name: str | None = None) -> Spec:
    """A model of ``type_name`` (default: any member of ``Model.Type``) written from nothing."""
    spec = model_class()()
    spec.specificationVersion = rng.randint(1, 10)
    random_interface(rng, spec)
    names = [f.name for f in spec.description.input] + [f.name for f in spec.description.output] + ["x"]
    field = model_class().DESCRIPTOR.fields_by_name[type_name] if type_name else rng.choice(type_fields())
    body = getattr(spec, field.name)
    body.SetInParent()
    if field.name not in ("pipeline", "pipelineClassifier", "pipelineRegressor"):
        fill(rng, body, names, density=0.7)
    else:
        pipeline = body if field.name == "pipeline" else body.pipeline
        body.SetInParent()
        for _ in range(rng.randint(0, 2)):
            inner = synthetic_model(rng, rng.choice(("identity", "scaler", "glmRegressor", "neuralNetwork")))
            pipeline.models.add().CopyFrom(inner)
    if rng.random() < 0.05:
        spec.isUpdatable = True
    return spec


# -- operators ------------------------------------------------------------------------------------------


def models_in(spec: Spec) -> list[Spec]:
    """The model and every (nested) pipeline sub-model, root first."""
    found = [spec]
    index = 0
    while index < len(found):
        model = found[index]
        kind = model.WhichOneof("Type")
        if kind in ("pipeline", "pipelineClassifier", "pipelineRegressor"):
            pipeline = model.pipeline if kind == "pipeline" else getattr(model, kind).pipeline
            found.extend(pipeline.models)
        index += 1
    return found


def op_version(rng: random.Random, spec: Spec) -> None:
    rng.choice(models_in(spec)).specificationVersion = rng.randint(0, 11)


def op_retype(rng: random.Random, spec: Spec) -> None:
    model = rng.choice(models_in(spec))
    field = rng.choice(type_fields())
    names = strings_in(model)
    body = getattr(model, field.name)
    body.SetInParent()
    body.Clear()
    body.SetInParent()
    if field.name.startswith("pipeline"):
        inner = synthetic_model(rng, "identity")
        (body if field.name == "pipeline" else body.pipeline).models.add().CopyFrom(inner)
    else:
        fill(rng, body, names, density=0.7)


def _message_slots(spec: Spec) -> list[Any]:
    messages = [spec]
    for slot in slots(spec, limit=4000):
        value = getattr(slot.message, slot.field.name)
        if slot.field.type != FieldDescriptor.TYPE_MESSAGE or _is_map(slot.field):
            continue
        if slot.field.is_repeated:
            if slot.key is not None:
                messages.append(value[slot.key])
        else:
            messages.append(value)
    return messages


def op_add_field(rng: random.Random, spec: Spec) -> None:
    names = strings_in(spec)
    message = rng.choice(_message_slots(spec))
    unset = [f for f in message.DESCRIPTOR.fields
             if (f.is_repeated and not len(getattr(message, f.name)))
             or (not f.is_repeated and f.has_presence and not message.HasField(f.name))
             or (not f.is_repeated and not f.has_presence and not getattr(message, f.name))]
    fields = unset or list(message.DESCRIPTOR.fields)
    if fields:
        set_random(rng, message, rng.choice(fields), names, depth=2)


def op_feature(rng: random.Random, spec: Spec) -> None:
    model = rng.choice(models_in(spec))
    description = model.description
    features = list(description.input) + list(description.output)
    if not features:
        random_interface(rng, model)
        return
    feature = rng.choice(features)
    choice = rng.random()
    if choice < 0.35:
        random_feature_type(rng, feature.type)
    elif choice < 0.5:
        feature.type.isOptional = not feature.type.isOptional
    elif choice < 0.6:
        feature.name = rng.choice(NAMES + tuple(f.name for f in features))
    elif choice < 0.8 and feature.type.WhichOneof("Type") == "multiArrayType":
        array = feature.type.multiArrayType
        if rng.random() < 0.5 or not array.shape:
            del array.shape[:]
            array.shape.extend(rng.choice(([], [-1], [0], [1, 2, 3, 4, 5, 6], [3], [2, 3])))
        else:
            array.ClearField("ShapeFlexibility") if array.WhichOneof("ShapeFlexibility") else None
            if rng.random() < 0.5:
                for size in array.shape:
                    array.shapeRange.sizeRanges.add(lowerBound=max(size, 0), upperBound=rng.choice((size, -1, size + 1, 0)))
            else:
                array.enumeratedShapes.shapes.add().shape.extend(rng.choice((list(array.shape), [1], [])))
    else:
        random_feature_type(rng, feature.type, feature.type.WhichOneof("Type"))


def op_pipeline(rng: random.Random, spec: Spec) -> None:
    """Wrap the model in a pipeline (twice, sometimes), with the same interface; sometimes add a stage."""
    inner = model_class()()
    inner.CopyFrom(spec)
    for _ in range(rng.choice((1, 1, 2))):
        kind = rng.choice(("pipeline", "pipeline", "pipelineClassifier", "pipelineRegressor"))
        outer = model_class()()
        outer.specificationVersion = max(inner.specificationVersion, rng.choice((1, 3, 4, 5, 7, 9)))
        outer.description.CopyFrom(inner.description)
        pipeline = outer.pipeline if kind == "pipeline" else getattr(outer, kind).pipeline
        pipeline.models.add().CopyFrom(inner)
        if rng.random() < 0.2:
            stage = synthetic_model(rng, "identity")
            stage.description.ClearField("input")
            stage.description.input.extend(inner.description.output)
            stage.description.ClearField("output")
            stage.description.output.extend(inner.description.output)
            pipeline.models.add().CopyFrom(stage)
        inner = outer
    spec.CopyFrom(inner)


def op_custom_layer(rng: random.Random, spec: Spec) -> None:
    networks = []
    for model in models_in(spec):
        kind = model.WhichOneof("Type")
        if kind in ("neuralNetwork", "neuralNetworkClassifier", "neuralNetworkRegressor"):
            networks.append(getattr(model, kind))
    if not networks:
        op_add_field(rng, spec)
        return
    network = rng.choice(networks)
    names = strings_in(spec)
    layer = network.layers.add(name=f"custom{rng.randint(0, 9)}")
    layer.input.append(rng.choice(names))
    layer.output.append(rng.choice(names) if rng.random() < 0.3 else f"custom_out{rng.randint(0, 9)}")
    custom = layer.custom
    custom.className = rng.choice(("MyLayer", ""))
    for key in rng.sample(("alpha", "beta", "mode", "k"), rng.randint(0, 3)):
        fill(rng, custom.parameters[key], names, depth=1, density=1.0)
    if rng.random() < 0.5:
        fill(rng, custom.weights.add(), names, depth=2)


def op_change_field(rng: random.Random, spec: Spec) -> None:
    spec.ParseFromString(mutate_fields(rng, spec.SerializeToString(deterministic=True), rng.choice((1, 1, 2))))


OPERATORS: dict[str, Callable[[random.Random, Spec], None]] = {
    "version": op_version,
    "retype": op_retype,
    "add_field": op_add_field,
    "change_field": op_change_field,
    "feature": op_feature,
    "pipeline": op_pipeline,
    "custom_layer": op_custom_layer,
}
WEIGHTS = {"version": 2, "retype": 1, "add_field": 3, "change_field": 3, "feature": 3, "pipeline": 1,
           "custom_layer": 0.5}


def mutate_spec(rng: random.Random, data: bytes | None) -> tuple[str, bytes]:
    """One mutant: (the operators applied, the serialized spec). ``data=None``: a synthetic model."""
    spec = model_class()()
    if data is None:
        try:
            spec = synthetic_model(rng)
        except (ValueError, TypeError, OverflowError):
            spec = model_class()()
        applied = ["synthetic"]
    else:
        spec.ParseFromString(data)
        applied = []
    names = list(OPERATORS)
    weights = [WEIGHTS[name] for name in names]
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        name = rng.choices(names, weights)[0]
        try:
            OPERATORS[name](rng, spec)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
            continue
        applied.append(name)
    out = spec.SerializeToString(deterministic=True)
    if rng.random() < 0.02:
        applied.append("bytes")
        out = mutate_bytes(rng, out)
    return "+".join(applied) or "none", out


def mutants(seed_specs: Sequence[bytes], count: int, base_seed: int,
            synthetic_share: float = 0.25) -> Iterator[tuple[int, str, bytes]]:
    """``count`` mutants, each ``(seed, operators, bytes)``; mutant ``i`` uses ``random.Random(base_seed + i)``,
    so any one is replayed by its seed alone (with the same seed list)."""
    for index in range(count):
        seed = base_seed + index
        yield (seed, *mutant(seed, seed_specs, synthetic_share))


def mutant(seed: int, seed_specs: Sequence[bytes], synthetic_share: float = 0.25) -> tuple[str, bytes]:
    rng = random.Random(seed)
    data = None if not seed_specs or rng.random() < synthetic_share else rng.choice(list(seed_specs))
    return mutate_spec(rng, data)
