"""The Python API: lint models from code (a pytest check in a model repo, say).

>>> import mllint
>>> diagnostics = mllint.lint("fixtures/ml202_output_reshape.mlpackage", select=["ML2"])
>>> [d.code for d in diagnostics]
['ML202']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import pluggy

from . import __version__
from .config import LayeredSelection, Plan
from .diagnostics import Diagnostic
from .discovery import Artifact, resolve
from .engine import RuleSet, lint_artifacts
from .plugins import Registry, collect, get_plugin_manager
from .reporting import ModelReport, Report
from .rule import RunContext
from .selection import Selection, split_selectors, validate
from .suppress import InModelSuppressor


@dataclass
class Linter:
    """Plugins loaded once, ready to lint any number of models."""

    manager: pluggy.PluginManager
    registry: Registry

    @classmethod
    def create(cls, plugins: Iterable[object] | None = None) -> "Linter":
        manager = get_plugin_manager(plugins)
        return cls(manager, collect(manager))

    def selection(
        self, select: Sequence[str] | None = None, ignore: Sequence[str] = (), extend_select: Sequence[str] = ()
    ) -> Selection:
        chosen = split_selectors(select) if select else ["ALL"]
        dropped = split_selectors(ignore)
        extended = split_selectors(extend_select)
        validate([*chosen, *dropped, *extended], self.registry.rules)
        return Selection(tuple(chosen), tuple(dropped), tuple(extended))

    def lint(
        self,
        artifacts: Sequence[Artifact],
        selection: Selection | LayeredSelection,
        context: RunContext | None = None,
    ) -> Report:
        """Lint every model with one selection and context; in-model suppressions apply."""
        rules = RuleSet(selection.filter(self.registry.rules))
        suppress = InModelSuppressor(self.registry.rules, rules.rules)
        models = lint_artifacts(artifacts, rules, self.manager, context or RunContext(), suppress)
        return Report(models=models, rules=self.registry.rules, version=__version__)

    def lint_planned(self, artifacts: Sequence[Artifact], plan: Callable[[Artifact], Plan]) -> Report:
        """Lint each model by its own plan (its configuration file, see :mod:`mllint.config`).

        Models that share a plan are linted as one group, with that plan's rules
        and RunContext; the report keeps the order of ``artifacts``.
        """
        groups: dict[tuple[str, tuple[str, ...]], tuple[Plan, list[int]]] = {}
        for index, artifact in enumerate(artifacts):
            chosen = plan(artifact)
            groups.setdefault(chosen.key, (chosen, []))[1].append(index)
        placed: dict[int, ModelReport] = {}
        for chosen, members in groups.values():
            group = self.lint([artifacts[i] for i in members], chosen.selection, chosen.context)
            placed.update(zip(members, group.models))
        models = [placed[i] for i in range(len(artifacts))]
        return Report(models=models, rules=self.registry.rules, version=__version__)


def lint(
    path: str | os.PathLike[str],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Lint a model file, package or folder and return its diagnostics.

    ``select`` and ``ignore`` take codes (``ML101``), prefixes (``ML2``) or
    names (``embedded-nms``). Raises ``FileNotFoundError`` for a missing path
    and ``ValueError`` for an unknown selector; a model that cannot be read is
    an ``ML000`` diagnostic, not an exception.
    """
    from .discovery import PathNotFound

    linter = Linter.create()
    selection = linter.selection(select, ignore)
    try:
        artifacts = resolve([os.fspath(path)])
    except PathNotFound as missing:
        raise FileNotFoundError(str(missing)) from None
    return linter.lint(artifacts, selection).diagnostics
