"""Which ops the Apple Neural Engine runs: public knowledge, one row per op type (the table's rows).

Apple publishes no list (apple/coremltools#1780, aseemw: "There is no static
documentation, as it changes based on device generation, operating system
version, tensor sizes etc."). Every row below therefore cites the public
evidence it rests on, and an op type with no evidence is left out: the
estimator calls it "unknown" and never guesses. Rows:

- ``unit``: ``ane`` (runs there unless a check below says otherwise),
  ``fallback`` (runs on the CPU or GPU) or ``unknown`` (listed only to record
  why it is not decided: conflicting or missing evidence).
- ``cause``: for a fallback, the cause key (:data:`CAUSES`) the linter reports it under.
- ``checks``: conditions that move an otherwise supported op off the ANE
  (:data:`CHECKS` names them and cites their sources).
- ``shape_args``: arguments that set the op's output shape; bound to a value
  computed at run time they make the shape a run-time shape.

``const`` and the ``constexpr_*`` ops (and NeuralNetwork ``loadConstant`` /
``loadConstantND``) are not compute ops: Core ML resolves
them when it loads the model (``MLComputePlan`` gives them no device or cost,
see smpanaro/CoreMLInspect README), so they are not counted at all.

Besides the per-op rows, every counted ML program op (whatever its row says) is
checked for (:data:`GENERAL_CHECKS`): float32 compute, integer or bool
outputs and run-time shapes (a tensor of rank >= 6 is not a fallback: Core ML
fails to load the model, :data:`RANK_6_LOAD`); these conditions do not depend on the
op type, so they also decide ops the table does not know (an int32 ``tile``
falls back). ``exempt`` lists checks that do not apply to a row.
Neural-network layers carry no types, so only their layer-specific checks apply.

The lookups that apply these rows (and the compile sweep's defaults for op types
without one) are in :mod:`mllint.knowledge.ane_support`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from mllint.knowledge.ane_causes import CAUSES
from mllint.knowledge.ane_sources import (
    ANE_TRANSFORMERS,
    ANE_TRANSFORMERS_EMBEDDING,
    ANEMLL,
    ANETOOLS,
    COMPUTE_PLAN_CAST,
    COREMLINSPECT,
    CT_337,
    CT_1103,
    CT_1278,
    CT_1780,
    CT_1909,
    DISTILBERT,
    FLEXIBLE,
    FREDYSHOX,
    FREDYSHOX_BROADCAST,
    FREDYSHOX_MAXMIN,
    HOLLANCE,
    HOLLANCE_2,
    HOLLANCE_OLD_LAYERS,
    RFDETR,
    SMPANARO_NOTES,
    SWEEP,
    VOXCPM,
    VX_MATMUL,
    VX_SDPA,
    W8A8,
)

Unit = Literal["ane", "fallback", "unknown"]

# --------------------------------------------------------------------------- rows

# How strong a row's evidence is (issue 12, item 5): "apple" (Apple documents or code, an Apple
# engineer), "measurement" (MLComputePlan, Xcode or Instruments naming the op), "espresso-log"
# (Core ML's own os_log naming the limit), "first-hand" (a whole-model report with the cause
# reasonably isolated), "compile-sweep" (aneforge: what the ANE compiler accepts, eligibility
# only; its failures are strong unless Core ML evidence shows the op on the ANE), "inferred"
# (a generalisation or assumption, said so). Core AI (.aimodel, apple/coreai-torch) and the
# private ANE compiler API describe other runtimes and are never a row's source.
Strength = Literal["apple", "measurement", "espresso-log", "first-hand", "compile-sweep", "inferred"]


class OpSupport(NamedTuple):
    unit: Unit
    source: str
    cause: str = ""
    checks: tuple[str, ...] = ()
    shape_args: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()  # general checks that do not apply to this op type
    note: str = ""  # conflicts, audit disagreements kept with their reason
    strength: Strength = "inferred"


def _ane(
    source: str,
    *checks: str,
    strength: Strength,
    shape_args: tuple[str, ...] = (),
    exempt: tuple[str, ...] = (),
    note: str = "",
) -> OpSupport:
    return OpSupport("ane", source, checks=checks, shape_args=shape_args, exempt=exempt, note=note, strength=strength)


def _fallback(cause: str, source: str, strength: Strength, note: str = "", checks: tuple[str, ...] = ()) -> OpSupport:
    if cause not in CAUSES:
        raise ValueError(f"unknown cause {cause!r}")
    return OpSupport("fallback", source, cause=cause, checks=checks, note=note, strength=strength)


def _unknown(source: str, note: str, exempt: tuple[str, ...] = (), checks: tuple[str, ...] = ()) -> OpSupport:
    return OpSupport("unknown", source, checks=checks, exempt=exempt, note=note, strength="inferred")


# ML program op types (Operation.type; coremltools ops/defs/iOS15..iOS18).
NOT_COUNTED_MIL = frozenset({"const"})  # plus every "constexpr_*" op
NOT_COUNTED_PREFIX = "constexpr_"

MIL_OPS: dict[str, OpSupport] = {
    # convolution and matrix products
    "conv": _ane(VOXCPM + "; " + RFDETR + "; " + ANE_TRANSFORMERS + "; " + SWEEP, "dilations", strength="measurement"),
    "conv_transpose": _ane(HOLLANCE + " (deconvolution works); " + SWEEP, "dilations", strength="compile-sweep"),
    "linear": _ane(RFDETR + "; " + SWEEP, strength="measurement"),
    "matmul": _ane(ANE_TRANSFORMERS + "; " + VX_MATMUL, strength="measurement"),
    "einsum": _ane(ANE_TRANSFORMERS + "; " + SWEEP, strength="apple"),
    "scaled_dot_product_attention": _ane(
        VX_SDPA + "; " + SWEEP,
        strength="measurement",
        note="fp16 attention with >= 2M elements per Q/K/V preferred on the NE; smaller is flagged small work",
    ),
    # activations
    "relu": _ane(ANE_TRANSFORMERS, strength="apple"),
    "silu": _ane(VOXCPM, strength="measurement"),
    "sigmoid": _ane(RFDETR + "; " + SWEEP, strength="measurement"),
    "gelu": _ane(RFDETR + " (DINOv2 backbone); " + SWEEP, strength="measurement"),
    "softmax": _ane(ANE_TRANSFORMERS, strength="apple"),
    "prelu": _ane(SWEEP, strength="compile-sweep"),
    # elementwise
    "add": _ane(VOXCPM + "; " + ANE_TRANSFORMERS + "; " + FREDYSHOX_BROADCAST, strength="measurement"),
    "sub": _ane(ANE_TRANSFORMERS + "; " + FREDYSHOX_BROADCAST, strength="apple"),
    "mul": _ane(VOXCPM + "; " + ANE_TRANSFORMERS + "; " + FREDYSHOX_BROADCAST, strength="measurement"),
    "real_div": _ane(SWEEP, strength="compile-sweep"),
    "maximum": _ane(
        SWEEP + "; element-wise like add/mul",
        strength="compile-sweep",
        note="audit #47: the fredyshox test once cited here used reduce_min/reduce_max, so it moved to reduce_max",
    ),
    "minimum": _ane(SWEEP + "; element-wise like add/mul", strength="compile-sweep", note="audit #47, as maximum"),
    "rsqrt": _ane(VOXCPM + "; " + ANE_TRANSFORMERS, strength="measurement"),
    "sqrt": _ane(SWEEP, strength="compile-sweep"),
    "clip": _ane(ANE_TRANSFORMERS + " (LayerNormANE clamp); " + SWEEP, strength="apple"),
    "cast": _ane(
        COMPUTE_PLAN_CAST,
        "int_cast",
        "follow_input",
        exempt=("fp32", "integer"),
        strength="measurement",
        note="the sweep's cast fails, but its probe is not Core ML's cast: MLComputePlan puts casts on the NE",
    ),
    "floor": _unknown(
        FREDYSHOX + " vs " + SWEEP,
        "audit #45: one M1 whole-model test (weak) saw floor off the ANE; the compile sweep compiles it: conflicting",
    ),
    # normalisation, pooling, reductions
    "layer_norm": _ane(CT_1909 + "; " + RFDETR, "enumerated_inputs", strength="measurement"),
    "batch_norm": _ane(SWEEP + " (converters usually fold it into conv)", strength="compile-sweep"),
    "reduce_mean": _ane(VOXCPM + "; " + ANE_TRANSFORMERS, strength="measurement"),
    "reduce_max": _ane(
        FREDYSHOX_MAXMIN + "; " + SWEEP,
        strength="inferred",
        note="audit #55: the Core AI measurement once cited is another runtime; the Core ML test is weak",
    ),
    "max_pool": _ane(
        HOLLANCE + "; " + HOLLANCE_2,
        "pool_window",
        strength="espresso-log",
        note="audit #62 kept: ultralytics/yolov5#2526 said kernels above 7 leave the ANE (a 2021 anecdote); "
        "Espresso logs name 13",
    ),
    "avg_pool": _ane(
        HOLLANCE + "; " + HOLLANCE_2,
        "pool_window",
        strength="espresso-log",
        note="audit #63 kept: hollance/neural-engine#1 saw VALID padding after a conv block the ANE (one 2020 "
        "report, no log); no check",
    ),
    # resampling
    "upsample_nearest_neighbor": _ane(
        HOLLANCE_2 + " (factor 2 only); " + SWEEP, "upsample_factor", strength="espresso-log"
    ),
    "upsample_bilinear": _ane(HOLLANCE_2 + " (factor 2 only); " + SWEEP, "upsample_factor", strength="espresso-log"),
    "resample": _unknown(
        "apple/coremltools#1875 vs developer.apple.com/forums/thread/745778",
        "audit #52: an Xcode report shows it on the CPU (M1/M2, 2023), a forum post an NE data copy before "
        "each NPU computation (iOS 16+): conflicting",
    ),
    # layout
    "concat": _ane(ANE_TRANSFORMERS, strength="apple"),
    "split": _ane(
        ANE_TRANSFORMERS,
        shape_args=("split_sizes",),
        strength="apple",
        note="audit #44 kept: a 2022 M1 test (fredyshox SplitModel, 1x1280x720x36) lost the ANE with the cause "
        "not isolated; its dims are within the size caps",
    ),
    "transpose": _ane(ANE_TRANSFORMERS, strength="apple"),
    "reshape": _ane(ANE_TRANSFORMERS, shape_args=("shape",), strength="apple"),
    "expand_dims": _ane(
        ANE_TRANSFORMERS + "; " + RFDETR + " (int32 indices leave by the integer check)", strength="apple"
    ),
    "squeeze": _ane(DISTILBERT, strength="measurement"),
    "slice_by_index": _ane(
        DISTILBERT + "; " + SMPANARO_NOTES + " 2023-04-02 (the last token before lm_head stays on the ANE)",
        "runtime_bounds",
        shape_args=("begin", "end"),
        strength="measurement",
    ),
    "slice_by_size": _ane(
        SWEEP + "; a static slice as slice_by_index",
        "runtime_bounds",
        shape_args=("begin", "size"),
        strength="inferred",
    ),
    "pad": _ane(
        SWEEP + " (constant pad on every tier; reflect/symmetric native from M2)",
        strength="compile-sweep",
        note="microsoft/onnxruntime#28022 is onnxruntime's own CoreML EP (fixed by #28073), not Core ML",
    ),
    "tile": _ane(
        SWEEP + " (factors 2, 3, 4, 8); int32 tiles leave by the integer check (" + RFDETR + ")",
        strength="compile-sweep",
    ),
    "fill": _ane(SWEEP + "; a run-time shape leaves by the runtime_shape check", strength="compile-sweep"),
    # gather and scatter
    "gather": _fallback("gather", COREMLINSPECT + "; " + ANE_TRANSFORMERS_EMBEDDING + "; " + SWEEP, "measurement"),
    "gather_along_axis": _fallback("gather", CT_1103 + "; " + RFDETR + "; " + SWEEP, "measurement"),
    "gather_nd": _fallback("gather", SMPANARO_NOTES + " gather_ops_ane.py, 2023-09-27; " + SWEEP, "first-hand"),
    "scatter": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported); " + SWEEP, "first-hand"),
    "scatter_along_axis": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported); " + SWEEP, "first-hand"),
    "scatter_nd": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported); " + SWEEP, "first-hand"),
    "slice_update": _unknown(
        "Anemll ANE_PROFILER.md vs " + SWEEP,
        "audit #49: a stateful LLM keeps 1622 of 1634 ops on the ANE with ios18.slice_update in its graph (the op's "
        "device not shown); the sweep says not implemented; apple/coreai-torch#6 is Core AI, another runtime",
    ),
    # sorting and selection
    "topk": _fallback(
        "sort",
        RFDETR + "; " + SWEEP,
        "measurement",
        note="the sweep compiles topk from M2 (eligible only): Core ML still placed it off the ANE on an M3 Pro",
    ),
    "argsort": _fallback("sort", SWEEP + " (rejected; aneforge's catalog disagrees)", "compile-sweep"),
    "non_maximum_suppression": _unknown(
        "apple/coremltools#2471 (cause not isolated); " + SWEEP + " (compiles, output unchecked)",
        "audit #54: no Core ML placement measurement; ML203 reports embedded NMS as outside the estimate",
    ),
    "non_zero": _fallback("runtime_shape", FLEXIBLE + " (data-dependent output shape); " + SWEEP, "measurement"),
    "shape": _fallback(
        "runtime_shape", FLEXIBLE + " (computes shapes at run time, int32 output); " + SWEEP, "measurement"
    ),
    "range_1d": _fallback(
        "runtime_shape",
        SMPANARO_NOTES + " 2023-10-25 (anything dynamic moves to the CPU)",
        "first-hand",
        note="the sweep compiles range_1d with constant inputs; aneforge's catalog rejects it on M1",
    ),
    "reduce_argmax": _fallback("other", SWEEP + " (not implemented as a MIL op)", "compile-sweep"),
    "reduce_argmin": _fallback(
        "other",
        SWEEP + " (not implemented in the sweep)",
        "compile-sweep",
        note="aneforge's catalog lists it native from M3: its files disagree",
    ),
    # masking
    "select": _unknown(
        ANEMLL + " vs " + SMPANARO_NOTES + " 2023-04-15; " + SWEEP,
        "audit #22: Anemll lists select as a GPU fallback, smpanaro saw torch.where on the ANE with a precomputed "
        "float mask, the sweep compiles it: conflicting (a bool/int select still leaves by the integer check)",
    ),
    "band_part": _fallback(
        "masking",
        SMPANARO_NOTES + " 2023-04-04 (Xcode: matrix_band_part is not able to run on ANE); " + SWEEP,
        "first-hand",
    ),
    "cumsum": _fallback("other", SWEEP + " (not implemented); " + FREDYSHOX, "compile-sweep"),
    # recurrent and control flow
    "lstm": _fallback("recurrent", CT_1780 + "; " + CT_337 + "; " + SWEEP, "apple"),
    "gru": _fallback("recurrent", CT_1780 + "; " + SWEEP, "apple"),
    "rnn": _fallback("recurrent", CT_1780 + "; " + SWEEP, "apple"),
    "cond": _fallback(
        "control_flow",
        SMPANARO_NOTES + " 2023-04-16 (cond isn't supported on the Neural Engine); " + SWEEP,
        "first-hand",
    ),
    "while_loop": _fallback("control_flow", ANEMLL + "; " + SWEEP, "first-hand"),
    "classify": _fallback("classifier", "classify builds a dictionary of string or int64 labels; " + SWEEP, "inferred"),
    "quantize": _unknown(
        W8A8,
        "W8A8 activation quantisation: eligible on A17 Pro/M4 and later (the int8_activations check)",
        checks=("int8_activations",),
    ),
    "dequantize": _unknown(W8A8, "as quantize", checks=("int8_activations",)),
}

# NeuralNetwork layer types (NeuralNetworkLayer.layer oneof, NeuralNetwork.proto).
NN_LAYERS: dict[str, OpSupport] = {
    # iOS 11 layers (spec 1)
    "convolution": _ane(
        HOLLANCE + "; the MIL conv evidence (" + VOXCPM + ") carried to NN; " + SWEEP,
        "dilations",
        strength="inferred",
    ),
    "pooling": _ane(HOLLANCE_2 + "; hollance/neural-engine#1", "pool_window", strength="espresso-log"),
    "activation": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP, strength="inferred"),
    "innerProduct": _ane(CT_337, strength="measurement"),
    "batchnorm": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP, strength="inferred"),
    "softmax": _ane(HOLLANCE_OLD_LAYERS + "; MIL softmax: " + ANE_TRANSFORMERS, strength="inferred"),
    "upsample": _ane(HOLLANCE_2 + " (factor 2 only)", "upsample_factor", strength="espresso-log"),
    "add": _ane(HOLLANCE + " (AddLayer)", "channel_broadcast", strength="first-hand"),
    "multiply": _ane(HOLLANCE + " (MultiplyLayer)", "channel_broadcast", strength="first-hand"),
    "scale": _ane(
        HOLLANCE + " (ScaleLayer: the suggested replacement for a broadcast multiply)", strength="first-hand"
    ),
    "bias": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "average": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "max": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (maximum)", strength="inferred"),
    "min": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (minimum)", strength="inferred"),
    "concat": _ane(HOLLANCE + " (Concat)", strength="first-hand"),
    "split": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "reshape": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "flatten": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "permute": _ane(
        HOLLANCE_OLD_LAYERS,
        strength="inferred",
        note="apple/coremltools#1318: a permute+reshape failed with 'ANE does not support blob rank < 0' on an "
        "iPhone 12 mini, not an iPhone 11 (device-specific)",
    ),
    "slice": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "crop": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP, strength="inferred"),
    "unary": _ane(
        HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (sqrt, rsqrt, exp, log, abs, inverse, pow)", strength="inferred"
    ),
    "l2normalize": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (l2_norm)", strength="inferred"),
    "mvn": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "lrn": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (fails for a channel window >= 16)", strength="inferred"),
    "reorganizeData": _ane(
        HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (space_to_depth, depth_to_space)", strength="inferred"
    ),
    "layerNormalization": _ane(
        "MIL layer_norm (" + CT_1909 + ") carried to NN",
        "enumerated_inputs",
        strength="inferred",
    ),
    "padding": _ane(SWEEP + " (pad; the NN lowering is inferred)", strength="inferred"),
    "embedding": _fallback(
        "gather",
        SMPANARO_NOTES + " (embedding layers run on the CPU); " + COREMLINSPECT + "; " + ANE_TRANSFORMERS_EMBEDDING,
        "measurement",
    ),
    "simpleRecurrent": _fallback("recurrent", CT_1780 + "; " + CT_337, "apple"),
    "gru": _fallback("recurrent", CT_1780, "apple"),
    "uniDirectionalLSTM": _fallback("recurrent", CT_1780 + "; " + CT_337, "apple"),
    "biDirectionalLSTM": _fallback("recurrent", CT_1780 + "; " + CT_337, "apple"),
    "custom": _fallback("custom", CT_1278 + "; " + HOLLANCE, "apple"),
    "batchedMatmul": _unknown(
        ANETOOLS,
        "with weights: no evidence; with two activation inputs it falls back (the activation_matmul check)",
        checks=("activation_matmul",),
    ),
    # iOS 13+ layers
    "gather": _fallback("gather", COREMLINSPECT + "; " + SWEEP, "measurement"),
    "gatherND": _fallback("gather", SMPANARO_NOTES + " gather_ops_ane.py; " + SWEEP, "first-hand"),
    "gatherAlongAxis": _fallback("gather", CT_1103, "first-hand"),
    "scatter": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported); " + SWEEP, "first-hand"),
    "scatterND": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported); " + SWEEP, "first-hand"),
    "scatterAlongAxis": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported); " + SWEEP, "first-hand"),
    "topK": _fallback("sort", RFDETR + " (MIL topk, carried to NN)", "measurement"),
    "argSort": _fallback("sort", SWEEP + " (argsort rejected)", "compile-sweep"),
    "NonMaximumSuppression": _unknown(
        "no placement measurement (see MIL non_maximum_suppression)", "audit #54; ML203 reports embedded NMS"
    ),
    "branch": _fallback(
        "control_flow", SMPANARO_NOTES + " (cond isn't supported on the Neural Engine); " + SWEEP, "first-hand"
    ),
    "loop": _fallback("control_flow", ANEMLL + " (while_loop); " + SWEEP, "first-hand"),
    "loopBreak": _fallback("control_flow", ANEMLL + " (while_loop)", "first-hand"),
    "loopContinue": _fallback("control_flow", ANEMLL + " (while_loop)", "first-hand"),
    "matrixBandPart": _fallback(
        "masking", SMPANARO_NOTES + " 2023-04-04 (matrix_band_part is not able to run on the ANE)", "first-hand"
    ),
    "floor": _unknown(FREDYSHOX + " vs " + SWEEP, "audit #45, as MIL floor: conflicting"),
    "cumSum": _fallback("other", SWEEP + " (cumsum not implemented); " + FREDYSHOX, "compile-sweep"),
    "getShape": _fallback("runtime_shape", FLEXIBLE + " (shape computed at run time)", "measurement"),
    "whereNonZero": _fallback("runtime_shape", FLEXIBLE + " (data-dependent output shape)", "measurement"),
    "rangeDynamic": _fallback(
        "runtime_shape", SMPANARO_NOTES + " 2023-10-25 (anything dynamic moves to the CPU)", "first-hand"
    ),
    "reshapeDynamic": _fallback(
        "runtime_shape", SMPANARO_NOTES + " 2023-10-25 (target shape is an input)", "first-hand"
    ),
    "fillDynamic": _fallback("runtime_shape", SMPANARO_NOTES + " 2023-10-25 (shape is an input)", "first-hand"),
    "broadcastToDynamic": _fallback("runtime_shape", SMPANARO_NOTES + " 2023-10-25 (shape is an input)", "first-hand"),
}

# hollance: "broadcastable and 'ND' layers" (AddBroadcastable ... ConcatND, SplitND,
# "and a number of others") do not run on the ANE; the page says some of these are guesses.
# loadConstantND is a constant, not counted (NOT_COUNTED_NN).
ND_LAYERS = (
    "addBroadcastable",
    "subtractBroadcastable",
    "multiplyBroadcastable",
    "divideBroadcastable",
    "maxBroadcastable",
    "minBroadcastable",
    "modBroadcastable",
    "floorDivBroadcastable",
    "powBroadcastable",
    "whereBroadcastable",
    "concatND",
    "splitND",
    "softmaxND",
    "embeddingND",
    "reverseND",
    "broadcastToLike",
    "broadcastToStatic",
)
for _layer in ND_LAYERS:
    NN_LAYERS.setdefault(
        _layer, _fallback("nd_layer", HOLLANCE + " (broadcastable and ND layers); docs/model-surgery.md", "first-hand")
    )
