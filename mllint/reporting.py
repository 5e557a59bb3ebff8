"""What reporters receive: the whole run's results, and how they are declared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from .diagnostics import Diagnostic, Severity
from .rule import Rule


@dataclass
class ModelReport:
    """One linted model: its facts and its diagnostics."""

    path: str
    kind: str  # "mlmodel" or "mlpackage"
    file: str  # the file that holds the spec (or the manifest, if that is at fault)
    spec_version: int | None = None
    model_type: str | None = None
    readable: bool = True
    facts: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # What the reporter took from the parsed model while the linter had it (ReporterSpec.prepare), if it asked.
    prepared: Any = None


@dataclass
class Report:
    """Everything one run found, in a stable order."""

    models: list[ModelReport]
    rules: tuple[Rule, ...]  # the enabled rules, for reporters that describe them
    version: str = ""
    hidden_by_baseline: int = 0  # findings left out because --baseline FILE records them

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for m in self.models for d in m.diagnostics]

    def counts(self) -> dict[str, int]:
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for diagnostic in self.diagnostics:
            counts[diagnostic.severity.label] += 1
        return counts

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)


@dataclass(frozen=True)
class ReportOptions:
    """How to render: colour, and facts about the invocation."""

    color: bool = False
    working_directory: str = "."
    category: str | None = None
    output_format: str = "full"  # text: "full" (each finding with its fix) or "concise" (one line each)
    statistics: bool = False  # text: a count per rule after the findings
    quiet: bool = False  # text: the findings only
    verbose: bool = False  # text: a header for every model, not only those with findings


Render = Callable[[Report, TextIO, ReportOptions], None]


Prepare = Callable[[Any], Any]  # LoadedModel -> what the reporter keeps of it (picklable)


@dataclass(frozen=True)
class ReporterSpec:
    """An output format: ``--format NAME`` calls ``render``.

    A reporter that shows more of a model than its facts and diagnostics (the HTML
    page draws its graphs) gives ``prepare``: the linter calls it with each model it
    parsed, after the rules ran and while the model is still in memory, and keeps
    the (small, picklable) result in ``ModelReport.prepared``. Nothing reads a model twice.
    """

    name: str
    description: str
    render: Render = field(compare=False)
    prepare: Prepare | None = field(default=None, compare=False)
