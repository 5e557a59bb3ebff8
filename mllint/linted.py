"""One model linted, as ``fix``, ``diff`` and ``show`` need it: the one place they call the lint pipeline.

:func:`lint_model` runs ``mllint check``'s pipeline (:mod:`mllint.pipeline`) on
one model path, with the same configuration files, and keeps what the JSON
reporter writes for that model (its facts: ``deployment``, ``ane`` ...) next to
its diagnostics.
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
    from .rule import Rule

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


@dataclass(frozen=True)
class Configuration:
    """Which configuration file a lint reads, as ``mllint check``'s ``--config`` / ``--isolated`` say.

    The default: the nearest ``mllint.toml`` or ``pyproject.toml`` ``[tool.mllint]`` at or above the model.
    """

    file: str | None = None  # one file for every model
    isolated: bool = False  # none at all


DISCOVERED = Configuration()  # the configuration file found next to the model, as ``mllint check`` reads it
ISOLATED = Configuration(isolated=True)


def lint_model(
    path: str | os.PathLike[str],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    spec_only: bool = False,
    extend_select: Sequence[str] = (),
    configuration: Configuration = DISCOVERED,
) -> LintedModel:
    """Lint one model file or package as ``mllint check`` would (:func:`mllint.pipeline.run_on`).

    The model's configuration applies (``configuration`` says which), and
    ``select``/``ignore``/``extend_select`` beat it as the flags of those names
    do; they take codes, prefixes or names (``ValueError`` for an unknown one,
    or for a bad configuration file); raises ``FileNotFoundError`` for a
    missing path. ``spec_only``: ``path`` is a spec file linted on its own,
    even inside a package.
    """
    from .discovery import Artifact, PathNotFound, display_path, resolve
    from .pipeline import Request, run_on
    from .reporters.json_report import document

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
    request = Request(
        paths=(os.fspath(path),),
        select=tuple(select) or None,
        ignore=tuple(ignore),
        extend_select=tuple(extend_select),
        config=configuration.file,
        isolated=configuration.isolated,
    )
    report = run_on(request, artifacts, _linter()).report
    facts = document(report)["models"][0]
    return LintedModel(path=artifacts[0].path, facts=facts, diagnostics=tuple(report.models[0].diagnostics))


def config_file_for(path: str | os.PathLike[str]) -> str | None:
    """The configuration file ``mllint check`` would read for the model at ``path`` (None: none)."""
    from .planning import Planner

    found = Planner(known_rules()).config_file_for(Path(os.path.abspath(path)).parent)
    return str(found) if found is not None else None


def known_rules() -> tuple[Rule, ...]:
    """Every rule the installed plugins declare."""
    return tuple(_linter().registry.rules)


def known_rule_codes() -> frozenset[str]:
    """Codes of every rule the installed plugins declare."""
    return frozenset(rule.code for rule in known_rules())
