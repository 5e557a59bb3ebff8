"""ML126 unknown-op-type: an ML program op type that no Core ML opset up to its function's defines.

Evidence: coremltools' op registry. The open-source validator does not read ML programs. A search of
public issue trackers found no report of Core ML refusing, on load, an ML program op whose type no
opset defines (the reports found are converter errors before any model is written, or an unknown
opset, which is ML112), so this stays a warning until one is cited.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.mil_ops import MIL_OPS, NEWEST_OPSET
from mllint.knowledge.spec_versions import OPSET_SPEC_VERSION
from mllint.view import Model, Op


@model_rule(
    code="ML126",
    name="unknown-op-type",
    severity="warning",
    summary="An ML program uses an op type that no Core ML opset up to the function's defines.",
    why="""
        Core ML compiles an ML program op by op from its opset's op definitions. An op type
        that no opset defines (a typo, a converter-internal op that was never lowered, a
        dialect op such as torch_* or complex_*) makes compilation fail.
    """,
    fix="""
        Convert the model again with coremltools (its passes lower dialect ops to core ops),
        or replace the op with Core ML ops.
    """,
    evidence="apple-statement",
    sources=(
        "apple/coremltools coremltools/converters/mil/mil/ops/registry.py (SSAOpRegistry.core_ops)",
        "apple/coremltools coremltools/converters/mil/backend/mil/load.py (op types written by the serialiser)",
    ),
)
def unknown_op_type(model: Model) -> Iterator[Finding]:
    """Looks up each op type of every function in ``mllint/knowledge/mil_ops.py``: the core
    ops of coremltools' registry plus ``write_state`` and ``custom_layer``, which its
    serialiser writes. Functions whose opset is newer than the newest opset the table was
    generated for are skipped (their ops may be newer than the table), as are functions
    with an opset the table does not know. One finding per op type, at its first op.

    Example: a ``torch_upsample_nearest_neighbor`` op left in a CoreML7 function.
    """
    newest = OPSET_SPEC_VERSION[NEWEST_OPSET]
    for graph in model.graphs:
        if graph.kind != "mlProgram":
            continue
        declared = OPSET_SPEC_VERSION.get(graph.opset or "")
        if declared is None or declared > newest:
            continue
        unknown: dict[str, list[Op]] = {}
        for op in graph.ops:
            if op.type not in MIL_OPS:
                unknown.setdefault(op.type, []).append(op)
        for op_type, ops in unknown.items():
            more = f" ({len(ops) - 1} more like it)" if len(ops) > 1 else ""
            yield Finding(
                f"op '{ops[0].name}' has type '{op_type}', which no opset up to {graph.opset} defines{more}",
                location=ops[0].path,
            )
