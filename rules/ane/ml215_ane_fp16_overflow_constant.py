"""ML215 ane-fp16-overflow-constant: a constant beyond the fp16 range that an fp16 op reads."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.analysis.ane_estimate import estimate
from mllint.rule import RunContext
from mllint.view import Model


@model_rule(
    code="ML215",
    name="ane-fp16-overflow-constant",
    severity="warning",
    heuristic=True,
    summary="A constant beyond the fp16 range (|x| > 65504) feeds an fp16 op.",
    why="""
        fp16 holds finite values up to 65504. A larger constant becomes inf when the op runs in
        fp16 (always on the Neural Engine, and in an fp16 ML program everywhere); a mask sentinel
        such as finfo(float32).min turns into -inf and then NaN (inf - inf, 0 * inf). A FLOAT16
        constant that already holds inf overflowed when the model was converted.
    """,
    fix="""
        Use a sentinel inside the fp16 range (e.g. -1e4 for attention masks), clamp the constant,
        or keep the op in fp32 (op_selector in ct.transform.FP16ComputePrecision). Compare outputs
        with coremltools' MLModelComparator.
    """,
    evidence="device-report",
    sources=(
        "apple/coremltools#2110, #2603, #1932 (fp16 overflow in ML programs)",
        "apple/coremltools PR #2669 (finfo(fp32).min mask becomes fp16 -inf, then NaN)",
        "hollance/neural-engine docs/16-bit.md",
    ),
)
def ane_fp16_overflow_constant(model: Model, context: RunContext) -> Iterator[Finding]:
    """Looks at ML program constants with inline values (a `const` op's immediate value, or an
    argument bound to an immediate value); values in weight.bin blobs are never read. A float
    constant with some |x| > 65504 (inf included) that an fp16 op reads (an op with a FLOAT16
    output, or a cast to fp16) is reported once per constant.

    Example: `const mask = -3.4e38 (FLOAT32)` feeding `cast(dtype="fp16")` then `add`.
    """
    found = estimate(model, context.chip)
    if found is None:
        return
    reported: set[tuple[str, str]] = set()
    for overflow in found.overflows:
        key = (overflow.location, overflow.name)
        if key in reported:
            continue
        reported.add(key)
        what = (
            "holds inf (it overflowed when converted to fp16)"
            if overflow.dtype == "FLOAT16"
            else (f"has |x| up to {overflow.magnitude:.4g}, beyond the fp16 maximum 65504")
        )
        name = f"const '{overflow.name}'" if overflow.name != "(inline value)" else "an inline constant"
        yield Finding(
            f"{name} ({overflow.dtype}) {what}, and fp16 op {overflow.consumer.type} "
            f"'{overflow.consumer.name}' reads it",
            location=overflow.location,
        )
