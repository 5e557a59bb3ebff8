"""ML231 ane-small-work: work eligible for the Neural Engine that Core ML's cost model keeps on the CPU.

Core ML chooses placement by cost: its compute plan puts small fp16 matmuls (384 x 384 and below) and
small attention on the CPU even under CPU_AND_NE, and a 50K-parameter model ran entirely on the CPU.
The estimate marks such ops eligible (they are) with a note, and a model whose eligible work is mostly
such ops, or that has fewer than 1M parameters, with a caveat that keeps its verdict from "good"; this
rule names the small ops.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.analysis.ane_estimate import estimate
from mllint.rule import RunContext
from mllint.view import Model

FIRST_PATHS = 5


@model_rule(
    code="ML231",
    name="ane-small-work",
    severity="info",
    heuristic=True,
    summary="Work eligible for the Neural Engine is small enough that Core ML keeps it on the CPU.",
    why="""
        Eligibility is not placement. MLComputePlan on an M4 put fp16 matmuls of 384 x 384 and below
        on the CPU (512 x 512 on the Neural Engine) and scaled_dot_product_attention with up to about 1M
        elements per Q/K/V on the CPU, also under CPU_AND_NE. A 2-layer, 50K-parameter transformer ran 0
        of 77 ops on the ANE while its 10M-parameter twin ran all of them. Such a model may be fine on the
        CPU; it just will not use the ANE as the estimate's share suggests.
    """,
    fix="""
        Nothing to fix if the CPU is fast enough. To use the ANE, batch more work per call (a longer
        sequence, several inputs at once), or measure with MLComputePlan on the target device.
    """,
    evidence="measurement",
    sources=(
        "vx-lang/Vx#435 and #436 (MLComputePlan: fp16 matmul <= 384 on the CPU, 512 on the NE)",
        "vx-lang/Vx#437 (MLComputePlan: attention <= 1M elements per Q/K/V on the CPU)",
        "ask-meridian.uk 'eligibility is not placement' (50K-parameter model 0% ANE, 10M twin 100%)",
    ),
)
def ane_small_work(model: Model, context: RunContext) -> Iterator[Finding]:
    """Looks at the shared estimate: fp16 `matmul` ops with M x N x K <= 384^3 and
    `scaled_dot_product_attention` with <= 1,048,576 query elements (eligible ops carrying a small-work
    note). One diagnostic per model. A whole model below 1,000,000 parameters is not a finding: the
    estimate says so as a caveat (``small_model``) that keeps its verdict from "good".

    Example: `matmul(x=a, y=b)` of two 1 x 384 x 384 fp16 activations.
    """
    found = estimate(model, context.chip)
    if found is None:
        return
    small = [e for e in found.ops if e.flags]
    if small:
        more = f" and {len(small) - FIRST_PATHS} more" if len(small) > FIRST_PATHS else ""
        listed = ", ".join(f"{e.op.path} ({e.flags[0][1]})" for e in small[:FIRST_PATHS])
        yield Finding(
            f"{len(small)} op(s) eligible for the Neural Engine are small enough that Core ML's compute plan "
            f"keeps them on the CPU: {listed}{more}",
            location=small[0].op.path,
        )
