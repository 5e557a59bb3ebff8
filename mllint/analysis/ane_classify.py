"""The per-op checks of the Neural Engine estimate, named by the rows of :mod:`mllint.knowledge.ane_support`.

A row lists checks (``dilations``, ``pool_window``...) that move an otherwise supported op
off the ANE; :data:`MIL_CHECKS` and :data:`NN_CHECKS` map each name to the function that
applies it to one op, reading what the graph pass has walked so far. :func:`mil_size` and
:func:`nn_size` apply the size caps to every op, :func:`mil_small_work` flags eligible work
too small for Core ML to place on the ANE, and :func:`decide` turns an op's reasons into its unit.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from mllint.analysis.ane_types import OpEstimate, Reason, Unit
from mllint.knowledge import ane_support as table
from mllint.knowledge.slices import MIL_BOUND_MASKS, MIL_SLICE_BOUNDS
from mllint.view import Op

if TYPE_CHECKING:
    from mllint.analysis.ane_graph_pass import GraphPass


def decide(op: Op, unit: Unit, reasons: list[Reason], flops: int | None = None) -> OpEstimate:
    # one reason per cause: the first detail wins
    seen: dict[str, str] = {}
    for cause, detail in dict.fromkeys(reasons):
        if cause not in seen or (not seen[cause] and detail):
            seen[cause] = detail
    merged = tuple(seen.items())
    return OpEstimate(op, "fallback" if merged else unit, merged, flops)


# --------------------------------------------------------------------------- op-specific checks


def _const_numbers(graph_pass: GraphPass, op: Op, argument: str) -> list[float]:
    value = graph_pass.const(op, argument)
    if value is None or value.values is None:
        return []
    try:
        return [float(v) for v in value.values]
    except (TypeError, ValueError):
        return []


def _fmt(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def _mil_dilations(graph_pass: GraphPass, op: Op) -> list[Reason]:
    dilations = _const_numbers(graph_pass, op, "dilations")
    if any(d != 1 for d in dilations):
        return [("dilated", f"dilations {_fmt(dilations)}")]
    return []


def _mil_pool_window(graph_pass: GraphPass, op: Op) -> list[Reason]:
    kernel, strides = _const_numbers(graph_pass, op, "kernel_sizes"), _const_numbers(graph_pass, op, "strides")
    if any(k > table.POOL_MAX_KERNEL for k in kernel) or any(s > table.POOL_MAX_STRIDE for s in strides):
        return [("pool_window", f"kernel {_fmt(kernel)}, strides {_fmt(strides)}")]
    return []


def _mil_upsample_factor(graph_pass: GraphPass, op: Op) -> list[Reason]:
    scales = _const_numbers(graph_pass, op, "scale_factor_height") + _const_numbers(
        graph_pass, op, "scale_factor_width"
    )
    if any(s > table.UPSAMPLE_MAX_SCALE for s in scales):
        return [("upsample_factor", f"scale {_fmt(scales)}")]
    return []


def _mil_int_cast(graph_pass: GraphPass, op: Op) -> list[Reason]:
    source = graph_pass.value_dtype(op.input("x"))
    target = op.outputs[0].dtype if op.outputs else ""
    if source in table.INTEGER_DTYPES or target in table.INTEGER_DTYPES:
        return [("integer", f"cast {source or '?'} -> {target or '?'}")]
    return []


def _mil_follow_input(graph_pass: GraphPass, op: Op) -> list[Reason]:
    """A float cast runs where its input was made: after a fallback op, off the ANE too."""
    source = op.input("x")
    producer = graph_pass.producer(source)
    if producer is not None and graph_pass.units.get(source or "") == "fallback":
        return [("adjacent_cast", f"after {producer.type} '{producer.name}'")]
    return []


def _mil_runtime_bounds(graph_pass: GraphPass, op: Op) -> list[Reason]:
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


def _const_flags(graph_pass: GraphPass, op: Op, argument: str) -> list[bool] | None:
    value = graph_pass.const(op, argument) if op.has_argument(argument) else None
    listed = value.as_list() if value is not None else None
    return [bool(v) for v in listed] if listed is not None else None


def _mil_enumerated_inputs(graph_pass: GraphPass, op: Op) -> list[Reason]:
    if graph_pass.enumerated:
        return [("enumerated_layer_norm", "the model has an EnumeratedShapes input")]
    return []


def mil_size(graph_pass: GraphPass, op: Op) -> list[Reason]:
    """Too large for the ANE (ane_sources.SIZE_CAPS): an output dimension above the chip's caps, output
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


def mil_small_work(graph_pass: GraphPass, op: Op, found: OpEstimate) -> tuple[Reason, ...]:
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


MIL_CHECKS = {
    "dilations": _mil_dilations,
    "pool_window": _mil_pool_window,
    "upsample_factor": _mil_upsample_factor,
    "int_cast": _mil_int_cast,
    "follow_input": _mil_follow_input,
    "runtime_bounds": _mil_runtime_bounds,
    "enumerated_inputs": _mil_enumerated_inputs,
    "int8_activations": lambda graph_pass, op: [],  # decides the unit, see _classify_mil
}


def _nn_dilations(graph_pass: GraphPass, op: Op) -> list[Reason]:
    dilations = [float(d) for d in op.params.dilationFactor]
    if any(d > 1 for d in dilations):
        return [("dilated", f"dilationFactor {_fmt(dilations)}")]
    return []


def _nn_pool_window(graph_pass: GraphPass, op: Op) -> list[Reason]:
    params = op.params
    if params.globalPooling:
        return []
    kernel, strides = [float(k) for k in params.kernelSize], [float(s) for s in params.stride]
    if any(k > table.POOL_MAX_KERNEL for k in kernel) or any(s > table.POOL_MAX_STRIDE for s in strides):
        return [("pool_window", f"kernelSize {_fmt(kernel)}, stride {_fmt(strides)}")]
    return []


def _nn_upsample_factor(graph_pass: GraphPass, op: Op) -> list[Reason]:
    params = op.params
    scales = [float(s) for s in params.scalingFactor] + [float(s) for s in params.fractionalScalingFactor]
    if any(s > table.UPSAMPLE_MAX_SCALE for s in scales):
        return [("upsample_factor", f"scale {_fmt(scales)}")]
    return []


def _nn_channel_broadcast(graph_pass: GraphPass, op: Op) -> list[Reason]:
    """add/multiply of a computed C x 1 x 1 tensor with a C x H x W one (squeeze-excite)."""
    inputs = [name for name in op.input_names if name not in graph_pass.nn_constants]  # constants are fine
    if len(inputs) < 2:
        return []
    small = [name for name in inputs if name in graph_pass.spatial_1x1]
    if small and len(small) < len(inputs):
        return [("channel_broadcast", f"'{small[0]}' is C x 1 x 1, computed in the graph")]
    return []


def _nn_activation_matmul(graph_pass: GraphPass, op: Op) -> list[Reason]:
    """An NN batchedMatmul of two computed inputs (the ANE compiler marks it to_fallback)."""
    if len([name for name in op.input_names if name not in graph_pass.nn_constants]) >= 2:
        return [("activation_matmul", "two activation inputs")]
    return []


def _nn_enumerated_inputs(graph_pass: GraphPass, op: Op) -> list[Reason]:
    return _mil_enumerated_inputs(graph_pass, op)


def nn_size(graph_pass: GraphPass, op: Op) -> list[Reason]:
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


NN_CHECKS = {
    "dilations": _nn_dilations,
    "pool_window": _nn_pool_window,
    "upsample_factor": _nn_upsample_factor,
    "channel_broadcast": _nn_channel_broadcast,
    "enumerated_inputs": _nn_enumerated_inputs,
    "activation_matmul": _nn_activation_matmul,
}
