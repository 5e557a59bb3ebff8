"""Each model's plan: its nearest configuration file, layered under the command line.

The :class:`Planner` walks up from each model's folder to the nearest
``mllint.toml`` or ``pyproject.toml`` with a ``[tool.mllint]`` table (cached
per folder, see :mod:`mllint.config` for the keys), then layers the command
line over it into a :class:`Plan`: the rules to run, their context, and the
severity that fails the run. Models with the same file and per-path ignores
share one plan.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple, Sequence

from .config import (
    DEFAULT_FAIL_ON,
    MLLINT_TOML,
    PYPROJECT_TOML,
    Config,
    ConfigError,
    load_config,
    mentions_mllint,
    mllint_table,
    read_toml,
)
from .diagnostics import Severity
from .discovery import Artifact
from .rule import Rule, RunContext
from .selection import ALL, Layer, LayeredSelection, Selection


class CommandLine(NamedTuple):
    """What the command line says; it beats every configuration file."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: str | None = None
    target: int | None = None
    chip: str | None = None


NO_COMMAND_LINE = CommandLine()  # nothing given on the command line

DEFAULT_PLAN_KEY: tuple[str, tuple[str, ...]] = ("", ())  # no configuration file, no per-path ignore


class Plan(NamedTuple):
    """How one model is linted: which rules, with what context, failing at what severity."""

    key: tuple[str, tuple[str, ...]]  # models with equal keys are linted as one group
    config: Config | None
    selection: Selection | LayeredSelection
    context: RunContext
    fail_on: Severity | None = Severity.WARNING  # None: never fail; the default is DEFAULT_FAIL_ON


class Planner:
    """Finds each model's configuration (cached per folder) and makes its plan."""

    def __init__(
        self,
        rules: Sequence[Rule],
        command_line: CommandLine = NO_COMMAND_LINE,
        config_file: str | os.PathLike[str] | None = None,
        isolated: bool = False,
    ):
        self.rules = rules
        self.command_line = command_line
        self.isolated = isolated
        self._folders: dict[Path, Path | None] = {}
        self._configs: dict[Path, Config] = {}
        self._plans: dict[tuple[str, tuple[str, ...]], Plan] = {}
        self.fixed: Config | None = None
        if config_file is not None:
            if isolated:
                raise ConfigError("--config and --isolated cannot be used together")
            self.fixed = load_config(Path(config_file), rules)

    # -- discovery
    def config_file_for(self, folder: Path) -> Path | None:
        """The nearest configuration file at or above ``folder``."""
        trail: list[Path] = []
        found: Path | None = None
        for candidate in (folder, *folder.parents):
            if candidate in self._folders:
                found = self._folders[candidate]
                break
            trail.append(candidate)
            found = self._config_in(candidate)
            if found is not None:
                break
        for visited in trail:
            self._folders[visited] = found
        return found

    def _config_in(self, folder: Path) -> Path | None:
        dedicated = folder / MLLINT_TOML
        if dedicated.is_file():
            return dedicated
        pyproject = folder / PYPROJECT_TOML
        if not pyproject.is_file() or not mentions_mllint(pyproject):
            return None
        if mllint_table(pyproject, read_toml(pyproject)) is not None:
            return pyproject
        return None

    def config_for(self, artifact: Artifact) -> Config | None:
        if self.isolated:
            return None
        if self.fixed is not None:
            return self.fixed
        file = self.config_file_for(Path(os.path.abspath(artifact.path)).parent)
        if file is None:
            return None
        if file not in self._configs:
            self._configs[file] = load_config(file, self.rules)
        return self._configs[file]

    # -- plans
    def plan(self, artifact: Artifact) -> Plan:
        config = self.config_for(artifact)
        ignored = config.ignored_for(Path(os.path.abspath(artifact.path))) if config else ()
        key = (str(config.file) if config else "", ignored)
        if key not in self._plans:
            self._plans[key] = self._make_plan(key, config, ignored)
        return self._plans[key]

    def _make_plan(self, key: tuple[str, tuple[str, ...]], config: Config | None, ignored: tuple[str, ...]) -> Plan:
        cli = self.command_line
        layers = [Layer(select=(ALL,))]
        if config is not None:
            layers.append(Layer(config.select, config.ignore, config.extend_select))
        layers.append(Layer(cli.select, cli.ignore, cli.extend_select))
        if ignored:
            layers.append(Layer(ignore=ignored))
        target = cli.target if cli.target is not None else (config.target if config else None)
        chip = cli.chip or (config.chip if config else None)
        options = config.rule_options if config else MappingProxyType({})
        fail_on = cli.fail_on or (config.fail_on if config else None) or DEFAULT_FAIL_ON
        return Plan(
            key=key,
            config=config,
            selection=LayeredSelection(tuple(layers)),
            context=RunContext(target=target, options=options, chip=chip),
            fail_on=None if fail_on == "never" else Severity.parse(fail_on),
        )
