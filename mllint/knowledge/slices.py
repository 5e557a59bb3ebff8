"""Slice ops and layers: which of their parameters can be run-time values.

Sources:
- ML program ops: coremltools 9.0 ``ops/defs/iOS15/tensor_transformation.py``
  (``slice_by_index``: x, begin, end, stride, begin_mask, end_mask, squeeze_mask;
  ``slice_by_size``: x, begin, size). ``begin_mask[i]`` replaces ``begin[i]`` by 0,
  ``end_mask[i]`` replaces ``end[i]`` by the dimension, ``squeeze_mask[i]`` ignores
  ``end[i]`` and indexes at ``begin[i]``.
- NeuralNetwork layers: ``mlmodel/format/NeuralNetwork.proto`` (``SliceLayerParams``
  350, ``SliceStaticLayerParams`` 995, ``SliceDynamicLayerParams`` 1000,
  ``SliceBySizeLayerParams`` 1470).
"""

from __future__ import annotations

from typing import NamedTuple

# ML program slice ops -> the bound arguments (begin/end/size) that locate the slice.
MIL_SLICE_BOUNDS: dict[str, tuple[str, ...]] = {
    "slice_by_index": ("begin", "end"),  # tensor_transformation.py slice_by_index
    "slice_by_size": ("begin", "size"),  # tensor_transformation.py slice_by_size
}

# slice_by_index: which mask makes a bound irrelevant on an axis.
MIL_BOUND_MASKS: dict[str, tuple[str, ...]] = {
    "begin": ("begin_mask",),
    "end": ("end_mask", "squeeze_mask"),
}


class DynamicSliceInputs(NamedTuple):
    """What each input of a NeuralNetwork slice layer carries, by position."""

    layer: str
    inputs: tuple[str, ...]
    source: str


# NeuralNetwork slice layers whose bounds arrive as inputs (input 1 is the sliced tensor).
NN_DYNAMIC_SLICES: dict[str, DynamicSliceInputs] = {
    "sliceDynamic": DynamicSliceInputs(
        "sliceDynamic",
        ("x", "begin", "end", "stride", "begin mask", "end mask", "squeeze mask"),
        "NeuralNetwork.proto SliceDynamicLayerParams: 2 to 7 inputs, the 2nd is beginIds",
    ),
    "sliceBySize": DynamicSliceInputs(
        "sliceBySize",
        ("x", "begin"),
        "NeuralNetwork.proto SliceBySizeLayerParams: inputs (x, begin)",
    ),
}

# NeuralNetwork layers that only emit a constant (NeuralNetwork.proto LoadConstant*LayerParams).
NN_CONSTANT_LAYERS = frozenset({"loadConstant", "loadConstantND"})

# Legacy ``slice`` layer: SliceLayerParams.SliceAxis -> the axis it means (rank-5 layout).
LEGACY_SLICE_AXES: dict[int, str] = {0: "channel axis (-3)", 1: "height axis (-2)", 2: "width axis (-1)"}

# Every op/layer type the slice rule looks at.
SLICE_OP_TYPES = frozenset(MIL_SLICE_BOUNDS) | frozenset(NN_DYNAMIC_SLICES) | {"slice", "sliceStatic"}
