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
from .engine import RuleSet, lint_artifact, lint_artifacts
from .plugins import Registry, collect, get_plugin_manager
from .reporting import ModelReport, Prepare, Report
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
        jobs: int = 1,
        prepare: Prepare | None = None,
    ) -> Report:
        """Lint every model with one selection and context; in-model suppressions apply.

        ``jobs`` > 1 lints in that many forked processes; the report is the same. ``prepare``
        is a reporter's (``ReporterSpec.prepare``), for a reporter that draws the models.
        """
        rules, suppress = self._prepare(selection)
        models = lint_artifacts(artifacts, rules, self.manager, context or RunContext(), suppress, jobs, prepare)
        return Report(models=models, rules=self.registry.rules, version=__version__)

    def _prepare(self, selection: Selection | LayeredSelection) -> tuple[RuleSet, InModelSuppressor]:
        rules = RuleSet(selection.filter(self.registry.rules))
        return rules, InModelSuppressor(self.registry.rules, rules.rules)

    def lint_planned(
        self,
        artifacts: Sequence[Artifact],
        plan: Callable[[Artifact], Plan],
        jobs: int = 1,
        prepare: Prepare | None = None,
    ) -> Report:
        """Lint each model by its own plan (its configuration file, see :mod:`mllint.config`).

        Models that share a plan share that plan's rules and RunContext; the
        report keeps the order of ``artifacts``, with any number of ``jobs``.
        """
        prepared: dict[tuple[str, tuple[str, ...]], tuple[RuleSet, InModelSuppressor, RunContext]] = {}
        runs = []
        for artifact in artifacts:
            chosen = plan(artifact)
            if chosen.key not in prepared:
                rules, suppress = self._prepare(chosen.selection)
                prepared[chosen.key] = (rules, suppress, chosen.context or RunContext())
            runs.append(prepared[chosen.key])

        def lint_one(index: int) -> ModelReport:
            rules, suppress, context = runs[index]
            return lint_artifact(artifacts[index], rules, self.manager, context, suppress, prepare)

        if jobs <= 1:
            models = [lint_one(index) for index in range(len(artifacts))]
        else:
            from .parallel import map_models

            models = map_models(lint_one, range(len(artifacts)), jobs)
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
