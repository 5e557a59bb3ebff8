"""ML201 ane-unfriendly-slice: a slice with run-time bounds, a stride, or a function input as its data.

A slice whose bounds are only known at run time was measured off the Neural
Engine (a warning), even when its output shape is static (torch.narrow). A
stride other than 1 and an ML program slice reading a function input directly
have no public Core ML measurement behind them: they are reported as info (the
input branch is never applied to NeuralNetwork slices: its only report is about
ML program text given to the private ANE compiler). Which slice ops and layers
carry which parameters is in :mod:`mllint.knowledge.slices`.

The shared estimate marks such an ML program slice as a fallback with the cause
``runtime_slice``, which this rule reports: when the slice also has other causes
they are named in the message, and when another cause is its primary one
(the slice sits inside a cond, say) that cause's rule reports it instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mllint import Finding, Severity, op_rule
from mllint.analysis.ane_estimate import estimate
from mllint.knowledge.slices import (
    LEGACY_SLICE_AXES,
    MIL_BOUND_MASKS,
    MIL_SLICE_BOUNDS,
    NN_CONSTANT_LAYERS,
    NN_DYNAMIC_SLICES,
    SLICE_OP_TYPES,
)
from mllint.rule import RunContext
from mllint.view import Graph, Op


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a slice; ``measured``: public measurements show it off the ANE."""

    text: str
    measured: bool


def _on_axes(axes: Sequence[int] | None) -> str:
    if axes is None:
        return "on every axis"
    return f"on axis {axes[0]}" if len(axes) == 1 else "on axes " + ", ".join(str(a) for a in axes)


def _input_word(graph: Graph) -> str:
    return "function input" if graph.kind == "mlProgram" else "model input"


def _origin(graph: Graph, name: str | None) -> str:
    """Where a run-time value comes from, for a message."""
    if name is None:
        return "an unnamed value"
    if name in graph.input_names:
        return f"{_input_word(graph)} '{name}'"
    producer = graph.producer(name)
    if producer is None:
        return f"'{name}'"
    if producer.name == name:
        return f"from {producer.type} '{name}'"
    return f"'{name}' from {producer.type} '{producer.name}'"


def _strides_message(strides: Sequence[int], skipped: Sequence[bool] = ()) -> str | None:
    """``stride 2 on axis 3`` for every axis whose stride is not 1 (squeezed axes aside)."""
    stepped = [
        f"{int(s)} on axis {axis}"
        for axis, s in enumerate(strides)
        if int(s) != 1 and not (axis < len(skipped) and skipped[axis])
    ]
    return "stride " + ", ".join(stepped) if stepped else None


# --------------------------------------------------------------------------- ML program


def _const_list(op: Op, argument: str) -> list[Any] | None:
    value = op.const(argument) if op.has_argument(argument) else None
    return value.as_list() if value is not None else None


def _value_rank(graph: Graph, name: str | None) -> int | None:
    """The rank of a function input or op output, if its type says."""
    if name is None:
        return None
    producer = graph.producer(name)
    infos = producer.outputs if producer is not None else graph.inputs
    return next((info.rank for info in infos if info.name == name and info.rank), None)


def _rank(op: Op, lists: Sequence[list[Any] | None]) -> int | None:
    """The slice's rank: from any constant per-axis list, else from x's type."""
    for values in lists:
        if values is not None:
            return len(values)
    return _value_rank(op.graph, op.input("x"))


def _mil_problems(op: Op) -> list[Problem]:
    masks = {m: _const_list(op, m) for m in ("begin_mask", "end_mask", "squeeze_mask")}
    stride = _const_list(op, "stride")
    bounds = {b: _const_list(op, b) for b in MIL_SLICE_BOUNDS[op.type]}
    rank = _rank(op, [*masks.values(), stride, *bounds.values()])
    problems: list[Problem] = []
    for bound, values in bounds.items():
        if values is not None or not op.has_argument(bound):
            continue
        ignored_by = [mask for m in MIL_BOUND_MASKS.get(bound, ()) if (mask := masks.get(m)) is not None]
        # rank is only unknown when no mask is constant, so nothing is masked then
        axes = None if rank is None else [a for a in range(rank) if not any(a < len(m) and m[a] for m in ignored_by)]
        if axes == []:
            continue  # every axis masked: the value is never read
        origin = _origin(op.graph, op.input(bound))
        problems.append(Problem(f"{bound} is computed at run time ({origin}) {_on_axes(axes)}", measured=True))
    if op.has_argument("stride") and stride is None:
        origin = _origin(op.graph, op.input("stride"))
        problems.append(Problem(f"stride is computed at run time ({origin})", measured=True))
    elif stride is not None:
        stepped = _strides_message(stride, masks["squeeze_mask"] or ())
        if stepped:
            problems.append(Problem(stepped, measured=False))
    x = op.input("x")
    if x is not None and x in op.graph.input_names:
        problems.append(Problem(f"reads function input '{x}' directly", measured=False))
    return problems


# --------------------------------------------------------------------------- NeuralNetwork


def _is_constant_layer_output(graph: Graph, name: str) -> bool:
    producer = graph.producer(name)
    return producer is not None and producer.type in NN_CONSTANT_LAYERS


def _nn_masked(op: Op, what: str) -> list[bool] | None:
    """Per-axis: is this bound ignored (by a mask parameter that no mask input overrides)?"""
    params, count = op.params, len(op.input_names)
    if op.type != "sliceDynamic":
        return None
    if what == "begin" and count < 5 and len(params.beginMasks):
        return list(params.beginMasks)
    if what == "end" and count < 6 and len(params.endMasks):
        squeeze = list(params.squeezeMasks) if count < 7 else []
        return [m or (a < len(squeeze) and squeeze[a]) for a, m in enumerate(params.endMasks)]
    return None


def _nn_runtime_bounds(op: Op) -> list[Problem]:
    """The inputs of a sliceDynamic/sliceBySize layer that no loadConstant layer makes."""
    meaning = NN_DYNAMIC_SLICES[op.type].inputs
    found: list[Problem] = []
    for position, name in enumerate(op.input_names[1 : len(meaning)], start=1):
        if _is_constant_layer_output(op.graph, name):
            continue
        what = meaning[position]
        where = ""
        if op.type == "sliceBySize":
            where = " " + _on_axes([int(op.params.axis)])
        elif what in ("begin", "end"):
            masked = _nn_masked(op, what)
            axes = None if masked is None else [a for a, m in enumerate(masked) if not m]
            if axes == []:
                continue  # masked on every axis: never read
            where = " " + _on_axes(axes)
        found.append(Problem(f"{what} is computed at run time ({_origin(op.graph, name)}){where}", measured=True))
    return found


def _nn_problems(op: Op) -> list[Problem]:
    params = op.params
    inputs = op.input_names
    problems: list[Problem] = []
    if op.type == "slice":
        if params.stride > 1:
            axis = LEGACY_SLICE_AXES.get(params.axis, f"axis {params.axis}")
            problems.append(Problem(f"stride {params.stride} on the {axis}", measured=False))
    elif op.type == "sliceStatic":
        stepped = _strides_message(list(params.strides), list(params.squeezeMasks))
        if stepped:
            problems.append(Problem(stepped, measured=False))
    elif op.type in NN_DYNAMIC_SLICES:
        problems += _nn_runtime_bounds(op)
        if op.type == "sliceDynamic" and len(inputs) < 4:  # no strides input: the parameter applies
            squeeze = list(params.squeezeMasks) if len(inputs) < 7 else []
            stepped = _strides_message(list(params.strides), squeeze)
            if stepped:
                problems.append(Problem(stepped, measured=False))
    return problems


def _others_and_primary(op: Op, chip: str | None) -> tuple[list[str], bool]:
    """The estimate's other causes for this slice (``also ML225: ...``), and whether this rule reports it."""
    from .fallback_check import CONSEQUENCES, also_name

    found = estimate(op.model, chip) if op.is_mil else None
    entry = found.by_path().get(op.path) if found is not None else None
    if entry is None or "runtime_slice" not in entry.causes:
        return [], True
    others = [
        f"also {also_name(cause)}" + (f": {detail}" if detail else "")
        for cause, detail in entry.other_reasons
        if cause != "runtime_slice" and cause not in CONSEQUENCES
    ]
    return others, entry.primary == "runtime_slice"


@op_rule(
    code="ML201",
    name="ane-unfriendly-slice",
    severity="warning",
    heuristic=True,
    op_types=sorted(SLICE_OP_TYPES),
    summary="A slice has run-time bounds (warning), a stride other than 1 or reads a function input (info).",
    why="""
        The Neural Engine runs a program compiled ahead of time for fixed tensor regions. A slice whose
        begin/end/size is computed at run time cannot be laid out in advance: Xcode's performance
        report shows such slices (slice_by_index with a run-time begin, and even slice_by_size with a
        constant size but a run-time begin, as torch.narrow makes) on the CPU, often with their
        neighbours. Strided slices and slices that read a function input directly have no public Core ML
        measurement: they are reported as info (a stride > 1 slice was once converted wrongly for
        NeuralNetwork models, a MIL-to-NN conversion bug; a slice of a function input was rejected only
        when ML program text was compiled through the private ANE compiler, another runtime).
    """,
    fix="""
        Make the bounds constants (export with static shapes, or slice in app code before the call);
        replace a strided slice with a reshape + plain slice or a strided conv/pool where it is a
        downsample; feed the data in the layout the model needs instead of slicing the input.
    """,
    evidence="measurement",
    sources=(
        "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-10-25 (run-time slice begin runs on the CPU)",
        "smpanaro/more-ane-transformers src/experiments/select_with_tensor.py (slice_by_index with a run-time index)",
        "hollance/neural-engine#44 (slice of a function input: InvalidMILProgram, private ANE compiler API)",
        "apple/coremltools#1659 (slice_by_index with stride > 1 gave wrong NeuralNetwork output)",
    ),
)
def ane_unfriendly_slice(op: Op, context: RunContext) -> Iterator[Finding]:
    """Looks at every ML program `slice_by_index` / `slice_by_size` and NeuralNetwork
    `slice` / `sliceStatic` / `sliceDynamic` / `sliceBySize`, and reports, per axis:

    - a begin/end/size (or stride) that is not a constant (not an inline value, a `const` op
      or a `loadConstant(ND)` layer). Masks count: a begin under `begin_mask`, or an end under
      `end_mask`/`squeeze_mask`, is never read, so it is not "run time". A warning;
    - a stride other than 1 on an axis that is not squeezed away (info, unless a run-time
      bound makes the same slice a warning);
    - an ML program slice reading the function's input itself (likewise info; never for
      NeuralNetwork slices).

    An ML program slice with run-time bounds is one op of the Neural Engine estimate: its other
    causes are named (``also ML225: ...``), and when one of them is its primary cause (it sits in
    a cond's block, say) the run-time bounds are named by that cause's rule instead.

    Example: `slice_by_index(x=act, begin=concat(0, 0, start), end=[1, 8, 4, 4],
    begin_mask=[T, T, F, F], end_mask=[T, T, T, T])` has a run-time begin on axes 2 and 3.
    """
    problems = _mil_problems(op) if op.is_mil else _nn_problems(op)
    others, reported_here = _others_and_primary(op, context.chip)
    if not reported_here:
        problems = [p for p in problems if not p.measured]
    elif any(p.measured for p in problems):
        problems += [Problem(text, measured=True) for text in others]
    if problems:
        measured = any(p.measured for p in problems)
        yield Finding(
            f"{op.type}: " + "; ".join(p.text for p in problems),
            location=op.path,
            severity=None if measured else Severity.INFO,
        )
