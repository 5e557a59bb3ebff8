"""The one check behind every fallback-cause rule (the rows of :mod:`.ml212_ml229_fallback_causes`).

For a row's cause it reads the model's shared Neural Engine estimate and reports
the ops estimated off the ANE whose primary cause it is: one diagnostic per
model, on the first such op, with their count, their types and the first few op
paths; an op's other causes are named beside its path (``also ML212: FLOAT32
output``), so one op gives one finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from mllint import Finding, Rule, model_rule
from mllint.analysis.ane_estimate import OpEstimate, estimate
from mllint.knowledge import ane_support as table
from mllint.rule import RunContext
from mllint.view import Model

from .ml212_ml229_fallback_causes import FALLBACK_CAUSES, FallbackCause
from .op_counts import ranked_counts

FIRST_PATHS = 5  # op paths listed per diagnostic


def cause_findings(model: Model, cause: str, chip: str | None = None) -> Iterator[Finding]:
    """One finding for the ops of ``model`` estimated off the ANE for ``cause``, if there are any."""
    found = estimate(model, chip)
    if found is None:
        return
    hits = found.with_cause(cause)
    if not hits:
        return
    paths = ", ".join(op_with_causes(hit, cause) for hit in hits[:FIRST_PATHS])
    more = f" and {len(hits) - FIRST_PATHS} more" if len(hits) > FIRST_PATHS else ""
    share = f"all {len(hits)}" if len(hits) == found.ops_total else f"{len(hits)} of {found.ops_total}"
    yield Finding(
        f"{share} compute ops estimated off the Neural Engine as {table.CAUSES[cause].label} "
        f"({ranked_counts(Counter(h.op.type for h in hits))}): {paths}{more}",
        location=hits[0].op.path,
    )


def op_with_causes(hit: OpEstimate, cause: str) -> str:
    """``main/lstm (FLOAT32 ...; also ML212: FLOAT32 output)``: the op, its detail, its other causes."""
    parts = [hit.detail(cause)] if hit.detail(cause) else []
    parts += [
        f"also {also_name(other)}" + (f": {detail}" if detail else "")
        for other, detail in hit.other_reasons
        if other not in CONSEQUENCES
    ]
    return f"{hit.op.path} ({'; '.join(parts)})" if parts else hit.op.path


def also_name(cause: str) -> str:
    """The rule that reports a cause (ML212), or the cause key for causes no row reports."""
    return CAUSE_RULES.get(cause, cause)


class OpsOffTheNeuralEngine:
    """The check of one row: the ops estimated off the ANE for its cause. Its docs are the row's."""

    def __init__(self, row: FallbackCause):
        self.cause = row.cause
        self.__doc__ = row.docs

    def __call__(self, model: Model, context: RunContext) -> Iterator[Finding]:
        return cause_findings(model, self.cause, context.chip)


def fallback_rule(row: FallbackCause) -> Rule:
    """The rule a row of the table declares."""
    return model_rule(
        code=row.code,
        name=row.name,
        severity=row.severity,
        heuristic=True,
        summary=row.summary,
        why=row.why,
        fix=row.fix,
        evidence=row.evidence,
        sources=row.sources,
    )(OpsOffTheNeuralEngine(row))


# Causes that only follow from another op's fallback: not worth naming beside a primary cause.
CONSEQUENCES = frozenset({"adjacent_cast"})

# Causes reported by rules outside the table: run-time slice bounds (ML201) and layer_norm
# under enumerated shapes (ML210).
CAUSE_RULES: dict[str, str] = {
    **{row.cause: row.code for row in FALLBACK_CAUSES},
    "runtime_slice": "ML201",
    "enumerated_layer_norm": "ML210",
}

FALLBACK_RULES: tuple[Rule, ...] = tuple(fallback_rule(row) for row in FALLBACK_CAUSES)
