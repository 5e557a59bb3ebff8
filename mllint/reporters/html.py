"""``--format html``: one self-contained HTML page to read in a browser.

Per model: its facts (type, spec version and the OS releases that read it,
the oldest OS its features need, the Neural Engine estimate), its inputs and
outputs with types and shapes, its diagnostics with their rule's docs, and a
picture of each graph (:mod:`.html_graph`) with the ops that have a
diagnostic marked. Everything is inline (CSS, a little JavaScript, SVG): the
page loads nothing from the network and can be attached to a CI run as is.

The :class:`~mllint.reporting.Report` carries diagnostics and facts, not the
parsed models (no format should keep every model in memory). This reporter
takes what it shows of each model (:func:`prepare`: interface rows, sub-models,
metadata and the laid-out graphs) while the linter has the model in memory,
and marks the diagnostics on the drawings when it renders; no model is read
twice and weights are never read. A report made without ``prepare`` (e.g.
``Linter.lint`` called without it) has pages without interface table or graph,
which say so.

Ops of neural networks and ML programs are coloured by the Neural Engine
estimate (:mod:`mllint.analysis.ane_estimate`), other ops by op family.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TextIO

from ..analysis.ane_estimate import estimate
from ..analysis.deployment import Deployment
from ..diagnostics import Diagnostic, Severity
from ..knowledge.spec_versions import release
from ..reporting import ModelReport, Report, ReporterSpec, ReportOptions
from ..rule import Rule
from ..view import Model, Op
from .html_graph import Drawing, draw, mark, name_nodes

MAX_DRAWN_OPS = 400  # per graph; the drawing says how many more there are

SEVERITIES = [s.label for s in sorted(Severity, reverse=True)]
FEATURES_SHOWN = 12  # interface rows shown before "N more" (tree models can have hundreds of inputs)


@dataclass(frozen=True)
class FeatureRow:
    role: str
    name: str
    kind: str
    dtype: str
    shape: str
    notes: str


@dataclass
class DiagnosticRow:
    diagnostic: Diagnostic
    rule: Rule | None
    anchor: str  # element id of this diagnostic
    node_anchor: str = ""  # element id of the graph node it points at, if drawn


@dataclass(frozen=True)
class PipelineStep:
    """One model of a pipeline (nested ones indented), drawn as a box in the pipeline's flow."""

    path: str  # models[1]
    type: str
    spec_version: int
    inputs: str
    outputs: str
    depth: int  # 1 for a step of the root pipeline, 2 inside a nested one
    findings: int = 0
    worst: str = ""  # severity label of its worst finding
    first_row: str = ""  # element id of its first finding

    def with_findings(self, rows: "list[DiagnosticRow]") -> "PipelineStep":
        """This step with the count, worst severity and first row of the findings inside it."""
        mine = [
            r for r in rows if r.diagnostic.location == self.path or r.diagnostic.location.startswith(self.path + "/")
        ]
        worst = max((r.diagnostic.severity for r in mine), default=None)
        return replace(
            self, findings=len(mine), worst=worst.label if worst else "", first_row=mine[0].anchor if mine else ""
        )


@dataclass
class ModelSketch:
    """What the page shows of a parsed model, taken while the linter has it (small and picklable)."""

    facts: list[tuple[str, str, str]]  # sub-models and metadata: (label, value, detail)
    features: list[FeatureRow]
    drawings: list[Drawing]  # laid out, not yet marked with diagnostics
    model_type: str | None
    steps: list[PipelineStep] = field(default_factory=list)  # a pipeline's sub-models, NMS included


@dataclass
class ModelPage:
    report: ModelReport
    anchor: str
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (label, value, detail)
    features: list[FeatureRow] = field(default_factory=list)
    diagnostics: list[DiagnosticRow] = field(default_factory=list)
    drawings: list[Drawing] = field(default_factory=list)
    steps: list[PipelineStep] = field(default_factory=list)  # every step of a pipeline, NMS included
    notes: list[str] = field(default_factory=list)  # why something is missing
    node_rows: dict[str, str] = field(default_factory=dict)  # node element id -> its first diagnostic's id

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for row in self.diagnostics:
            counts[row.diagnostic.severity.label] += 1
        return counts


# --------------------------------------------------------------------------- facts


def _dims(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join("?" if d < 0 else str(d) for d in shape) + "]" if shape else "—"


def feature_rows(model: Model) -> list[FeatureRow]:
    rows = []
    for feature in (*model.inputs, *model.outputs, *model.states):
        kind = (feature.kind or "untyped").removesuffix("Type")
        notes = []
        if feature.flexibility:
            notes.append(f"{feature.flexibility} shapes")
        if feature.optional:
            notes.append("optional")
        if feature.proto.shortDescription:
            notes.append(feature.proto.shortDescription)
        rows.append(
            FeatureRow(feature.role, feature.name, kind, feature.dtype or "—", _dims(feature.shape), "; ".join(notes))
        )
    return rows


def _spec_fact(version: int | None) -> tuple[str, str, str]:
    if version is None:
        return ("Spec version", "—", "")
    known = release(version)
    return ("Spec version", str(version), f"read by {known.label} and later" if known else "newer than mllint knows")


def _deployment_fact(facts: dict[str, Any]) -> tuple[str, str, str] | None:
    deployment = Deployment.from_facts(facts)
    if deployment is None:
        return None
    reasons = deployment.reasons
    detail = "needs " + "; ".join(reasons) if reasons else ""
    if deployment.declared_below_needed:
        detail = f"declared spec v{deployment.spec_version} is below what it uses. {detail}"
    return ("Oldest OS", deployment.oldest_os_all, detail)


def _ane_fact(facts: dict[str, Any]) -> tuple[str, str, str] | None:
    ane = facts.get("ane")
    if not isinstance(ane, dict) or not ane.get("ops_total"):
        return None
    share = 100.0 * ane.get("ops_ane", 0) / ane["ops_total"]
    value = f"{ane.get('ops_ane', 0)}/{ane['ops_total']} ops eligible ({share:.0f}%)"
    work = ane.get("work_share")
    if isinstance(work, (int, float)):
        value += f", {100.0 * work:.0f}% of the estimated FLOPs"
    parts = [
        f"static estimate of eligibility under CPU_AND_NE, verdict {ane.get('verdict', '?')}",
        f"{ane.get('partitions', 0)} partition(s)",
        f"{_count(ane.get('params'))} parameters, {_count(ane.get('flops'))} estimated FLOPs",
    ]
    parts += [str(caveat) for caveat in (ane.get("caveats") or {}).values()]
    fallback = ane.get("fallback") or {}
    if fallback:
        parts.append("falls back: " + ", ".join(f"{op} ×{n}" for op, n in list(fallback.items())[:5]))
    return ("Neural Engine", value, "; ".join(parts))


def _count(value: Any) -> str:
    """12.3M, 4.5G: a parameter or FLOP count for a reader."""
    if not isinstance(value, int):
        return "?"
    for unit, size in (("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if value >= size:
            return f"{value / size:.1f}{unit}"
    return str(value)


def _metadata_facts(model: Model) -> list[tuple[str, str, str]]:
    metadata = model.metadata
    found = []
    for label, value in (
        ("Description", metadata.shortDescription),
        ("Author", metadata.author),
        ("License", metadata.license),
        ("Version", metadata.versionString),
    ):
        if value:
            found.append((label, value, ""))
    return found


def pipeline_steps(root: Model) -> list[PipelineStep]:
    """Each sub-model of a pipeline, in order, with its interface (nested pipelines' steps too)."""
    return [
        PipelineStep(
            path=model.path,
            type=model.type or "unknown",
            spec_version=model.spec_version,
            inputs=", ".join(f.name for f in model.inputs),
            outputs=", ".join(f.name for f in model.outputs),
            depth=model.path.count("models["),
        )
        for model in root.walk()
        if model is not root
    ]


def _sub_model_fact(root: Model) -> tuple[str, str, str] | None:
    subs = [m for m in root.walk() if m is not root]
    if not subs:
        return None
    listed = ", ".join(f"{m.path} {m.type} (spec {m.spec_version})" for m in subs)
    return ("Sub-models", str(len(subs)), listed)


# --------------------------------------------------------------------------- compute units


def _unit_lookup(model: Model) -> Callable[[Op], tuple[str, str] | None] | None:
    """Per-op compute unit from the model's Neural Engine estimate (computed once per model, shared with the rules)."""
    try:
        found = estimate(model)
    except Exception:  # noqa: BLE001 - a picture without colours beats no report
        return None
    if found is None:
        return None
    by_path = found.by_path()

    def unit_of(op: Op) -> tuple[str, str]:
        e = by_path.get(op.path)
        if e is None:
            return ("unknown", "not in the estimate")
        reasons = "; ".join(f"{cause}: {detail}" if detail else cause for cause, detail in e.reasons)
        return (e.unit, reasons)

    return unit_of


# --------------------------------------------------------------------------- pages


def prepare(loaded: Any, max_ops: int | None = None) -> ModelSketch:
    """What the page shows of a parsed model (``ReporterSpec.prepare``); at most ``max_ops`` ops drawn per graph."""
    max_ops = max_ops or MAX_DRAWN_OPS
    root: Model = loaded.root
    facts = []
    sub_models = _sub_model_fact(root)
    if sub_models is not None:
        facts.append(sub_models)
    facts.extend(_metadata_facts(root))
    drawings = []
    for each in root.walk():
        unit_of = _unit_lookup(each) if each.graphs else None
        for graph in each.graphs:
            drawings.append(draw(graph, (), unit_of, max_ops))
    return ModelSketch(facts, feature_rows(root), drawings, root.type, pipeline_steps(root))


def model_page(report: Report, model: ModelReport, index: int) -> ModelPage:
    """Everything the template shows for one model: its report, and its sketch marked with its diagnostics."""
    page = ModelPage(report=model, anchor=f"model-{index}")
    errors_first = sorted(model.diagnostics, key=lambda d: -d.severity)  # stable: in order within a severity
    rows = [DiagnosticRow(d, report.rule(d.code), f"m{index}-d{i}") for i, d in enumerate(errors_first)]
    page.diagnostics = rows
    kind = "package" if model.kind == "mlpackage" else "file"
    page.facts.append(
        ("Type", model.model_type or ("unreadable" if not model.readable else "—"), f".{model.kind} {kind}")
    )
    page.facts.append(_spec_fact(model.spec_version))
    for fact in (_deployment_fact(model.facts), _ane_fact(model.facts)):
        if fact is not None:
            page.facts.append(fact)
    sketch = model.prepared if isinstance(model.prepared, ModelSketch) else None
    if sketch is None:
        if model.readable:
            page.notes.append("The model's interface and graph were not kept for this report.")
        return page
    page.facts.extend(sketch.facts)
    page.features = sketch.features
    page.steps = [step.with_findings(rows) for step in sketch.steps]

    node_of: dict[int, str] = {}
    for graph_index, drawing in enumerate(sketch.drawings):
        # Node keys carry the sub-model's path, so each diagnostic can only land in its own graph.
        name_nodes(drawing, f"m{index}-g{graph_index}")
        mark(drawing, model.diagnostics)
        page.drawings.append(drawing)
        for node in drawing.nodes:
            for d in node.diagnostics:
                node_of.setdefault(id(d), node.anchor)
    for row in rows:
        row.node_anchor = node_of.get(id(row.diagnostic), "")
        if row.node_anchor:
            page.node_rows.setdefault(row.node_anchor, row.anchor)
    if not page.drawings:
        page.notes.append(f"A {sketch.model_type or 'model'} has no graph of ops to draw.")
    return page


def rules_seen(report: Report) -> list[Rule]:
    codes = sorted({d.code for d in report.diagnostics})
    return [rule for code in codes if (rule := report.rule(code)) is not None]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def _fix_blocks(text: str) -> list[tuple[str, str]]:
    """A fix as ``("p", prose)`` and ``("code", lines)`` blocks: its code stays copy-pasteable."""
    from .text import fix_lines

    blocks: list[tuple[str, str]] = []
    for line in fix_lines(text):
        if line.startswith("    "):
            code = line[4:]
            if blocks and blocks[-1][0] == "code":
                blocks[-1] = ("code", f"{blocks[-1][1]}\n{code}")
            else:
                blocks.append(("code", code))
        else:
            blocks.append(("p", line))
    return blocks


def common_folder(paths: list[str]) -> str:
    """The folder all model paths share (``""`` if none), so the table of contents can drop it."""
    if not paths:
        return ""
    parents = [p.replace("\\", "/").rsplit("/", 1)[0] if "/" in p else "" for p in paths]
    try:
        shared = os.path.commonpath(parents) if all(parents) else ""
    except ValueError:  # absolute and relative mixed
        return ""
    return shared.replace("\\", "/")


def _environment() -> Any:
    import jinja2
    from markupsafe import Markup, escape

    def breakable(text: str) -> Markup:
        """Escape, and let a long path wrap after each ``/``."""
        return Markup("/<wbr>").join(escape(part) for part in str(text).split("/"))

    def inline_code(text: str) -> Markup:
        """Escape, then show `backticked` spans as code."""
        parts = str(text).split("`")
        return Markup("").join(
            Markup("<code>{}</code>").format(part) if i % 2 else escape(part) for i, part in enumerate(parts)
        )

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mllint", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["inline_code"] = inline_code
    environment.filters["breakable"] = breakable
    environment.filters["paragraphs"] = _paragraphs
    environment.filters["fix_blocks"] = _fix_blocks
    return environment


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    pages = [model_page(report, model, i) for i, model in enumerate(report.models)]
    template = _environment().get_template("report.html.j2")
    folder = common_folder([m.path for m in report.models])
    out.write(
        template.render(
            report=report,
            pages=pages,
            folder=folder,
            short=lambda path: path[len(folder) + 1 :] if folder and path.startswith(folder + "/") else path,
            counts=report.counts(),
            severities=SEVERITIES,
            rules=rules_seen(report),
            max_ops=MAX_DRAWN_OPS,
            features_shown=FEATURES_SHOWN,
        )
    )


REPORTER = ReporterSpec(
    "html", "One self-contained HTML page: facts, diagnostics and a picture of each graph.", render, prepare
)
