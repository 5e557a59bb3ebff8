"""The typed results of the Neural Engine estimate (:mod:`mllint.analysis.ane_estimate`).

:class:`ModelEstimate` holds every counted op's :class:`OpEstimate`, the partition count
and the fp16 :class:`Overflow` s of one model; :class:`EstimateSummary` its counts, whose
:meth:`~EstimateSummary.facts` is the JSON ``ane`` block. Rules and reporters read these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from mllint.analysis.op_work import HEAVY_OPS
from mllint.knowledge import ane_support as table
from mllint.knowledge.chips import DEFAULT_ASSUMED_CHIP
from mllint.view import Model, Op

Unit = Literal["ane", "fallback", "unknown"]
Reason = tuple[str, str]  # (cause key, detail)


class OpEstimate(NamedTuple):
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


class Overflow(NamedTuple):
    """A float constant beyond the fp16 range that an fp16 op reads."""

    location: str  # the const op's path, or the consumer's path for an inline value
    name: str
    dtype: str
    magnitude: float  # the largest |x| (inf included)
    consumer: Op


class EstimateSummary(NamedTuple):
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
    caveats: Mapping[str, str] = MappingProxyType({})  # caveat key -> detail
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
    weight_bytes: int = 0  # weight files on disk (ML program) plus weights embedded in NN layers

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
            self.ops,
            self.partitions,
            self.params,
            self.caveats,
            tuple(f"{op.path} ({d})" for op, d in self.load_failures),
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
