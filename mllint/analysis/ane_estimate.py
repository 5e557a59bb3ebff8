"""A static estimate of where each op of a model runs: Neural Engine or not.

A core analysis (rules and reporters read it; it imports no plugin). One
pass over each graph (the op order of the program, nested blocks after their
parent) decides every op from the table in :mod:`mllint.knowledge.ane_support`,
finds the fp16 overflows of inline constants and feeds the partition count:

- ``const`` and ``constexpr_*`` ops (NN ``loadConstant``/``loadConstantND``) are not
  counted (Core ML resolves them at load); their float tensors are the model's parameters.
- An op is ``fallback`` when its row says so or any check fires (each firing
  check is a *cause*, with a short detail); ``ane`` ("eligible for the ANE") when
  its row says so and no check fires; ``unknown`` when the table has no evidence
  for its type and no general check fires. Unknown ops are neither ANE nor fallback.
- An op with several causes has one *primary* cause
  (:data:`mllint.knowledge.ane_causes.CAUSE_ORDER`): the rules report it once, under
  that cause, naming the others.
- Each op's work is estimated in FLOPs from its shapes (:mod:`mllint.analysis.op_work`);
  ``work_share`` is the share of the estimated FLOPs on ANE-eligible ops.
- A tensor of rank >= 6 is not a fallback: Core ML fails to load the model
  ("Error in declaring network"); the verdict is ``does-not-load``.
- Model-level caveats (a RangeDim input, weights over the chip's whole-model limit...) keep the
  verdict from being ``good`` (:mod:`mllint.analysis.ane_caveats`).

"Eligible for the ANE" is what the model allows under ``CPU_AND_NE``: Core ML
chooses placement by cost, may run small work on the CPU and may give eligible
work to the GPU (under ``.all``).

The pass looks up producers and constants in what it has already walked
(a value is always made before it is read), so it never walks a graph twice.

Partitions are counted the way onnxruntime's usability checker does
(``CreateSupportedPartitionNodeGroups``): ops are taken in dependency order,
every ready ANE op joins the current group before any fallback op runs, and a
group closes when no ANE op is ready. Unknown and const ops pass their
dependencies through without joining or breaking a group. Ops in nested blocks
belong to their top-level control-flow op. The count is the number of ANE
groups; Core ML copies data at every switch between a group and the CPU/GPU.

A model with several functions (a multi-function ML program) is estimated over
all of them: op counts and partitions are summed, as each function is compiled
on its own.

:func:`estimate` computes the result once per :class:`~mllint.view.Model` and
keeps it with the model (``Model.derived``), so every rule, the facts hook and
the HTML reporter share it.

This is an estimate from public knowledge, not a measurement: confirm it with
Xcode's performance report or ``MLComputePlan`` on a device.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mllint.analysis.ane_caveats import model_caveats
from mllint.analysis.ane_graph_pass import GraphPass
from mllint.analysis.ane_types import EstimateSummary, ModelEstimate, OpEstimate, Overflow, Reason, Unit, summarise
from mllint.blobs import weight_file_bytes
from mllint.knowledge.chips import CHIPS_BY_NAME, DEFAULT_ASSUMED_CHIP, Chip
from mllint.view import Model, Op

__all__ = [
    "DERIVED_KEY",
    "ESTIMATE_BASIS",
    "EstimateSummary",
    "ModelEstimate",
    "OpEstimate",
    "Overflow",
    "Reason",
    "Unit",
    "chip_facts",
    "estimate",
    "first_paths",
    "model_facts",
    "summarise",
]

ESTIMATE_BASIS = (
    "static estimate of eligibility for the ANE under CPU_AND_NE, from public knowledge "
    "(mllint.knowledge.ane_support); Core ML chooses placement by cost and may run eligible work on the CPU "
    "or GPU; const and constexpr_* ops are not counted; FLOPs are estimated from shapes; confirm with "
    "Xcode's performance report or MLComputePlan"
)
DERIVED_KEY = "mllint.analysis.ane_estimate"


# --------------------------------------------------------------------------- once per model


def estimate(model: Model, chip: str | None = None) -> ModelEstimate | None:
    """The estimate for a model with graphs (NN or ML program), else None; computed once per model and chip.

    ``chip`` (``--chip``, a name of :data:`mllint.knowledge.chips.CHIPS`) sets the size caps;
    without it the estimate assumes :data:`~mllint.knowledge.chips.DEFAULT_ASSUMED_CHIP` and says so.
    """
    if not model.graphs:
        return None
    name = chip or DEFAULT_ASSUMED_CHIP
    return model.derived(f"{DERIVED_KEY}:{name}", lambda: _estimate(model, CHIPS_BY_NAME[name]))


def _estimate(model: Model, chip: Chip) -> ModelEstimate:
    ops: list[OpEstimate] = []
    overflows: list[Overflow] = []
    partitions = params = weight_bytes = 0
    load_failures: list[tuple[Op, str]] = []
    for graph in model.graphs:
        graph_pass = GraphPass(graph, ops, overflows, chip)
        partitions += graph_pass.run()
        params += graph_pass.params
        weight_bytes += graph_pass.nn_weight_bytes
        load_failures += graph_pass.load_failures
    if any(graph.kind == "mlProgram" for graph in model.graphs):
        weight_bytes += weight_file_bytes(model) or 0
    by_cause: dict[str, list[OpEstimate]] = {}
    for e in ops:
        if e.primary:
            by_cause.setdefault(e.primary, []).append(e)
    return ModelEstimate(
        model=model,
        ops=tuple(ops),
        partitions=partitions,
        overflows=tuple(overflows),
        by_cause={cause: tuple(found) for cause, found in by_cause.items()},
        params=params,
        caveats=model_caveats(model, ops, params, weight_bytes, chip),
        load_failures=tuple(load_failures),
        ops_by_path={e.op.path: e for e in ops},
        chip=chip.name,
        weight_bytes=weight_bytes,
    )


# --------------------------------------------------------------------------- facts


def chip_facts(chip: str | None) -> dict[str, Any]:
    """Which chip the size caps are for, and whether the user named it."""
    name = chip or DEFAULT_ASSUMED_CHIP
    row = CHIPS_BY_NAME[name]
    facts: dict[str, Any] = {
        "name": name,
        "assumed": chip is None,
        "max_spatial_dim": row.max_spatial_dim,
        "max_channels": row.max_channels,
        "max_conv_kernel_width": row.max_conv_kernel_width,
    }
    if chip is None:
        facts["note"] = (
            f"no --chip given: the caps of {name} (the A14/M1 tier, the oldest current ANE); "
            "pass --chip (or chip = ... in the configuration) for another"
        )
    return facts


def model_facts(root: Model, chip: str | None = None) -> dict[str, Any] | None:
    """The ``ane`` facts (JSON) of a model tree, or None if nothing in it has a graph.

    A model with graphs reports its own estimate, with ``ops``: one entry per counted op
    (node path, type, ``ane``/``fallback``/``unknown``, primary cause, other causes,
    estimated FLOPs). A pipeline adds up its
    sub-models that have graphs: op counts and fallback types are summed, and
    so are partitions (each sub-model is compiled and run on its own, so ANE
    work never spans two of them); ``sub_models`` lists each one, and
    ``not_estimated`` the sub-models without a graph (NMS, tree ensembles,
    feature extractors...), which Core ML runs with their own implementation.
    """
    estimated = [(m, e) for m in root.walk() if (e := estimate(m, chip)) is not None]
    if not estimated:
        return None
    if len(estimated) == 1 and estimated[0][0] is root:
        only = estimated[0][1]
        return {
            **only.summary().facts(),
            "chip": chip_facts(chip),
            "ops": [e.entry() for e in only.ops],
            "basis": ESTIMATE_BASIS,
        }
    all_ops = [op for _, e in estimated for op in e.ops]
    caveats = {key: f"{m.display_path}: {text}" for m, e in estimated for key, text in e.caveats.items()}
    failures = tuple(f"{m.display_path}/{op.path} ({d})" for m, e in estimated for op, d in e.load_failures)
    facts = summarise(
        all_ops, sum(e.partitions for _, e in estimated), sum(e.params for _, e in estimated), caveats, failures
    ).facts()
    facts["chip"] = chip_facts(chip)
    facts["ops"] = [op.entry(f"{m.display_path}/") for m, e in estimated for op in e.ops]
    facts["sub_models"] = [{"path": m.display_path, **e.summary().facts()} for m, e in estimated]
    facts["not_estimated"] = [f"{m.display_path} ({m.type})" for m in root.walk() if not m.graphs and not m.is_pipeline]
    facts["basis"] = ESTIMATE_BASIS
    return facts


def first_paths(estimates: Iterable[OpEstimate], cause: str, limit: int) -> Iterator[str]:
    """``main/conv_3 (dilations [2, 2])`` for the first ``limit`` ops."""
    for count, e in enumerate(estimates):
        if count == limit:
            return
        detail = e.detail(cause)
        yield f"{e.op.path} ({detail})" if detail else e.op.path
