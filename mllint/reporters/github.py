"""``--format github``: GitHub Actions workflow commands, shown as annotations.

Code scanning rarely annotates a pull request on a binary file; these
annotations appear on the workflow run and the PR's files view instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from ..diagnostics import Diagnostic, Severity
from ..reporting import Report, ReporterSpec, ReportOptions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


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
    workspace = os.environ.get("GITHUB_WORKSPACE")
    for d in report.diagnostics:
        out.write(annotation(d, workspace) + "\n")


REPORTER = ReporterSpec("github", "GitHub Actions annotations (::error file=...::message).", render)
