"""``--format text``: one line per diagnostic, grouped by model, then a summary."""

from __future__ import annotations

from typing import TextIO

from ..analysis.deployment import Deployment
from ..diagnostics import Diagnostic, Severity
from ..reporting import ModelReport, Report, ReporterSpec, ReportOptions

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def format_line(diagnostic: Diagnostic, color: bool = False) -> str:
    """``path:location: CODE [severity] message``."""
    where = f"{diagnostic.path}:{diagnostic.location}:" if diagnostic.location else f"{diagnostic.path}:"
    code, severity = diagnostic.code, f"[{diagnostic.severity.label}]"
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        code = f"{_COLORS[diagnostic.severity]}{code}{_RESET}"
        severity = f"{_COLORS[diagnostic.severity]}{severity}{_RESET}"
    return f"{where} {code} {severity} {diagnostic.message}"


def _header(model: ModelReport) -> str:
    if not model.readable:
        return f"{model.path} (unreadable)"
    facts = [model.model_type or "unknown type", f"spec v{model.spec_version}"]
    deployment = Deployment.from_facts(model.facts)
    if deployment is not None:
        facts.append(f"needs {deployment.oldest_os}")
    return f"{model.path} ({', '.join(facts)})"


def _ane_block(model: ModelReport) -> list[str]:
    ane = model.facts.get("ane")
    if not isinstance(ane, dict) or not ane.get("ops_total"):
        return []
    share = 100.0 * ane["ops_ane"] / ane["ops_total"]
    line = (
        f"  Neural Engine (estimate): {ane['ops_ane']}/{ane['ops_total']} ops ({share:.0f}%),"
        f" {ane['partitions']} partition(s), verdict: {ane['verdict']}"
    )
    lines = [line]
    fallback = ane.get("fallback") or {}
    if fallback:
        top = ", ".join(f"{op} x{count}" for op, count in list(fallback.items())[:5])
        lines.append(f"  falls back: {top}")
    unknown = ane.get("unknown") or {}
    if unknown:
        top = ", ".join(f"{op} x{count}" for op, count in list(unknown.items())[:5])
        lines.append(f"  unknown to mllint (counted, not on the ANE): {top}")
    return lines


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    for model in report.models:
        header = _header(model)
        out.write((f"{_BOLD}{header}{_RESET}" if options.color else header) + "\n")
        for line in _ane_block(model):
            out.write(line + "\n")
        for diagnostic in model.diagnostics:
            out.write(format_line(diagnostic, options.color) + "\n")
    counts = report.counts()
    total = sum(counts.values())
    models = len(report.models)
    if total == 0:
        summary = f"All checks passed: {models} model(s), no findings."
    else:
        parts = ", ".join(f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items() if n)
        summary = f"Found {total} finding(s) in {models} model(s): {parts}."
    hidden = report.hidden_by_baseline
    if hidden:
        summary = summary.replace("no findings.", "no new findings.")
        summary = f"{summary[:-1]}; {hidden} known finding(s) hidden by the baseline."
    out.write(summary + "\n")


REPORTER = ReporterSpec("text", "One line per diagnostic, grouped by model (default).", render)
