"""``mllint fix``: the command's work, apart from its click declaration in :mod:`mllint.cli`.

Exit codes: 0 when no model keeps a finding at or above ``--fail-on`` (the
fixed model's findings when a fix was written or, with ``--diff``, would be;
the original's otherwise), 1 when one does, 2 on usage errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..diagnostics import Severity
from .fix import FixValues
from .runner import FixOptions, FixOutcome, fix_model

Echo = Callable[[str], None]


class FixUsageError(ValueError):
    """A bad combination of options or paths (exit 2)."""


def run_fix(
    paths: Sequence[str],
    output: str | None,
    in_place: bool,
    diff: bool,
    options: FixOptions,
    fail_on: str,
    echo: Echo,
) -> int:
    from ..discovery import PathNotFound, resolve

    if sum((output is not None, in_place, diff)) != 1:
        raise FixUsageError(
            "give exactly one of -o/--output FILE, --in-place or --diff (the input is never changed otherwise)"
        )
    try:
        artifacts = [a for a in resolve(paths) if a.kind != "folder"]
    except PathNotFound as missing:
        raise FixUsageError(f"path does not exist: {missing}") from None
    if not artifacts:
        raise FixUsageError("no model found in the given paths")
    if output is not None and len(artifacts) > 1:
        raise FixUsageError(f"-o/--output takes one model; {len(artifacts)} were given (use --in-place)")
    threshold = None if fail_on == "never" else Severity.parse(fail_on)
    failing = False
    for artifact in artifacts:
        destination = None if diff else Path(output) if output is not None else Path(artifact.real)
        outcome = fix_model(artifact.path, destination, options, in_place=in_place)
        echo(render_outcome(outcome, diff))
        remaining = outcome.remaining.diagnostics
        failing = failing or (threshold is not None and any(d.severity >= threshold for d in remaining))
    return 1 if failing else 0


def fix_values(author: str | None, license: str | None, version_string: str | None) -> FixValues:
    return FixValues(author=author, license=license, version_string=version_string)


def render_outcome(outcome: FixOutcome, diff: bool) -> str:
    lines = []
    if not outcome.applied:
        verdict = f"not fixed: {outcome.refused}" if outcome.refused else "nothing to fix"
    elif outcome.refused is not None:
        verdict = f"fix NOT written: {outcome.refused}"
    elif diff:
        verdict = "would be fixed (--diff: nothing written)"
    else:
        verdict = f"fixed -> {outcome.written}"
    lines.append(f"{outcome.path}: {verdict}")
    for applied in outcome.applied:
        for note in applied.notes:
            lines.append(f"  [{applied.applicability}] {applied.fix.name}: {note}")
    for skipped in outcome.skipped:
        lines.append(f"  skipped {skipped}")
    if diff and outcome.changes:
        lines.append(f"  --- {outcome.path}")
        lines.append(f"  +++ {outcome.path} (fixed)")
        lines.extend(f"  {change}" for change in outcome.changes)
    remaining = outcome.remaining.diagnostics
    if outcome.applied or outcome.refused:
        counts = {s: sum(1 for d in remaining if d.severity == s) for s in sorted(Severity, reverse=True)}
        summary = ", ".join(f"{n} {s.label}" for s, n in counts.items())
        codes = sorted({d.code for d in remaining if d.severity >= Severity.WARNING})
        lines.append(f"  remaining: {summary}" + (f" ({', '.join(codes)})" if codes else ""))
    return "\n".join(lines)
