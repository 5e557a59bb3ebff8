"""ML127 tensor-rank-above-5: an ML program tensor of rank 6 or more, which Core ML does not load.

Evidence: Apple's coremltools maintainers state that Core ML supports tensors of rank 5 at most
(coremltools refuses to write more), and device reports show such a model failing when Core ML
loads it ("Error in declaring network"; Espresso: "ANE does not support blob with rank: 6").
The open-source validator does not read ML program types, so it accepts the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.ane_support import MAX_CORE_ML_RANK
from mllint.view import Model, Op

FIRST_PATHS = 5


@model_rule(
    code="ML127",
    name="tensor-rank-above-5",
    severity="error",
    summary="An ML program op makes a tensor of rank 6 or more, which Core ML fails to load.",
    why="""
        Core ML's runtime supports tensors of rank 5 at most. coremltools refuses to write a rank-6
        tensor ("Core ML only supports tensors with rank <= 5"), so these models come from other
        producers (onnxruntime's CoreML execution provider built ML programs with rank-6 reshapes
        until it was fixed) or edited specs; on a device the model fails to load with "Error in
        declaring network". It is a load failure, not a Neural Engine fallback: no compute unit runs it.
    """,
    fix="""
        Merge adjacent dimensions so every intermediate tensor has rank <= 5 (a reshape around the
        op; Apple's window partition for vision transformers is written without 6-D tensors).
    """,
    evidence="device-report",
    sources=(
        "apple/coremltools#1723 and #2291 (Error in declaring network; Core ML supports rank <= 5)",
        "apple/coremltools#832 (coremltools maintainers: rank > 5 is not supported)",
        "apple/coremltools coremltools/converters/mil/mil/program.py Program._check_invalid_tensor_rank",
        "microsoft/onnxruntime#14212 (Espresso: ANE does not support blob with rank: 6) and PR #17086",
        "apple/ml-vision-transformers-ane attention_utils.py window_partition (written without 6-D tensors)",
    ),
)
def tensor_rank_above_5(model: Model) -> Iterator[Finding]:
    """Looks at the typed outputs of every ML program op and the function inputs: a rank above 5
    is reported once per model, on the first such op, with the count and the first op paths.
    As coremltools (``Program._check_invalid_tensor_rank``), a ``const``/``constexpr_*`` output of
    rank above 5 that only ``constexpr_*`` ops read is allowed (a compressed weight's lookup
    table). Neural-network layers carry no types and are not checked.

    Example: `reshape(x, shape=[1, 2, 2, 2, 4, 8])` in a program converted by another tool.
    """
    hits: list[str] = []
    first = ""
    for graph in model.graphs:
        if graph.kind != "mlProgram":
            continue
        for info in graph.inputs:
            if info.rank > MAX_CORE_ML_RANK:
                hits.append(f"{graph.name}/inputs/{info.name} (rank {info.rank})")
                first = first or f"{graph.name}/inputs/{info.name}"
        constants: dict[str, Op] = {}  # rank > 5 constants: allowed while only constexpr ops read them
        for op in graph.ops:
            if not _is_constexpr(op.type):
                for name in op.input_names:
                    if name in constants:
                        const = constants.pop(name)
                        hits.append(f"{const.path} (rank {_rank_above_5(const)})")
                        first = first or const.path
            rank = _rank_above_5(op)
            if rank and (op.type == "const" or _is_constexpr(op.type)):
                constants.update(dict.fromkeys(op.output_names, op))
            elif rank:
                hits.append(f"{op.path} (rank {rank})")
                first = first or op.path
    if hits:
        more = f" and {len(hits) - FIRST_PATHS} more" if len(hits) > FIRST_PATHS else ""
        yield Finding(
            f"{len(hits)} tensor(s) of rank > {MAX_CORE_ML_RANK}; Core ML fails to load the model: "
            + ", ".join(hits[:FIRST_PATHS])
            + more,
            location=first,
        )


def _is_constexpr(op_type: str) -> bool:
    return op_type.startswith("constexpr_")


def _rank_above_5(op: Op) -> int:
    """The first output rank above 5 of an op, or 0."""
    return next((o.rank for o in op.outputs if o.rank > MAX_CORE_ML_RANK), 0)
