"""``--format text``: the findings, each with how to fix it, grouped by model, then a summary.

Like ruff's output:

- ``full`` (the default): each finding, then an indented ``help:`` with its fix (the
  finding's own fix, else the rule's) and the ``mllint rule CODE`` pointer to its docs;
- ``concise`` (``--output-format concise`` / ``--concise``): one line per finding;
- a model's header (type, spec version, oldest OS, Neural Engine estimate) is printed only
  for a model with findings, or for every model with ``--verbose``. A model with errors that
  stop Core ML loading it is headed "does not load (N errors)", without an OS or an estimate;
- ``--quiet``: the findings only (no headers, no summary);
- ``--statistics``: a count per rule after the findings.
- a finding ``mllint fix`` repairs safely is marked ``[*]`` after its code, and the summary ends with
  how many are fixable, and how many more ``--unsafe-fixes`` would repair (ruff's ``[*]`` and
  "N fixable with the `--fix` option").

Long lists in messages are cut with "and N more" (JSON, SARIF and HTML keep them whole).
"""

from __future__ import annotations

import re
import textwrap
from typing import TextIO

from ..analysis.deployment import Deployment
from ..diagnostics import Diagnostic, Severity
from ..reporting import ModelReport, Report, ReporterSpec, ReportOptions

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _CYAN, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"

LIST_KEEP = 5  # items kept from a long list in a message or an estimate line
CUT_LIST_KEEP = 3  # examples kept from a list the rule already ended with "and N more"
LIST_LIMIT = 8  # a list longer than this is cut to LIST_KEEP items and "and N more"
HELP_WIDTH = 100  # help prose is wrapped to this many columns; code lines are kept whole
HELP_INDENT = " " * 8
LOAD_FAMILIES = ("ML1", "ML4")  # an error in these means Core ML refuses the model (or its weights)


class Style:
    """ANSI colours, or none."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *codes: str) -> str:
        if not self.color or not codes:
            return text
        return f"{''.join(codes)}{text}{_RESET}"


# --------------------------------------------------------------------------- messages


def _top_level_items(text: str) -> list[str]:
    """``text`` split at the commas outside brackets."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            items.append(text[start:index].strip())
            start = index + 1
    items.append(text[start:].strip())
    return items


def cut_long_lists(message: str, keep: int = LIST_KEEP, limit: int = LIST_LIMIT) -> str:
    """Cut the comma-separated list after a message's last ``": "`` to ``keep`` items and "and N more"."""
    head, colon, tail = message.rpartition(": ")
    if not colon:
        return message
    items = _top_level_items(tail)
    more = re.fullmatch(r"(.*) and (\d+) more", items[-1])
    if more:  # the rule cut the list already: keep fewer examples on a terminal, add its count
        keep = min(keep, CUT_LIST_KEEP)
        if len(items) <= keep:
            return message
        return f"{head}: {', '.join(items[:keep])} and {len(items) - keep + int(more.group(2))} more"
    if len(items) <= limit:
        return message
    return f"{head}: {', '.join(items[:keep])} and {len(items) - keep} more"


FIXABLE_MARK = "[*]"  # after the code of a finding ``mllint fix`` repairs safely, as ruff marks its fixable ones


def format_line(diagnostic: Diagnostic, color: bool = False) -> str:
    """``path:location: CODE [severity] message``; ``CODE [*] [severity]`` when ``mllint fix`` repairs it safely."""
    style = Style(color)
    where = f"{diagnostic.path}:{diagnostic.location}:" if diagnostic.location else f"{diagnostic.path}:"
    paint = _COLORS[diagnostic.severity]
    code = style(diagnostic.code, paint, _BOLD)
    if diagnostic.fix_applicability == "safe":
        code = f"{code} {style(FIXABLE_MARK, _CYAN)}"
    severity = style(f"[{diagnostic.severity.label}]", paint)
    return f"{style(where, _BOLD)} {code} {severity} {cut_long_lists(diagnostic.message)}"


def fix_lines(fix: str) -> list[str]:
    """A fix text as lines: each paragraph on one line, code (indented 4) kept as written."""
    lines: list[str] = []
    paragraph: list[str] = []
    for raw in fix.strip().splitlines():
        if raw.startswith("    ") or not raw.strip():
            if paragraph:
                lines.append(" ".join(paragraph))
                paragraph = []
            if raw.strip():
                lines.append(raw)
            continue
        paragraph.append(raw.strip())
    if paragraph:
        lines.append(" ".join(paragraph))
    return lines


def help_block(diagnostic: Diagnostic, color: bool = False, repeated: bool = False) -> list[str]:
    """``  help: <fix>`` (continued lines aligned) and ``  = see: mllint rule CODE``.

    ``repeated``: the same fix was just printed for this model; say so instead of printing it again.
    """
    style = Style(color)
    lines = ["the same as above"] if repeated else fix_lines(diagnostic.fix)
    block = []
    for index, line in enumerate(lines):
        lead = f"  {style('help', _BOLD, _CYAN)}: " if index == 0 else HELP_INDENT
        if line.startswith("    "):  # code: as written
            block.append(f"{lead}{line}")
            continue
        wrapped = textwrap.wrap(line, HELP_WIDTH - len(HELP_INDENT), break_on_hyphens=False, break_long_words=False)
        block.extend(f"{lead if n == 0 else HELP_INDENT}{part}" for n, part in enumerate(wrapped))
    block.append(f"  {style('= see', _DIM)}: mllint rule {diagnostic.code}")
    return block


# --------------------------------------------------------------------------- per model


def load_errors(model: ModelReport) -> int:
    """How many findings say Core ML will refuse the model (errors of the ML1/ML4 families)."""
    return sum(1 for d in model.diagnostics if d.severity is Severity.ERROR and d.code[:3] in LOAD_FAMILIES)


def _header(model: ModelReport) -> str:
    if not model.readable:
        return f"{model.path} (unreadable)"
    facts = [model.model_type or "unknown type", f"spec v{model.spec_version}"]
    refused = load_errors(model)
    if refused:
        return f"{model.path} ({', '.join(facts)}): does not load ({refused} error{'s' if refused != 1 else ''})"
    deployment = Deployment.from_facts(model.facts)
    if deployment is not None:
        facts.append(f"needs {deployment.oldest_os}")
    return f"{model.path} ({', '.join(facts)})"


def _op_counts(counts: dict[str, int]) -> str:
    shown = ", ".join(f"{op} x{count}" for op, count in list(counts.items())[:LIST_KEEP])
    hidden = len(counts) - LIST_KEEP
    return f"{shown} and {hidden} more op type{'s' if hidden != 1 else ''}" if hidden > 0 else shown


def _ane_block(model: ModelReport) -> list[str]:
    ane = model.facts.get("ane")
    if not isinstance(ane, dict) or not ane.get("ops_total") or load_errors(model):
        return []
    share = 100.0 * ane["ops_ane"] / ane["ops_total"]
    work = ane.get("work_share")
    by_work = f" {100.0 * work:.0f}% of the estimated FLOPs," if isinstance(work, (int, float)) else ""
    line = (
        f"  Neural Engine (estimate): {ane['ops_ane']}/{ane['ops_total']} ops eligible ({share:.0f}%),{by_work}"
        f" {ane['partitions']} partition(s), verdict: {ane['verdict']}"
    )
    lines = [line]
    for failure in (ane.get("load_failures") or [])[:3]:
        lines.append(f"  does not load: {failure}")
    for caveat in (ane.get("caveats") or {}).values():
        lines.append(f"  caveat: {caveat}")
    chip = ane.get("chip")
    if isinstance(chip, dict) and chip.get("assumed"):
        lines.append(f"  size caps of {chip.get('name')} assumed (no --chip given)")
    fallback = ane.get("fallback") or {}
    if fallback:
        lines.append(f"  falls back: {_op_counts(fallback)}")
    unknown = ane.get("unknown") or {}
    if unknown:
        lines.append(f"  unknown to mllint (counted, not eligible): {_op_counts(unknown)}")
    return lines


# --------------------------------------------------------------------------- the run


def statistics(report: Report) -> list[str]:
    """``count  CODE  name  [severity]`` per rule, most frequent first (like ``ruff --statistics``)."""
    counts: dict[tuple[str, str, Severity], int] = {}
    for d in report.diagnostics:
        key = (d.code, d.name, d.severity)
        counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return [f"{n:>{width}}  {code}  {name:<34} [{severity.label}]" for (code, name, severity), n in rows]


def summary(report: Report) -> str:
    counts = report.counts()
    total = sum(counts.values())
    models = len(report.models)
    if total == 0:
        line = f"All checks passed: {models} model(s), no findings."
    else:
        parts = ", ".join(f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items() if n)
        line = f"Found {total} finding(s) in {models} model(s): {parts}."
    hidden = report.hidden_by_baseline
    if hidden:
        line = line.replace("no findings.", "no new findings.")
        line = f"{line[:-1]}; {hidden} known finding(s) hidden by the baseline."
    return line


def fixable_line(report: Report) -> str | None:
    """``[*] N fixable with `mllint fix` (M hidden fixes can be enabled with `--unsafe-fixes`).``, or None."""
    safe = sum(1 for d in report.diagnostics if d.fix_applicability == "safe")
    unsafe = sum(1 for d in report.diagnostics if d.fix_applicability == "unsafe")
    if not safe and not unsafe:
        return None
    hidden = (
        f" ({unsafe} hidden fix{'es' if unsafe != 1 else ''} can be enabled with `--unsafe-fixes`)" if unsafe else ""
    )
    if not safe:
        return f"No safe fixes available{hidden}."
    return f"{FIXABLE_MARK} {safe} fixable with `mllint fix`{hidden}."


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    style = Style(options.color)
    concise = options.output_format == "concise"
    for model in report.models:
        if not options.quiet and not concise and (model.diagnostics or options.verbose):
            out.write(style(_header(model), _BOLD) + "\n")
            out.writelines(line + "\n" for line in _ane_block(model))
        shown_fixes: set[str] = set()
        for diagnostic in sorted(model.diagnostics, key=lambda d: -d.severity):  # errors first, stable
            out.write(format_line(diagnostic, options.color) + "\n")
            if not concise:
                out.writelines(
                    line + "\n"
                    for line in help_block(diagnostic, options.color, repeated=diagnostic.fix in shown_fixes)
                )
                shown_fixes.add(diagnostic.fix)
    if options.statistics and report.diagnostics:
        out.writelines(line + "\n" for line in statistics(report))
    if not options.quiet:
        out.write(summary(report) + "\n")
        fixable = fixable_line(report)
        if fixable is not None:
            out.write(fixable + "\n")


REPORTER = ReporterSpec("text", "One line per diagnostic, grouped by model (default).", render)
