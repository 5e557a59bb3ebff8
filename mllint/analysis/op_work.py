"""How much work an op does (estimated FLOPs) and how many parameters a model holds.

Both are *estimates from shapes*, not measurements; they weight the Neural
Engine estimate by work (:mod:`mllint.analysis.ane_estimate`, ``work_share``).
A multiply-add counts as 2 FLOPs:

- ``conv``: 2 x output elements x (input channels / groups) x kernel area;
  ``conv_transpose``: 2 x input elements x (output channels / groups) x kernel area;
- ``lstm``/``gru``/``rnn``: 2 x steps x batch x (input and recurrent weight elements);
- ``linear``: 2 x output elements x input features; ``matmul``: 2 x output elements
  x the contracted dimension; ``einsum``: 2 x output elements x the product of the
  contracted dimensions; ``scaled_dot_product_attention``: the two matmuls (4 x B x L x S x E);
- pooling: output elements x kernel area; elementwise, activation, normalisation and
  reduction ops: 1 per output element;
- layout ops (reshape, transpose, slice, concat, ...): 0 (they move data);
- anything else, or an op whose shapes are not all known: ``None`` (unknown). When a
  conv/matmul-like op (:data:`HEAVY_OPS`) has no estimate, the work share is not given.

NeuralNetwork layers carry no shapes: only ``innerProduct`` (2 x inputs x outputs
per vector, from its weights) and ``batchedMatmul`` with weights are estimated.

Parameters are the elements of the model's float weight tensors: ML program
``const``/``constexpr_*`` outputs of rank >= 1 that are float-typed (a
compressed weight counts as its decompressed size), and the NeuralNetwork
layers' ``WeightParams``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mllint.protos import is_map_entry
from mllint.view import Op, TensorInfo

LAYOUT_OPS = frozenset(
    {
        "reshape",
        "transpose",
        "squeeze",
        "expand_dims",
        "slice_by_index",
        "slice_by_size",
        "concat",
        "split",
        "cast",
        "identity",
        "tile",
        "pad",
        "gather",
        "gather_along_axis",
        "gather_nd",
        "reshape_like",
        "flatten2d",
        "pixel_shuffle",
        "space_to_depth",
        "depth_to_space",
        "stack",
        "shape",
        "fill",
        "sliding_windows",
        "crop",
        "crop_resize",
    }
)
POOLING_OPS = frozenset({"max_pool", "avg_pool", "l2_pool"})
RECURRENT_OPS = frozenset({"lstm", "gru", "rnn"})
# Ops whose work dominates a model: when one of them has no estimate, the work share is not given.
HEAVY_OPS = frozenset(
    {
        "conv",
        "conv_transpose",
        "linear",
        "matmul",
        "einsum",
        "scaled_dot_product_attention",
        "lstm",
        "gru",
        "rnn",
        "convolution",
        "innerProduct",
        "batchedMatmul",
        "uniDirectionalLSTM",
        "biDirectionalLSTM",
        "simpleRecurrent",
    }
)
_FLOAT = frozenset({"FLOAT16", "FLOAT32", "FLOAT64"})
_NN_WEIGHT_BYTES = {"float16Value": 2, "rawValue": 4, "int8RawValue": 1}


def _elements(shape: tuple[int, ...]) -> int | None:
    if any(d < 0 for d in shape):
        return None
    return math.prod(shape)


def _shape(types: Mapping[str, TensorInfo], name: str | None) -> tuple[int, ...] | None:
    info = types.get(name or "")
    if info is None or len(info.shape) != info.rank or any(d < 0 for d in info.shape):
        return None
    return info.shape


def mil_flops(op: Op, types: Mapping[str, TensorInfo]) -> int | None:
    """Estimated FLOPs of an ML program op, or None when its kind or shapes are unknown."""
    if op.type in LAYOUT_OPS:
        return 0
    outputs = op.outputs
    out = _shape(types, outputs[0].name) if outputs else None
    if out is None:
        return None
    out_elements = math.prod(out)
    if op.type == "conv":
        weight = _shape(types, op.input("weight"))
        return 2 * out_elements * math.prod(weight[1:]) if weight and len(weight) >= 3 else None
    if op.type == "conv_transpose":
        weight, x = _shape(types, op.input("weight")), _shape(types, op.input("x"))
        if not weight or not x or len(weight) < 3:
            return None
        return 2 * math.prod(x) * math.prod(weight[1:])
    if op.type == "linear":
        weight = _shape(types, op.input("weight"))
        return 2 * out_elements * weight[-1] if weight else None
    if op.type == "matmul":
        x = _shape(types, op.input("x"))
        if not x:
            return None
        transpose_x = op.const("transpose_x")
        contracted = x[-2] if transpose_x is not None and transpose_x.is_scalar and transpose_x.scalar() else x[-1]
        return 2 * out_elements * contracted
    if op.type == "einsum":
        return _einsum_flops(op, types, out_elements)
    if op.type == "scaled_dot_product_attention":
        query, key = _shape(types, op.input("query")), _shape(types, op.input("key"))
        if not query or not key:
            return None
        return 4 * math.prod(query) * key[-2]
    if op.type in RECURRENT_OPS:
        x = _shape(types, op.input("x"))
        ih, hh = _shape(types, op.input("weight_ih")), _shape(types, op.input("weight_hh"))
        if not x or not ih or not hh:
            return None
        return 2 * x[0] * x[1] * (math.prod(ih) + math.prod(hh))
    if op.type in POOLING_OPS:
        kernel = op.const("kernel_sizes")
        values = kernel.as_list() if kernel is not None else None
        return out_elements * math.prod(int(k) for k in values) if values else None
    return out_elements


def _einsum_flops(op: Op, types: Mapping[str, TensorInfo], out_elements: int) -> int | None:
    equation = op.const("equation")
    if equation is None or not equation.is_scalar:
        return None
    text = str(equation.scalar())
    if "->" not in text:
        return None
    inputs, output = text.split("->")
    bindings = op.arguments.get("values", ())
    terms = inputs.split(",")
    if len(terms) != len(bindings):
        return None
    sizes: dict[str, int] = {}
    for term, binding in zip(terms, bindings):
        shape = _shape(types, binding.name)
        if shape is None or len(shape) != len(term):
            return None
        sizes.update(zip(term, shape))
    contracted = math.prod(size for letter, size in sizes.items() if letter not in output)
    return 2 * out_elements * contracted


def nn_flops(op: Op) -> int | None:
    """Estimated FLOPs of a NeuralNetwork layer per input vector, where its weights say."""
    params = op.params
    if op.type == "innerProduct":
        return 2 * int(params.inputChannels) * int(params.outputChannels)
    if op.type == "batchedMatmul" and len(op.input_names) == 1 and params.weightMatrixFirstDimension:
        return 2 * int(params.weightMatrixFirstDimension) * int(params.weightMatrixSecondDimension)
    return None


def mil_params(op: Op) -> int:
    """Weight elements made by a const or constexpr op (float tensors of rank >= 1)."""
    total = 0
    for info in op.outputs:
        if info.dtype in _FLOAT and info.rank >= 1:
            total += _elements(info.shape) or 0
    return total


def nn_params(layer_params: Any) -> int:
    """Weight elements in a NeuralNetwork layer's WeightParams (every field, nested)."""
    return sum(_weight_count(weights) for weights in _weight_params(layer_params))


def nn_weight_bytes(layer_params: Any) -> int:
    """Bytes of weights a NeuralNetwork layer embeds in the spec (every WeightParams, nested)."""
    return sum(
        4 * len(weights.floatValue) + sum(len(getattr(weights, name)) for name in _NN_WEIGHT_BYTES)
        for weights in _weight_params(layer_params)
    )


def _weight_params(layer_params: Any) -> Iterator[Any]:
    """Every WeightParams of a NeuralNetwork layer's parameters, nested ones included."""
    for field, value in layer_params.ListFields():
        if field.message_type is None or field.message_type.name == "NeuralNetwork":
            continue  # scalars, and nested networks (their layers are ops of their own)
        if is_map_entry(field.message_type):
            continue  # maps (a custom layer's named parameters) hold no WeightParams
        values = value if isinstance(value, Sequence) or hasattr(value, "add") else (value,)
        for item in values:
            if field.message_type.name == "WeightParams":
                yield item
            else:
                yield from _weight_params(item)


def _weight_count(weights: Any) -> int:
    if len(weights.floatValue):
        return len(weights.floatValue)
    for name, width in _NN_WEIGHT_BYTES.items():
        data = getattr(weights, name)
        if data:
            return len(data) // width
    return 0
