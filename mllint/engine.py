"""Run the enabled rules over one model: one pass, each rule isolated.

For each readable model the engine calls the artifact rules once, the model
rules once per model in the tree, and walks every graph once, handing each op
only to the op rules that asked for its type. A rule that raises, or yields
something that is not a well-formed :class:`~mllint.diagnostics.Finding`,
becomes a single ``ML900`` diagnostic for that model; the other rules still run.

Time budget (``ML901``): each rule gets ``RULE_TIME_BUDGET`` seconds per model,
summed over all its calls on that model (the ``seconds`` option of ML901 in the
configuration overrides it). Past the budget the rule is not called again for
that model and one ``ML901`` names it. A single call that never returns is
interrupted where :mod:`mllint.watchdog` can (POSIX, main thread); elsewhere
only the check after each call applies, so a call that hangs forever hangs the
run. Plugins' facts are collected by :mod:`mllint.facts`.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable

import pluggy

from .diagnostics import Diagnostic, Finding, Severity
from .discovery import Artifact
from .engine_rules import MODEL_UNREADABLE, RULE_CRASHED, RULE_TIME_BUDGET, RULE_TIMEOUT
from .facts import collect_facts
from .loader import LoadedModel, LoadError, load
from .reporting import ModelReport, Prepare
from .rule import DEFAULT_CONTEXT, Rule, RunContext
from .watchdog import RuleTimeout, Watchdog

if TYPE_CHECKING:
    import traceback


_OWN_FILES = (f"mllint{os.sep}engine.py", f"mllint{os.sep}rule.py")


class _Crash:
    """A rule's first crash on a model, and how often it crashed there."""

    __slots__ = ("rule", "location", "error", "count")

    def __init__(self, rule: Rule, location: str, error: str):
        self.rule, self.location, self.error, self.count = rule, location, error, 1


class _Timeout:
    """A rule stopped for its time budget on a model."""

    __slots__ = ("rule", "location", "interrupted")

    def __init__(self, rule: Rule, location: str, interrupted: bool):
        self.rule, self.location = rule, location
        self.interrupted = interrupted  # the watchdog stopped a call mid-way (else: over budget after a call)


class RuleSet:
    """The enabled rules, grouped by how the engine calls them."""

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules
        self.artifact_rules = tuple(r for r in rules if r.scope == "artifact" and r.check)
        self.model_rules = tuple(r for r in rules if r.scope == "model" and r.check)
        by_type: dict[str, list[Rule]] = {}
        for rule in rules:
            if rule.scope == "op" and rule.check:
                for op_type in rule.op_types:
                    by_type.setdefault(op_type, []).append(rule)
        self.op_rules_by_type = {t: tuple(rs) for t, rs in by_type.items()}

    def enabled(self, code: str) -> bool:
        return any(r.code == code for r in self.rules)


class _Run:
    """Collects findings for one model, isolating and timing each rule call."""

    def __init__(self, loaded: LoadedModel, context: RunContext, budget: float = RULE_TIME_BUDGET):
        self.loaded = loaded
        self.context = context
        self.budget = budget
        self.diagnostics: list[Diagnostic] = []
        self.crashes: dict[str, _Crash] = {}
        self.timeouts: dict[str, _Timeout] = {}
        self.spent: dict[str, float] = {}
        self.current: Rule | None = None
        self.current_start = 0.0

    def over_budget_now(self) -> bool:
        """True while a rule call is running and the rule has used up its budget (watchdog)."""
        rule = self.current
        if rule is None or rule.code in self.timeouts:
            return False
        return self.spent.get(rule.code, 0.0) + time.perf_counter() - self.current_start > self.budget

    def call(self, rule: Rule, subject: Any, default_location: str, sub_model: str) -> None:
        if rule.code in self.timeouts:
            return
        try:
            self._call(rule, subject, default_location, sub_model)
        except RuleTimeout:
            self.current = None
            self._stop(rule, default_location, interrupted=True)

    def _call(self, rule: Rule, subject: Any, default_location: str, sub_model: str) -> None:
        start = time.perf_counter()
        try:
            self.current_start = start
            self.current = rule
            findings = rule.run(subject, self.context)
            made = [self._diagnostic(rule, finding, default_location, sub_model) for finding in findings]
            self.current = None
            self.diagnostics.extend(made)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - any rule failure is reported, not raised
            self.current = None
            self._crashed(rule, default_location, error)
        finally:
            self.current = None
            spent = self.spent[rule.code] = self.spent.get(rule.code, 0.0) + time.perf_counter() - start
            if spent > self.budget:
                self._stop(rule, default_location, interrupted=False)

    def _stop(self, rule: Rule, location: str, interrupted: bool) -> None:
        timeout = self.timeouts.setdefault(rule.code, _Timeout(rule, location, interrupted))
        timeout.interrupted = timeout.interrupted or interrupted

    def _diagnostic(self, rule: Rule, finding: Finding, default_location: str, sub_model: str) -> Diagnostic:
        """A finding with its rule's metadata; a malformed finding raises TypeError (reported as ML900)."""
        if not isinstance(finding.message, str):
            raise TypeError(f"returned a Finding whose message is {type(finding.message).__name__}, not str")
        if not isinstance(finding.location, str):
            raise TypeError(f"returned a Finding whose location is {type(finding.location).__name__}, not str")
        if finding.severity is not None and not isinstance(finding.severity, Severity):
            raise TypeError(f"returned a Finding whose severity is {finding.severity!r}, not a Severity")
        if finding.fix is not None and not isinstance(finding.fix, str):
            raise TypeError(f"returned a Finding whose fix is {type(finding.fix).__name__}, not str")
        if not isinstance(finding.fixable, bool):
            raise TypeError(f"returned a Finding whose fixable is {finding.fixable!r}, not a bool")
        if not isinstance(finding.order, tuple) or not all(type(item) is int for item in finding.order):
            raise TypeError(f"returned a Finding whose order is {finding.order!r}, not a tuple of int")
        return Diagnostic.of_rule(
            rule,
            one_line(finding.message),
            path=self.loaded.path,
            file=self.loaded.spec_file,
            location=finding.location or default_location,
            severity=finding.severity,
            fix=finding.fix,
            sub_model=sub_model,
            fixable=finding.fixable,
            order=finding.order,
        )

    def _crashed(self, rule: Rule, location: str, error: BaseException) -> None:
        crash = self.crashes.get(rule.code)
        if crash is not None:
            crash.count += 1
            return
        import traceback  # only when a rule crashed

        # The innermost frame in the rule's own code (not the engine's checks of what it returned).
        frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(_OWN_FILES)]
        where = f" at {_frame(frames[-1])}" if frames else ""
        # When the error comes from a library, also name the line of the rule's own module that called it.
        module = getattr(getattr(rule.check, "__code__", None), "co_filename", None)
        own = [f for f in frames if f.filename == module]
        if own and own[-1] is not frames[-1]:
            where += f" (called from {_frame(own[-1])})"
        first_line = (str(error).splitlines() or [""])[0]
        self.crashes[rule.code] = _Crash(rule, location, f"{type(error).__name__}: {first_line}{where}")

    def crash_diagnostics(self) -> list[Diagnostic]:
        found = []
        for crash in self.crashes.values():
            more = f" (and {crash.count - 1} more time(s) in this model)" if crash.count > 1 else ""
            plugin = f" from plugin {crash.rule.plugin}" if crash.rule.plugin else ""
            message = f"rule {crash.rule.code} ({crash.rule.name}){plugin} crashed: {crash.error}{more}"
            found.append(self._engine_diagnostic(RULE_CRASHED, message, crash.location))
        return found

    def timeout_diagnostics(self) -> list[Diagnostic]:
        found = []
        for timeout in self.timeouts.values():
            rule = timeout.rule
            plugin = f" from plugin {rule.plugin}" if rule.plugin else ""
            how = "was interrupted" if timeout.interrupted else "was not called again"
            message = (
                f"rule {rule.code} ({rule.name}){plugin} used more than its {self.budget:g} s budget "
                f"on this model and {how}; its findings for this model are incomplete"
            )
            found.append(self._engine_diagnostic(RULE_TIMEOUT, message, timeout.location))
        return found

    def _engine_diagnostic(self, rule: Rule, message: str, location: str) -> Diagnostic:
        return Diagnostic.of_rule(rule, message, path=self.loaded.path, file=self.loaded.spec_file, location=location)


def one_line(message: str) -> str:
    """The message on one line: a multi-line message has each line stripped and joined with one
    space; a one-line message is kept exactly as written (rules that quote Core ML's validator
    quote it word for word, spaces included)."""
    lines = message.splitlines()
    if "".join(lines) == message:
        return message
    return " ".join(line.strip() for line in lines if line.strip())


def _frame(frame: traceback.FrameSummary) -> str:
    return f"{os.path.basename(frame.filename)}:{frame.lineno}"


def _time_budget(context: RunContext) -> float:
    seconds: float = context.rule_options(RULE_TIMEOUT)["seconds"]
    return float(seconds) if seconds > 0 else RULE_TIME_BUDGET


def check_model(loaded: LoadedModel, rules: RuleSet, context: RunContext = DEFAULT_CONTEXT) -> list[Diagnostic]:
    """Every finding of the enabled rules on one parsed model."""
    run = _Run(loaded, context, _time_budget(context))
    root = loaded.root
    with Watchdog(run):
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
    if rules.enabled(RULE_TIMEOUT.code):
        diagnostics += run.timeout_diagnostics()
    return diagnostics


Suppressor = Callable[[LoadedModel, list[Diagnostic]], list[Diagnostic]]


def lint_artifact(
    artifact: Artifact,
    rules: RuleSet,
    manager: pluggy.PluginManager | None = None,
    context: RunContext = DEFAULT_CONTEXT,
    suppress: Suppressor | None = None,
    prepare: Prepare | None = None,
) -> ModelReport:
    """Load one model and run the rules over it; never raises for a bad model.

    ``suppress`` (see :mod:`mllint.suppress`) gets the parsed model and all its
    diagnostics and returns those to report. ``prepare`` (a reporter's, see
    :class:`~mllint.reporting.ReporterSpec`) gets the parsed model last; its result
    is kept in the report's ``prepared`` (None if it fails: the report is kept).
    """
    report = ModelReport(path=artifact.path, kind=artifact.kind, file=artifact.path)
    try:
        loaded = load(artifact)
    except LoadError as error:
        report.readable = False
        report.file = error.file
        if rules.enabled(MODEL_UNREADABLE.code):
            report.diagnostics.append(
                Diagnostic.of_rule(MODEL_UNREADABLE, error.message, path=artifact.path, file=error.file)
            )
        return report
    report.file = loaded.spec_file
    report.spec_version = loaded.root.spec_version
    report.model_type = loaded.root.type
    try:
        report.diagnostics = check_model(loaded, rules, context)
        facts, errors = collect_facts(manager, loaded, _time_budget(context), context)
        report.facts = facts
        for engine_rule, message in errors:
            if rules.enabled(engine_rule.code):
                report.diagnostics.append(
                    Diagnostic.of_rule(engine_rule, message, path=artifact.path, file=loaded.spec_file)
                )
        if suppress is not None:
            report.diagnostics = suppress(loaded, report.diagnostics)
        if prepare is not None:
            try:
                report.prepared = prepare(loaded)
            except Exception:  # noqa: BLE001 - a reporter's extra picture must not cost the report
                report.prepared = None
    finally:
        loaded.root.release()  # the model is freed now, not by a garbage collection (or at exit)
    report.diagnostics.sort(key=lambda d: d.report_key)
    return report


def fails(diagnostics: Iterable[Diagnostic], fail_on: Severity | None) -> bool:
    """True if any diagnostic is at or above ``fail_on`` (None: never fail)."""
    return fail_on is not None and any(d.severity >= fail_on for d in diagnostics)
