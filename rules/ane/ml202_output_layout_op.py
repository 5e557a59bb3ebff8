"""ML202 output-layout-op: a model output made by a layout op (reshape, transpose, squeeze, ...).

An info, not a Neural Engine problem: Apple's own ANE DistilBERT ends in
``squeeze`` and runs 602 of its 606 ops on the ANE. Every output of an ANE
segment is copied out anyway (the ANE cannot write an MLMultiArray that is not
IOSurface-backed), so a trailing reshape at worst adds one cheap op; app code can
do the same reshape on the returned MLMultiArray for nothing, which keeps the
model's outputs in the layout the graph computes.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.layout_ops import LAYOUT_OPS
from mllint.view import Model


@model_rule(
    code="ML202",
    name="output-layout-op",
    severity="info",
    heuristic=True,
    summary="A model output is produced by a layout op (reshape, transpose, squeeze, slice ...): cheap to do in app code.",
    why="""
        A reshape, transpose or squeeze as the very last step does not cost the Neural Engine: Apple's
        ANE-optimised DistilBERT ends in squeeze and its Xcode report shows 602 of 606 ops on the
        ANE (only the embedding lookup on the CPU), and every ANE output is copied into the returned
        MLMultiArray anyway. The step is still cheap to do in app code (a reshape of an MLMultiArray is
        a view over the same buffer), which keeps the model's output in the layout the graph computes.
    """,
    fix="""
        Optional: return the tensor before the layout op and apply the reshape/transpose in app code
        (or in the post-processing that already reads the output).
    """,
    evidence="measurement",
    sources=(
        (
            "apple/ml-ane-transformers ane_transformers/huggingface/distilbert.py (logits.squeeze) and README "
            "(Xcode report: 602 of 606 ops on the ANE)"
        ),
        "WWDC22 ML digital lounge Q&A (the Neural Engine writes an MLMultiArray only when it is IOSurface-backed)",
        "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-09-28 (Neural Engine - Data Copy on every prediction)",
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
