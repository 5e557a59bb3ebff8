"""One walk per graph for the Neural Engine estimate: classify every op, find fp16 overflows, count partitions.

The pass takes the op order of the program (nested blocks after their parent) and
looks up producers and constants in what it has already walked (a value is always
made before it is read), so it never walks a graph twice. Each counted op is decided
from its row in :mod:`mllint.knowledge.ane_support`, the row's checks
(:mod:`mllint.analysis.ane_classify`) and the general checks (fp32, integer, run-time shape).

Partitions are counted the way onnxruntime's usability checker does
(``CreateSupportedPartitionNodeGroups``), see :class:`_Partitioner`.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from typing import Any

from mllint.analysis.ane_classify import MIL_CHECKS, NN_CHECKS, decide, mil_size, mil_small_work, nn_size
from mllint.analysis.ane_types import OpEstimate, Overflow, Reason, Unit
from mllint.analysis.op_work import mil_flops, mil_params, nn_flops, nn_params, nn_weight_bytes
from mllint.knowledge import ane_support as table
from mllint.knowledge.chips import Chip
from mllint.view import ConstValue, Graph, Op, TensorInfo, decode_value, enum_names

_FLOAT_DTYPES = frozenset({"FLOAT16", "FLOAT32", "FLOAT64"})


class GraphPass:
    """Classify every op of one graph, find fp16 overflows and count partitions, in one walk."""

    def __init__(self, graph: Graph, ops: list[OpEstimate], overflows: list[Overflow], chip: Chip):
        self.graph = graph
        self.chip = chip
        self.ops = ops
        self.overflows = overflows
        self.is_mil = graph.kind == "mlProgram"
        self.types: dict[str, TensorInfo] = {t.name: t for t in graph.inputs}
        self.inputs_static = all(d >= 0 for t in graph.inputs for d in t.shape) and all(
            len(t.shape) == t.rank for t in graph.inputs
        )
        self.producers: dict[str, Op] = {}  # value name -> the first op that made it, among those walked
        self.big_consts: dict[str, tuple[Op, str, float]] = {}  # value name -> (const op, dtype, |x|)
        # values still on the input side of the converter's fp32 image scale/bias
        self.preprocessing: set[str] = set(graph.input_names)
        self.units: dict[str, Unit] = {}  # value name -> unit of the counted op that made it
        self.partitions = _Partitioner()
        self.enumerated = any(f.flexibility == "enumerated" for f in graph.model.inputs)
        self.spatial_1x1: set[str] = set()  # NN values known to be Cx1x1 (after global pooling ...)
        self.nn_constants: set[str] = set()  # NN values made by loadConstant(ND) layers
        self.params = 0
        self.nn_weight_bytes = 0  # weights NN layers embed in the spec
        self.load_failures: list[tuple[Op, str]] = []

    def run(self) -> int:
        """Walk the graph once; return its number of ANE partitions."""
        for op in self.graph.ops:
            if self.is_mil:
                for info in op.outputs:
                    self.types[info.name] = info
                self._note_rank(op)
                found = self._classify_mil(op)
            else:
                found = self._classify_nn(op)
                self._note_spatial_1x1(op)
            if found is not None:
                self.ops.append(found)
                for name in op.output_names:
                    self.units[name] = found.unit
            for name in op.output_names:
                self.producers.setdefault(name, op)
            self.partitions.add(op, None if found is None else found.unit)
        return self.partitions.count()

    # -- values walked so far (a value is made before it is read)
    def producer(self, name: str | None) -> Op | None:
        return self.producers.get(name or "")

    def const_value(self, name: str) -> ConstValue | None:
        """The value of ``name`` if a ``const`` op makes it (as ``Graph.const_value``)."""
        producer = self.producers.get(name)
        if producer is None or producer.type != "const":
            return None
        return producer.attribute("val")

    def const(self, op: Op, argument: str) -> ConstValue | None:
        """The constant bound to an argument of ``op``, among the ops walked so far (``Op.const``)."""
        return op.const(argument, self.const_value)

    def value_dtype(self, name: str | None) -> str:
        info = self.types.get(name or "")
        return info.dtype if info else ""

    def _note_rank(self, op: Op) -> None:
        """A tensor of rank >= 6: Core ML does not load the model (not an ANE fallback)."""
        ranks = [o.rank for o in op.outputs if o.rank > table.MAX_CORE_ML_RANK]
        if ranks:
            self.load_failures.append((op, f"rank {ranks[0]}"))

    # -- ML program
    def _classify_mil(self, op: Op) -> OpEstimate | None:
        row = table.mil_support(op.type)
        if row is None:
            if op.type == "const":
                self._note_big_const(op)
            self.params += mil_params(op)
            return None
        self._find_overflows(op)
        reasons: list[Reason] = []
        if op.parent is not None:
            reasons.append(("control_flow", f"inside {top_op(op).type}"))
        if row.unit == "fallback":
            reasons.append((row.cause, ""))
        for check in row.checks:
            reasons += MIL_CHECKS[check](self, op)
        reasons += self._general_checks(op, row)
        reasons += mil_size(self, op)
        unit = row.unit
        if "int8_activations" in row.checks:  # W8A8: eligible only where the chip has the int8 path
            unit = "ane" if self.chip.int8_activations else "unknown"
        if unit == "ane" and (floor := table.chip_floor(op.type, self.chip.name)):
            reasons.append(("chip_floor", f"the ANE compiler accepts {op.type} from {floor}, not on {self.chip.name}"))
        found = decide(op, unit, reasons, mil_flops(op, self.types))
        flags = mil_small_work(self, op, found)
        return found._replace(flags=flags) if flags else found

    def _general_checks(self, op: Op, row: table.OpSupport) -> list[Reason]:
        found: list[Reason] = []
        outputs = op.outputs
        if "fp32" not in row.exempt:
            fp32 = [o.dtype for o in outputs if o.dtype in table.FLOAT32_DTYPES]
            if fp32 and self._is_input_preprocessing(op):
                found.append(("fp32_input", f"{fp32[0]} output"))
                self.preprocessing.update(op.output_names)
            elif fp32:
                found.append(("fp32", f"{fp32[0]} output"))
        if "integer" not in row.exempt and row.unit != "fallback":  # a fallback's int output is its own
            ints = [o.dtype for o in outputs if o.dtype in table.INTEGER_DTYPES]
            if ints:
                found.append(("integer", f"{ints[0]} output"))
        if "runtime_shape" not in row.exempt:
            dynamic = [o for o in outputs if -1 in o.shape]
            if dynamic:
                runtime_args = [a for a in row.shape_args if op.has_argument(a) and self.const(op, a) is None]
                if runtime_args:
                    found.append(("runtime_shape", f"{runtime_args[0]} computed at run time"))
                elif self.inputs_static:
                    found.append(("runtime_shape", f"output shape {_shape(dynamic[0].shape)} depends on the data"))
        return found

    def _is_input_preprocessing(self, op: Op) -> bool:
        """An elementwise op on model inputs only (with constants): ImageType scale/bias."""
        if op.type not in table.INPUT_PREPROCESSING_OPS:
            return False
        computed = [n for n in op.input_names if self.const_value(n) is None]
        return bool(computed) and all(n in self.preprocessing for n in computed)

    # -- fp16 overflow of constants
    def _note_big_const(self, op: Op) -> None:
        if "val" not in op.proto.attributes or not _is_float_immediate(op.proto.attributes["val"]):
            return
        value = op.attribute("val")
        magnitude = _max_abs(value.values if value else None)
        if magnitude is not None and magnitude > table.FP16_MAX and op.output_names:
            self.big_consts[op.output_names[0]] = (op, value.dtype if value else "", magnitude)

    def _find_overflows(self, op: Op) -> None:
        if not self._computes_fp16(op):
            return
        for bindings in op.arguments.values():
            for binding in bindings:
                if binding.name is not None and binding.name in self.big_consts:
                    const_op, dtype, largest = self.big_consts[binding.name]
                    self.overflows.append(Overflow(const_op.path, const_op.name, dtype, largest, op))
                elif binding.value is not None and _is_float_immediate(binding.value):
                    value = decode_value(binding.value)
                    magnitude = _max_abs(value.values if value else None)
                    if value is not None and magnitude is not None and magnitude > table.FP16_MAX:
                        self.overflows.append(Overflow(op.path, "(inline value)", value.dtype, magnitude, op))

    def _computes_fp16(self, op: Op) -> bool:
        if op.type == "cast":
            dtype = self.const(op, "dtype")
            return dtype is not None and dtype.is_scalar and str(dtype.scalar()) == "fp16"
        return any(o.dtype == "FLOAT16" for o in op.outputs)

    # -- neural network
    def _classify_nn(self, op: Op) -> OpEstimate | None:
        if op.params is not None:  # a layer with no type set has no parameters
            self.params += nn_params(op.params)
            self.nn_weight_bytes += nn_weight_bytes(op.params)
        if op.type in table.NOT_COUNTED_NN:
            return None
        row = table.nn_support(op.type)
        reasons: list[Reason] = []
        if op.parent is not None:  # a layer of a branch or loop layer's network
            reasons.append(("control_flow", f"inside {top_op(op).type}"))
        if row.unit == "fallback":
            reasons.append((row.cause, ""))
        for check in row.checks:
            reasons += NN_CHECKS[check](self, op)
        reasons += nn_size(self, op)
        return decide(op, row.unit, reasons, nn_flops(op))

    def _note_spatial_1x1(self, op: Op) -> None:
        """Track NN values whose height and width are 1 (a squeeze-excite branch's C x 1 x 1)."""
        if op.type in table.NOT_COUNTED_NN:
            self.nn_constants.update(op.output_names)
        elif self._makes_1x1(op):
            self.spatial_1x1.update(op.output_names)

    def _makes_1x1(self, op: Op) -> bool:
        if op.type in table.NN_MAKES_1X1:
            return table.NN_MAKES_1X1[op.type](op.params)
        inputs = op.input_names
        return op.type in table.NN_KEEPS_1X1 and bool(inputs) and all(name in self.spatial_1x1 for name in inputs)


def top_op(op: Op) -> Op:
    while op.parent is not None:
        op = op.parent
    return op


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join("?" if d < 0 else str(d) for d in shape) + "]"


def _is_float_immediate(value: Any) -> bool:
    """A MIL Value holding an immediate float tensor (blob values are never read)."""
    if value.WhichOneof("value") != "immediateValue":
        return False
    kind = value.type.WhichOneof("type")
    if kind != "tensorType":
        return False
    return enum_names().mil_dtypes.get(value.type.tensorType.dataType, "") in _FLOAT_DTYPES


def _max_abs(values: Iterable[Any] | None) -> float | None:
    if values is None:
        return None
    best: float | None = None
    for v in values:
        try:
            magnitude = abs(float(v))
        except (TypeError, ValueError):
            return None
        if math.isnan(magnitude):
            continue
        if best is None or magnitude > best:
            best = magnitude
    return best


class _Partitioner:
    """Dependency graph of the decided ops (ANE or fallback), then ORT's greedy grouping."""

    def __init__(self) -> None:
        self.sources: dict[str, frozenset[int]] = {}  # value -> nearest decided nodes it depends on
        self.is_ane: dict[int, bool] = {}  # node (top-level op index) -> runs on the ANE
        self.deps: dict[int, set[int]] = {}

    def add(self, op: Op, unit: Unit | None) -> None:
        top = top_op(op)
        node = top.index
        incoming: set[int] = set()
        for name in op.input_names:
            incoming |= self.sources.get(name, frozenset())
        if op.parent is None and unit in ("ane", "fallback"):
            self.is_ane[node] = unit == "ane"
            self.deps[node] = incoming - {node}
            produced: frozenset[int] = frozenset((node,))
        elif op.parent is not None and node in self.is_ane:
            self.deps[node] |= incoming - {node}
            produced = frozenset((node,))
        else:  # const, unknown: pass dependencies through
            produced = frozenset(incoming)
        for name in op.output_names:
            self.sources[name] = produced

    def count(self) -> int:
        successors: dict[int, list[int]] = {n: [] for n in self.is_ane}
        waiting = {n: len(ds) for n, ds in self.deps.items()}
        for node, preds in self.deps.items():
            for pred in preds:
                successors[pred].append(node)
        ready: dict[bool, deque[int]] = {True: deque(), False: deque()}
        for node in sorted(self.is_ane):
            if waiting[node] == 0:
                ready[self.is_ane[node]].append(node)

        def release(node: int) -> None:
            for succ in successors[node]:
                waiting[succ] -= 1
                if waiting[succ] == 0:
                    ready[self.is_ane[succ]].append(succ)

        groups = 0
        while ready[True] or ready[False]:
            if ready[True]:
                groups += 1
                while ready[True]:
                    release(ready[True].popleft())
            while ready[False]:
                release(ready[False].popleft())
        return groups
