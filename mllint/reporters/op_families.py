"""How the HTML report colours an op: by its estimated compute unit, else by its op type's family.

Data for :mod:`mllint.reporters.html_graph`; the CSS classes are in ``templates/report.css``.
"""

from __future__ import annotations

from ..knowledge.layout_ops import LAYOUT_OPS

# Compute-unit estimate (mllint/analysis/ane_estimate.py: "ane", "fallback", "unknown").
UNIT_CLASSES = {
    "ane": ("unit-ane", "Neural Engine (estimate)"),
    "fallback": ("unit-fallback", "CPU or GPU (estimate)"),
    "unknown": ("unit-unknown", "not estimated"),
}

# Op-type families, when there is no per-op estimate: ML program op types
# (coremltools ops/defs) and NeuralNetwork.proto layer names.
FAMILIES: tuple[tuple[str, str, frozenset[str]], ...] = (
    (
        "fam-compute",
        "convolution / matmul",
        frozenset(
            {
                "conv",
                "conv_transpose",
                "linear",
                "matmul",
                "einsum",
                "convolution",
                "convolution3d",
                "innerProduct",
                "batchedMatmul",
                "embedding",
                "embeddingND",
                "scaled_dot_product_attention",
                "gather_along_axis_matmul",
            }
        ),
    ),
    (
        "fam-activation",
        "activation",
        frozenset(
            {
                "relu",
                "relu6",
                "leaky_relu",
                "sigmoid",
                "sigmoid_hard",
                "silu",
                "gelu",
                "tanh",
                "elu",
                "prelu",
                "softplus",
                "softsign",
                "thresholded_relu",
                "clamped_relu",
                "scaled_tanh",
                "linear_activation",
                "softmax",
                "activation",
                "softmaxND",
                "erf",
                "hardSwish",
            }
        ),
    ),
    (
        "fam-normalization",
        "normalization",
        frozenset(
            {
                "batch_norm",
                "instance_norm",
                "layer_norm",
                "l2_norm",
                "local_response_norm",
                "batchnorm",
                "mvn",
                "l2normalize",
                "lrn",
                "layerNormalization",
            }
        ),
    ),
    (
        "fam-pooling",
        "pooling / resize",
        frozenset(
            {
                "max_pool",
                "avg_pool",
                "l2_pool",
                "pooling",
                "pooling3d",
                "globalPooling3d",
                "upsample_nearest_neighbor",
                "upsample_bilinear",
                "resize_bilinear",
                "resize_nearest_neighbor",
                "resize",
                "crop_resize",
                "upsample",
                "resizeBilinear",
                "cropResize",
            }
        ),
    ),
    (
        "fam-layout",
        "layout (reshape, transpose, slice, concat)",
        LAYOUT_OPS
        | frozenset(
            {
                "concat",
                "split",
                "stack",
                "pad",
                "tile",
                "gather",
                "gather_nd",
                "scatter",
                "pixel_shuffle",
                "space_to_depth",
                "depth_to_space",
                "concatND",
                "splitND",
                "padding",
                "cast",
                "identity",
                "reorganizeData",
            }
        ),
    ),
    (
        "fam-reduction",
        "reduction",
        frozenset(
            {
                "reduce_sum",
                "reduce_mean",
                "reduce_max",
                "reduce_min",
                "reduce_prod",
                "reduce_argmax",
                "reduce_argmin",
                "reduce_l1_norm",
                "reduce_l2_norm",
                "reduce_log_sum",
                "reduce_log_sum_exp",
                "reduce_sum_square",
                "topk",
                "reduce",
                "reduceSum",
                "reduceMean",
                "reduceMax",
                "reduceMin",
                "argMax",
                "argMin",
                "topK",
                "cumsum",
            }
        ),
    ),
    ("fam-control", "control flow", frozenset({"cond", "while_loop", "branch", "loop", "loopBreak", "loopContinue"})),
    (
        "fam-elementwise",
        "elementwise math",
        frozenset(
            {
                "add",
                "sub",
                "mul",
                "real_div",
                "pow",
                "maximum",
                "minimum",
                "floor_div",
                "mod",
                "sqrt",
                "rsqrt",
                "exp",
                "exp2",
                "log",
                "abs",
                "clip",
                "inverse",
                "square",
                "floor",
                "ceil",
                "round",
                "sign",
                "sin",
                "cos",
                "equal",
                "not_equal",
                "greater",
                "greater_equal",
                "less",
                "less_equal",
                "logical_and",
                "logical_or",
                "logical_not",
                "select",
                "addBroadcastable",
                "multiply",
                "multiplyBroadcastable",
                "subtractBroadcastable",
                "divideBroadcastable",
                "unary",
                "bias",
                "scale",
                "average",
                "max",
                "min",
                "powBroadcastable",
            }
        ),
    ),
)
OTHER_FAMILY = ("fam-other", "other")


def family(op_type: str) -> tuple[str, str]:
    """``(css class, legend label)`` of an op type's family."""
    for css, label, types in FAMILIES:
        if op_type in types:
            return css, label
    return OTHER_FAMILY
