"""Which ops the Apple Neural Engine runs: public knowledge, one row per op type.

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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from mllint.knowledge.ane_compile_sweep import SWEEP_BY_OP, SweepRow, compiles_on
from mllint.knowledge.chips import LARGE_MODEL_SOURCE

Unit = Literal["ane", "fallback", "unknown"]

# --------------------------------------------------------------------------- sources

TYPED_EXECUTION = (
    "coremltools docs, Typed Execution workflow example: a float 32 typed ML program "
    "'will execute on a combination of the GPU and CPU'; float 16 is eligible for the Neural Engine"
)
ANE_TRANSFORMERS = (
    "apple/ml-ane-transformers ane_transformers/reference/*.py (conv2d, relu, einsum, softmax, split, "
    "concat, transpose and LayerNormANE's mean/sub/mul/add/rsqrt/clamp run on the ANE; Xcode report in its README)"
)
RFDETR = (
    "roboflow/rf-detr#1495: MLComputePlan of fp16 RF-DETR, every op on the ANE except topk and the "
    "expand_dims/tile/gather_along_axis consuming its indices (592 of 599 ops)"
)
HOLLANCE = "hollance/neural-engine docs/unsupported-layers.md"
HOLLANCE_OLD_LAYERS = (
    HOLLANCE + ': older (Core ML 2) layer types "mostly work fine on the ANE" (said about replacing '
    "broadcastable layers; generalised to the iOS 11 layer set: inferred)"
)
COREMLINSPECT = "smpanaro/CoreMLInspect README (MLComputePlan: gather supported on GPU|CPU only)"
SMPANARO_NOTES = "smpanaro/more-ane-transformers src/experiments/NOTES.md"
ANEMLL = "Anemll ANE_PROFILER.md fallback list: select, int cast, gather, greater_equal, while_loop"
CT_1780 = "apple/coremltools#1780 (aseemw: RNN or LSTM ops are not supported on the neural engine)"
CT_1103 = "apple/coremltools#1103 (gather_along_axis runs on the CPU only)"
CT_1278 = "apple/coremltools#1278 (aseemw: a custom op cannot run on the neural engine)"
FREDYSHOX = "fredyshox/coreml-supersampling ane/model_test/README.md (M1 tests: floor, cumsum, gather off the ANE)"
COMPUTE_PLAN_CAST = "vx-lang/Vx#436 (MLComputePlan lists MLNeuralEngine among cast's supported devices)"
ORT_14212 = 'microsoft/onnxruntime#14212 ("ANE does not support blob with rank: 6")'
RANK_6_LOAD = (
    "apple/coremltools#1723, #2291, #832 (Apple maintainers: Core ML supports tensors of rank <= 5; a rank-6 "
    'model fails at load with "Error in declaring network"); microsoft/onnxruntime#14212 (Espresso log '
    '"ANE does not support blob with rank: 6") and PR #17086 (the CoreML EP stops emitting rank > 5)'
)
RUNTIME_SLICE = (
    "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-10-25 and select_with_tensor.py "
    "(Xcode report: slice_by_index with a run-time begin runs on the CPU; torch.narrow, a slice_by_size with a "
    "run-time begin and a constant size, 'still runs on CPU')"
)
CHANNEL_BROADCAST = (
    'hollance/neural-engine#2 (Espresso os_log, MobileNetV3: "elementwise with channel broadcast supported only '
    'with constant vector or transplant input") and docs/unsupported-layers.md ("multiply of CxHxW and Cx1x1 tensors")'
)
ENUMERATED_LAYER_NORM = (
    "apple/coremltools#1909 (Xcode report, 2023: with EnumeratedShapes inputs the layer_norm model 'won't run on "
    "ANE', fixed or RangeDim shapes do); smpanaro/more-ane-transformers NOTES.md 2023-10-25 (rank-3 layer_norm "
    "with enumerated shapes fails, a 4-D variant works). OS-dependent; no newer measurement shows it fixed"
)
SIZE_CAPS = (
    "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-04-02 and 2023-09-27 (first-hand Xcode: a "
    "GPT-2 lm_head with 50257 outputs runs on the CPU; slicing the last token or splitting under 16384 keeps it "
    'on the ANE); Anemll agent.md ("Do not exceed 16 384 elements in height or width, and 65 536 in the channel '
    'dimension"); aneforge 0.4.0 compile sweep limits per chip (mllint.knowledge.chips: max_tensor_dim, '
    "channel_extent, conv_kw_max) [compile-sweep]"
)
RANGE_DIM = (
    "apple/coremltools#2370 (RangeDim input: 75-78% ANE at the default shape, 0% at any other), #1029 "
    "(MLE5Engine not supported for range shape inputs on the Neural Engine), #1764"
)
FLEXIBLE = "apple/coremltools#1029 and #2370: the ANE runs fixed (or enumerated) shapes; range shapes fall off it"
VOXCPM = "0seba/VoxCPMANE#15 (MLComputePlan dump, M5 Max: fp16 ios18 conv, silu, reduce_mean, rsqrt, mul, add preferred NE)"
VX_MATMUL = "vx-lang/Vx#435 (MLComputePlan, M4: fp16 matmul 512x512 preferred NE; 384 and below CPU)"
VX_SDPA = "vx-lang/Vx#437 (MLComputePlan, M4: fp16 attention 1x16x2048x64 and 1x32x1024x128 on the NE)"
SWEEP = "aneforge 0.4.0 compile sweep (mllint.knowledge.ane_compile_sweep; eligibility only)"
DISTILBERT = (
    "apple/ml-ane-transformers ane_transformers/huggingface/distilbert.py ([:, :, :, 0:1] slice, "
    "logits.squeeze) and README (Xcode report: 602 of 606 ops on the ANE)"
)
ANE_TRANSFORMERS_EMBEDDING = (
    "apple/ml-ane-transformers README (the 4 CPU ops of its ANE DistilBERT are the embedding lookup)"
)
CT_337 = "apple/coremltools#337 (Instruments, iPhone XS: FullyConnected on H11ANE, LSTMs on BNNS)"
CT_1909 = "apple/coremltools#1909 (Xcode report, CPU+NE: layer_norm model on the ANE with fixed or RangeDim shapes)"
HOLLANCE_2 = "hollance/neural-engine#2 (Espresso os_log on a device: pooling kernel > 13, stride > 2, upsample != 2)"
FREDYSHOX_BROADCAST = "fredyshox/coreml-supersampling ane/model_test (M1: broadcast against a constant stays on the ANE)"
FREDYSHOX_MAXMIN = "fredyshox/coreml-supersampling ane/model_test dummy_models.py MaxMinModel (tf.reduce_min/max, M1)"
W8A8 = (
    "coremltools docs optimisation overview (W8A8 'faster int8-int8 compute path supported in newer hardware "
    "(A17 pro, M4)'); apple/ml-stable-diffusion README"
)
ANETOOLS = (
    "antgroup-skyward/ANETools#1 (Core ML's ANE compiler kernel_validation_status for NN batchedMatmul of two "
    "activations: to_fallback: 1, 2021)"
)

# --------------------------------------------------------------------------- causes


@dataclass(frozen=True)
class Cause:
    """Why an op falls back, in words for a diagnostic."""

    label: str  # "recurrent layers", used as "N <label> fall back ..."
    source: str
    strength: str  # as OpSupport.strength


CAUSES: dict[str, Cause] = {
    "fp32": Cause("ops typed fp32", TYPED_EXECUTION + "; vx-lang/Vx#435, #437 (never NE-preferred in fp32)", "apple"),
    "fp32_input": Cause(
        "fp32 input preprocessing ops (an ImageType's scale and bias, before the converter's cast to fp16)",
        TYPED_EXECUTION + "; coremltools writes an ImageType's scale/bias as fp32 mul/add on the input",
        "apple",
    ),
    "integer": Cause("ops on integer or bool tensors", ANEMLL + "; " + RFDETR + "; " + SWEEP, "measurement"),
    "runtime_shape": Cause(
        "ops whose output shape is known only at run time", FLEXIBLE + "; " + SMPANARO_NOTES + " 2023-10-25", "measurement"
    ),
    "runtime_slice": Cause("slices whose begin, end or size is computed at run time", RUNTIME_SLICE, "first-hand"),
    "channel_broadcast": Cause(
        "neural-network add/multiply layers broadcasting a computed Cx1x1 tensor over CxHxW (squeeze-excite)",
        CHANNEL_BROADCAST,
        "espresso-log",
    ),
    "enumerated_layer_norm": Cause(
        "layer_norm ops in a model with an EnumeratedShapes input", ENUMERATED_LAYER_NORM, "measurement"
    ),
    "size": Cause(
        "ops above the Neural Engine's size caps (dimensions, output features, kernel width)", SIZE_CAPS, "first-hand"
    ),
    "chip_floor": Cause(
        "ops the Neural Engine compiler accepts only on newer chips than the one assumed", SWEEP, "compile-sweep"
    ),
    "activation_matmul": Cause("neural-network batchedMatmul layers of two activations", ANETOOLS, "first-hand"),
    "recurrent": Cause("LSTM/GRU/RNN ops", CT_1780 + "; " + CT_337, "apple"),
    "gather": Cause(
        "gather/scatter/embedding ops", COREMLINSPECT + "; " + ANE_TRANSFORMERS_EMBEDDING + "; " + CT_1103, "measurement"
    ),
    "sort": Cause("top-k/sort ops", RFDETR + "; " + SWEEP, "measurement"),
    "control_flow": Cause(
        "control-flow ops and the ops inside their blocks", SMPANARO_NOTES + "; " + ANEMLL + "; " + SWEEP, "first-hand"
    ),
    "custom": Cause("custom layers", CT_1278 + "; " + HOLLANCE, "apple"),
    "nd_layer": Cause('broadcastable and "ND" layers', HOLLANCE + " (some of these are guesses, it says)", "first-hand"),
    "dilated": Cause("dilated convolutions", HOLLANCE + " (some of these are guesses, it says)", "inferred"),
    "pool_window": Cause("pooling ops with a kernel above 13 or a stride above 2", HOLLANCE_2, "espresso-log"),
    "upsample_factor": Cause("upsampling ops with a scale factor above 2", HOLLANCE_2, "espresso-log"),
    "masking": Cause("band-part masking ops", SMPANARO_NOTES + " 2023-04-04; " + SWEEP, "first-hand"),
    "other": Cause("other ops without an ANE implementation", SWEEP + "; " + FREDYSHOX, "compile-sweep"),
    "adjacent_cast": Cause(
        "fp16/fp32 casts of a fallback op's result (they run where their input ran)",
        "mllint assumption, see CHECKS['follow_input']",
        "inferred",
    ),
    "classifier": Cause(
        "classifier output ops (labels and probabilities are built on the CPU)", "Core ML classify; " + SWEEP, "inferred"
    ),
}

# The primary cause of an op that has several: the first of this order. An op inside
# a loop or branch stays off the ANE whatever else is true of it; an op type with
# no ANE implementation stays off whatever its parameters and dtype; then the
# conditions on its parameters; last the dtype conditions, which a whole-model
# change (fp16 conversion) fixes. The op is reported once, under this cause, with
# the others named in the message.
CAUSE_ORDER: tuple[str, ...] = (
    "control_flow", "custom", "recurrent", "gather", "sort", "masking", "nd_layer", "other", "classifier",
    "channel_broadcast", "runtime_slice", "runtime_shape", "enumerated_layer_norm",
    "size", "chip_floor", "activation_matmul", "dilated", "pool_window", "upsample_factor", "integer", "fp32", "fp32_input", "adjacent_cast",
)


def primary_cause(causes: tuple[str, ...]) -> str:
    """The cause an op with these causes is reported under (see :data:`CAUSE_ORDER`)."""
    ranked = {cause: CAUSE_ORDER.index(cause) if cause in CAUSE_ORDER else len(CAUSE_ORDER) for cause in causes}
    return min(causes, key=lambda cause: ranked[cause]) if causes else ""


# --------------------------------------------------------------------------- checks

# Thresholds used by the checks (sources in CHECKS).
MAX_CORE_ML_RANK = 5  # rank 6 fails to load: RANK_6_LOAD (a load failure, not an ANE fallback)
POOL_MAX_KERNEL = 13
POOL_MAX_STRIDE = 2
UPSAMPLE_MAX_SCALE = 2
STATE_LAST_DIM_MULTIPLE = 32  # apple/coremltools#2631
FP16_MAX = 65504.0  # largest finite IEEE half

CHECKS: dict[str, str] = {
    "dilations": HOLLANCE + " (dilated convolutions)",
    "pool_window": HOLLANCE + " (pooling kernel > 13 or stride > 2)",
    "upsample_factor": HOLLANCE + " (upsampling scale factor > 2; <= 2 works)",
    "int_cast": ANEMLL + " (int cast); fp16<->fp32 casts: " + COMPUTE_PLAN_CAST,
    "follow_input": (
        "mllint's assumption: a float cast of a fallback op's result runs where that op ran (Core ML "
        "does not go back to the ANE for a lone cast), so it is a fallback too"
    ),
    "runtime_bounds": (
        RUNTIME_SLICE + ". A bound counts as run time when it is not a constant and not masked away on "
        "every axis (begin_mask, end_mask/squeeze_mask), even when the output shape is static"
    ),
    "enumerated_inputs": ENUMERATED_LAYER_NORM,
    "int8_activations": W8A8 + ": eligible when the chip has the int8-int8 path (mllint.knowledge.chips), else unknown",
    "activation_matmul": ANETOOLS + ": a batchedMatmul with two inputs falls back",
}

# --------------------------------------------------------------------------- size (issue 12, item 1)

# Too large: sources in SIZE_CAPS. The per-dimension caps and the conv kernel width come
# from the chip (mllint.knowledge.chips); the output-feature cap holds on every chip.
MAX_OUTPUT_FEATURES = 16384  # linear / matmul / conv / innerProduct outputs (a GPT-2 lm_head)

# Too little work: Core ML's compute plan keeps small work on the CPU although the ANE could
# run it. A flag, not a fallback: the op stays eligible and the verdict cannot be "good" when
# flagged work is more than SMALL_WORK_SHARE of the eligible work.
SMALL_MATMUL_MNK = 384**3  # fp16 matmul M*N*K: 384x384 and below on the CPU, 512x512 on the NE
SMALL_ATTENTION_ELEMENTS = 1_048_576  # per Q/K/V: <= 1M on the CPU, >= 2M on the NE
SMALL_WORK = (
    "vx-lang/Vx#435, #436 (MLComputePlan, M4, also under CPU_AND_NE: 'In f16, CoreML picks the CPU at 384 and "
    "below', 512x512 preferred NE); vx-lang/Vx#437 (scaled_dot_product_attention fp16: <= 1M elements per "
    "Q/K/V on the CPU, >= 2M on the NE) [MLComputePlan measurement]"
)
SMALL_WORK_SHARE = 0.25  # proposal: no measurement gives the ratio
SMALL_MODEL_PARAMS = 1_000_000
SMALL_MODEL = (
    "ask-meridian.uk 'eligibility is not placement' (first-hand, coremltools 9 / iOS 18: a 2-layer, 128-dim, "
    "~50K-parameter transformer ran 0 of 77 ops on the ANE, its 10M-parameter twin all of them); "
    "aosama/astronomical#540 ('~5M-parameter placement flip', weak). The 1M threshold is mllint's choice "
    "between the two measured sizes [inferred]"
)

# Model-level conditions that keep the verdict from being "good" (the ops stay eligible).
CAVEATS: dict[str, str] = {
    "small_work": "more than a quarter of the eligible work is small work Core ML keeps on the CPU: " + SMALL_WORK,
    "small_model": f"fewer than {SMALL_MODEL_PARAMS:,} parameters: " + SMALL_MODEL,
    "range_input": (
        "an input has a RangeDim (shape range): the ANE runs at most the default shape, other shapes run on "
        "the CPU or GPU: " + RANGE_DIM
    ),
    "large_model": (
        "the model's weights (its weight files, or the weights a neural network embeds) exceed the chip's "
        "whole-model limit (mllint.knowledge.chips: 2 GiB on Macs, 1 GiB on iPhone/iPad chips): the whole "
        "model runs on the CPU: " + LARGE_MODEL_SOURCE
    ),
}

# NeuralNetwork layers that only emit a constant: not compute, never counted (as ML program const).
NOT_COUNTED_NN = frozenset({"loadConstant", "loadConstantND"})

# The channel-broadcast check (CHANNEL_BROADCAST) needs to know which NN values are C x 1 x 1;
# NN layers carry no shapes, so the estimate follows them from the layers that make them.
# Layer -> does it make a C x 1 x 1 output from any input (NeuralNetwork.proto parameters)?
NN_MAKES_1X1: dict[str, Callable[[Any], bool]] = {
    "pooling": lambda params: bool(params.globalPooling),
    "innerProduct": lambda params: True,  # rank-5 mapping: [C_out, 1, 1]
    "reduce": lambda params: params.axis in (0, 1),  # ReduceLayerParams.ReduceAxis CHW = 0, HW = 1
}
# Layers whose output is C x 1 x 1 when all their inputs are (shape-preserving on H and W).
NN_KEEPS_1X1 = frozenset(
    {"activation", "batchnorm", "scale", "bias", "unary", "add", "multiply", "softmax", "mvn", "l2normalize",
     "convolution", "flatten", "average", "max", "min"}
)

GENERAL_CHECKS: dict[str, str] = {
    "fp32": "an output typed FLOAT32/FLOAT64: " + TYPED_EXECUTION,
    "integer": (
        "an output typed INT16/INT32/INT64/UINT16/UINT32/UINT64/BOOL: " + ANEMLL + "; " + RFDETR
        + ". INT8/UINT8 are left alone (W8A8 activations can run on newer ANEs)"
    ),
    "runtime_shape": (
        "an output with a dimension unknown until run time, when its shape argument is computed at run "
        "time or every model input has a fixed shape (a data-dependent shape): " + FLEXIBLE
    ),
}

# Elementwise ops that, typed fp32 and reading only model inputs and constants, are
# the converter's input preprocessing rather than the model's own fp32 compute.
INPUT_PREPROCESSING_OPS = frozenset({"mul", "add", "sub"})

# Integer dtypes that send an op off the ANE (MIL DataType names).
INTEGER_DTYPES = frozenset({"BOOL", "INT16", "INT32", "INT64", "UINT16", "UINT32", "UINT64"})
FLOAT32_DTYPES = frozenset({"FLOAT32", "FLOAT64"})

# --------------------------------------------------------------------------- rows

# How strong a row's evidence is (issue 12, item 5): "apple" (Apple documents or code, an Apple
# engineer), "measurement" (MLComputePlan, Xcode or Instruments naming the op), "espresso-log"
# (Core ML's own os_log naming the limit), "first-hand" (a whole-model report with the cause
# reasonably isolated), "compile-sweep" (aneforge: what the ANE compiler accepts, eligibility
# only; its failures are strong unless Core ML evidence shows the op on the ANE), "inferred"
# (a generalisation or assumption, said so). Core AI (.aimodel, apple/coreai-torch) and the
# private ANE compiler API describe other runtimes and are never a row's source.
Strength = Literal["apple", "measurement", "espresso-log", "first-hand", "compile-sweep", "inferred"]


@dataclass(frozen=True)
class OpSupport:
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
        VX_SDPA + "; " + SWEEP, strength="measurement",
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
        SWEEP + "; element-wise like add/mul", strength="compile-sweep",
        note="audit #47: the fredyshox test once cited here used reduce_min/reduce_max, so it moved to reduce_max",
    ),
    "minimum": _ane(SWEEP + "; element-wise like add/mul", strength="compile-sweep", note="audit #47, as maximum"),
    "rsqrt": _ane(VOXCPM + "; " + ANE_TRANSFORMERS, strength="measurement"),
    "sqrt": _ane(SWEEP, strength="compile-sweep"),
    "clip": _ane(ANE_TRANSFORMERS + " (LayerNormANE clamp); " + SWEEP, strength="apple"),
    "cast": _ane(
        COMPUTE_PLAN_CAST, "int_cast", "follow_input", exempt=("fp32", "integer"), strength="measurement",
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
        FREDYSHOX_MAXMIN + "; " + SWEEP, strength="inferred",
        note="audit #55: the Core AI measurement once cited is another runtime; the Core ML test is weak",
    ),
    "max_pool": _ane(
        HOLLANCE + "; " + HOLLANCE_2, "pool_window", strength="espresso-log",
        note="audit #62 kept: ultralytics/yolov5#2526 said kernels above 7 leave the ANE (a 2021 anecdote); "
        "Espresso logs name 13",
    ),
    "avg_pool": _ane(
        HOLLANCE + "; " + HOLLANCE_2, "pool_window", strength="espresso-log",
        note="audit #63 kept: hollance/neural-engine#1 saw VALID padding after a conv block the ANE (one 2020 "
        "report, no log); no check",
    ),
    # resampling
    "upsample_nearest_neighbor": _ane(HOLLANCE_2 + " (factor 2 only); " + SWEEP, "upsample_factor", strength="espresso-log"),
    "upsample_bilinear": _ane(HOLLANCE_2 + " (factor 2 only); " + SWEEP, "upsample_factor", strength="espresso-log"),
    "resample": _unknown(
        "apple/coremltools#1875 vs developer.apple.com/forums/thread/745778",
        "audit #52: an Xcode report shows it on the CPU (M1/M2, 2023), a forum post an NE data copy before "
        "each NPU computation (iOS 16+): conflicting",
    ),
    # layout
    "concat": _ane(ANE_TRANSFORMERS, strength="apple"),
    "split": _ane(
        ANE_TRANSFORMERS, shape_args=("split_sizes",), strength="apple",
        note="audit #44 kept: a 2022 M1 test (fredyshox SplitModel, 1x1280x720x36) lost the ANE with the cause "
        "not isolated; its dims are within the size caps",
    ),
    "transpose": _ane(ANE_TRANSFORMERS, strength="apple"),
    "reshape": _ane(ANE_TRANSFORMERS, shape_args=("shape",), strength="apple"),
    "expand_dims": _ane(ANE_TRANSFORMERS + "; " + RFDETR + " (int32 indices leave by the integer check)", strength="apple"),
    "squeeze": _ane(DISTILBERT, strength="measurement"),
    "slice_by_index": _ane(
        DISTILBERT + "; " + SMPANARO_NOTES + " 2023-04-02 (the last token before lm_head stays on the ANE)",
        "runtime_bounds", shape_args=("begin", "end"), strength="measurement",
    ),
    "slice_by_size": _ane(
        SWEEP + "; a static slice as slice_by_index", "runtime_bounds", shape_args=("begin", "size"),
        strength="inferred",
    ),
    "pad": _ane(
        SWEEP + " (constant pad on every tier; reflect/symmetric native from M2)", strength="compile-sweep",
        note="microsoft/onnxruntime#28022 is onnxruntime's own CoreML EP (fixed by #28073), not Core ML",
    ),
    "tile": _ane(SWEEP + " (factors 2, 3, 4, 8); int32 tiles leave by the integer check (" + RFDETR + ")", strength="compile-sweep"),
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
        "sort", RFDETR + "; " + SWEEP, "measurement",
        note="the sweep compiles topk from M2 (eligible only): Core ML still placed it off the ANE on an M3 Pro",
    ),
    "argsort": _fallback("sort", SWEEP + " (rejected; aneforge's catalog disagrees)", "compile-sweep"),
    "non_maximum_suppression": _unknown(
        "apple/coremltools#2471 (cause not isolated); " + SWEEP + " (compiles, output unchecked)",
        "audit #54: no Core ML placement measurement; ML203 reports embedded NMS as outside the estimate",
    ),
    "non_zero": _fallback("runtime_shape", FLEXIBLE + " (data-dependent output shape); " + SWEEP, "measurement"),
    "shape": _fallback("runtime_shape", FLEXIBLE + " (computes shapes at run time, int32 output); " + SWEEP, "measurement"),
    "range_1d": _fallback(
        "runtime_shape", SMPANARO_NOTES + " 2023-10-25 (anything dynamic moves to the CPU)", "first-hand",
        note="the sweep compiles range_1d with constant inputs; aneforge's catalog rejects it on M1",
    ),
    "reduce_argmax": _fallback("other", SWEEP + " (not implemented as a MIL op)", "compile-sweep"),
    "reduce_argmin": _fallback(
        "other", SWEEP + " (not implemented in the sweep)", "compile-sweep",
        note="aneforge's catalog lists it native from M3: its files disagree",
    ),
    # masking
    "select": _unknown(
        ANEMLL + " vs " + SMPANARO_NOTES + " 2023-04-15; " + SWEEP,
        "audit #22: Anemll lists select as a GPU fallback, smpanaro saw torch.where on the ANE with a precomputed "
        "float mask, the sweep compiles it: conflicting (a bool/int select still leaves by the integer check)",
    ),
    "band_part": _fallback("masking", SMPANARO_NOTES + " 2023-04-04 (Xcode: matrix_band_part is not able to run on ANE); " + SWEEP, "first-hand"),
    "cumsum": _fallback("other", SWEEP + " (not implemented); " + FREDYSHOX, "compile-sweep"),
    # recurrent and control flow
    "lstm": _fallback("recurrent", CT_1780 + "; " + CT_337 + "; " + SWEEP, "apple"),
    "gru": _fallback("recurrent", CT_1780 + "; " + SWEEP, "apple"),
    "rnn": _fallback("recurrent", CT_1780 + "; " + SWEEP, "apple"),
    "cond": _fallback("control_flow", SMPANARO_NOTES + " 2023-04-16 (cond isn't supported on the Neural Engine); " + SWEEP, "first-hand"),
    "while_loop": _fallback("control_flow", ANEMLL + "; " + SWEEP, "first-hand"),
    "classify": _fallback("classifier", "classify builds a dictionary of string or int64 labels; " + SWEEP, "inferred"),
    "quantize": _unknown(
        W8A8, "W8A8 activation quantisation: eligible on A17 Pro/M4 and later (the int8_activations check)",
        checks=("int8_activations",),
    ),
    "dequantize": _unknown(W8A8, "as quantize", checks=("int8_activations",)),
}

# NeuralNetwork layer types (NeuralNetworkLayer.layer oneof, NeuralNetwork.proto).
NN_LAYERS: dict[str, OpSupport] = {
    # iOS 11 layers (spec 1)
    "convolution": _ane(
        HOLLANCE + "; the MIL conv evidence (" + VOXCPM + ") carried to NN; " + SWEEP, "dilations", strength="inferred",
    ),
    "pooling": _ane(HOLLANCE_2 + "; hollance/neural-engine#1", "pool_window", strength="espresso-log"),
    "activation": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP, strength="inferred"),
    "innerProduct": _ane(CT_337, strength="measurement"),
    "batchnorm": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP, strength="inferred"),
    "softmax": _ane(HOLLANCE_OLD_LAYERS + "; MIL softmax: " + ANE_TRANSFORMERS, strength="inferred"),
    "upsample": _ane(HOLLANCE_2 + " (factor 2 only)", "upsample_factor", strength="espresso-log"),
    "add": _ane(HOLLANCE + " (AddLayer)", "channel_broadcast", strength="first-hand"),
    "multiply": _ane(HOLLANCE + " (MultiplyLayer)", "channel_broadcast", strength="first-hand"),
    "scale": _ane(HOLLANCE + " (ScaleLayer: the suggested replacement for a broadcast multiply)", strength="first-hand"),
    "bias": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "average": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "max": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (maximum)", strength="inferred"),
    "min": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (minimum)", strength="inferred"),
    "concat": _ane(HOLLANCE + " (Concat)", strength="first-hand"),
    "split": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "reshape": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "flatten": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "permute": _ane(
        HOLLANCE_OLD_LAYERS, strength="inferred",
        note="apple/coremltools#1318: a permute+reshape failed with 'ANE does not support blob rank < 0' on an "
        "iPhone 12 mini, not an iPhone 11 (device-specific)",
    ),
    "slice": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "crop": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP, strength="inferred"),
    "unary": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (sqrt, rsqrt, exp, log, abs, inverse, pow)", strength="inferred"),
    "l2normalize": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (l2_norm)", strength="inferred"),
    "mvn": _ane(HOLLANCE_OLD_LAYERS, strength="inferred"),
    "lrn": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (fails for a channel window >= 16)", strength="inferred"),
    "reorganizeData": _ane(HOLLANCE_OLD_LAYERS + "; " + SWEEP + " (space_to_depth, depth_to_space)", strength="inferred"),
    "layerNormalization": _ane(
        "MIL layer_norm (" + CT_1909 + ") carried to NN", "enumerated_inputs", strength="inferred",
    ),
    "padding": _ane(SWEEP + " (pad; the NN lowering is inferred)", strength="inferred"),
    "embedding": _fallback(
        "gather", SMPANARO_NOTES + " (embedding layers run on the CPU); " + COREMLINSPECT + "; " + ANE_TRANSFORMERS_EMBEDDING,
        "measurement",
    ),
    "simpleRecurrent": _fallback("recurrent", CT_1780 + "; " + CT_337, "apple"),
    "gru": _fallback("recurrent", CT_1780, "apple"),
    "uniDirectionalLSTM": _fallback("recurrent", CT_1780 + "; " + CT_337, "apple"),
    "biDirectionalLSTM": _fallback("recurrent", CT_1780 + "; " + CT_337, "apple"),
    "custom": _fallback("custom", CT_1278 + "; " + HOLLANCE, "apple"),
    "batchedMatmul": _unknown(
        ANETOOLS, "with weights: no evidence; with two activation inputs it falls back (the activation_matmul check)",
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
    "branch": _fallback("control_flow", SMPANARO_NOTES + " (cond isn't supported on the Neural Engine); " + SWEEP, "first-hand"),
    "loop": _fallback("control_flow", ANEMLL + " (while_loop); " + SWEEP, "first-hand"),
    "loopBreak": _fallback("control_flow", ANEMLL + " (while_loop)", "first-hand"),
    "loopContinue": _fallback("control_flow", ANEMLL + " (while_loop)", "first-hand"),
    "matrixBandPart": _fallback("masking", SMPANARO_NOTES + " 2023-04-04 (matrix_band_part is not able to run on the ANE)", "first-hand"),
    "floor": _unknown(FREDYSHOX + " vs " + SWEEP, "audit #45, as MIL floor: conflicting"),
    "cumSum": _fallback("other", SWEEP + " (cumsum not implemented); " + FREDYSHOX, "compile-sweep"),
    "getShape": _fallback("runtime_shape", FLEXIBLE + " (shape computed at run time)", "measurement"),
    "whereNonZero": _fallback("runtime_shape", FLEXIBLE + " (data-dependent output shape)", "measurement"),
    "rangeDynamic": _fallback("runtime_shape", SMPANARO_NOTES + " 2023-10-25 (anything dynamic moves to the CPU)", "first-hand"),
    "reshapeDynamic": _fallback("runtime_shape", SMPANARO_NOTES + " 2023-10-25 (target shape is an input)", "first-hand"),
    "fillDynamic": _fallback("runtime_shape", SMPANARO_NOTES + " 2023-10-25 (shape is an input)", "first-hand"),
    "broadcastToDynamic": _fallback("runtime_shape", SMPANARO_NOTES + " 2023-10-25 (shape is an input)", "first-hand"),
}

# hollance: "broadcastable and 'ND' layers" (AddBroadcastable ... ConcatND, SplitND,
# "and a number of others") do not run on the ANE; the page says some of these are guesses.
# loadConstantND is a constant, not counted (NOT_COUNTED_NN).
ND_LAYERS = (
    "addBroadcastable", "subtractBroadcastable", "multiplyBroadcastable", "divideBroadcastable",
    "maxBroadcastable", "minBroadcastable", "modBroadcastable", "floorDivBroadcastable", "powBroadcastable",
    "whereBroadcastable", "concatND", "splitND", "softmaxND", "embeddingND", "reverseND",
    "broadcastToLike", "broadcastToStatic",
)
for _layer in ND_LAYERS:
    NN_LAYERS.setdefault(
        _layer, _fallback("nd_layer", HOLLANCE + " (broadcastable and ND layers); docs/model-surgery.md", "first-hand")
    )

# --------------------------------------------------------------------------- verdict

# In the spirit of onnxruntime's usability checker (PartitioningInfo.suitability):
# 1 partition and more than 75% of the compute ops on the ANE: good; 1 partition and
# more than 50%, or 2 partitions and more than 75%: mixed; anything else: poor.
# When more than a quarter of the ops are of unknown support the verdict is
# "uncertain": mllint does not know enough of the model to judge it.
GOOD_SHARE = 0.75
MIXED_SHARE = 0.50
UNCERTAIN_UNKNOWN_SHARE = 0.25


def verdict(
    ops_total: int, ops_ane: int, ops_unknown: int, partitions: int, caveats: int = 0, load_failures: int = 0
) -> str:
    """``good``, ``mixed``, ``poor``, ``uncertain``, ``does-not-load`` or ``n/a`` (no compute ops).

    A model Core ML cannot load (a tensor of rank >= 6) has no placement at all. A model
    that would be ``good`` but has a caveat (:data:`CAVEATS`: a RangeDim input, too
    little work, weights over the whole-model limit) is ``uncertain``: its ops are eligible, placement may not follow.
    """
    if load_failures:
        return "does-not-load"
    if ops_total == 0:
        return "n/a"
    if ops_unknown / ops_total > UNCERTAIN_UNKNOWN_SHARE:
        return "uncertain"
    share = ops_ane / ops_total
    if partitions == 1 and share > GOOD_SHARE:
        return "uncertain" if caveats else "good"
    if (partitions == 1 and share > MIXED_SHARE) or (partitions == 2 and share > GOOD_SHARE):
        return "mixed"
    return "poor"


# Sweep failures that are not fallback evidence: Core ML lowers these itself (cast is on the
# NE in MLComputePlan; identity, read_state and reshape_like are folded), or Core ML evidence
# conflicts (slice_update): without a Core ML row they stay unknown.
SWEEP_NOT_FALLBACK = frozenset({"cast", "identity", "read_state", "reshape_like", "slice_update"})


def mil_support(op_type: str) -> OpSupport | None:
    """The row for an ML program op type; None for const ops (not counted).

    A Core ML row wins; an op type without one takes the compile sweep's default
    (compiles: eligible, strength compile-sweep; fails: fallback ``other``, except
    :data:`SWEEP_NOT_FALLBACK`); an op type in neither is unknown.
    """
    if op_type in NOT_COUNTED_MIL or op_type.startswith(NOT_COUNTED_PREFIX):
        return None
    row = MIL_OPS.get(op_type)
    if row is not None:
        return row
    swept = SWEEP_BY_OP.get(op_type)
    if swept is None:
        return _UNLISTED
    return _SWEEP_DEFAULTS.setdefault(op_type, _sweep_default(swept))


def _sweep_default(swept: SweepRow) -> OpSupport:
    source = f"{SWEEP}: {swept.outcome}" + (f" ({swept.note})" if swept.note else "")
    if swept.compiles:
        return _ane(source, strength="compile-sweep")
    if swept.op in SWEEP_NOT_FALLBACK:
        return _unknown(source, "the sweep's failure is not fallback evidence for Core ML")
    return _fallback("other", source, "compile-sweep")


_SWEEP_DEFAULTS: dict[str, OpSupport] = {}


def chip_floor(op_type: str, chip: str) -> str:
    """The chip from which the ANE compiler accepts ``op_type`` when ``chip`` is below it ("" otherwise).

    Only ops the sweep compiles with a floor whose older chips reject them (not "lowered otherwise").
    """
    swept = SWEEP_BY_OP.get(op_type)
    if swept is None or not swept.compiles or not swept.floor or swept.below_floor != "rejected":
        return ""
    return "" if compiles_on(op_type, chip) else swept.floor


def nn_support(layer_type: str) -> OpSupport:
    return NN_LAYERS.get(layer_type, _UNLISTED)


_UNLISTED = OpSupport("unknown", "", note="not in mllint's table: no public evidence collected")
