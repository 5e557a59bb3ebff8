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

from ..linted import DISCOVERED, ISOLATED, Configuration, LintedModel, known_rules, lint_model
from ..rule import Applicability
from . import model_files
from .changes import field_changes
from .fix import Fix, FixRequest, FixValues, NotFixable
from .metadata import FIELDS as METADATA_FIELDS
from .registry import fixes_for

LOAD_FAMILIES = ("ML0", "ML1")  # what "Core ML would not load it" means in the proof


@dataclass(frozen=True)
class FixOptions:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    unsafe: bool = False
    values: FixValues = field(default_factory=FixValues)
    validator: str | None = None  # a command run as VALIDATOR MODEL; its first line must start with OK
    configuration: Configuration = DISCOVERED  # which mllint.toml / pyproject.toml the lints read


@dataclass
class Applied:
    fix: Fix
    notes: list[str]
    applicability: Applicability  # "unsafe" when a rule it repaired for declares its fix unsafe


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


def _lint(path: str | Path, options: FixOptions) -> LintedModel:
    """Lint as ``mllint check`` would (the model's configuration, ``--select``/``--ignore`` over it), plus
    the metadata rules (off by default) that ``--author`` / ``--license`` / ``--version-string`` give a value for."""
    wanted = [code for code, _, value_name in METADATA_FIELDS if getattr(options.values, value_name) is not None]
    return lint_model(path, options.select, options.ignore, extend_select=wanted, configuration=options.configuration)


def fix_model(path: str, destination: Path | None, options: FixOptions, in_place: bool = False) -> FixOutcome:
    """Fix ``path``; write the result to ``destination`` (None: only say what would change)."""
    before = _lint(path, options)
    outcome = FixOutcome(path=before.path, before=before)
    if not before.readable:
        outcome.refused = "the model cannot be read"
        return outcome
    model = model_files.read_model(path)
    fixed = _copy(model.spec)
    for fix, asking in fixes_for(before.diagnostics, known_rules()):
        findings = [d for d in asking if d.fix_applicability == "safe" or options.unsafe]
        if len(findings) < len(asking):
            codes = ", ".join(sorted({d.code for d in asking if d not in findings}))
            outcome.skipped.append(f"{fix.name}: unsafe for {codes}, applied only with --unsafe-fixes")
        if not findings:
            continue
        applicability: Applicability = "unsafe" if any(d.fix_applicability == "unsafe" for d in findings) else "safe"
        trial = _copy(fixed)
        try:
            notes = fix.apply(FixRequest(trial, findings, options.values))
        except NotFixable as reason:
            outcome.skipped.append(f"{fix.name}: {reason}")
            continue
        if notes:
            fixed = trial
            outcome.applied.append(Applied(fix, notes, applicability))
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
            outcome.after = _lint(staged, options)
            outcome.refused = _proof_failure(staged, options.validator)
            if outcome.refused is None and destination is not None:
                model_files.publish(staged, destination)
                outcome.written = str(destination)
        finally:
            if outcome.written is None:
                model_files.discard(staged)


def _proof_failure(staged: Path, validator: str | None) -> str | None:
    # Core ML's view, whatever the user's configuration turns off
    proof = lint_model(staged, select=LOAD_FAMILIES, configuration=ISOLATED)
    errors = [d for d in proof.diagnostics if d.severity.label == "error"]
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
