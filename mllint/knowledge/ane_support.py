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
YOLO26 = (
    "apple/coreai-torch#66: YOLO26n backbone + neck + DFL + max over classes ANE-preferred in fp16; "
    "topk costs a fixed 1.75 ms off the ANE"
)
IN_RFDETR = "assumed present in RF-DETR's graph (the PR does not list the ops that stayed on the ANE)"
HOLLANCE = "hollance/neural-engine docs/unsupported-layers.md"
HOLLANCE_OLD_LAYERS = (
    HOLLANCE + ': older (Core ML 2) layer types "mostly work fine on the ANE" (generalised to the '
    "iOS 11 layer set, minus the layers it lists as problematic)"
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
NMS_POST = "apple/coremltools#2471 (NMS post-processing in Core ML is slow, off the ANE)"

# --------------------------------------------------------------------------- causes


@dataclass(frozen=True)
class Cause:
    """Why an op falls back, in words for a diagnostic."""

    label: str  # "recurrent layers", used as "N <label> fall back ..."
    source: str


CAUSES: dict[str, Cause] = {
    "fp32": Cause("ops typed fp32", TYPED_EXECUTION),
    "fp32_input": Cause(
        "fp32 input preprocessing ops (an ImageType's scale and bias, before the converter's cast to fp16)",
        TYPED_EXECUTION + "; coremltools writes an ImageType's scale/bias as fp32 mul/add on the input",
    ),
    "integer": Cause("ops on integer or bool tensors", ANEMLL + "; " + RFDETR),
    "runtime_shape": Cause("ops whose output shape is known only at run time", FLEXIBLE),
    "runtime_slice": Cause("slices whose begin, end or size is computed at run time", RUNTIME_SLICE),
    "channel_broadcast": Cause(
        "neural-network add/multiply layers broadcasting a computed Cx1x1 tensor over CxHxW (squeeze-excite)",
        CHANNEL_BROADCAST,
    ),
    "enumerated_layer_norm": Cause("layer_norm ops in a model with an EnumeratedShapes input", ENUMERATED_LAYER_NORM),
    "size": Cause("ops above the Neural Engine's size caps (dimensions, output features, kernel width)", SIZE_CAPS),
    "recurrent": Cause("LSTM/GRU/RNN ops", CT_1780 + "; " + HOLLANCE),
    "gather": Cause("gather/scatter/embedding ops", CT_1103 + "; " + COREMLINSPECT + "; " + HOLLANCE),
    "sort": Cause("top-k/sort/NMS ops", RFDETR + "; " + YOLO26 + "; " + NMS_POST),
    "control_flow": Cause("control-flow ops and the ops inside their blocks", SMPANARO_NOTES + "; " + ANEMLL),
    "custom": Cause("custom layers", CT_1278 + "; " + HOLLANCE),
    "nd_layer": Cause('broadcastable and "ND" layers', HOLLANCE),
    "dilated": Cause("dilated convolutions", HOLLANCE),
    "pool_window": Cause("pooling ops with a kernel above 13 or a stride above 2", HOLLANCE),
    "upsample_factor": Cause("upsampling ops with a scale factor above 2", HOLLANCE),
    "masking": Cause("select/band-part masking ops", ANEMLL + "; " + SMPANARO_NOTES),
    "other": Cause("other ops without an ANE implementation", FREDYSHOX),
    "adjacent_cast": Cause(
        "fp16/fp32 casts of a fallback op's result (they run where their input ran)",
        "mllint assumption, see CHECKS['follow_input']",
    ),
    "classifier": Cause("classifier output ops (labels and probabilities are built on the CPU)", "Core ML classify"),
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
    "size", "dilated", "pool_window", "upsample_factor", "integer", "fp32", "fp32_input", "adjacent_cast",
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


@dataclass(frozen=True)
class OpSupport:
    unit: Unit
    source: str
    cause: str = ""
    checks: tuple[str, ...] = ()
    shape_args: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()  # general checks that do not apply to this op type
    note: str = ""


def _ane(
    source: str, *checks: str, shape_args: tuple[str, ...] = (), exempt: tuple[str, ...] = (), note: str = ""
) -> OpSupport:
    return OpSupport("ane", source, checks=checks, shape_args=shape_args, exempt=exempt, note=note)


def _fallback(cause: str, source: str, note: str = "") -> OpSupport:
    if cause not in CAUSES:
        raise ValueError(f"unknown cause {cause!r}")
    return OpSupport("fallback", source, cause=cause, note=note)


def _unknown(source: str, note: str, exempt: tuple[str, ...] = ()) -> OpSupport:
    return OpSupport("unknown", source, exempt=exempt, note=note)


# ML program op types (Operation.type; coremltools ops/defs/iOS15..iOS18).
NOT_COUNTED_MIL = frozenset({"const"})  # plus every "constexpr_*" op
NOT_COUNTED_PREFIX = "constexpr_"

MIL_OPS: dict[str, OpSupport] = {
    # convolution and matrix products
    "conv": _ane(RFDETR + "; " + YOLO26 + "; " + ANE_TRANSFORMERS, "dilations"),
    "conv_transpose": _ane(HOLLANCE + " (deconvolution works)", "dilations"),
    "linear": _ane(RFDETR),
    "matmul": _ane(ANE_TRANSFORMERS + "; " + RFDETR + "; " + YOLO26),
    "einsum": _ane(ANE_TRANSFORMERS),
    # activations
    "relu": _ane(ANE_TRANSFORMERS),
    "silu": _ane(YOLO26),
    "sigmoid": _ane(YOLO26 + "; " + RFDETR),
    "gelu": _ane(RFDETR),
    "softmax": _ane(ANE_TRANSFORMERS + "; " + YOLO26),
    # elementwise
    "add": _ane(ANE_TRANSFORMERS + "; " + FREDYSHOX),
    "sub": _ane(ANE_TRANSFORMERS + "; " + FREDYSHOX),
    "mul": _ane(ANE_TRANSFORMERS + "; " + FREDYSHOX),
    "maximum": _ane(FREDYSHOX),
    "minimum": _ane(FREDYSHOX),
    "rsqrt": _ane(ANE_TRANSFORMERS),
    "clip": _ane(ANE_TRANSFORMERS),
    "cast": _ane(COMPUTE_PLAN_CAST, "int_cast", "follow_input", exempt=("fp32", "integer")),
    "floor": _fallback("other", FREDYSHOX),
    # normalisation, pooling, reductions
    "layer_norm": _ane(RFDETR, "enumerated_inputs"),
    "reduce_mean": _ane(ANE_TRANSFORMERS),
    "reduce_max": _ane(YOLO26 + " (max over classes)"),
    "max_pool": _ane(YOLO26 + "; " + HOLLANCE, "pool_window"),
    "avg_pool": _ane(HOLLANCE, "pool_window"),
    # resampling
    "upsample_nearest_neighbor": _ane(HOLLANCE + " (upsampling works); " + YOLO26, "upsample_factor"),
    "upsample_bilinear": _ane(HOLLANCE + " (upsampling works)", "upsample_factor"),
    # layout
    "concat": _ane(ANE_TRANSFORMERS + "; " + YOLO26),
    "split": _ane(ANE_TRANSFORMERS + "; " + YOLO26, shape_args=("split_sizes",)),
    "transpose": _ane(ANE_TRANSFORMERS + "; " + YOLO26),
    "reshape": _ane(ANE_TRANSFORMERS + "; " + YOLO26, shape_args=("shape",)),
    "expand_dims": _ane(ANE_TRANSFORMERS),
    "squeeze": _ane(RFDETR, note=IN_RFDETR),
    "slice_by_index": _ane(RFDETR, "runtime_bounds", shape_args=("begin", "end"), note=IN_RFDETR),
    "slice_by_size": _ane(RFDETR, "runtime_bounds", shape_args=("begin", "size"), note=IN_RFDETR),
    # gather and scatter
    "gather": _fallback("gather", COREMLINSPECT + "; " + HOLLANCE + "; " + ANEMLL),
    "gather_along_axis": _fallback("gather", CT_1103 + "; " + RFDETR),
    "gather_nd": _fallback("gather", HOLLANCE + " (gather)"),
    "scatter": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported)"),
    "scatter_along_axis": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported)"),
    "scatter_nd": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported)"),
    # sorting and selection
    "topk": _fallback("sort", RFDETR + "; " + YOLO26),
    "argsort": _fallback("sort", YOLO26 + " (sorting for top-k)"),
    "non_maximum_suppression": _fallback("sort", NMS_POST),
    "non_zero": _fallback("runtime_shape", FLEXIBLE + " (data-dependent output shape)"),
    "shape": _fallback("runtime_shape", FLEXIBLE + " (computes shapes at run time, int32 output)"),
    "range_1d": _fallback("runtime_shape", FLEXIBLE + " (length known at run time, integer output)"),
    # masking
    "select": _fallback(
        "masking", ANEMLL, note="smpanaro's NOTES (2023-04-15) saw torch.where run on the ANE: evidence conflicts"
    ),
    "band_part": _fallback("masking", SMPANARO_NOTES + " (matrix_band_part is not able to run on the ANE)"),
    "cumsum": _fallback("other", FREDYSHOX + " (cumulative sum loads but fails on the ANE)"),
    # recurrent and control flow
    "lstm": _fallback("recurrent", CT_1780),
    "gru": _fallback("recurrent", CT_1780),
    "rnn": _fallback("recurrent", CT_1780),
    "cond": _fallback("control_flow", SMPANARO_NOTES + " (cond (if/else) isn't supported on the Neural Engine)"),
    "while_loop": _fallback("control_flow", ANEMLL),
    "classify": _fallback("classifier", "classify builds a dictionary of string or int64 labels"),
    # known unknowns: listed so their absence from the ANE column is a decision, not an oversight
    "pad": _unknown(
        "microsoft/onnxruntime#28022",
        "that issue is about onnxruntime's own CoreML EP rejecting Pad(reflect), fixed by "
        "microsoft/onnxruntime#28073; no public evidence of the ANE's behaviour for MIL pad in any mode",
    ),
    "tile": _unknown(RFDETR, "only seen off the ANE on integer indices (the general integer check covers that)"),
    "fill": _unknown("", "no public per-op evidence"),
    "reduce_argmax": _unknown(
        "", "no public per-op evidence; its int32 output is intrinsic, so the integer check is not applied",
        exempt=("integer",),
    ),
    "reduce_argmin": _unknown(
        "", "no public per-op evidence; its int32 output is intrinsic, so the integer check is not applied",
        exempt=("integer",),
    ),
    "batch_norm": _unknown("", "converters usually fold it into conv; no per-op evidence"),
    "real_div": _unknown("", "no public per-op evidence (add/sub/mul are covered, division is not)"),
    "quantize": _unknown("", "W8A8 activation quantisation: int8 compute on A17 Pro/M4 ANEs only"),
    "dequantize": _unknown("", "W8A8 activation quantisation: int8 compute on A17 Pro/M4 ANEs only"),
}

# NeuralNetwork layer types (NeuralNetworkLayer.layer oneof, NeuralNetwork.proto).
NN_LAYERS: dict[str, OpSupport] = {
    # iOS 11 layers (spec 1)
    "convolution": _ane(HOLLANCE + " (deconvolution works; dilated convolutions do not)", "dilations"),
    "pooling": _ane(HOLLANCE, "pool_window"),
    "activation": _ane(HOLLANCE_OLD_LAYERS + " (a linear Activation replaces broadcast multiply)"),
    "innerProduct": _ane(HOLLANCE_OLD_LAYERS),
    "batchnorm": _ane(HOLLANCE_OLD_LAYERS),
    "softmax": _ane(HOLLANCE_OLD_LAYERS),
    "upsample": _ane(HOLLANCE + " (upsampling works)", "upsample_factor"),
    "add": _ane(HOLLANCE + " (AddLayer)", "channel_broadcast"),
    "multiply": _ane(HOLLANCE + " (MultiplyLayer)", "channel_broadcast"),
    "scale": _ane(HOLLANCE + " (ScaleLayer)"),
    "bias": _ane(HOLLANCE_OLD_LAYERS),
    "average": _ane(HOLLANCE_OLD_LAYERS),
    "max": _ane(HOLLANCE_OLD_LAYERS),
    "min": _ane(HOLLANCE_OLD_LAYERS),
    "concat": _ane(HOLLANCE + " (Concat)"),
    "split": _ane(HOLLANCE_OLD_LAYERS),
    "reshape": _ane(HOLLANCE_OLD_LAYERS),
    "flatten": _ane(HOLLANCE_OLD_LAYERS),
    "permute": _ane(HOLLANCE_OLD_LAYERS),
    "slice": _ane(HOLLANCE_OLD_LAYERS),
    "crop": _ane(HOLLANCE_OLD_LAYERS),
    "unary": _ane(HOLLANCE_OLD_LAYERS),
    "l2normalize": _ane(HOLLANCE_OLD_LAYERS),
    "mvn": _ane(HOLLANCE_OLD_LAYERS),
    "lrn": _ane(HOLLANCE_OLD_LAYERS),
    "reorganizeData": _ane(HOLLANCE_OLD_LAYERS),
    "embedding": _fallback("gather", SMPANARO_NOTES + " (embedding layers run on the CPU); " + COREMLINSPECT),
    "simpleRecurrent": _fallback("recurrent", HOLLANCE + "; " + CT_1780),
    "gru": _fallback("recurrent", HOLLANCE + "; " + CT_1780),
    "uniDirectionalLSTM": _fallback("recurrent", HOLLANCE + "; " + CT_1780),
    "biDirectionalLSTM": _fallback("recurrent", HOLLANCE + "; " + CT_1780),
    "custom": _fallback("custom", HOLLANCE + "; " + CT_1278),
    "layerNormalization": _ane(
        "inferred from MIL layer_norm (" + RFDETR + ")", "enumerated_inputs",
        note="no NN-specific evidence; the EnumeratedShapes loss is measured on the ML program op",
    ),
    "padding": _unknown(
        "microsoft/onnxruntime#28022", "no public evidence for the ANE and padding modes (see MIL pad)"
    ),
    # iOS 13+ layers
    "gather": _fallback("gather", HOLLANCE),
    "gatherND": _fallback("gather", HOLLANCE + " (gather)"),
    "gatherAlongAxis": _fallback("gather", CT_1103),
    "scatter": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported)"),
    "scatterND": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported)"),
    "scatterAlongAxis": _fallback("gather", SMPANARO_NOTES + " (scatter isn't supported)"),
    "topK": _fallback("sort", RFDETR),
    "argSort": _fallback("sort", YOLO26 + " (sorting for top-k)"),
    "NonMaximumSuppression": _fallback("sort", NMS_POST),
    "branch": _fallback("control_flow", SMPANARO_NOTES + " (cond isn't supported on the Neural Engine)"),
    "loop": _fallback("control_flow", ANEMLL + " (while_loop)"),
    "loopBreak": _fallback("control_flow", ANEMLL + " (while_loop)"),
    "loopContinue": _fallback("control_flow", ANEMLL + " (while_loop)"),
    "matrixBandPart": _fallback("masking", SMPANARO_NOTES + " (matrix_band_part is not able to run on the ANE)"),
    "floor": _fallback("other", FREDYSHOX),
    "cumSum": _fallback("other", FREDYSHOX + " (cumulative sum loads but fails on the ANE)"),
    "getShape": _fallback("runtime_shape", FLEXIBLE + " (shape computed at run time)"),
    "whereNonZero": _fallback("runtime_shape", FLEXIBLE + " (data-dependent output shape)"),
    "rangeDynamic": _fallback("runtime_shape", FLEXIBLE + " (length known at run time)"),
    "reshapeDynamic": _fallback("runtime_shape", FLEXIBLE + " (target shape is an input)"),
    "fillDynamic": _fallback("runtime_shape", FLEXIBLE + " (shape is an input)"),
    "broadcastToDynamic": _fallback("runtime_shape", FLEXIBLE + " (shape is an input)"),
}

# hollance: "broadcastable and 'ND' layers" (AddBroadcastable ... ConcatND, SplitND,
# LoadConstantND, "and a number of others") do not run on the ANE.
ND_LAYERS = (
    "addBroadcastable", "subtractBroadcastable", "multiplyBroadcastable", "divideBroadcastable",
    "maxBroadcastable", "minBroadcastable", "modBroadcastable", "floorDivBroadcastable", "powBroadcastable",
    "whereBroadcastable", "concatND", "splitND", "softmaxND", "embeddingND", "reverseND",
    "broadcastToLike", "broadcastToStatic",
)
for _layer in ND_LAYERS:
    NN_LAYERS.setdefault(_layer, _fallback("nd_layer", HOLLANCE + " (broadcastable and ND layers)"))

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
    little work, a size cap) is ``uncertain``: its ops are eligible, placement may not follow.
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


def mil_support(op_type: str) -> OpSupport | None:
    """The row for an ML program op type; None for const ops (not counted)."""
    if op_type in NOT_COUNTED_MIL or op_type.startswith(NOT_COUNTED_PREFIX):
        return None
    return MIL_OPS.get(op_type, _UNLISTED)


def nn_support(layer_type: str) -> OpSupport:
    return NN_LAYERS.get(layer_type, _UNLISTED)


_UNLISTED = OpSupport("unknown", "", note="not in mllint's table: no public evidence collected")
