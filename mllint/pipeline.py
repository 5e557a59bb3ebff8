"""One run of mllint, for the command line and the Python API alike.

resolve the paths (and keep a shard) -> plan each model from its configuration
(:mod:`mllint.planning`, beaten by the request) -> lint (:class:`mllint.api.Linter`,
in ``jobs`` processes) -> hide what a baseline records -> a :class:`Report`,
and whether the run fails.

``mllint check`` turns its flags into a :class:`Request`, calls :func:`run`
and prints the report; :func:`mllint.lint` builds the same Request, so both
read the same configuration and find the same things.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .api import Linter
from .config import ConfigError
from .discovery import Artifact, paths_without_models, resolve
from .engine import fails
from .engine_rules import NEVER_HIDDEN
from .knowledge.spec_versions import parse_target
from .planning import CommandLine, Planner
from .reporting import Prepare, Report
from .selection import UnknownSelector, split_selectors, validate

if TYPE_CHECKING:
    from .baseline import Baseline
    from .parallel import Shard


class RunError(ValueError):
    """A request that cannot run (unknown rule, bad target, configuration or baseline); one line."""


class NoModels(RunError):
    """A path (a folder) under which there is no .mlmodel or .mlpackage: most often a typo in a CI path."""


class Request(NamedTuple):
    """What to lint and how: the command line's options, or :func:`mllint.lint`'s arguments."""

    paths: tuple[str, ...]
    select: tuple[str, ...] | None = None  # None: the configuration's selection, else every rule
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    target: str | None = None  # "iOS16"; None: the configuration's
    chip: str | None = None  # "M1"; None: the configuration's, else the estimate's assumed chip
    fail_on: str | None = None  # error, warning, info, never; None: the configuration's, else warning
    config: str | None = None  # one configuration file for every model
    isolated: bool = False  # read no configuration file
    jobs: int = 1
    shard: Shard | None = None
    baseline: str | None = None  # hide the findings this file records (record them if it is missing)
    allow_empty: bool = True  # False (the command line without --allow-empty): a folder without models is NoModels


class Outcome:
    """A run's report, and whether it fails."""

    def __init__(self, report: Report, failed: bool, recorded: Baseline | None = None):
        self.report = report
        self.failed = failed  # a finding at or above its model's fail-on, or a crashed rule
        self.recorded = recorded  # the baseline this run wrote (``Request.baseline`` did not exist)

    @property
    def crashed(self) -> bool:
        """A rule or plugin crashed (ML900): the report is incomplete, and the run fails whatever the options."""
        return any(d.code in NEVER_HIDDEN for d in self.report.diagnostics)


def run(request: Request, linter: Linter | None = None, prepare: Prepare | None = None) -> Outcome:
    """Lint what ``request`` names. Raises :class:`RunError`, and ``PathNotFound`` for a missing path."""
    linter = linter or Linter.create()
    planner = _planner(request, linter)
    artifacts = resolve(request.paths)
    if not request.allow_empty and (empty := paths_without_models(request.paths, artifacts)):
        raise NoModels(f"no .mlmodel or .mlpackage under {', '.join(empty)}")
    if request.shard is not None:
        artifacts = request.shard.select(artifacts)
    return run_on(request, artifacts, linter, prepare, planner)


def run_on(
    request: Request,
    artifacts: Sequence[Artifact],
    linter: Linter,
    prepare: Prepare | None = None,
    planner: Planner | None = None,
) -> Outcome:
    """:func:`run` on models already found (``request.paths`` is not read): for ``mllint fix``, ``diff``
    and ``show`` (:mod:`mllint.linted`), which name one model, or a spec file inside a package on its own."""
    planner = planner or _planner(request, linter)
    try:
        plans = [planner.plan(artifact) for artifact in artifacts]
    except ConfigError as error:
        raise RunError(str(error)) from None
    report = linter.lint_planned(artifacts, plans, request.jobs, prepare)
    recorded = _apply_baseline(report, request.baseline) if request.baseline is not None else None
    outcome = Outcome(report, False, recorded)
    outcome.failed = outcome.crashed or any(fails(m.diagnostics, p.fail_on) for m, p in zip(report.models, plans))
    return outcome


def _planner(request: Request, linter: Linter) -> Planner:
    try:
        return Planner(linter.registry.rules, _command_line(request, linter), request.config, request.isolated)
    except ConfigError as error:
        raise RunError(str(error)) from None


def _command_line(request: Request, linter: Linter) -> CommandLine:
    """The request's selectors (checked against the known rules) and target, to layer over each configuration."""
    select = split_selectors(request.select or ())
    ignore = split_selectors(request.ignore)
    extend_select = split_selectors(request.extend_select)
    try:
        validate([*select, *ignore, *extend_select], linter.registry.rules)
        target = parse_target(request.target) if request.target is not None else None
        chip = _chip(request.chip)
    except (UnknownSelector, ValueError) as error:
        raise RunError(str(error)) from None
    return CommandLine(
        select=tuple(select) or None,
        ignore=tuple(ignore),
        extend_select=tuple(extend_select),
        fail_on=request.fail_on,
        target=target,
        chip=chip,
    )


def _chip(name: str | None) -> str | None:
    """``--chip``: a chip of mllint.knowledge.chips, case-insensitive; ValueError names the known ones."""
    if name is None:
        return None
    from .knowledge.chips import CHIPS_BY_NAME

    if name.upper() not in CHIPS_BY_NAME:
        raise ValueError(f"unknown chip {name!r} (known: {', '.join(CHIPS_BY_NAME)})")
    return name.upper()


def _apply_baseline(report: Report, file: str) -> Baseline | None:
    """Record the findings if ``file`` is new (returned), then hide the recorded ones from ``report``."""
    from .baseline import BaselineError, read_baseline, write_baseline  # only with --baseline

    recorded = None
    try:
        if os.path.lexists(file):
            known = read_baseline(file)
        else:
            known = recorded = write_baseline(file, [d for d in report.diagnostics if d.code not in NEVER_HIDDEN])
    except BaselineError as error:
        raise RunError(str(error)) from None
    known.hide_known(report)
    return recorded
