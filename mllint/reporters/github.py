"""``--format github``: GitHub Actions workflow commands, shown as annotations.

Code scanning rarely annotates a pull request on a binary file; these
annotations appear on the workflow run and the PR's files view instead. GitHub shows
10 annotations of each type per step: the rest are counted in a notice and listed in
the log, and the job summary (``GITHUB_STEP_SUMMARY``) lists every finding.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..diagnostics import Diagnostic, Severity
from ..reporting import Report, ReporterSpec, ReportOptions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub shows at most 10 annotations of each type (error, warning, notice) per step and 50 per job
# (actions/toolkit docs/problem-matchers.md, "Limitations").
ANNOTATIONS_PER_TYPE = 10


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_path(path: str, workspace: str | None) -> str:
    """The file relative to the checkout (``GITHUB_WORKSPACE``), as GitHub resolves it.

    mllint's paths are relative to the working folder; a job that runs mllint in
    a sub-folder of the checkout would otherwise annotate the wrong file.
    """
    if workspace:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(workspace)).as_posix()
        except ValueError:
            pass
    return path.replace("\\", "/")


def annotation(d: Diagnostic, workspace: str | None = None) -> str:
    """One workflow command: ``::warning file=F,line=1,title=ML202 output-layout-op::X.mlpackage: node: message``."""
    where = f"{d.location}: " if d.location else ""
    file = _escape_property(annotation_path(d.file, workspace))
    title = _escape_property(f"{d.code} {d.name}")
    message = _escape_data(f"{d.path}: {where}{d.message}")
    return f"::{COMMANDS[d.severity]} file={file},line=1,title={title}::{message}"


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    """The first annotations of each type, a notice for the rest (listed in the log), and the job summary.

    GitHub shows at most ``ANNOTATIONS_PER_TYPE`` annotations of each type (error, warning,
    notice) per step and drops the rest silently; here the rest are counted in one notice (which
    takes one notice's place) and printed as plain log lines. With ``GITHUB_STEP_SUMMARY`` set
    (in every Actions step), a Markdown summary with a table per model is appended to it.
    """
    workspace = os.environ.get("GITHUB_WORKSPACE")
    shown, left = split_at_limit(report.diagnostics)
    out.writelines(annotation(d, workspace) + "\n" for d in shown)
    if left:
        out.write(overflow_notice(left) + "\n")
        from .text import format_line

        out.writelines(format_line(d) + "\n" for d in left)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        from .github_summary import append_summary

        append_summary(report, summary_file, annotated=len(shown), not_annotated=len(left))


def split_at_limit(
    diagnostics: Sequence[Diagnostic], limit: int = ANNOTATIONS_PER_TYPE
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """``(annotated, left)``: errors first, at most ``limit`` of each type; one notice place is kept
    for the overflow notice when anything is left over."""
    ordered = sorted(diagnostics, key=lambda d: -d.severity)  # stable: errors, warnings, then notices
    per_type: dict[Severity, int] = {}
    for d in ordered:
        per_type[d.severity] = per_type.get(d.severity, 0) + 1
    overflows = any(n > limit for n in per_type.values())
    room = {s: limit - (1 if overflows and s is Severity.INFO else 0) for s in Severity}
    shown: list[Diagnostic] = []
    left: list[Diagnostic] = []
    for d in ordered:
        if room[d.severity] > 0:
            room[d.severity] -= 1
            shown.append(d)
        else:
            left.append(d)
    return shown, left


def overflow_notice(left: Sequence[Diagnostic]) -> str:
    counts = {s: sum(1 for d in left if d.severity is s) for s in sorted(Severity, reverse=True)}
    parts = ", ".join(f"{n} {s.label}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    message = (
        f"{len(left)} more finding(s) not annotated ({parts}): GitHub shows {ANNOTATIONS_PER_TYPE} annotations "
        "of each type per step. They are listed in this step's log below, in the job summary, "
        "and in code scanning if you upload the SARIF file."
    )
    return f"::notice title=mllint::{_escape_data(message)}"


REPORTER = ReporterSpec("github", "GitHub Actions annotations (::error file=...::message).", render)
