"""mllint's built-in output formats, registered as a plugin like any other."""

from __future__ import annotations

from typing import Sequence

from ..hookimpl import hookimpl
from ..reporting import ReporterSpec
from . import github, html, json_report, sarif, text


@hookimpl
def mllint_reporters() -> Sequence[ReporterSpec]:
    return [text.REPORTER, json_report.REPORTER, sarif.REPORTER, github.REPORTER, html.REPORTER]
