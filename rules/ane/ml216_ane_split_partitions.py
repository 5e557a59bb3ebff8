"""ML216 ane-split-partitions: the Neural Engine work is split into more than one partition."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.analysis.ane_estimate import estimate
from mllint.rule import RunContext
from mllint.view import Model

from .op_counts import ranked_counts


@model_rule(
    code="ML216",
    name="ane-split-partitions",
    severity="warning",
    heuristic=True,
    summary="The Neural Engine work is split into more than one partition.",
    why="""
        Between two groups of ANE ops, Core ML runs the fallback ops on the CPU or GPU and copies
        the tensors out of and back into the ANE's layout at every switch. Several partitions
        often cost more than running the whole model on the GPU (onnxruntime's usability checker
        calls more than two partitions unusable; in microsoft/onnxruntime#28022, 14 partitions
        made a model 2x slower than one).
    """,
    fix="""
        Replace or move the fallback ops between the partitions (the fallback rules ML212-ML229
        name them): move post-processing after the model, out of the graph, or rewrite the op with
        ANE-friendly ones.
    """,
    evidence="measurement",
    sources=(
        "microsoft/onnxruntime tools/python/util/mobile_helpers/usability_checker.py (partitions, suitability)",
        "microsoft/onnxruntime#28022 (14 partitions, then 1 after a rewrite)",
        "hollance/neural-engine docs/unsupported-layers.md (every switch between devices involves overhead)",
    ),
)
def ane_split_partitions(model: Model, context: RunContext) -> Iterator[Finding]:
    """Looks at the model's shared ANE estimate: ops are grouped in dependency order, every ready
    ANE op joining the current group before a fallback op runs (onnxruntime's
    CreateSupportedPartitionNodeGroups); unknown ops neither join nor break a group. More than
    one group is reported, with the fallback op types that separate them.

    Example: conv -> relu -> gather -> conv -> topk has 2 ANE partitions (conv, relu | conv).
    """
    found = estimate(model, context.chip)
    if found is None or found.partitions <= 1:
        return
    fallback = Counter(e.op.type for e in found.ops if e.unit == "fallback")
    yield Finding(
        f"estimated {found.partitions} Neural Engine partitions ({found.count('ane')} of "
        f"{found.ops_total} compute ops eligible for the ANE): Core ML copies data at each switch to and "
        f"from the CPU/GPU; fallback ops: {ranked_counts(fallback)}",
        location=model.path,
    )
