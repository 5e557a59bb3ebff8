"""ML202 output-layout-op: a model output made by a layout op (reshape, transpose, ...).

Apple's Neural Engine guidance is to minimise memory copies, and reshapes and
transposes are where they come from; as the last step before an output such an
op can as well be done in app code, where it is free.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

# Layout ops: they move or re-view data without computing anything.
# ML program op types (coremltools ops/defs/iOS15 tensor_transformation.py) and
# NN layer oneof names (NeuralNetwork.proto).
LAYOUT_OPS = frozenset(
    {
        # ML program
        "reshape", "reshape_like", "transpose", "squeeze", "expand_dims", "flatten2d",
        "slice_by_index", "slice_by_size",
        # NeuralNetwork layers (and "squeeze", named as in ML programs)
        "permute", "flatten", "flattenTo2D", "reshapeStatic", "reshapeDynamic", "reshapeLike",
        "rankPreservingReshape", "expandDims", "slice", "sliceStatic", "sliceDynamic",
        "sliceBySize",
    }
)


@model_rule(
    code="ML202",
    name="output-layout-op",
    severity="warning",
    heuristic=True,
    summary="A model output is produced by a layout op (reshape, transpose, squeeze, slice ...).",
    why="""
        The Neural Engine works in a fixed channels-first layout, and Apple's guidance for it is to
        minimise memory copies: a reshape or transpose can make the result be copied into another
        layout, and as the very last step it does so for every prediction. App code can reshape the
        returned MLMultiArray for free (it is a view over the same buffer).
    """,
    fix="""
        Return the tensor before the layout op and apply the reshape/transpose in app code
        (or in the post-processing that already reads the output).
    """,
    evidence="apple-statement",
    sources=(
        "Apple, Deploying Transformers on the Apple Neural Engine (principle 3: minimise memory copies)",
        "apple/coremltools#1943 (Transpose layer not supported on the ANE)",
    ),
)
def output_layout_op(model: Model) -> Iterator[Finding]:
    """Looks at the op that makes each model output, looking through the `cast` and
    `identity` ops converters append (an fp16 program with fp32 outputs always ends in a
    `cast`). A reshape inside the graph is not this rule's business.

    Example: a classifier whose `logits` output is `reshape(x=conv_out, shape=[1, 1000])`.
    """
    for output in model.outputs:
        producer = model.output_producer(output.name)
        if producer is not None and producer.type in LAYOUT_OPS:
            via = ""
            direct = model.output_producer(output.name, look_through=frozenset())
            if direct is not None and direct is not producer:
                via = f" (through a trailing {direct.type})"
            yield Finding(
                f"output '{output.name}' is produced by {producer.type} '{producer.name}'{via}",
                location=producer.path,
            )

