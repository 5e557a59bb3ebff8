"""Layout op types: shared by rule ML202 (an output made by one) and the HTML report's op colours."""

from __future__ import annotations

# Layout ops: they move or re-view data without computing anything.
# ML program op types (coremltools ops/defs/iOS15 tensor_transformation.py) and
# NN layer oneof names (NeuralNetwork.proto).
LAYOUT_OPS = frozenset(
    {
        # ML program
        "reshape",
        "reshape_like",
        "transpose",
        "squeeze",
        "expand_dims",
        "flatten2d",
        "slice_by_index",
        "slice_by_size",
        # NeuralNetwork layers (and "squeeze", named as in ML programs)
        "permute",
        "flatten",
        "flattenTo2D",
        "reshapeStatic",
        "reshapeDynamic",
        "reshapeLike",
        "rankPreservingReshape",
        "expandDims",
        "slice",
        "sliceStatic",
        "sliceDynamic",
        "sliceBySize",
    }
)
