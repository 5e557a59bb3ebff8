"""An ML program function or a neural network's layers (:class:`Graph`) and their operations (:class:`Op`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterator

from .cache import cached_property
from .paths import join_path
from .values import Binding, ConstValue, TensorInfo, _binding, decode_value, tensor_type_info

if TYPE_CHECKING:
    from .model import Model

PASS_THROUGH_OPS = frozenset({"cast", "identity"})


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

    def const(self, argument: str, const_value: Callable[[str], ConstValue | None] | None = None) -> ConstValue | None:
        """The constant bound to an argument, or None if it is computed at run time.

        Looks through an inline value or a ``const`` op producing the name; ``const_value``
        finds that op (default: :meth:`Graph.const_value`, over the whole graph).
        """
        bindings = self.arguments.get(argument)
        if not bindings:
            return None
        binding = bindings[0]
        if binding.value is not None:
            return decode_value(binding.value)
        return (const_value or self.graph.const_value)(binding.name or "")

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
            dtype, shape, rank = tensor_type_info(nv.type)
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
