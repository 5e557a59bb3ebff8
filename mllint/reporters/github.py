"""``--format github``: GitHub Actions workflow commands, shown as annotations.

Code scanning rarely annotates a pull request on a binary file; these
annotations appear on the workflow run and the PR's files view instead.
"""

from __future__ import annotations

from typing import TextIO

from ..diagnostics import Severity
from ..reporting import Report, ReporterSpec, ReportOptions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    for d in report.diagnostics:
        where = f"{d.location}: " if d.location else ""
        title = _escape_property(f"{d.code} {d.name}")
        out.write(
            f"::{COMMANDS[d.severity]} file={_escape_property(d.file)},line=1,title={title}::"
            f"{_escape_data(f'{d.path}: {where}{d.message}')}\n"
        )


REPORTER = ReporterSpec("github", "GitHub Actions annotations (::error file=...::message).", render)
