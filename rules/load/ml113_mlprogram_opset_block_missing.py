"""ML113 mlprogram-opset-block-missing: an ML program function's `opset` names no block in its
`block_specializations`.

Evidence: MIL.proto and coremltools' MIL loader. The open-source validator does not read ML programs
(Model.cpp validate returns {} for mlProgram). A search of public issue trackers (apple/coremltools and
projects that ship Core ML models) found no report of Core ML refusing a function whose opset names no
block, so this stays a warning until one is cited.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_text import where


@model_rule(
    code="ML113",
    name="mlprogram-opset-block-missing",
    severity="warning",
    summary="An ML program function's `opset` names no block in its `block_specializations`.",
    why="""
        A MIL function keeps one block per opset in `block_specializations` and runs the one its
        `opset` names; MIL.proto says the key must exist. Without it the function has no body:
        coremltools refuses to load it ("Missing block specialization for opset ...") and so
        does Core ML.
    """,
    fix="""
        Set the function's `opset` to the key of the block it should run (usually the only key),
        or re-convert the model.
    """,
    evidence="apple-statement",
    sources=(
        "apple/coremltools mlmodel/format/MIL.proto (Function.opset: this key must exist in block_specializations)",
        "apple/coremltools coremltools/converters/mil/frontend/milproto/load.py _load_function",
    ),
)
def mlprogram_opset_block_missing(model: Model) -> Iterator[Finding]:
    """Looks at each function of an ML program: its `opset` must be a key of its
    `block_specializations`.

    Example: `opset: "CoreML7"` with `block_specializations: {"CoreML6": ...}` after a hand edit.
    """
    if model.type != "mlProgram":
        return
    for name, function in sorted(model.body.functions.items()):
        if function.opset not in function.block_specializations:
            blocks = ", ".join(sorted(function.block_specializations)) or "none"
            yield Finding(
                f"Missing block specialization for opset {function.opset} "
                f"(function '{name}' has blocks for: {blocks}){where(model)}",
                location=model.location(name),
            )
