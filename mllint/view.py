"""One read-only view over every kind of Core ML model, for every rule.

The view wraps the parsed protobuf without copying it. A rule sees:

- :class:`Model`: one node of the model tree (the root, or a pipeline's
  sub-model at ``models[i]``), with its own spec version, interface
  (:class:`Feature`) and, for neural networks and ML programs, its graphs.
- :class:`Graph`: an ML program function (``main``) or a neural network's
  layer list (``layers``), with producers and consumers of every value.
- :class:`Op`: one ML program operation or one neural-network layer.
- :class:`ConstValue`: a constant resolved from an inline value or a
  ``const`` op (weights in ``weight.bin`` stay on disk: only the blob
  reference is kept).

Every node has a logical path used in diagnostics: ``main/conv_3``,
``layers/fc1``, ``models[1]``, ``models[0]/inputs/image``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterator, NamedTuple, Sequence, TypeVar, overload

from . import protos

PIPELINE_TYPES = ("pipeline", "pipelineClassifier", "pipelineRegressor")
NEURAL_NETWORK_TYPES = ("neuralNetwork", "neuralNetworkClassifier", "neuralNetworkRegressor")
PASS_THROUGH_OPS = frozenset({"cast", "identity"})


_T = TypeVar("_T")


class cached_property(Generic[_T]):  # noqa: N801 - a drop-in for functools.cached_property
    """``functools.cached_property`` without its lock (Python < 3.12 takes one on every first access).

    The view computes a few properties for each of thousands of ops; the
    value is stored in the instance ``__dict__``, which shadows this
    descriptor from then on.
    """

    def __init__(self, func: Callable[[Any], _T]):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> "cached_property[_T]": ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> "_T | cached_property[_T]":
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


def _forget_cached(instance: object) -> None:
    """Drop the values :class:`cached_property` stored on ``instance``; they are computed again if asked for."""
    owner = type(instance)
    for name in [n for n in vars(instance) if isinstance(getattr(owner, n, None), cached_property)]:
        del instance.__dict__[name]


def join_path(*parts: str) -> str:
    return "/".join(p for p in parts if p)


# --------------------------------------------------------------------------- enums


class _EnumNames(NamedTuple):
    array_dtypes: dict[int, str]
    color_spaces: dict[int, str]
    mil_dtypes: dict[int, str]


_enum_cache: list[_EnumNames] = []


def enum_names() -> _EnumNames:
    if not _enum_cache:
        ft = protos.module("FeatureTypes_pb2")
        mil = protos.module("MIL_pb2")
        _enum_cache.append(
            _EnumNames(
                array_dtypes={v: k for k, v in ft.ArrayFeatureType.ArrayDataType.items()},
                color_spaces={v: k for k, v in ft.ImageFeatureType.ColorSpace.items()},
                mil_dtypes={v: k for k, v in mil.DataType.items()},
            )
        )
    return _enum_cache[0]


# --------------------------------------------------------------------------- interface


@dataclass(frozen=True, eq=False)
class Feature:
    """One input, output, state or training input of a model's interface."""

    name: str
    role: str  # "input", "output", "state", "training_input"
    path: str
    proto: Any  # FeatureDescription

    @property
    def kind(self) -> str | None:
        """``multiArrayType``, ``imageType``, ``stateType``, ``doubleType``, ..."""
        return self.proto.type.WhichOneof("Type")

    @property
    def optional(self) -> bool:
        return bool(self.proto.type.isOptional)

    @property
    def array(self) -> Any | None:
        """The ArrayFeatureType of a multiarray, or of the array a state wraps."""
        kind = self.kind
        if kind == "multiArrayType":
            return self.proto.type.multiArrayType
        if kind == "stateType" and self.proto.type.stateType.WhichOneof("Type") == "arrayType":
            return self.proto.type.stateType.arrayType
        return None

    @property
    def image(self) -> Any | None:
        return self.proto.type.imageType if self.kind == "imageType" else None

    @property
    def dtype(self) -> str | None:
        """Array data type name (``FLOAT16``...) or image colour space (``RGB``...)."""
        array = self.array
        if array is not None:
            return enum_names().array_dtypes.get(array.dataType, str(array.dataType))
        image = self.image
        if image is not None:
            return enum_names().color_spaces.get(image.colorSpace, str(image.colorSpace))
        return None

    @property
    def shape(self) -> tuple[int, ...]:
        array = self.array
        if array is not None:
            return tuple(array.shape)
        image = self.image
        if image is not None:
            return (int(image.height), int(image.width))
        return ()

    @property
    def flexibility(self) -> str | None:
        """``"enumerated"``, ``"range"`` or None for a fixed shape."""
        array = self.array
        if array is not None:
            which = array.WhichOneof("ShapeFlexibility")
        elif self.image is not None:
            which = self.image.WhichOneof("SizeFlexibility")
        else:
            return None
        if which in ("enumeratedShapes", "enumeratedSizes"):
            return "enumerated"
        if which in ("shapeRange", "imageSizeRange"):
            return "range"
        return None

    def describe(self) -> str:
        """A short human description: ``multiArray FLOAT16 [1, 3]``."""
        kind = (self.kind or "untyped").removesuffix("Type")
        parts = [kind]
        if self.dtype:
            parts.append(self.dtype)
        if self.shape:
            parts.append("[" + ", ".join(str(d) for d in self.shape) + "]")
        return " ".join(parts)


def _features(descriptions: Sequence[Any], role: str, prefix: str) -> tuple[Feature, ...]:
    folder = {"input": "inputs", "output": "outputs", "state": "states", "training_input": "training_inputs"}[role]
    return tuple(
        Feature(name=d.name, role=role, path=join_path(prefix, folder, d.name), proto=d) for d in descriptions
    )


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class BlobRef:
    """Where a constant lives in the weight file; the data is never read."""

    file_name: str
    offset: int


@dataclass(frozen=True)
class ConstValue:
    """A constant: its MIL dtype, shape and either decoded values or a blob reference."""

    dtype: str
    shape: tuple[int, ...]
    values: tuple[Any, ...] | None = None
    blob: BlobRef | None = None

    @property
    def is_scalar(self) -> bool:
        return self.values is not None and len(self.values) == 1

    def scalar(self) -> Any:
        if self.values is None or len(self.values) != 1:
            raise ValueError("not a scalar")
        return self.values[0]

    def as_list(self) -> list[Any] | None:
        return None if self.values is None else list(self.values)


_BYTE_FORMATS = {"FLOAT16": "e", "INT8": "b", "UINT8": "B", "INT16": "h", "UINT16": "H"}


def _dimensions(dimensions: Any) -> tuple[int, ...]:
    """A MIL TensorType's dimensions: sizes, -1 for a dimension unknown until run time."""
    shape = []
    for dim in dimensions:  # read for every op output of a large program: few protobuf accesses
        size = dim.constant.size
        if size == 0 and dim.WhichOneof("dimension") != "constant":
            size = -1
        shape.append(size)
    return tuple(shape)


def _tensor_type_info(value_type: Any) -> tuple[str, tuple[int, ...], int]:
    """dtype name, known shape (-1 for unknown dims) and rank of a MIL ValueType."""
    which = value_type.WhichOneof("type")
    if which == "stateType":
        return _tensor_type_info(value_type.stateType.wrappedType)
    if which != "tensorType":
        return (which or "UNKNOWN", (), 0)
    tensor = value_type.tensorType
    dims = _dimensions(tensor.dimensions)
    data_type = tensor.dataType
    names = _enum_cache[0].mil_dtypes if _enum_cache else enum_names().mil_dtypes
    dtype = names.get(data_type)
    return (dtype if dtype is not None else str(data_type)), dims, tensor.rank


def decode_value(value: Any) -> ConstValue | None:
    """Decode a MIL ``Value`` (immediate or blob) without reading any blob."""
    dtype, shape, _ = _tensor_type_info(value.type)
    which = value.WhichOneof("value")
    if which == "blobFileValue":
        blob = value.blobFileValue
        return ConstValue(dtype, shape, blob=BlobRef(blob.fileName, int(blob.offset)))
    if which != "immediateValue" or value.immediateValue.WhichOneof("value") != "tensor":
        return None
    tensor = value.immediateValue.tensor
    kind = tensor.WhichOneof("value")
    if kind is None:
        return ConstValue(dtype, shape, values=())
    if kind == "bytes":
        raw = tensor.bytes.values
        fmt = _BYTE_FORMATS.get(dtype)
        if fmt is None:
            return ConstValue(dtype, shape, values=None)
        size = struct.calcsize(fmt)
        count = len(raw) // size
        return ConstValue(dtype, shape, values=struct.unpack(f"<{count}{fmt}", raw[: count * size]))
    return ConstValue(dtype, shape, values=tuple(getattr(tensor, kind).values))


def _mil_op_name(operation: Any) -> str:
    """The ``name`` attribute of an ML program operation, or ``""``."""
    attributes = operation.attributes
    if "name" not in attributes:
        return ""
    value = attributes["name"]
    strings = value.immediateValue.tensor.strings.values  # the usual form, read without decoding
    if strings:
        return str(strings[0])
    decoded = decode_value(value)
    return str(decoded.values[0]) if decoded is not None and decoded.values else ""


class TensorInfo:
    """A typed value in an ML program: an op output or a function input.

    ``name``, ``dtype``, ``shape`` (-1 marks a dimension unknown until run
    time) and ``rank``. An op output's shape is read from the protobuf when
    first asked for: most outputs of a large program are never asked.
    """

    __slots__ = ("name", "dtype", "rank", "_shape", "_dimensions")

    def __init__(self, name: str, dtype: str, shape: tuple[int, ...] | None, rank: int, dimensions: Any = None):
        self.name = name
        self.dtype = dtype
        self.rank = rank
        self._shape = shape
        self._dimensions = dimensions  # the TensorType's dimensions, when shape is None

    @classmethod
    def of_output(cls, named_value: Any) -> "TensorInfo":
        """A MIL NamedValueType, with its shape left for later."""
        value_type = named_value.type
        if value_type.WhichOneof("type") == "tensorType":
            tensor = value_type.tensorType
            data_type = tensor.dataType
            dtype = (_enum_cache[0].mil_dtypes if _enum_cache else enum_names().mil_dtypes).get(data_type)
            return cls(named_value.name, dtype if dtype is not None else str(data_type), None, tensor.rank,
                       tensor.dimensions)
        dtype, shape, rank = _tensor_type_info(value_type)
        return cls(named_value.name, dtype, shape, rank)

    @property
    def shape(self) -> tuple[int, ...]:
        shape = self._shape
        if shape is None:
            shape = self._shape = _dimensions(self._dimensions)
        return shape

    def _key(self) -> tuple[str, str, tuple[int, ...], int]:
        return (self.name, self.dtype, self.shape, self.rank)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"TensorInfo(name={self.name!r}, dtype={self.dtype!r}, shape={self.shape!r}, rank={self.rank!r})"


class Binding(NamedTuple):
    """One binding of an ML program op argument: a value name or an inline value.

    A named tuple, not a dataclass: a large program has tens of thousands.
    """

    name: str | None
    value: Any | None  # MIL Value proto for inline bindings


_binding = tuple.__new__  # Binding(name, value) without NamedTuple's Python-level __new__


# --------------------------------------------------------------------------- graph


class Op:
    """One ML program operation or one neural-network layer.

    ``parent`` is the op whose block (ML program) or nested network (a neural
    network's ``branch`` or ``loop`` layer) holds this one. A nested layer's
    ``network`` names that network (``ifBranch``, ``elseBranch``,
    ``conditionNetwork``, ``bodyNetwork``) and its ``index`` is its position
    there; its path is ``layers/<branch>/ifBranch/<name>``.
    """

    __slots__ = ("graph", "type", "_name", "proto", "index", "parent", "network", "__dict__")

    def __init__(
        self,
        graph: "Graph",
        op_type: str,
        name: str | None,
        proto: Any,
        index: int,
        parent: "Op | None",
        network: str = "",
    ):
        self.graph = graph
        self.type = op_type
        self._name = name  # None: an ML program op's name, decoded when first asked for
        self.proto = proto
        self.index = index
        self.parent = parent
        self.network = network

    @property
    def name(self) -> str:
        """The op's ``name`` attribute (ML program) or layer name; ``type#index`` when it has none."""
        name = self._name
        if name is None:
            name = self._name = _mil_op_name(self.proto) or f"{self.type}#{self.index}"
        return name

    def __repr__(self) -> str:
        return f"Op({self.type!r}, {self.path!r})"

    @property
    def path(self) -> str:
        if self.network and self.parent is not None:  # a layer of a branch or loop layer's network
            return join_path(self.parent.path, self.network, self.name)
        return join_path(self.graph.path, self.name)

    @property
    def model(self) -> "Model":
        return self.graph.model

    @property
    def is_mil(self) -> bool:
        return self.graph.kind == "mlProgram"

    # -- NN layers
    @property
    def params(self) -> Any:
        """The layer's parameter message (NN), e.g. ``SliceStaticLayerParams``; None for a layer with no type."""
        if self.is_mil or self.proto.WhichOneof("layer") is None:
            return None
        return getattr(self.proto, self.type)

    # -- inputs and outputs
    @cached_property
    def arguments(self) -> dict[str, tuple[Binding, ...]]:
        """ML program: argument name -> bindings. NN: ``{"input": names}``."""
        if not self.is_mil:
            return {"input": tuple(Binding(n, None) for n in self.proto.input)}
        result: dict[str, tuple[Binding, ...]] = {}
        inputs = self.proto.inputs
        if not inputs:  # const ops, half of a large program
            return result
        for arg_name in inputs:  # keys, then a lookup: the map's items() view iterates in Python
            bindings = []
            for b in inputs[arg_name].arguments:
                name = b.name
                if name:  # the usual case, without asking which oneof is set
                    bindings.append(_binding(Binding, (name, None)))
                elif b.WhichOneof("binding") == "value":
                    bindings.append(_binding(Binding, (None, b.value)))
                else:
                    bindings.append(_binding(Binding, (name, None)))
            result[arg_name] = tuple(bindings)
        return result

    @cached_property
    def input_names(self) -> tuple[str, ...]:
        """Every value name this op reads, in argument order."""
        if not self.is_mil:
            return tuple(self.proto.input)
        return tuple(b.name for bs in self.arguments.values() for b in bs if b.name is not None)

    @cached_property
    def output_names(self) -> tuple[str, ...]:
        if not self.is_mil:
            return tuple(self.proto.output)
        return tuple(info.name for info in self.outputs)  # one read of the outputs serves both

    @cached_property
    def outputs(self) -> tuple[TensorInfo, ...]:
        """Typed outputs (ML program); NN layers carry no types: dtype ``""``."""
        if not self.is_mil:
            return tuple(TensorInfo(n, "", (), 0) for n in self.proto.output)
        return tuple(TensorInfo.of_output(o) for o in self.proto.outputs)

    def input(self, argument: str) -> str | None:
        """The value name bound to an argument (its first binding), if any."""
        bindings = self.arguments.get(argument, ())
        return bindings[0].name if bindings else None

    def const(self, argument: str) -> ConstValue | None:
        """The constant bound to an argument, or None if it is computed at run time.

        Looks through an inline value or a ``const`` op producing the name.
        """
        bindings = self.arguments.get(argument)
        if not bindings:
            return None
        binding = bindings[0]
        if binding.value is not None:
            return decode_value(binding.value)
        return self.graph.const_value(binding.name or "")

    def has_argument(self, argument: str) -> bool:
        return argument in self.arguments

    def attribute(self, key: str) -> ConstValue | None:
        """An ML program op attribute, decoded (e.g. ``val`` of a ``const``)."""
        if not self.is_mil or key not in self.proto.attributes:
            return None
        return decode_value(self.proto.attributes[key])

    @cached_property
    def blocks(self) -> int:
        return len(self.proto.blocks) if self.is_mil else 0


def _nested_networks(layer: Any, layer_type: str) -> Iterator[tuple[str, Any]]:
    """(label, network) of each network a ``branch`` or ``loop`` layer holds (NeuralNetwork.proto)."""
    if layer_type == "branch":
        yield "ifBranch", layer.branch.ifBranch
        yield "elseBranch", layer.branch.elseBranch
    elif layer_type == "loop":
        yield "conditionNetwork", layer.loop.conditionNetwork
        yield "bodyNetwork", layer.loop.bodyNetwork


class Graph:
    """An ML program function or a neural network's layers, with value lookup."""

    def __init__(self, model: "Model", name: str, kind: str, opset: str | None, proto: Any, block: Any | None):
        self.model = model
        self.name = name
        self.kind = kind  # "mlProgram" or "neuralNetwork"
        self.opset = opset
        self.proto = proto  # MIL Function or NN (NeuralNetwork / ...Classifier / ...Regressor)
        self.block = block  # MIL Block of the function's opset, or None
        self.path = join_path(model.path, name)

    def __repr__(self) -> str:
        return f"Graph({self.path!r}, {self.kind}, ops={len(self.ops)})"

    @cached_property
    def ops(self) -> tuple[Op, ...]:
        """Every op, in program order; ops of nested blocks (ML program) and the layers of a
        ``branch`` or ``loop`` layer's networks (neural network) follow their parent."""
        ops: list[Op] = []
        if self.kind == "neuralNetwork":
            self._add_layers(self.proto.layers, None, "", ops)
        elif self.block is not None:
            self._add_block(self.block, None, ops)
        return tuple(ops)

    # Methods, not nested recursive functions: those are reference cycles that hold the graph until
    # a garbage collection (see Model.release).
    def _add_layers(self, layers: Any, parent: Op | None, network: str, ops: list[Op]) -> None:
        for i, layer in enumerate(layers):
            layer_type = layer.WhichOneof("layer") or "unknown"
            op = Op(self, layer_type, layer.name or f"{layer_type}#{i}", layer, i, parent, network)
            ops.append(op)
            for label, nested in _nested_networks(layer, layer_type):
                self._add_layers(nested.layers, op, label, ops)

    def _add_block(self, block: Any, parent: Op | None, ops: list[Op]) -> None:
        for operation in block.operations:
            op = Op(self, operation.type, None, operation, len(ops), parent)  # name decoded lazily
            ops.append(op)
            for nested in operation.blocks:
                self._add_block(nested, op, ops)

    @cached_property
    def inputs(self) -> tuple[TensorInfo, ...]:
        if self.kind == "neuralNetwork":
            return tuple(TensorInfo(f.name, f.dtype or "", f.shape, len(f.shape)) for f in self.model.inputs)
        infos = []
        for nv in self.proto.inputs:
            dtype, shape, rank = _tensor_type_info(nv.type)
            infos.append(TensorInfo(nv.name, dtype, shape, rank))
        return tuple(infos)

    @cached_property
    def input_names(self) -> frozenset[str]:
        return frozenset(t.name for t in self.inputs)

    @cached_property
    def output_names(self) -> tuple[str, ...]:
        if self.kind == "neuralNetwork" or self.block is None:
            return tuple(f.name for f in self.model.outputs)
        return tuple(self.block.outputs)

    @cached_property
    def _index(self) -> tuple[dict[str, Op], dict[str, list[Op]], dict[str, list[Op]]]:
        producer: dict[str, Op] = {}
        producers: dict[str, list[Op]] = {}
        consumers: dict[str, list[Op]] = {}
        for op in self.ops:
            for name in op.output_names:
                producers.setdefault(name, []).append(op)
                producer.setdefault(name, op)
            for name in op.input_names:
                consumers.setdefault(name, []).append(op)
        return producer, producers, consumers

    def producer(self, name: str) -> Op | None:
        """The op that makes ``name`` (the first one, if several claim it)."""
        return self._index[0].get(name)

    def producers(self, name: str) -> list[Op]:
        """Every op that makes ``name``: one, or one per branch of a ``branch`` layer."""
        return list(self._index[1].get(name, ()))

    def consumers(self, name: str) -> list[Op]:
        return list(self._index[2].get(name, ()))

    def producer_through(self, name: str, skip: frozenset[str] = PASS_THROUGH_OPS) -> Op | None:
        """The producer of ``name``, looking through ``cast``/``identity`` ops.

        Converters end an fp16 program with fp32 outputs in a ``cast`` per
        output; this returns the op in front of such chains.
        """
        seen: set[str] = set()
        op = self.producer(name)
        while op is not None and op.type in skip and name not in seen:
            seen.add(name)
            upstream = op.input("x") if op.is_mil else (op.input_names[0] if op.input_names else None)
            if upstream is None:
                return op
            name = upstream
            previous, op = op, self.producer(name)
            if op is None:
                return previous
        return op

    def const_value(self, name: str) -> ConstValue | None:
        """The value of ``name`` if a ``const`` op makes it, else None."""
        op = self.producer(name)
        if op is None or op.type != "const":
            return None
        return op.attribute("val")

    def ops_of_type(self, *types: str) -> Iterator[Op]:
        wanted = set(types)
        return (op for op in self.ops if op.type in wanted)


# --------------------------------------------------------------------------- model


class Model:
    """One node of the model tree: the root, or a pipeline's sub-model."""

    def __init__(self, proto: Any, path: str = "", parent: "Model | None" = None, index: int | None = None):
        self.proto = proto
        self.path = path
        self.parent = parent
        self.index = index

    def __repr__(self) -> str:
        return f"Model({self.type!r}, path={self.path!r}, v{self.spec_version})"

    @property
    def spec_version(self) -> int:
        return int(self.proto.specificationVersion)

    @property
    def type(self) -> str | None:
        """The model type: ``mlProgram``, ``neuralNetwork``, ``pipeline``, ``nonMaximumSuppression``..."""
        return self.proto.WhichOneof("Type")

    @property
    def body(self) -> Any:
        """The type-specific message (``proto.mlProgram``, ``proto.pipeline`` ...)."""
        return getattr(self.proto, self.type) if self.type else None

    @property
    def display_path(self) -> str:
        return self.path or "(root)"

    def location(self, *parts: str) -> str:
        return join_path(self.path, *parts)

    def derived(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()``, run once per model and kept with it under ``key``.

        For work several rules and hooks share (the Neural Engine estimate, the
        deployment requirements, the blob scan). The result lives exactly as
        long as the model: a module-level cache keyed by the model would keep
        every model alive, since such results hold the model's ops.
        """
        memo: dict[str, Any] = self.__dict__.setdefault("_derived", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]  # type: ignore[no-any-return]

    def release(self) -> None:
        """Forget what this tree computed and cached (graphs, ops, sub-models, derived results).

        Those point back at their model (an op at its graph, a graph at its
        model, a sub-model at its parent), so a linted tree is a cycle the
        garbage collector must find; the engine calls this once a model is
        linted, and reference counting frees the tree at once. The model stays
        usable: anything asked for again is recomputed.
        """
        for model in list(self.walk()):
            for graph in model.__dict__.get("graphs", ()):
                _forget_cached(graph)
            _forget_cached(model)
            model.__dict__.pop("_derived", None)

    @property
    def root(self) -> "Model":
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    # -- interface
    @cached_property
    def inputs(self) -> tuple[Feature, ...]:
        return _features(self.proto.description.input, "input", self.path)

    @cached_property
    def outputs(self) -> tuple[Feature, ...]:
        return _features(self.proto.description.output, "output", self.path)

    @cached_property
    def states(self) -> tuple[Feature, ...]:
        return _features(self.proto.description.state, "state", self.path)

    @cached_property
    def training_inputs(self) -> tuple[Feature, ...]:
        return _features(self.proto.description.trainingInput, "training_input", self.path)

    @cached_property
    def function_features(self) -> tuple[Feature, ...]:
        """Inputs, outputs and states declared per function (multi-function models)."""
        found: list[Feature] = []
        for function in self.proto.description.functions:
            prefix = join_path(self.path, "functions", function.name)
            found += _features(function.input, "input", prefix)
            found += _features(function.output, "output", prefix)
            found += _features(function.state, "state", prefix)
        return tuple(found)

    @property
    def features(self) -> tuple[Feature, ...]:
        """Every feature description of this model (not of its sub-models)."""
        return self.inputs + self.outputs + self.states + self.function_features

    @property
    def metadata(self) -> Any:
        return self.proto.description.metadata

    @property
    def is_pipeline(self) -> bool:
        return self.type in PIPELINE_TYPES

    # -- tree
    @cached_property
    def sub_models(self) -> tuple["Model", ...]:
        if not self.is_pipeline:
            return ()
        body = self.body
        pipeline = body if self.type == "pipeline" else body.pipeline
        return tuple(
            Model(m, join_path(self.path, f"models[{i}]"), self, i) for i, m in enumerate(pipeline.models)
        )

    def walk(self) -> Iterator["Model"]:
        """This model and every model nested in it, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.sub_models))

    # -- graphs
    @cached_property
    def graphs(self) -> tuple[Graph, ...]:
        if self.type in NEURAL_NETWORK_TYPES:
            return (Graph(self, "layers", "neuralNetwork", None, self.body, None),)
        if self.type != "mlProgram":
            return ()
        graphs = []
        for name, function in sorted(self.body.functions.items(), key=lambda kv: (kv[0] != "main", kv[0])):
            block = function.block_specializations.get(function.opset)
            graphs.append(Graph(self, name, "mlProgram", function.opset, function, block))
        return tuple(graphs)

    def graph(self, name: str) -> Graph | None:
        return next((g for g in self.graphs if g.name == name), None)

    @property
    def ops(self) -> Iterator[Op]:
        for graph in self.graphs:
            yield from graph.ops

    def output_producer(self, output: str, look_through: frozenset[str] = PASS_THROUGH_OPS) -> Op | None:
        """What makes this model's output ``output``, looking through cast/identity."""
        for graph in self.graphs:
            if output in graph.output_names or graph.producer(output) is not None:
                return graph.producer_through(output, look_through)
        return None
