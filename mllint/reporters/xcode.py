"""``--format xcode``: ``path:1: error: CODE message`` lines for Xcode's Issue navigator.

Xcode reads a Run Script build phase's output and lists each line of the form
``FILE:LINE: error|warning|note: MESSAGE`` as an issue (the clang diagnostic format);
an ``error:`` line fails the build only if the script exits non-zero, which mllint does
at ``--fail-on``. Paths are absolute so that Xcode can open the model from the issue.
docs/xcode.md has the build-phase script.
"""

from __future__ import annotations

import os
from typing import TextIO

from ..diagnostics import Diagnostic, Severity
from ..reporting import Report, ReporterSpec, ReportOptions

KINDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def xcode_line(d: Diagnostic, working_directory: str = ".") -> str:
    """``/abs/X.mlpackage:1: warning: ML202 main/out: message (mllint rule ML202)``, on one line."""
    path = os.path.abspath(os.path.join(working_directory, d.path))
    where = f"{d.location}: " if d.location else ""
    message = " ".join(f"{where}{d.message}".split())
    return f"{path}:1: {KINDS[d.severity]}: {d.code} {message} (mllint rule {d.code})"


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    out.writelines(
        xcode_line(d, options.working_directory) + "\n" for d in sorted(report.diagnostics, key=lambda d: -d.severity)
    )


REPORTER = ReporterSpec("xcode", "Xcode build-phase issues (path:1: error: CODE message).", render)
