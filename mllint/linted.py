"""One model linted, as ``fix``, ``diff`` and ``show`` need it: the one place they call the lint pipeline.

:func:`lint_model` runs :class:`mllint.api.Linter` on one model path and keeps
what the JSON reporter writes for that model (its facts: ``deployment``,
``ane`` ...) next to its diagnostics. When the lint pipeline changes, this is
the function to adapt.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Severity, distinct_fingerprints

if TYPE_CHECKING:
    from .api import Linter

# Diagnostics of OLD and NEW name different files; fingerprints are taken as if both were this path.
COMMON_PATH = "model"


@dataclass(frozen=True)
class LintedModel:
    """One model's lint result: its JSON facts and its diagnostics."""

    path: str
    facts: dict[str, Any]  # the JSON reporter's entry for the model: spec_version, model_type, deployment, ane ...
    diagnostics: tuple[Diagnostic, ...]

    @property
    def readable(self) -> bool:
        return bool(self.facts.get("readable", False))

    def load_errors(self) -> list[Diagnostic]:
        """Errors of the ML0xx/ML1xx families: Core ML would not load the model."""
        return [d for d in self.diagnostics if d.severity >= Severity.ERROR and d.code[:3] in ("ML0", "ML1")]

    def fingerprints(self) -> list[str]:
        """A path-independent fingerprint per diagnostic (so two copies of one model compare)."""
        return distinct_fingerprints([dataclasses.replace(d, path=COMMON_PATH) for d in self.diagnostics])


@lru_cache(maxsize=1)
def _linter() -> Linter:
    from .api import Linter

    return Linter.create()


def lint_model(
    path: str | os.PathLike[str],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    spec_only: bool = False,
) -> LintedModel:
    """Lint one model file or package with the built-in and installed rules.

    ``select``/``ignore`` take codes, prefixes or names (``ValueError`` for an
    unknown one); raises ``FileNotFoundError`` for a missing path.
    ``spec_only``: ``path`` is a spec file linted on its own, even inside a package.
    """
    from .discovery import Artifact, PathNotFound, display_path, resolve
    from .reporters.json_report import document

    linter = _linter()
    selection = linter.selection(list(select) or None, list(ignore))
    try:
        if spec_only:
            if not os.path.lexists(path):
                raise PathNotFound(os.fspath(path))
            artifacts = [Artifact(display_path(Path(path)), "mlmodel", os.path.realpath(path))]
        else:
            artifacts = resolve([os.fspath(path)])
    except PathNotFound as missing:
        raise FileNotFoundError(str(missing)) from None
    if len(artifacts) != 1:
        raise ValueError(f"{os.fspath(path)} holds {len(artifacts)} models, not one")
    report = linter.lint(artifacts, selection)
    facts = document(report)["models"][0]
    return LintedModel(path=artifacts[0].path, facts=facts, diagnostics=tuple(report.models[0].diagnostics))


def known_rule_codes() -> frozenset[str]:
    """Codes of every rule the installed plugins declare."""
    return frozenset(rule.code for rule in _linter().registry.rules)
