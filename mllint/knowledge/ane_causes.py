"""Why an op or a model is kept off the Neural Engine: causes, checks, their thresholds, caveats.

:data:`CAUSES` are the keys an op falls back under (each with its words and source),
:data:`CAUSE_ORDER` picks the one it is reported under, :data:`CHECKS` and
:data:`GENERAL_CHECKS` cite the conditions the estimate tests (with their thresholds
beside them), :data:`CAVEATS` the model-level conditions that keep a verdict from
"good". The rows that name them are in :mod:`mllint.knowledge.ane_ops`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from mllint.knowledge.ane_sources import (
    ANE_TRANSFORMERS_EMBEDDING,
    ANEMLL,
    ANETOOLS,
    CHANNEL_BROADCAST,
    COMPUTE_PLAN_CAST,
    COREMLINSPECT,
    CT_337,
    CT_1103,
    CT_1278,
    CT_1780,
    ENUMERATED_LAYER_NORM,
    FLEXIBLE,
    FREDYSHOX,
    HOLLANCE,
    HOLLANCE_2,
    RANGE_DIM,
    RFDETR,
    RUNTIME_SLICE,
    SIZE_CAPS,
    SMPANARO_NOTES,
    SWEEP,
    TYPED_EXECUTION,
    W8A8,
)
from mllint.knowledge.chips import LARGE_MODEL_SOURCE


class Cause(NamedTuple):
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
        "ops whose output shape is known only at run time",
        FLEXIBLE + "; " + SMPANARO_NOTES + " 2023-10-25",
        "measurement",
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
        "gather/scatter/embedding ops",
        COREMLINSPECT + "; " + ANE_TRANSFORMERS_EMBEDDING + "; " + CT_1103,
        "measurement",
    ),
    "sort": Cause("top-k/sort ops", RFDETR + "; " + SWEEP, "measurement"),
    "control_flow": Cause(
        "control-flow ops and the ops inside their blocks", SMPANARO_NOTES + "; " + ANEMLL + "; " + SWEEP, "first-hand"
    ),
    "custom": Cause("custom layers", CT_1278 + "; " + HOLLANCE, "apple"),
    "nd_layer": Cause(
        'broadcastable and "ND" layers', HOLLANCE + " (some of these are guesses, it says)", "first-hand"
    ),
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
        "classifier output ops (labels and probabilities are built on the CPU)",
        "Core ML classify; " + SWEEP,
        "inferred",
    ),
}

# The primary cause of an op that has several: the first of this order. An op inside
# a loop or branch stays off the ANE whatever else is true of it; an op type with
# no ANE implementation stays off whatever its parameters and dtype; then the
# conditions on its parameters; last the dtype conditions, which a whole-model
# change (fp16 conversion) fixes. The op is reported once, under this cause, with
# the others named in the message.
CAUSE_ORDER: tuple[str, ...] = (
    "control_flow",
    "custom",
    "recurrent",
    "gather",
    "sort",
    "masking",
    "nd_layer",
    "other",
    "classifier",
    "channel_broadcast",
    "runtime_slice",
    "runtime_shape",
    "enumerated_layer_norm",
    "size",
    "chip_floor",
    "activation_matmul",
    "dilated",
    "pool_window",
    "upsample_factor",
    "integer",
    "fp32",
    "fp32_input",
    "adjacent_cast",
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
    {
        "activation",
        "batchnorm",
        "scale",
        "bias",
        "unary",
        "add",
        "multiply",
        "softmax",
        "mvn",
        "l2normalize",
        "convolution",
        "flatten",
        "average",
        "max",
        "min",
    }
)

GENERAL_CHECKS: dict[str, str] = {
    "fp32": "an output typed FLOAT32/FLOAT64: " + TYPED_EXECUTION,
    "integer": (
        "an output typed INT16/INT32/INT64/UINT16/UINT32/UINT64/BOOL: "
        + ANEMLL
        + "; "
        + RFDETR
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
