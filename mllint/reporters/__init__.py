"""mllint's built-in output formats, registered as a plugin like any other.

A run renders one format: each format's module (the HTML page and its graph
drawing, SARIF and its hashing...) is imported only when it renders. The name
and description are repeated here; a test checks them against each module's
``REPORTER``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, TextIO

from ..hookimpl import hookimpl
from ..reporting import Prepare, Render, Report, ReporterSpec, ReportOptions

# (format, module, description): the order of `mllint --format` help and listings
BUILTIN = (
    ("text", "text", "One line per diagnostic, grouped by model (default)."),
    ("json", "json_report", "One JSON document: diagnostics, per-model facts, summary."),
    ("sarif", "sarif", "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers."),
    ("github", "github", "GitHub Actions annotations (::error file=...::message)."),
    ("html", "html", "One self-contained HTML page: facts, diagnostics and a picture of each graph."),
    ("xcode", "xcode", "Xcode build-phase issues (path:1: error: CODE message)."),
)


# Formats whose module's REPORTER takes something from each parsed model (ReporterSpec.prepare).
PREPARING = frozenset({"html"})


def _prepare_on_first_use(module: str) -> Prepare:
    def prepare(loaded: Any) -> Any:
        spec = importlib.import_module(f"{__name__}.{module}").REPORTER
        return spec.prepare(loaded) if spec.prepare is not None else None

    return prepare


def _on_first_use(module: str) -> Render:
    def render(report: Report, stream: TextIO, options: ReportOptions) -> None:
        loaded = importlib.import_module(f"{__name__}.{module}")
        loaded.REPORTER.render(report, stream, options)

    return render


@hookimpl
def mllint_reporters() -> Sequence[ReporterSpec]:
    return [
        ReporterSpec(
            name, description, _on_first_use(module), _prepare_on_first_use(module) if name in PREPARING else None
        )
        for name, module, description in BUILTIN
    ]
