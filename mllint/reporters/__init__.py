"""mllint's built-in output formats, registered as a plugin like any other.

A run renders one format: each format's module (the HTML page and its graph
drawing, SARIF and its hashing...) is imported only when it renders. The name
and description are repeated here; a test checks them against each module's
``REPORTER``.
"""

from __future__ import annotations

import importlib
from typing import Sequence, TextIO

from ..hookimpl import hookimpl
from ..reporting import Render, Report, ReporterSpec, ReportOptions

# (format, module, description): the order of `mllint --format` help and listings
BUILTIN = (
    ("text", "text", "One line per diagnostic, grouped by model (default)."),
    ("json", "json_report", "One JSON document: diagnostics, per-model facts, summary."),
    ("sarif", "sarif", "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers."),
    ("github", "github", "GitHub Actions annotations (::error file=...::message)."),
    ("html", "html", "One self-contained HTML page: facts, diagnostics and a picture of each graph."),
)


def _on_first_use(module: str) -> Render:
    def render(report: Report, stream: TextIO, options: ReportOptions) -> None:
        loaded = importlib.import_module(f"{__name__}.{module}")
        loaded.REPORTER.render(report, stream, options)

    return render


@hookimpl
def mllint_reporters() -> Sequence[ReporterSpec]:
    return [ReporterSpec(name, description, _on_first_use(module)) for name, module, description in BUILTIN]
