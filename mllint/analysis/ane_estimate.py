"""A static estimate of where each op of a model runs: Neural Engine or not.

A core analysis (rules and reporters read it; it imports no plugin). One
pass over each graph (the op order of the program, nested blocks after their
parent) decides every op from the table in :mod:`mllint.knowledge.ane_support`,
finds the fp16 overflows of inline constants and feeds the partition count:

- ``const`` and ``constexpr_*`` ops (NN ``loadConstant``/``loadConstantND``) are not
  counted (Core ML resolves them at load); their float tensors are the model's parameters.
- An op is ``fallback`` when its row says so or any check fires (each firing
  check is a *cause*, with a short detail); ``ane`` ("eligible for the ANE") when
  its row says so and no check fires; ``unknown`` when the table has no evidence
  for its type and no general check fires. Unknown ops are neither ANE nor fallback.
- An op with several causes has one *primary* cause
  (:data:`mllint.knowledge.ane_support.CAUSE_ORDER`): the rules report it once, under
  that cause, naming the others.
- Each op's work is estimated in FLOPs from its shapes (:mod:`mllint.analysis.op_work`);
  ``work_share`` is the share of the estimated FLOPs on ANE-eligible ops.
- A tensor of rank >= 6 is not a fallback: Core ML fails to load the model
  ("Error in declaring network"); the verdict is ``does-not-load``.
- Model-level caveats (a RangeDim input) keep the verdict from being ``good``.

"Eligible for the ANE" is what the model allows under ``CPU_AND_NE``: Core ML
chooses placement by cost, may run small work on the CPU and may give eligible
work to the GPU (under ``.all``).

The pass looks up producers and constants in what it has already walked
(a value is always made before it is read), so it never walks a graph twice.

Partitions are counted the way onnxruntime's usability checker does
(``CreateSupportedPartitionNodeGroups``): ops are taken in dependency order,
every ready ANE op joins the current group before any fallback op runs, and a
group closes when no ANE op is ready. Unknown and const ops pass their
dependencies through without joining or breaking a group. Ops in nested blocks
belong to their top-level control-flow op. The count is the number of ANE
groups; Core ML copies data at every switch between a group and the CPU/GPU.

A model with several functions (a multi-function ML program) is estimated over
all of them: op counts and partitions are summed, as each function is compiled
on its own.

:func:`estimate` computes the result once per :class:`~mllint.view.Model` and
keeps it with the model (``Model.derived``), so every rule, the facts hook and
the HTML reporter share it.

This is an estimate from public knowledge, not a measurement: confirm it with
Xcode's performance report or ``MLComputePlan`` on a device.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from mllint.analysis.op_work import (
    HEAVY_OPS,
    mil_flops,
    mil_params,
    nn_flops,
    nn_params,
)
from mllint.knowledge import ane_support as table
from mllint.knowledge.chips import CHIPS_BY_NAME, DEFAULT_ASSUMED_CHIP, Chip
from mllint.knowledge.slices import MIL_BOUND_MASKS, MIL_SLICE_BOUNDS
from mllint.view import (
    ConstValue,
    Graph,
    Model,
    Op,
    TensorInfo,
    decode_value,
    enum_names,
)

Unit = Literal["ane", "fallback", "unknown"]
Reason = tuple[str, str]  # (cause key, detail)

ESTIMATE_BASIS = (
    "static estimate of eligibility for the ANE under CPU_AND_NE, from public knowledge "
    "(mllint.knowledge.ane_support); Core ML chooses placement by cost and may run eligible work on the CPU "
    "or GPU; const and constexpr_* ops are not counted; FLOPs are estimated from shapes; confirm with "
    "Xcode's performance report or MLComputePlan"
)
DERIVED_KEY = "mllint.analysis.ane_estimate"
_FLOAT_DTYPES = frozenset({"FLOAT16", "FLOAT32", "FLOAT64"})


@dataclass(frozen=True)
class OpEstimate:
    """Where one counted op is estimated to run, and why not on the ANE."""

    op: Op
    unit: Unit
    reasons: tuple[Reason, ...] = ()
    flops: int | None = None  # estimated from shapes; None when unknown
    flags: tuple[Reason, ...] = ()  # ("small_work", detail): eligible, but Core ML keeps such work on the CPU

    @property
    def causes(self) -> tuple[str, ...]:
        return tuple(cause for cause, _ in self.reasons)

    @property
    def primary(self) -> str:
        """The cause this op is reported under ("" for an op on the ANE or unknown)."""
        return table.primary_cause(self.causes)

    @property
    def other_reasons(self) -> tuple[Reason, ...]:
        """The causes besides the primary one, with their details (named in its diagnostic)."""
        primary = self.primary
        return tuple((cause, detail) for cause, detail in self.reasons if cause != primary)

    def entry(self, prefix: str = "") -> dict[str, Any]:
        """The JSON form: node path, type, unit, primary cause, other causes, estimated FLOPs."""
        return {
            "path": prefix + self.op.path,
            "type": self.op.type,
            "unit": self.unit,
            "cause": self.primary or None,
            "also": [cause for cause, _ in self.other_reasons],
            "flops": self.flops,
            "note": "; ".join(detail for _, detail in self.flags) or None,
        }

    def detail(self, cause: str) -> str:
        return next((d for c, d in self.reasons if c == cause), "")


@dataclass(frozen=True)
class Overflow:
    """A float constant beyond the fp16 range that an fp16 op reads."""

    location: str  # the const op's path, or the consumer's path for an inline value
    name: str
    dtype: str
    magnitude: float  # the largest |x| (inf included)
    consumer: Op


@dataclass(frozen=True)
class EstimateSummary:
    """The counts of an estimate; :meth:`facts` is the JSON ``ane`` block."""

    ops_total: int
    ops_ane: int
    ops_fallback: int
    ops_unknown: int
    partitions: int
    fallback: Mapping[str, int]  # op type -> fallback ops, most first
    fallback_causes: Mapping[str, int]  # primary cause key -> fallback ops, most first
    unknown: Mapping[str, int]  # op type -> unknown ops, most first
    flops: int = 0  # estimated FLOPs of the ops whose work is known
    flops_ane: int = 0  # of which on ANE-eligible ops
    ops_without_flops: int = 0
    params: int = 0
    caveats: Mapping[str, str] = field(default_factory=dict)  # caveat key -> detail
    load_failures: tuple[str, ...] = ()  # "main/x (rank 6)": Core ML does not load the model

    @property
    def ane_share(self) -> float:
        return round(self.ops_ane / self.ops_total, 3) if self.ops_total else 0.0

    heavy_without_flops: int = 0  # conv/matmul-like ops whose work could not be estimated

    @property
    def work_share(self) -> float | None:
        """The share of the estimated FLOPs on ANE-eligible ops; None when no op's work is known,
        or when a conv/matmul-like op's is not (the share would leave out the heaviest work)."""
        if not self.flops or self.heavy_without_flops:
            return None
        return round(self.flops_ane / self.flops, 3)

    @property
    def verdict(self) -> str:
        return table.verdict(
            self.ops_total, self.ops_ane, self.ops_unknown, self.partitions, len(self.caveats), len(self.load_failures)
        )

    def facts(self) -> dict[str, Any]:
        return {
            "ops_total": self.ops_total,
            "ops_ane": self.ops_ane,
            "ops_fallback": self.ops_fallback,
            "ops_unknown": self.ops_unknown,
            "ane_share": self.ane_share,
            "work_share": self.work_share,
            "partitions": self.partitions,
            "fallback": dict(self.fallback),
            "fallback_causes": dict(self.fallback_causes),
            "unknown": dict(self.unknown),
            "flops": self.flops,
            "flops_ane": self.flops_ane,
            "ops_without_flops": self.ops_without_flops,
            "params": self.params,
            "caveats": dict(self.caveats),
            "load_failures": list(self.load_failures),
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class ModelEstimate:
    """Every counted op of one model's graphs, the partition count and the fp16 overflows."""

    model: Model
    ops: tuple[OpEstimate, ...]
    partitions: int
    overflows: tuple[Overflow, ...]
    by_cause: Mapping[str, tuple[OpEstimate, ...]]  # primary cause key -> its ops, in program order
    params: int = 0
    caveats: Mapping[str, str] = field(default_factory=dict)
    load_failures: tuple[tuple[Op, str], ...] = ()  # ops with a tensor of rank >= 6, with the detail
    ops_by_path: Mapping[str, OpEstimate] = field(default_factory=dict)
    chip: str = DEFAULT_ASSUMED_CHIP

    @property
    def ops_total(self) -> int:
        return len(self.ops)

    def count(self, unit: Unit) -> int:
        return sum(1 for e in self.ops if e.unit == unit)

    def with_cause(self, cause: str) -> tuple[OpEstimate, ...]:
        """The ops whose *primary* cause is ``cause`` (each op is reported under one cause)."""
        return self.by_cause.get(cause, ())

    def by_path(self) -> Mapping[str, OpEstimate]:
        """Each counted op's estimate under its path (``main/conv_3``)."""
        return self.ops_by_path

    def summary(self) -> EstimateSummary:
        return summarise(
            self.ops, self.partitions, self.params, self.caveats, tuple(f"{op.path} ({d})" for op, d in self.load_failures)
        )


def summarise(
    ops: Iterable[OpEstimate],
    partitions: int,
    params: int = 0,
    caveats: Mapping[str, str] | None = None,
    load_failures: tuple[str, ...] = (),
) -> EstimateSummary:
    """The counts of a list of op estimates (one model's, or a pipeline's sub-models' together)."""
    units: Counter[str] = Counter()
    fallback: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    flops = flops_ane = without_flops = heavy = 0
    for e in ops:
        units[e.unit] += 1
        if e.flops is None:
            without_flops += 1
            heavy += e.op.type in HEAVY_OPS
        else:
            flops += e.flops
            flops_ane += e.flops if e.unit == "ane" else 0
        if e.unit == "fallback":
            fallback[e.op.type] += 1
            causes[e.primary] += 1
        elif e.unit == "unknown":
            unknown[e.op.type] += 1
    return EstimateSummary(
        ops_total=sum(units.values()),
        ops_ane=units["ane"],
        ops_fallback=units["fallback"],
        ops_unknown=units["unknown"],
        partitions=partitions,
        fallback=_ranked(fallback),
        fallback_causes=_ranked(causes),
        unknown=_ranked(unknown),
        flops=flops,
        flops_ane=flops_ane,
        ops_without_flops=without_flops,
        heavy_without_flops=heavy,
        params=params,
        caveats=dict(caveats or {}),
        load_failures=load_failures,
    )


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


# --------------------------------------------------------------------------- once per model


def estimate(model: Model, chip: str | None = None) -> ModelEstimate | None:
    """The estimate for a model with graphs (NN or ML program), else None; computed once per model and chip.

    ``chip`` (``--chip``, a name of :data:`mllint.knowledge.chips.CHIPS`) sets the size caps;
    without it the estimate assumes :data:`~mllint.knowledge.chips.DEFAULT_ASSUMED_CHIP` and says so.
    """
    if not model.graphs:
        return None
    name = chip or DEFAULT_ASSUMED_CHIP
    return model.derived(f"{DERIVED_KEY}:{name}", lambda: _estimate(model, CHIPS_BY_NAME[name]))


def _estimate(model: Model, chip: Chip) -> ModelEstimate:
    ops: list[OpEstimate] = []
    overflows: list[Overflow] = []
    partitions = params = 0
    load_failures: list[tuple[Op, str]] = []
    for graph in model.graphs:
        graph_pass = _GraphPass(graph, ops, overflows, chip)
        partitions += graph_pass.run()
        params += graph_pass.params
        load_failures += graph_pass.load_failures
    by_cause: dict[str, list[OpEstimate]] = {}
    for e in ops:
        if e.primary:
            by_cause.setdefault(e.primary, []).append(e)
    return ModelEstimate(
        model=model,
        ops=tuple(ops),
        partitions=partitions,
        overflows=tuple(overflows),
        by_cause={cause: tuple(found) for cause, found in by_cause.items()},
        params=params,
        caveats=_caveats(model, ops, params),
        load_failures=tuple(load_failures),
        ops_by_path={e.op.path: e for e in ops},
        chip=chip.name,
    )


def _caveats(model: Model, ops: list[OpEstimate], params: int) -> dict[str, str]:
    """Model-level conditions that keep an eligible model's verdict from "good"."""
    found: dict[str, str] = {}
    eligible = sum(e.flops or 0 for e in ops if e.unit == "ane")
    small = sum(e.flops or 0 for e in ops if e.unit == "ane" and e.flags)
    if eligible and small / eligible > table.SMALL_WORK_SHARE:
        found["small_work"] = (
            f"{100 * small / eligible:.0f}% of the eligible work is small matmul/attention work that Core ML's "
            "compute plan keeps on the CPU"
        )
    if ops and params < table.SMALL_MODEL_PARAMS:
        found["small_model"] = (
            f"{params:,} parameters: Core ML may keep a model this small on the CPU (a 50K-parameter transformer "
            "ran 0% on the ANE, its 10M twin 100%)"
        )
    ranged = [f.name for f in model.inputs if f.flexibility == "range" and _is_flexible_range(f.proto)]
    if ranged:
        found["range_input"] = (
            f"input '{ranged[0]}' has a shape range: the ANE runs at most its default shape "
            "(other shapes run on the CPU or GPU)"
        )
    return found


def _is_flexible_range(feature: Any) -> bool:
    """A shape range with some dimension that can vary (a range of one size is a fixed shape)."""
    kind = feature.type.WhichOneof("Type")
    if kind == "multiArrayType":
        ranges = [(r.lowerBound, r.upperBound) for r in feature.type.multiArrayType.shapeRange.sizeRanges]
    elif kind == "imageType":
        size_range = feature.type.imageType.imageSizeRange
        ranges = [
            (size_range.heightRange.lowerBound, size_range.heightRange.upperBound),
            (size_range.widthRange.lowerBound, size_range.widthRange.upperBound),
        ]
    else:
        return False
    return any(upper < 0 or upper != lower for lower, upper in ranges)


# --------------------------------------------------------------------------- one pass per graph


class _GraphPass:
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
        """The constant bound to an argument of ``op`` (as ``Op.const``)."""
        bindings = op.arguments.get(argument)
        if not bindings:
            return None
        binding = bindings[0]
        if binding.value is not None:
            return decode_value(binding.value)
        return self.const_value(binding.name or "")

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
            reasons.append(("control_flow", f"inside {_top(op).type}"))
        if row.unit == "fallback":
            reasons.append((row.cause, ""))
        for check in row.checks:
            reasons += _MIL_CHECKS[check](self, op)
        reasons += self._general_checks(op, row)
        reasons += _mil_size(self, op)
        unit = row.unit
        if "int8_activations" in row.checks:  # W8A8: eligible only where the chip has the int8 path
            unit = "ane" if self.chip.int8_activations else "unknown"
        if unit == "ane" and (floor := table.chip_floor(op.type, self.chip.name)):
            reasons.append(("chip_floor", f"the ANE compiler accepts {op.type} from {floor}, not on {self.chip.name}"))
        found = _decide(op, unit, reasons, mil_flops(op, self.types))
        flags = _mil_small_work(self, op, found)
        return replace(found, flags=flags) if flags else found

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
        if op.type in table.NOT_COUNTED_NN:
            return None
        row = table.nn_support(op.type)
        reasons: list[Reason] = []
        if op.parent is not None:  # a layer of a branch or loop layer's network
            reasons.append(("control_flow", f"inside {_top(op).type}"))
        if row.unit == "fallback":
            reasons.append((row.cause, ""))
        for check in row.checks:
            reasons += _NN_CHECKS[check](self, op)
        reasons += _nn_size(self, op)
        return _decide(op, row.unit, reasons, nn_flops(op))

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


def _decide(op: Op, unit: Unit, reasons: list[Reason], flops: int | None = None) -> OpEstimate:
    # one reason per cause: the first detail wins
    seen: dict[str, str] = {}
    for cause, detail in dict.fromkeys(reasons):
        if cause not in seen or (not seen[cause] and detail):
            seen[cause] = detail
    merged = tuple(seen.items())
    return OpEstimate(op, "fallback" if merged else unit, merged, flops)


def _top(op: Op) -> Op:
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


# --------------------------------------------------------------------------- op-specific checks


def _const_numbers(graph_pass: _GraphPass, op: Op, argument: str) -> list[float]:
    value = graph_pass.const(op, argument)
    if value is None or value.values is None:
        return []
    try:
        return [float(v) for v in value.values]
    except (TypeError, ValueError):
        return []


def _fmt(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def _mil_dilations(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    dilations = _const_numbers(graph_pass, op, "dilations")
    if any(d != 1 for d in dilations):
        return [("dilated", f"dilations {_fmt(dilations)}")]
    return []


def _mil_pool_window(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    kernel, strides = _const_numbers(graph_pass, op, "kernel_sizes"), _const_numbers(graph_pass, op, "strides")
    if any(k > table.POOL_MAX_KERNEL for k in kernel) or any(s > table.POOL_MAX_STRIDE for s in strides):
        return [("pool_window", f"kernel {_fmt(kernel)}, strides {_fmt(strides)}")]
    return []


def _mil_upsample_factor(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    scales = _const_numbers(graph_pass, op, "scale_factor_height") + _const_numbers(graph_pass, op, "scale_factor_width")
    if any(s > table.UPSAMPLE_MAX_SCALE for s in scales):
        return [("upsample_factor", f"scale {_fmt(scales)}")]
    return []


def _mil_int_cast(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    source = graph_pass.value_dtype(op.input("x"))
    target = op.outputs[0].dtype if op.outputs else ""
    if source in table.INTEGER_DTYPES or target in table.INTEGER_DTYPES:
        return [("integer", f"cast {source or '?'} -> {target or '?'}")]
    return []


def _mil_follow_input(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    """A float cast runs where its input was made: after a fallback op, off the ANE too."""
    source = op.input("x")
    producer = graph_pass.producer(source)
    if producer is not None and graph_pass.units.get(source or "") == "fallback":
        return [("adjacent_cast", f"after {producer.type} '{producer.name}'")]
    return []


def _mil_runtime_bounds(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    """A slice whose begin/end/size is not a constant and not masked away on every axis."""
    masks = {m: _const_flags(graph_pass, op, m) for m in ("begin_mask", "end_mask", "squeeze_mask")}
    x = graph_pass.types.get(op.input("x") or "")
    rank = next((len(m) for m in masks.values() if m is not None), x.rank if x is not None else None)
    for bound in MIL_SLICE_BOUNDS.get(op.type, ()):
        if not op.has_argument(bound) or graph_pass.const(op, bound) is not None:
            continue
        ignored = [m for name in MIL_BOUND_MASKS.get(bound, ()) if (m := masks.get(name)) is not None]
        if rank and ignored and all(any(a < len(m) and m[a] for m in ignored) for a in range(rank)):
            continue  # masked on every axis: never read
        producer = graph_pass.producer(op.input(bound))
        origin = f" ({producer.type} '{producer.name}')" if producer is not None else " (a function input)"
        return [("runtime_slice", f"{bound} computed at run time{origin}")]
    return []


def _const_flags(graph_pass: _GraphPass, op: Op, argument: str) -> list[bool] | None:
    value = graph_pass.const(op, argument) if op.has_argument(argument) else None
    listed = value.as_list() if value is not None else None
    return [bool(v) for v in listed] if listed is not None else None


def _mil_enumerated_inputs(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    if graph_pass.enumerated:
        return [("enumerated_layer_norm", "the model has an EnumeratedShapes input")]
    return []


def _mil_size(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    """Too large for the ANE (table.SIZE_CAPS): an output dimension above the chip's caps, output
    features above 16384 for linear/matmul/conv, a conv kernel wider than the chip compiles."""
    chip = graph_pass.chip
    for info in op.outputs:
        shape = info.shape
        if len(shape) != info.rank or info.rank < 2:
            continue
        spatial = [d for d in shape[-2:] if d > chip.max_spatial_dim]
        if spatial:
            return [("size", f"dimension {spatial[0]} > {chip.max_spatial_dim} on {chip.name}")]
        if info.rank >= 3 and shape[-3] > chip.max_channels:
            return [("size", f"{shape[-3]} channels > {chip.max_channels}")]
    if op.type in ("linear", "matmul", "conv", "conv_transpose") and op.outputs:
        shape = op.outputs[0].shape
        features = shape[1] if op.type.startswith("conv") and len(shape) > 1 else (shape[-1] if shape else 0)
        if features > table.MAX_OUTPUT_FEATURES:
            return [("size", f"{features} output features > {table.MAX_OUTPUT_FEATURES}")]
    if op.type == "conv":
        weight = graph_pass.types.get(op.input("weight") or "")
        width = weight.shape[-1] if weight is not None and weight.rank >= 3 and weight.shape else 0
        if width > chip.max_conv_kernel_width:
            return [("size", f"kernel width {width} > {chip.max_conv_kernel_width} on {chip.name}")]
    return []


def _mil_small_work(graph_pass: _GraphPass, op: Op, found: OpEstimate) -> tuple[Reason, ...]:
    """Eligible fp16 work so small that Core ML's compute plan keeps it on the CPU (table.SMALL_WORK)."""
    if found.unit != "ane" or not op.outputs or op.outputs[0].dtype != "FLOAT16":
        return ()
    if op.type == "matmul" and found.flops is not None and found.flops // 2 <= table.SMALL_MATMUL_MNK:
        return (("small_work", f"matmul of {found.flops // 2} multiply-adds (<= 384^3): likely CPU"),)
    if op.type == "scaled_dot_product_attention":
        query = graph_pass.types.get(op.input("query") or "")
        elements = math.prod(query.shape) if query is not None and -1 not in query.shape else None
        if elements is not None and elements <= table.SMALL_ATTENTION_ELEMENTS:
            return (("small_work", f"attention over {elements} query elements (<= 1M): likely CPU"),)
    return ()


_MIL_CHECKS = {
    "dilations": _mil_dilations,
    "pool_window": _mil_pool_window,
    "upsample_factor": _mil_upsample_factor,
    "int_cast": _mil_int_cast,
    "follow_input": _mil_follow_input,
    "runtime_bounds": _mil_runtime_bounds,
    "enumerated_inputs": _mil_enumerated_inputs,
    "int8_activations": lambda graph_pass, op: [],  # decides the unit, see _classify_mil
}


def _nn_dilations(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    dilations = [float(d) for d in op.params.dilationFactor]
    if any(d > 1 for d in dilations):
        return [("dilated", f"dilationFactor {_fmt(dilations)}")]
    return []


def _nn_pool_window(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    params = op.params
    if params.globalPooling:
        return []
    kernel, strides = [float(k) for k in params.kernelSize], [float(s) for s in params.stride]
    if any(k > table.POOL_MAX_KERNEL for k in kernel) or any(s > table.POOL_MAX_STRIDE for s in strides):
        return [("pool_window", f"kernelSize {_fmt(kernel)}, stride {_fmt(strides)}")]
    return []


def _nn_upsample_factor(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    params = op.params
    scales = [float(s) for s in params.scalingFactor] + [float(s) for s in params.fractionalScalingFactor]
    if any(s > table.UPSAMPLE_MAX_SCALE for s in scales):
        return [("upsample_factor", f"scale {_fmt(scales)}")]
    return []


def _nn_channel_broadcast(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    """add/multiply of a computed C x 1 x 1 tensor with a C x H x W one (squeeze-excite)."""
    inputs = [name for name in op.input_names if name not in graph_pass.nn_constants]  # constants are fine
    if len(inputs) < 2:
        return []
    small = [name for name in inputs if name in graph_pass.spatial_1x1]
    if small and len(small) < len(inputs):
        return [("channel_broadcast", f"'{small[0]}' is C x 1 x 1, computed in the graph")]
    return []


def _nn_activation_matmul(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    """An NN batchedMatmul of two computed inputs (the ANE compiler marks it to_fallback)."""
    if len([name for name in op.input_names if name not in graph_pass.nn_constants]) >= 2:
        return [("activation_matmul", "two activation inputs")]
    return []


def _nn_enumerated_inputs(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    return _mil_enumerated_inputs(graph_pass, op)


def _nn_size(graph_pass: _GraphPass, op: Op) -> list[Reason]:
    """An inner product or convolution with more than 16384 outputs, or a kernel wider than the chip compiles."""
    if op.type not in ("innerProduct", "convolution") or op.params is None:
        return []
    features = int(op.params.outputChannels)
    if features > table.MAX_OUTPUT_FEATURES:
        return [("size", f"{features} output features > {table.MAX_OUTPUT_FEATURES}")]
    kernel = list(op.params.kernelSize) if op.type == "convolution" else []
    width = int(kernel[1]) if len(kernel) > 1 else 0
    if width > graph_pass.chip.max_conv_kernel_width:
        return [("size", f"kernel width {width} > {graph_pass.chip.max_conv_kernel_width} on {graph_pass.chip.name}")]
    return []


_NN_CHECKS = {
    "dilations": _nn_dilations,
    "pool_window": _nn_pool_window,
    "upsample_factor": _nn_upsample_factor,
    "channel_broadcast": _nn_channel_broadcast,
    "enumerated_inputs": _nn_enumerated_inputs,
    "activation_matmul": _nn_activation_matmul,
}


# --------------------------------------------------------------------------- partitions


class _Partitioner:
    """Dependency graph of the decided ops (ANE or fallback), then ORT's greedy grouping."""

    def __init__(self) -> None:
        self.sources: dict[str, frozenset[int]] = {}  # value -> nearest decided nodes it depends on
        self.is_ane: dict[int, bool] = {}  # node (top-level op index) -> runs on the ANE
        self.deps: dict[int, set[int]] = {}

    def add(self, op: Op, unit: Unit | None) -> None:
        top = _top(op)
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


# --------------------------------------------------------------------------- facts


def chip_facts(chip: str | None) -> dict[str, Any]:
    """Which chip the size caps are for, and whether the user named it."""
    name = chip or DEFAULT_ASSUMED_CHIP
    row = CHIPS_BY_NAME[name]
    facts: dict[str, Any] = {
        "name": name,
        "assumed": chip is None,
        "max_spatial_dim": row.max_spatial_dim,
        "max_channels": row.max_channels,
        "max_conv_kernel_width": row.max_conv_kernel_width,
    }
    if chip is None:
        facts["note"] = (
            f"no --chip given: the caps of {name} (the A14/M1 tier, the oldest current ANE); "
            "pass --chip (or chip = ... in the configuration) for another"
        )
    return facts


def model_facts(root: Model, chip: str | None = None) -> dict[str, Any] | None:
    """The ``ane`` facts (JSON) of a model tree, or None if nothing in it has a graph.

    A model with graphs reports its own estimate, with ``ops``: one entry per counted op
    (node path, type, ``ane``/``fallback``/``unknown``, primary cause, other causes,
    estimated FLOPs). A pipeline adds up its
    sub-models that have graphs: op counts and fallback types are summed, and
    so are partitions (each sub-model is compiled and run on its own, so ANE
    work never spans two of them); ``sub_models`` lists each one, and
    ``not_estimated`` the sub-models without a graph (NMS, tree ensembles,
    feature extractors...), which Core ML runs with their own implementation.
    """
    estimated = [(m, e) for m in root.walk() if (e := estimate(m, chip)) is not None]
    if not estimated:
        return None
    if len(estimated) == 1 and estimated[0][0] is root:
        only = estimated[0][1]
        return {
            **only.summary().facts(), "chip": chip_facts(chip), "ops": [e.entry() for e in only.ops],
            "basis": ESTIMATE_BASIS,
        }
    all_ops = [op for _, e in estimated for op in e.ops]
    caveats = {key: f"{m.display_path}: {text}" for m, e in estimated for key, text in e.caveats.items()}
    failures = tuple(f"{m.display_path}/{op.path} ({d})" for m, e in estimated for op, d in e.load_failures)
    facts = summarise(
        all_ops, sum(e.partitions for _, e in estimated), sum(e.params for _, e in estimated), caveats, failures
    ).facts()
    facts["chip"] = chip_facts(chip)
    facts["ops"] = [op.entry(f"{m.display_path}/") for m, e in estimated for op in e.ops]
    facts["sub_models"] = [{"path": m.display_path, **e.summary().facts()} for m, e in estimated]
    facts["not_estimated"] = [
        f"{m.display_path} ({m.type})" for m in root.walk() if not m.graphs and not m.is_pipeline
    ]
    facts["basis"] = ESTIMATE_BASIS
    return facts


def first_paths(estimates: Iterable[OpEstimate], cause: str, limit: int) -> Iterator[str]:
    """``main/conv_3 (dilations [2, 2])`` for the first ``limit`` ops."""
    for count, e in enumerate(estimates):
        if count == limit:
            return
        detail = e.detail(cause)
        yield f"{e.op.path} ({detail})" if detail else e.op.path
