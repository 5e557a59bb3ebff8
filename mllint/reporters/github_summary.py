"""The job summary of ``--format github``: Markdown appended to ``GITHUB_STEP_SUMMARY``.

A table per model with findings (severity, rule, where, message, fix), so that what the
annotations leave out (more than 10 of a type per step) is one click away on the run's
page. GitHub caps a step's summary at 1 MiB (docs.github.com, "Adding a job summary");
rows past ``ROWS_PER_MODEL`` are counted instead of listed, and the whole text is kept
under ``SUMMARY_BUDGET``.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..reporting import ModelReport, Report
from .text import fix_lines, load_errors, summary

ROWS_PER_MODEL = 100
SUMMARY_BUDGET = 900_000  # bytes, under GitHub's 1 MiB per step
_ICONS = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _fix_cell(fix: str) -> str:
    """The fix on one line: prose as is, each code line in backticks."""
    return " ".join(f"`{line.strip()}`" if line.startswith("    ") else line for line in fix_lines(fix))


def _row(d: Diagnostic) -> str:
    fix = _fix_cell(d.fix) if d.fix else ""
    return (
        f"| {_ICONS[d.severity.label]} {d.severity.label} | `{d.code}` {d.name} | `{_cell(d.location) or '-'}` "
        f"| {_cell(d.message)} | {_cell(fix)} |"
    )


def _model_section(model: ModelReport) -> list[str]:
    refused = load_errors(model)
    state = f" — does not load ({refused} error{'s' if refused != 1 else ''})" if refused else ""
    lines = [f"### `{model.path}`{state}", "", "| Severity | Rule | Where | Message | Fix |", "|---|---|---|---|---|"]
    ordered = sorted(model.diagnostics, key=lambda d: -d.severity)
    lines.extend(_row(d) for d in ordered[:ROWS_PER_MODEL])
    if len(ordered) > ROWS_PER_MODEL:
        lines.append(
            f"| | | | … and {len(ordered) - ROWS_PER_MODEL} more (see the SARIF file or run mllint locally) | |"
        )
    lines.append("")
    return lines


def summary_markdown(report: Report, annotated: int = 0, not_annotated: int = 0) -> str:
    lines = ["## mllint", "", summary(report), ""]
    if not_annotated:
        lines += [f"{annotated} finding(s) are annotated; {not_annotated} more are listed here only.", ""]
    clean = [m for m in report.models if not m.diagnostics]
    used = sum(len(line) + 1 for line in lines)
    for model in report.models:
        if not model.diagnostics:
            continue
        section = _model_section(model)
        size = sum(len(line.encode("utf-8", "surrogateescape")) + 1 for line in section)
        if used + size > SUMMARY_BUDGET:
            lines.append("… more models with findings: the summary is full (GitHub keeps 1 MiB per step).")
            break
        lines += section
        used += size
    if clean:
        lines.append(f"{len(clean)} model(s) without findings.")
    return "\n".join(lines) + "\n"


def append_summary(report: Report, file: str, annotated: int = 0, not_annotated: int = 0) -> None:
    """Append the summary to ``file`` (``GITHUB_STEP_SUMMARY``); other steps may have written there too."""
    with open(file, "a", encoding="utf-8", errors="surrogateescape") as stream:
        stream.write(summary_markdown(report, annotated, not_annotated))
