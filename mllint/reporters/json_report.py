"""``--format json``: one JSON document with a top-level ``diagnostics`` list."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..diagnostics import Diagnostic
from ..reporting import Report, ReporterSpec, ReportOptions


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "path": d.path,
        "file": d.file,
        "location": d.location,
        "fix": d.fix,
        "fix_applicability": d.fix_applicability,  # "safe"/"unsafe": `mllint fix` repairs it; null: it does not
        "fingerprint": d.fingerprint,
    }


def document(report: Report) -> dict[str, Any]:
    counts = report.counts()
    return {
        "version": report.version,
        "diagnostics": [diagnostic_dict(d) for d in report.diagnostics],
        "models": [
            {
                "path": m.path,
                "kind": m.kind,
                "file": m.file,
                "readable": m.readable,
                "spec_version": m.spec_version,
                "model_type": m.model_type,
                **m.facts,
                "diagnostics": len(m.diagnostics),
            }
            for m in report.models
        ],
        "summary": {
            "models": len(report.models),
            "diagnostics": sum(counts.values()),
            **counts,
            "hidden_by_baseline": report.hidden_by_baseline,
        },
    }


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    json.dump(document(report), out, indent=2)
    out.write("\n")


REPORTER = ReporterSpec("json", "One JSON document: diagnostics, per-model facts, summary.", render)
