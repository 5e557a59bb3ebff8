"""ML213 ane-state-width: a state whose last dimension is not a multiple of 32."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import ane_support as table
from mllint.view import Model


@model_rule(
    code="ML213",
    name="ane-state-width",
    severity="warning",
    heuristic=True,
    summary="A state's last dimension is not a multiple of 32.",
    why="""
        A stateful ML program failed on the Neural Engine (Xcode's performance report, All or
        CPU+ANE) when the state's width was 270, and ran when it was 256; it runs on the CPU and
        GPU either way. The ANE stores the last axis 64-byte aligned (32 fp16 values).
    """,
    fix="""
        Pad the state's last dimension to a multiple of 32 (and ignore the padding in the model),
        or run the model with CPU_AND_GPU.
    """,
    evidence="measurement",
    sources=(
        "apple/coremltools#2631 (state width 270 fails on the ANE, 256 works)",
        "apple/coremltools#2553 (stateful model cannot run on the ANE)",
        "apple/ml-ane-transformers principle 1 (last axis 64-byte aligned)",
    ),
)
def ane_state_width(model: Model) -> Iterator[Finding]:
    """Looks at every state of the model (`description.state`, state inputs and per-function
    states): the last dimension of its array must be a multiple of 32. Batch, head or channel
    dimensions are not checked; the reported failure is about the innermost axis.

    Example: a state `hidden` of shape [1, 16, 64, 270] (270 % 32 = 14).
    """
    seen: set[str] = set()
    for feature in model.features:
        if feature.kind != "stateType" or feature.path in seen or not feature.shape:
            continue
        seen.add(feature.path)
        last = feature.shape[-1]
        if last % table.STATE_LAST_DIM_MULTIPLE:
            shape = "[" + ", ".join(str(d) for d in feature.shape) + "]"
            yield Finding(
                f"state '{feature.name}' has last dimension {last} (shape {shape}), not a multiple of "
                f"{table.STATE_LAST_DIM_MULTIPLE}: stateful models like it fail on the Neural Engine",
                location=feature.path,
            )
