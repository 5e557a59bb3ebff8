"""ML211 ane-double-io: a DOUBLE input or output of a neural network or ML program."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model


@model_rule(
    code="ML211",
    name="ane-double-io",
    severity="info",
    heuristic=True,
    summary="An input or output of a neural network or ML program is DOUBLE.",
    why="""
        The Neural Engine computes in fp16 and the GPU in fp16/fp32; nothing in the graph runs in
        float64. Core ML converts every DOUBLE input on the CPU before the graph runs, and every
        DOUBLE output after it, for each prediction.
    """,
    fix="""
        Declare the feature as FLOAT32 (or FLOAT16 for iOS 16+), e.g. with
        ct.utils.convert_double_to_float_multiarray_type(spec) on an NN spec, or the converter's
        inputs=[ct.TensorType(dtype=np.float32)] / outputs=[...].
    """,
    evidence="inferred",
    sources=(
        "hollance/neural-engine docs/16-bit.md (the ANE uses float16 for everything)",
        "coremltools models/utils.py convert_double_to_float_multiarray_type",
    ),
)
def ane_double_io(model: Model) -> Iterator[Finding]:
    """Looks at the inputs and outputs of every model that runs a graph (NN or ML program):
    a `doubleType` feature or a multiArray with dataType DOUBLE. Pipelines and classic models
    (NMS, trees...) are left alone: their DOUBLE features never reach the ANE.

    Example: an old Keras-converted NN whose input `x` is multiArray DOUBLE [10].
    """
    if not _runs_a_graph(model):
        return
    for feature in model.inputs + model.outputs:
        if feature.kind == "doubleType" or (feature.array is not None and feature.dtype == "DOUBLE"):
            direction = "from DOUBLE to" if feature.role == "input" else "to DOUBLE from"
            yield Finding(
                f"{feature.role} '{feature.name}' is {feature.describe()}: Core ML converts it "
                f"{direction} the graph's float type on the CPU for every prediction",
                location=feature.path,
            )


def _runs_a_graph(model: Model) -> bool:
    """The Neural Engine interface rules look at models that run a graph (NN or ML program)."""
    return bool(model.graphs)
