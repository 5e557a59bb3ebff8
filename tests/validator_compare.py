"""Compare mllint's ML1 errors with Core ML's validator (tests/validator_oracle.py), model by model.

Used by tests/test_validator_differential.py and bench/validator_diff.py. For each model:

- the oracle's verdict (OK, or rejects with a first message);
- mllint's *ported* ML1 errors: ML1xx diagnostics of severity error from rules the validator can see
  (not :data:`BEYOND_VALIDATOR`), plus ML000 (the spec does not parse), in report order;

and one of four outcomes: ``agree-ok``, ``false-alarm`` (mllint error, validator OK), ``caught``
(both reject), ``missed`` (validator rejects, mllint silent). When caught, ``same_first`` says
whether mllint's first error message is the validator's first message word for word, once the
context mllint appends after :data:`CONTEXT_SEPARATOR` is removed.
"""

from __future__ import annotations

import collections
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from validator_oracle import Verdict, validate_paths

from mllint.api import Linter
from mllint.diagnostics import Diagnostic, Severity
from mllint.discovery import resolve

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
SPEC_IN_PACKAGE = Path("Data/com.apple.CoreML/model.mlmodel")
MAX_SEED_BYTES = 300_000

# ML1 errors beyond what the open-source validator sees, each (code, message pattern or None for every
# message, why). Only errors are compared: the checks the validator does not make are warnings (ML112's
# program-vs-version checks, ML113, ML120, ML125, ML126: issue 11), so they are out of the comparison
# by their severity. The ML program half of ML122 and ML127 (tensor rank above 5) are errors from closed
# Core ML, not the open-source validator.
BEYOND_VALIDATOR: tuple[tuple[str, str | None, str], ...] = (
    ("ML122", r"^Function '|which is not an output of function", "ML program outputs: closed Core ML"),
    ("ML127", None, "ML program tensor rank: closed Core ML (fails when the model loads)"),
)


def beyond_validator(diagnostic: Diagnostic) -> bool:
    return any(
        diagnostic.code == code and (pattern is None or re.search(pattern, diagnostic.message))
        for code, pattern, _ in BEYOND_VALIDATOR
    )
# What mllint appends to a validator message when the model is a pipeline's sub-model
# (rules/validator_text.py where()): `` (sub-model models[1] nonMaximumSuppression; root pipeline has version 7)``.
CONTEXT_SEPARATOR = re.compile(r" \(sub-model [^ ]+ [^ ;]+; root [^ ]+ has version -?\d+\)$")


# Crashes of mllint's rules already filed, each (ML9xx message fragment, where it is filed): the test
# counts them apart so that it still fails on any other crash.
# (None now: the custom-layer parameters crash of issue 11 is fixed, tests/rules/test_ml3xx_deployment_requirements.py.)
KNOWN_CRASHES: tuple[tuple[str, str], ...] = ()


def known_crash(diagnostic: Diagnostic) -> bool:
    return any(fragment in diagnostic.message for fragment, _ in KNOWN_CRASHES)


def validator_message(message: str) -> str:
    """mllint's message without the sub-model context it appends."""
    return CONTEXT_SEPARATOR.sub("", message)


def same_words(mine: str, validator: str) -> bool:
    """mllint's message is the validator's, word for word. mllint's engine joins a message's whitespace
    into single spaces (mllint/engine.py), so runs of whitespace (the validator's double spaces and
    trailing newlines) compare as one space."""
    return validator_message(mine).split() == validator.split()


def ported_errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [
        d for d in diagnostics
        if d.code == "ML000" or (d.code.startswith("ML1") and d.severity == Severity.ERROR and not beyond_validator(d))
    ]


@dataclass(frozen=True)
class Comparison:
    name: str
    verdict: Verdict
    errors: tuple[Diagnostic, ...]
    crashed: tuple[Diagnostic, ...]  # ML900/ML901

    @property
    def outcome(self) -> str:
        if self.verdict.status == "CRASH":
            return "validator-crash"
        if self.verdict.rejects:
            return "caught" if self.errors else "missed"
        return "false-alarm" if self.errors else "agree-ok"

    @property
    def same_first(self) -> bool:
        if self.outcome != "caught":
            return False
        if self.verdict.status != "INVALID":
            return self.errors[0].code == "ML000"
        return same_words(self.errors[0].message, self.verdict.message)

    @property
    def same_any(self) -> bool:
        """The validator's first message is among mllint's ML1 errors (wording right, report order aside)."""
        if self.outcome != "caught" or self.verdict.status != "INVALID":
            return self.same_first
        return any(same_words(e.message, self.verdict.message) for e in self.errors)

    def describe(self) -> str:
        mine = f"{self.errors[0].code} {self.errors[0].message}" if self.errors else "(nothing)"
        return f"{self.name}: {self.outcome}\n  validator: {self.verdict.status} {self.verdict.message}\n  mllint:    {mine}"


@dataclass
class Tally:
    """The confusion matrix and first-message agreement over many comparisons."""

    counts: collections.Counter[str] = field(default_factory=collections.Counter)
    same_first: int = 0
    same_any: int = 0
    crashes: int = 0  # models with an ML900/ML901 that is not a known, filed crash
    known_crashes: int = 0
    examples: dict[str, list[Comparison]] = field(default_factory=lambda: collections.defaultdict(list))

    def add(self, comparison: Comparison) -> None:
        self.counts[comparison.outcome] += 1
        self.same_first += comparison.same_first
        self.same_any += comparison.same_any
        self.crashes += any(not known_crash(d) for d in comparison.crashed)
        self.known_crashes += any(known_crash(d) for d in comparison.crashed)
        key = comparison.outcome if comparison.outcome != "caught" or comparison.same_first else "caught-other-message"
        self.examples[key].append(comparison)

    @property
    def rejected(self) -> int:
        return self.counts["caught"] + self.counts["missed"]

    @property
    def catch_rate(self) -> float:
        return self.counts["caught"] / self.rejected if self.rejected else 1.0

    @property
    def first_message_rate(self) -> float:
        return self.same_first / self.counts["caught"] if self.counts["caught"] else 1.0

    @property
    def any_message_rate(self) -> float:
        return self.same_any / self.counts["caught"] if self.counts["caught"] else 1.0

    def summary(self) -> str:
        c = self.counts
        return (f"models {sum(c.values())}: validator OK {c['agree-ok'] + c['false-alarm']} "
                f"(mllint ML1 error on {c['false-alarm']}), validator rejects {self.rejected} "
                f"(mllint catches {c['caught']} = {self.catch_rate:.2%}, same first message "
                f"{self.same_first} = {self.first_message_rate:.2%}, validator's first message among mllint's errors "
                f"{self.same_any} = {self.any_message_rate:.2%}), crashes {self.crashes} "
                f"(+{self.known_crashes} known), validator crashes {c['validator-crash']}")


def message_shape(message: str) -> str:
    """The message with names and numbers blanked, to group gaps: ``Layer '_' of type '_' has # inputs``."""
    shape = re.sub(r"'[^']*'", "'_'", message)
    shape = re.sub(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", "#", shape)
    return shape[:140]


class Comparer:
    """Lints models with the ML0/ML1/ML9 rules once loaded, and asks the oracle in batches."""

    def __init__(self) -> None:
        self.linter = Linter.create()
        self.selection = self.linter.selection(["ML0", "ML1", "ML9"])

    def lint(self, paths: Sequence[Path]) -> list[list[Diagnostic]]:
        found = []
        for path in paths:
            report = self.linter.lint(resolve([str(path)]), self.selection)
            found.append([d for model in report.models for d in model.diagnostics])
        return found

    def compare_paths(self, paths: Sequence[Path], names: Sequence[str] | None = None) -> list[Comparison]:
        verdicts = validate_paths(paths)
        results = []
        for index, (verdict, diagnostics) in enumerate(zip(verdicts, self.lint(paths))):
            results.append(Comparison(
                names[index] if names else str(paths[index]),
                verdict,
                tuple(ported_errors(diagnostics)),
                tuple(d for d in diagnostics if d.code in ("ML900", "ML901")),
            ))
        return results

    def compare_specs(self, specs: Sequence[bytes], names: Sequence[str]) -> list[Comparison]:
        with tempfile.TemporaryDirectory(prefix="mllint-diff-") as folder:
            paths = []
            for index, data in enumerate(specs):
                path = Path(folder) / f"m{index:06d}.mlmodel"
                path.write_bytes(data)
                paths.append(path)
            return self.compare_paths(paths, names)


def model_paths(root: Path) -> list[Path]:
    """Every model under ``root`` (.mlmodel files and .mlpackage folders)."""
    if not root.is_dir():
        return []
    return sorted(Path(a.real) for a in resolve([str(root)]))


def seed_specs(include_corpus: bool = True, max_bytes: int = MAX_SEED_BYTES) -> list[bytes]:
    """Spec bytes of every fixture (and corpus model up to ``max_bytes``) that the validator accepts."""
    paths = model_paths(FIXTURES) + (model_paths(CORPUS) if include_corpus else [])
    specs: list[tuple[Path, bytes]] = []
    for path in paths:
        spec = path / SPEC_IN_PACKAGE if path.is_dir() else path
        if spec.is_file() and spec.stat().st_size <= max_bytes:
            specs.append((path, spec.read_bytes()))
    verdicts = validate_paths([p for p, _ in specs])
    return [data for (_, data), verdict in zip(specs, verdicts) if not verdict.rejects]


if __name__ == "__main__":  # pragma: no cover - a quick look: python tests/validator_compare.py PATH...
    comparer = Comparer()
    for comparison in comparer.compare_paths([Path(p) for p in sys.argv[1:]]):
        print(comparison.describe())
