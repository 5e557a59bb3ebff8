"""Run the enabled rules over one model: one pass, each rule isolated.

For each readable model the engine calls the artifact rules once, the model
rules once per model in the tree, and walks every graph once, handing each op
only to the op rules that asked for its type. A rule that raises, or yields
something that is not a :class:`~mllint.diagnostics.Finding`, becomes a single
``ML900`` diagnostic for that model; the other rules still run.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import pluggy

from .diagnostics import Diagnostic, Finding, Severity
from .discovery import Artifact
from .engine_rules import MODEL_UNREADABLE, RULE_CRASHED
from .loader import LoadedModel, LoadError, load
from .reporting import ModelReport
from .rule import DEFAULT_CONTEXT, Rule, RunContext


@dataclass
class _Crash:
    rule: Rule
    location: str
    error: str
    count: int = 1


@dataclass
class RuleSet:
    """The enabled rules, grouped by how the engine calls them."""

    rules: tuple[Rule, ...]
    artifact_rules: tuple[Rule, ...] = field(init=False)
    model_rules: tuple[Rule, ...] = field(init=False)
    op_rules_by_type: dict[str, tuple[Rule, ...]] = field(init=False)

    def __post_init__(self) -> None:
        self.artifact_rules = tuple(r for r in self.rules if r.scope == "artifact" and r.check)
        self.model_rules = tuple(r for r in self.rules if r.scope == "model" and r.check)
        by_type: dict[str, list[Rule]] = {}
        for rule in self.rules:
            if rule.scope == "op" and rule.check:
                for op_type in rule.op_types:
                    by_type.setdefault(op_type, []).append(rule)
        self.op_rules_by_type = {t: tuple(rs) for t, rs in by_type.items()}

    def enabled(self, code: str) -> bool:
        return any(r.code == code for r in self.rules)


class _Run:
    """Collects findings for one model, isolating each rule call."""

    def __init__(self, loaded: LoadedModel, context: RunContext):
        self.loaded = loaded
        self.context = context
        self.diagnostics: list[Diagnostic] = []
        self.crashes: dict[str, _Crash] = {}

    def call(self, rule: Rule, subject: Any, default_location: str, sub_model: str) -> None:
        try:
            findings = rule.run(subject, self.context)
        except Exception as error:  # noqa: BLE001 - any rule failure is reported, not raised
            self._crashed(rule, default_location, error)
            return
        for finding in findings:
            self.add(rule, finding, default_location, sub_model)

    def add(self, rule: Rule, finding: Finding, default_location: str, sub_model: str) -> None:
        self.diagnostics.append(
            Diagnostic(
                path=self.loaded.path,
                location=finding.location or default_location,
                code=rule.code,
                name=rule.name,
                severity=finding.severity or rule.severity,
                message=" ".join(finding.message.split()),
                file=self.loaded.spec_file,
                fix=finding.fix if finding.fix is not None else rule.fix,
                sub_model=sub_model,
            )
        )

    def _crashed(self, rule: Rule, location: str, error: BaseException) -> None:
        crash = self.crashes.get(rule.code)
        if crash is not None:
            crash.count += 1
            return
        frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
        where = f" at {frame[0].filename.rsplit('/', 1)[-1]}:{frame[0].lineno}" if frame else ""
        first_line = (str(error).splitlines() or [""])[0]
        self.crashes[rule.code] = _Crash(rule, location, f"{type(error).__name__}: {first_line}{where}")

    def crash_diagnostics(self) -> list[Diagnostic]:
        found = []
        for crash in self.crashes.values():
            more = f" (and {crash.count - 1} more time(s) in this model)" if crash.count > 1 else ""
            plugin = f" from plugin {crash.rule.plugin}" if crash.rule.plugin else ""
            found.append(
                Diagnostic(
                    path=self.loaded.path,
                    location=crash.location,
                    code=RULE_CRASHED.code,
                    name=RULE_CRASHED.name,
                    severity=RULE_CRASHED.severity,
                    message=f"rule {crash.rule.code} ({crash.rule.name}){plugin} crashed: {crash.error}{more}",
                    file=self.loaded.spec_file,
                    fix=RULE_CRASHED.fix,
                )
            )
        return found


def check_model(loaded: LoadedModel, rules: RuleSet, context: RunContext = DEFAULT_CONTEXT) -> list[Diagnostic]:
    """Every finding of the enabled rules on one parsed model."""
    run = _Run(loaded, context)
    root = loaded.root
    for rule in rules.artifact_rules:
        run.call(rule, loaded, root.path, root.path)
    dispatch = rules.op_rules_by_type
    for model in root.walk():
        for rule in rules.model_rules:
            run.call(rule, model, model.path, model.path)
        if not dispatch:
            continue
        for graph in model.graphs:
            for op in graph.ops:
                interested = dispatch.get(op.type)
                if interested:
                    for rule in interested:
                        run.call(rule, op, op.path, model.path)
    diagnostics = run.diagnostics
    if rules.enabled(RULE_CRASHED.code):
        diagnostics += run.crash_diagnostics()
    return diagnostics


FactsHook = Callable[[LoadedModel], dict[str, Any]]


def collect_facts(manager: pluggy.PluginManager | None, loaded: LoadedModel) -> tuple[dict[str, Any], list[str]]:
    """Merge every plugin's ``mllint_model_facts``; return the facts and errors."""
    facts: dict[str, Any] = {}
    errors: list[str] = []
    if manager is None:
        return facts, errors
    for impl in manager.hook.mllint_model_facts.get_hookimpls():
        try:
            provided = impl.function(model=loaded)
            if provided:
                facts.update(dict(provided))
        except Exception as error:  # noqa: BLE001
            errors.append(f"plugin {impl.plugin_name} failed to compute facts: {type(error).__name__}: {error}")
    return facts, errors


def lint_artifact(
    artifact: Artifact,
    rules: RuleSet,
    manager: pluggy.PluginManager | None = None,
    context: RunContext = DEFAULT_CONTEXT,
) -> ModelReport:
    """Load one model and run the rules over it; never raises for a bad model."""
    report = ModelReport(path=artifact.path, kind=artifact.kind, file=artifact.path)
    try:
        loaded = load(artifact)
    except LoadError as error:
        report.readable = False
        report.file = error.file
        if rules.enabled(MODEL_UNREADABLE.code):
            report.diagnostics.append(
                Diagnostic(
                    path=artifact.path,
                    location="",
                    code=MODEL_UNREADABLE.code,
                    name=MODEL_UNREADABLE.name,
                    severity=MODEL_UNREADABLE.severity,
                    message=error.message,
                    file=error.file,
                    fix=MODEL_UNREADABLE.fix,
                )
            )
        return report
    report.file = loaded.spec_file
    report.spec_version = loaded.root.spec_version
    report.model_type = loaded.root.type
    report.diagnostics = check_model(loaded, rules, context)
    facts, errors = collect_facts(manager, loaded)
    report.facts = facts
    if errors and rules.enabled(RULE_CRASHED.code):
        for message in errors:
            report.diagnostics.append(
                Diagnostic(
                    path=artifact.path,
                    location="",
                    code=RULE_CRASHED.code,
                    name=RULE_CRASHED.name,
                    severity=RULE_CRASHED.severity,
                    message=message,
                    file=loaded.spec_file,
                    fix=RULE_CRASHED.fix,
                )
            )
    report.diagnostics.sort(key=lambda d: (d.location, d.code, d.message))
    return report


def fails(diagnostics: Iterable[Diagnostic], fail_on: Severity | None) -> bool:
    """True if any diagnostic is at or above ``fail_on`` (None: never fail)."""
    return fail_on is not None and any(d.severity >= fail_on for d in diagnostics)


def lint_artifacts(
    artifacts: Sequence[Artifact],
    rules: RuleSet,
    manager: pluggy.PluginManager | None = None,
    context: RunContext = DEFAULT_CONTEXT,
) -> list[ModelReport]:
    return [lint_artifact(a, rules, manager, context) for a in artifacts]
