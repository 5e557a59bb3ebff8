"""The Python API: lint models from code (a pytest check in a model repo, say).

>>> import mllint
>>> diagnostics = mllint.lint("fixtures/ml202_output_reshape.mlpackage", select=["ML2"])
>>> [d.code for d in diagnostics]
['ML202']

:func:`lint` runs the same pipeline as ``mllint check`` (:mod:`mllint.pipeline`):
it reads the same configuration files and returns the findings the command
line reports. :class:`Linter` is the step underneath: plugins loaded once,
models linted with the rules and context of their :class:`~mllint.planning.Plan`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import pluggy

from . import __version__
from .diagnostics import Diagnostic
from .discovery import Artifact
from .engine import RuleSet, lint_artifact
from .engine_rules import NEVER_HIDDEN
from .planning import DEFAULT_PLAN_KEY, Plan
from .plugins import Registry, collect, get_plugin_manager
from .reporting import ModelReport, Prepare, Report
from .rule import RunContext
from .selection import LayeredSelection, Selection, split_selectors, validate
from .suppress import InModelSuppressor


class Linter:
    """Plugins loaded once, ready to lint any number of models."""

    def __init__(self, manager: pluggy.PluginManager, registry: Registry):
        self.manager = manager
        self.registry = registry

    @classmethod
    def create(cls, plugins: Iterable[object] | None = None) -> Linter:
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
        """Lint every model with one selection and context (no configuration file); in-model suppressions apply."""
        plan = Plan(key=DEFAULT_PLAN_KEY, config=None, selection=selection, context=context or RunContext())
        return self.lint_planned(artifacts, [plan] * len(artifacts), jobs, prepare)

    def lint_planned(
        self,
        artifacts: Sequence[Artifact],
        plans: Sequence[Plan],
        jobs: int = 1,
        prepare: Prepare | None = None,
    ) -> Report:
        """Lint each model by its own plan (``plans[i]`` for ``artifacts[i]``).

        Models that share a plan share its rules and suppressor. ``jobs`` > 1
        lints in that many forked processes (:func:`mllint.parallel.map_models`);
        the report is the same, in the order of ``artifacts``. ``prepare`` is a
        reporter's (``ReporterSpec.prepare``), for a reporter that draws the models.
        """
        prepared: dict[tuple[str, tuple[str, ...]], tuple[RuleSet, InModelSuppressor]] = {}
        for plan in plans:
            if plan.key not in prepared:
                prepared[plan.key] = self._prepare(plan.selection)

        def lint_one(index: int) -> ModelReport:
            rules, suppress = prepared[plans[index].key]
            return lint_artifact(artifacts[index], rules, self.manager, plans[index].context, suppress, prepare)

        if jobs <= 1 or len(artifacts) < 2:
            models = [lint_one(index) for index in range(len(artifacts))]
        else:
            from .parallel import map_models

            models = map_models(lint_one, range(len(artifacts)), jobs)
        return Report(models=models, rules=self.registry.rules, version=__version__)

    def _prepare(self, selection: Selection | LayeredSelection) -> tuple[RuleSet, InModelSuppressor]:
        """The rules a selection enables, plus those no selection can turn off (ML900)."""
        known = self.registry.rules
        rules = RuleSet(tuple(r for r in known if r.code in NEVER_HIDDEN or selection.enabled(r)))
        return rules, InModelSuppressor(known, rules.rules)


def lint(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    *,
    target: str | None = None,
    chip: str | None = None,
    config: str | os.PathLike[str] | None = None,
    isolated: bool = False,
    jobs: int = 1,
) -> list[Diagnostic]:
    """Lint model files, packages or folders and return what ``mllint check`` reports.

    Like the command line, each model is linted with the nearest
    ``mllint.toml`` or ``pyproject.toml`` ``[tool.mllint]`` in its folder or
    above; the arguments beat it as the flags of the same names do:
    ``select`` replaces the configured selection, ``ignore`` and
    ``extend_select`` apply on top, ``target`` (``"iOS16"``) replaces the
    configured target, ``chip`` (``"M4"``) the configured chip. ``config`` uses one file for every model;
    ``isolated=True`` reads none. Selectors are codes (``ML101``), prefixes
    (``ML2``) or names (``embedded-nms``).

    Raises ``FileNotFoundError`` for a missing path and ``ValueError`` for an
    unknown selector, a bad target or a bad configuration file; a model that
    cannot be read is an ``ML000`` diagnostic, not an exception.
    """
    from .pipeline import Request, run

    named = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    request = Request(
        paths=tuple(os.fspath(p) for p in named),
        select=tuple(select) if select is not None else None,
        ignore=tuple(ignore),
        extend_select=tuple(extend_select),
        target=target,
        chip=chip,
        config=os.fspath(config) if config is not None else None,
        isolated=isolated,
        jobs=jobs,
    )
    return run(request).report.diagnostics
