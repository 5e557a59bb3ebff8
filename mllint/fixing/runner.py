"""Fix one model: apply the fixes its findings ask for, prove the result, then write it (or not).

Proof: the fixed model is linted again and must have no ML0xx/ML1xx error
(Core ML would refuse it), and an external validator (``--validator``, e.g.
Core ML's open-source one built as ``mlvalidate``) must print ``OK``. A result
that fails either is not written; the outcome says why. Nothing is written for
``--diff``, and the input is replaced only when it is the destination
(``--in-place``).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..linted import LintedModel, lint_model
from . import model_files
from .changes import field_changes
from .fix import Fix, FixRequest, FixValues, NotFixable
from .registry import codes_of, fixes_for

LOAD_FAMILIES = ("ML0", "ML1")  # what "Core ML would not load it" means in the proof


@dataclass(frozen=True)
class FixOptions:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    unsafe: bool = False
    values: FixValues = field(default_factory=FixValues)
    validator: str | None = None  # a command run as VALIDATOR MODEL; its first line must start with OK


@dataclass
class Applied:
    fix: Fix
    notes: list[str]


@dataclass
class FixOutcome:
    path: str
    before: LintedModel
    applied: list[Applied] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # fixes not applied, with why
    changes: list[str] = field(default_factory=list)  # field by field
    refused: str | None = None  # why the fixed model was not written
    written: str | None = None
    after: LintedModel | None = None  # the fixed model's lint (None when nothing changed)

    @property
    def remaining(self) -> LintedModel:
        """What is left: the fixed model's findings if it was accepted, else the original's."""
        return self.after if self.after is not None and self.refused is None else self.before


def _selection(options: FixOptions) -> list[str]:
    """The rules whose findings are fixed: ``--select``, else the default rules plus the metadata
    rules (off by default) that ``--author`` / ``--license`` / ``--version-string`` give a value for."""
    if options.select:
        return list(options.select)
    values = options.values
    given = (("ML502", values.author), ("ML503", values.license), ("ML504", values.version_string))
    wanted = [code for code, value in given if value is not None]
    return ["ALL", *wanted] if wanted else []


def fix_model(path: str, destination: Path | None, options: FixOptions, in_place: bool = False) -> FixOutcome:
    """Fix ``path``; write the result to ``destination`` (None: only say what would change)."""
    before = lint_model(path, _selection(options), options.ignore)
    outcome = FixOutcome(path=before.path, before=before)
    if not before.readable:
        outcome.refused = "the model cannot be read"
        return outcome
    model = model_files.read_model(path)
    fixed = _copy(model.spec)
    for fix in fixes_for({d.code for d in before.diagnostics}):
        if fix.applicability == "unsafe" and not options.unsafe:
            outcome.skipped.append(f"{fix.name}: unsafe, applied only with --unsafe-fixes")
            continue
        trial = _copy(fixed)
        findings = [d for d in before.diagnostics if d.code in codes_of(fix)]
        try:
            notes = fix.apply(FixRequest(trial, findings, options.values))
        except NotFixable as reason:
            outcome.skipped.append(f"{fix.name}: {reason}")
            continue
        if notes:
            fixed = trial
            outcome.applied.append(Applied(fix, notes))
    if fixed == model.spec:
        return outcome
    outcome.changes = field_changes(model.spec, fixed)
    _prove_and_write(model, fixed, destination, options, in_place, outcome)
    return outcome


def _prove_and_write(
    model: model_files.ModelFile,
    fixed: Any,
    destination: Path | None,
    options: FixOptions,
    in_place: bool,
    outcome: FixOutcome,
) -> None:
    with tempfile.TemporaryDirectory(prefix="mllint-fix-") as scratch:
        folder = destination.resolve().parent if destination is not None else Path(scratch)
        staged = model_files.stage(model, fixed, folder, share_files=in_place)
        try:
            outcome.after = lint_model(staged, _selection(options), options.ignore)
            outcome.refused = _proof_failure(staged, options.validator)
            if outcome.refused is None and destination is not None:
                model_files.publish(staged, destination)
                outcome.written = str(destination)
        finally:
            if outcome.written is None:
                model_files.discard(staged)


def _proof_failure(staged: Path, validator: str | None) -> str | None:
    errors = [d for d in lint_model(staged, select=list(LOAD_FAMILIES)).diagnostics if d.severity.label == "error"]
    if errors:
        first = errors[0]
        return f"the fixed model still has {len(errors)} load error(s), e.g. {first.code} {first.message}"
    if validator is not None:
        verdict = run_validator(validator, staged)
        if not verdict.startswith("OK"):
            return f"the validator rejects the fixed model: {verdict}"
    return None


def run_validator(validator: str, model: Path) -> str:
    """The first line ``VALIDATOR MODEL`` prints (mlvalidate: OK, INVALID ..., PARSEFAIL ...)."""
    try:
        done = subprocess.run([validator, str(model)], capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"could not run {validator}: {error}"
    lines = done.stdout.strip().splitlines()
    return lines[0] if lines else f"no verdict (exit {done.returncode}) {done.stderr.strip()[:200]}"


def _copy(spec: Any) -> Any:
    copy = type(spec)()
    copy.CopyFrom(spec)
    return copy
