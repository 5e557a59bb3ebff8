"""ML201: slices the Neural Engine handles badly.

A slice whose bounds are only known at run time, that steps by more than one
element, or that reads a function input directly has been seen to fail or
fall back off the Neural Engine. Which slice ops and layers carry which
parameters is in :mod:`mllint.knowledge.slices`.
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from mllint import Finding, Rule, hookimpl, op_rule
from mllint.knowledge.slices import (
    LEGACY_SLICE_AXES,
    MIL_BOUND_MASKS,
    MIL_SLICE_BOUNDS,
    NN_CONSTANT_LAYERS,
    NN_DYNAMIC_SLICES,
    SLICE_OP_TYPES,
)
from mllint.view import Graph, Op


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


def _mil_problems(op: Op) -> list[str]:
    masks = {m: _const_list(op, m) for m in ("begin_mask", "end_mask", "squeeze_mask")}
    stride = _const_list(op, "stride")
    bounds = {b: _const_list(op, b) for b in MIL_SLICE_BOUNDS[op.type]}
    rank = _rank(op, [*masks.values(), stride, *bounds.values()])
    problems = []
    for bound, values in bounds.items():
        if values is not None or not op.has_argument(bound):
            continue
        ignored_by = [masks[m] for m in MIL_BOUND_MASKS.get(bound, ()) if masks.get(m) is not None]
        # rank is only unknown when no mask is constant, so nothing is masked then
        axes = None if rank is None else [a for a in range(rank) if not any(a < len(m) and m[a] for m in ignored_by)]
        if axes == []:
            continue  # every axis masked: the value is never read
        problems.append(f"{bound} is computed at run time ({_origin(op.graph, op.input(bound))}) {_on_axes(axes)}")
    if op.has_argument("stride") and stride is None:
        problems.append(f"stride is computed at run time ({_origin(op.graph, op.input('stride'))})")
    elif stride is not None:
        stepped = _strides_message(stride, masks["squeeze_mask"] or ())
        if stepped:
            problems.append(stepped)
    x = op.input("x")
    if x is not None and x in op.graph.input_names:
        problems.append(f"reads function input '{x}' directly")
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


def _nn_runtime_bounds(op: Op) -> list[str]:
    """The inputs of a sliceDynamic/sliceBySize layer that no loadConstant layer makes."""
    meaning = NN_DYNAMIC_SLICES[op.type].inputs
    found = []
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
        found.append(f"{what} is computed at run time ({_origin(op.graph, name)}){where}")
    return found


def _nn_problems(op: Op) -> list[str]:
    params = op.params
    inputs = op.input_names
    problems = []
    if op.type == "slice":
        if params.stride > 1:
            axis = LEGACY_SLICE_AXES.get(params.axis, f"axis {params.axis}")
            problems.append(f"stride {params.stride} on the {axis}")
    elif op.type == "sliceStatic":
        stepped = _strides_message(list(params.strides), list(params.squeezeMasks))
        if stepped:
            problems.append(stepped)
    elif op.type in NN_DYNAMIC_SLICES:
        problems += _nn_runtime_bounds(op)
        if op.type == "sliceDynamic" and len(inputs) < 4:  # no strides input: the parameter applies
            squeeze = list(params.squeezeMasks) if len(inputs) < 7 else []
            stepped = _strides_message(list(params.strides), squeeze)
            if stepped:
                problems.append(stepped)
    if inputs and inputs[0] in op.graph.input_names:
        problems.append(f"reads model input '{inputs[0]}' directly")
    return problems


@op_rule(
    code="ML201",
    name="ane-unfriendly-slice",
    severity="warning",
    heuristic=True,
    op_types=sorted(SLICE_OP_TYPES),
    summary="A slice has run-time bounds, a stride other than 1, or reads a function input directly.",
    why="""
        The Neural Engine compiles a program ahead of time for fixed tensor regions. A slice whose
        begin/end/size is computed at run time cannot be laid out in advance: the ANE compiler has
        crashed on such slices, and Core ML otherwise moves them (and often their neighbours) to the
        CPU or GPU. Strided slices are a second source of trouble (a stride > 1 slice was even
        converted wrongly for NeuralNetwork models), and a slice reading a function input directly
        has been reported to make the ANE compiler reject the program (InvalidMILProgram).
    """,
    fix="""
        Make the bounds constants (export with static shapes, or slice in app code before the call);
        replace a strided slice with a reshape + plain slice or a strided conv/pool where it is a
        downsample; feed the data in the layout the model needs instead of slicing the input.
    """,
    sources=(
        "hollance/neural-engine#44 (slice_by_index on function inputs gives InvalidMILProgram on the ANE)",
        "apple/coreai-torch#6 (ANECompiler crash when slice indices are run-time values)",
        "apple/coremltools#1659 (slice_by_index with stride > 1 gave wrong NeuralNetwork output)",
    ),
)
def ane_unfriendly_slice(op: Op) -> Iterator[Finding]:
    """Looks at every ML program `slice_by_index` / `slice_by_size` and NeuralNetwork
    `slice` / `sliceStatic` / `sliceDynamic` / `sliceBySize`, and reports, per axis:

    - a begin/end/size that is not a constant (not an inline value, a `const` op or a
      `loadConstant(ND)` layer). Masks count: a begin under `begin_mask`, or an end under
      `end_mask`/`squeeze_mask`, is never read, so it is not "run time";
    - a stride other than 1 on an axis that is not squeezed away;
    - the sliced tensor being the function's (model's) input itself.

    Example: `slice_by_index(x=act, begin=concat(0, 0, start), end=[1, 8, 4, 4],
    begin_mask=[T, T, F, F], end_mask=[T, T, T, T])` has a run-time begin on axes 2 and 3.
    """
    problems = _mil_problems(op) if op.is_mil else _nn_problems(op)
    if problems:
        yield Finding(f"{op.type}: " + "; ".join(problems), location=op.path)


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [ane_unfriendly_slice]
