"""Configuration: ``[tool.mllint]`` in ``pyproject.toml``, or ``mllint.toml``, per model.

Like ruff, mllint looks for its configuration next to each model it lints,
walking up from the model's folder; the nearest folder with a configuration
wins, and in one folder ``mllint.toml`` beats ``pyproject.toml`` (a
``pyproject.toml`` without a ``[tool.mllint]`` table does not count)::

    [tool.mllint]                      # in mllint.toml: the same keys at top level
    select = ["ALL"]                   # codes, prefixes (ML2) or names
    ignore = ["ML5"]
    extend-select = ["ML910"]
    per-path-ignores = {"legacy/**" = ["ML2"]}   # .gitignore-style globs, relative to this file's folder
    fail-on = "error"                  # error, warning, info or never
    target = "iOS16"                   # the deployment target rules judge against

    [tool.mllint.rules.ML901]          # per-rule options, by code or name
    seconds = 60

Options given on the command line beat the configuration: ``--select``
replaces the configured selection, ``--ignore`` and ``--extend-select`` apply on
top of it, ``--fail-on`` and ``--target`` replace it. Per-path ignores apply
last, whatever the command line selects. ``--config FILE`` uses one file for
every model; ``--isolated`` reads none.

This module reads and checks one file; :mod:`mllint.planning` finds each
model's file and makes its plan.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Sequence

from .knowledge.spec_versions import parse_target
from .rule import Rule
from .selection import (
    ALL,
    Selection,
    UnknownSelector,
    selector_rank,
    split_selectors,
    validate,
)

if TYPE_CHECKING:
    import pathspec

MLLINT_TOML = "mllint.toml"
PYPROJECT_TOML = "pyproject.toml"
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
DEFAULT_FAIL_ON = "warning"
KNOWN_KEYS = ("select", "ignore", "extend-select", "per-path-ignores", "fail-on", "target", "chip", "rules")


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message is one line naming the file and key."""


# --------------------------------------------------------------------------- globs


class PathIgnore(NamedTuple):
    """``"legacy/**" = ["ML2"]``: rules not run on models whose path matches the glob.

    The glob is a ``.gitignore`` line (matched by ``pathspec``), relative to the
    configuration's folder: ``*`` and ``?`` stay within one folder, ``**``
    crosses folders, a glob with no ``/`` but at its end (``*.mlmodel``,
    ``legacy``) matches at any depth, and a matching folder covers everything in it.
    """

    glob: str
    selectors: tuple[str, ...]

    def matches(self, relative: str) -> bool:
        """Does the glob match this model (its path relative to the config's folder, with '/')?"""
        return _gitignore_spec(self.glob).match_file(relative)


@cache
def _gitignore_spec(glob: str) -> pathspec.GitIgnoreSpec:
    import pathspec  # only for a configuration with per-path ignores

    text = glob.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return pathspec.GitIgnoreSpec.from_lines([text or "**"])


# --------------------------------------------------------------------------- one file


class Config(NamedTuple):
    """One configuration file, validated against the rules that exist."""

    file: Path  # absolute
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_path_ignores: tuple[PathIgnore, ...] = ()
    fail_on: str | None = None
    target: int | None = None
    chip: str | None = None  # the Neural Engine caps to apply (mllint.knowledge.chips)
    rule_options: Mapping[str, Mapping[str, Any]] = MappingProxyType({})

    @property
    def folder(self) -> Path:
        return self.file.parent

    def ignored_for(self, model: Path) -> tuple[str, ...]:
        """The per-path ignores that apply to the model at ``model`` (absolute)."""
        try:
            relative = model.relative_to(self.folder).as_posix()
        except ValueError:
            return ()  # a model outside this file's folder (--config elsewhere): no glob applies
        return tuple(s for entry in self.per_path_ignores if entry.matches(relative) for s in entry.selectors)


def shown(path: Path) -> str:
    """How a config file is named in messages: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def read_toml(path: Path) -> dict[str, Any]:
    # Imported here: most runs find no configuration file and never parse TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown(path)}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{shown(path)}: cannot read: {error.strerror or error}") from None


# ``mllint`` as a TOML key: bare or quoted, then a dot, ``=`` or ``]`` ([tool.mllint], tool.mllint.x = ...,
# mllint = {...} under [tool], tool = {mllint = ...}). A project that only depends on mllint has no such key.
_MLLINT_KEY = re.compile(rb"""(?<![\w-])["']?mllint["']?[ \t]*[.=\]]""")


def mentions_mllint(pyproject: Path) -> bool:
    """Whether a pyproject.toml can hold a ``tool.mllint`` table at all: one without the key is not parsed."""
    try:
        with open(pyproject, "rb") as handle:
            return _MLLINT_KEY.search(handle.read()) is not None
    except OSError:
        return True  # let read_toml report it


def mllint_table(path: Path, document: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The mllint settings in a parsed file: ``[tool.mllint]`` of a pyproject.toml, else the top level."""
    if path.name == PYPROJECT_TOML:
        tool = document.get("tool")
        table = tool.get("mllint") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{shown(path)}: tool.mllint: must be a table")
        return table
    return document


class _Reader:
    """Validates one file's settings, raising ConfigError with the file and key."""

    def __init__(self, path: Path, rules: Sequence[Rule]):
        self.path = path
        self.rules = rules
        self.prefix = "tool.mllint." if path.name == PYPROJECT_TOML else ""

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{shown(self.path)}: {self.prefix}{key}: {problem}")

    def selectors(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, 'must be a list of rule codes, prefixes or names, e.g. ["ML2", "ML501"]')
        found = split_selectors(value)
        for selector in found:
            try:
                validate([selector], self.rules)
            except UnknownSelector as error:
                raise self.fail(key, str(error)) from None
        return tuple(found)

    def read(self, table: Mapping[str, Any]) -> Config:
        for key in table:
            if key not in KNOWN_KEYS:
                hint = ""
                if self.prefix == "" and key == "tool":
                    hint = " (mllint.toml takes the keys at top level, without [tool.mllint])"
                else:
                    import difflib

                    close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(KNOWN_KEYS)})"
                raise self.fail(key, f"unknown key{hint}")
        select = self.selectors("select", table["select"]) if "select" in table else None
        return Config(
            file=self.path,
            select=select,
            ignore=self.selectors("ignore", table.get("ignore", [])),
            extend_select=self.selectors("extend-select", table.get("extend-select", [])),
            per_path_ignores=self.per_path_ignores(table.get("per-path-ignores", {})),
            fail_on=self.fail_on(table.get("fail-on")),
            target=self.target(table.get("target")),
            chip=self.chip(table.get("chip")),
            rule_options=self.rule_options(table.get("rules", {})),
        )

    def per_path_ignores(self, value: Any) -> tuple[PathIgnore, ...]:
        if not isinstance(value, dict):
            raise self.fail("per-path-ignores", 'must be a table of glob = [rules], e.g. {"legacy/**" = ["ML2"]}')
        found = []
        for glob, selectors in value.items():
            key = f'per-path-ignores."{glob}"'
            if not glob.strip():
                raise self.fail(key, "the glob is empty")
            if glob.strip().startswith(("!", "#")):
                raise self.fail(key, "a glob names the models to skip; '!' and '#' lines of .gitignore do not apply")
            found.append(PathIgnore(glob, self.selectors(key, selectors)))
        return tuple(found)

    def fail_on(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or value.strip().lower() not in FAIL_ON_CHOICES:
            raise self.fail("fail-on", f"must be one of {', '.join(FAIL_ON_CHOICES)}, not {value!r}")
        return value.strip().lower()

    def chip(self, value: Any) -> str | None:
        if value is None:
            return None
        from .knowledge.chips import CHIPS_BY_NAME

        if not isinstance(value, str) or value.upper() not in CHIPS_BY_NAME:
            raise self.fail("chip", f"must be one of {', '.join(CHIPS_BY_NAME)}, not {value!r}")
        return value.upper()

    def target(self, value: Any) -> int | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail("target", f'must be a deployment target name such as "iOS16", not {value!r}')
        try:
            return parse_target(value)
        except ValueError as error:
            raise self.fail("target", str(error)) from None

    def rule_options(self, value: Any) -> Mapping[str, Mapping[str, Any]]:
        """``[rules.<code, prefix or name>]`` tables, keyed by rule code; the most specific key wins.

        Each key must be an option a matched rule declares (:class:`mllint.rule.Option`), and its
        value of that option's type; a prefix's table sets an option on the rules that declare it.
        """
        if not isinstance(value, dict):
            raise self.fail("rules", "must be a table of [rules.<code or name>] tables")
        merged: dict[str, dict[str, Any]] = {}
        for selector in sorted(value, key=_specificity_order):
            options = value[selector]
            key = f"rules.{selector}"
            if not isinstance(options, dict):
                raise self.fail(key, "must be a table of options, e.g. [tool.mllint.rules.ML901] seconds = 60")
            matched = [r for r in self.rules if Selection((selector,)).enabled(r)] if selector != ALL else []
            if not matched:
                raise self.fail(key, f"unknown rule code, prefix or name: {selector!r}")
            for rule, values in self.option_values(selector, matched, options).items():
                merged.setdefault(rule, {}).update(values)
        return MappingProxyType({code: MappingProxyType(opts) for code, opts in merged.items()})

    def option_values(
        self, selector: str, matched: Sequence[Rule], options: Mapping[str, Any]
    ) -> dict[str, dict[str, Any]]:
        """The options of one ``[rules.<selector>]`` table, by the code of each rule that declares them."""
        table = f"[{self.prefix}rules.{selector}]"
        declared = sorted({option.name for rule in matched for option in rule.options})
        values: dict[str, dict[str, Any]] = {}
        for name, given in options.items():
            owners = [(rule, option) for rule in matched for option in rule.options if option.name == name]
            if not owners:
                takes = _takes(selector, matched, declared)
                raise ConfigError(f"{shown(self.path)}: {table} {name}: unknown option ({takes})")
            for rule, option in owners:
                try:
                    values.setdefault(rule.code, {})[name] = option.parse(given)
                except ValueError as error:
                    raise ConfigError(f"{shown(self.path)}: {table} {name}: {error}") from None
        return values


def _takes(selector: str, matched: Sequence[Rule], declared: Sequence[str]) -> str:
    """``ML406 takes: min_bytes``, ``ML9 rules take: seconds``, ``ML900 takes no options``."""
    verb = "rules take" if len(matched) > 1 else "takes"
    return f"{selector} {verb}: {', '.join(declared)}" if declared else f"{selector} {verb} no options"


def _specificity_order(selector: str) -> int:
    """Prefixes before codes before names, shorter prefixes first: later keys override earlier ones."""
    return selector_rank(selector)


def load_config(path: Path, rules: Sequence[Rule]) -> Config:
    """Read and validate one configuration file (``--config`` or one found next to a model)."""
    path = Path(os.path.abspath(path))
    if not path.is_file():
        raise ConfigError(f"config file not found: {shown(path)}")
    table = mllint_table(path, read_toml(path))
    if table is None:
        raise ConfigError(f"{shown(path)}: has no [tool.mllint] table")
    return _Reader(path, rules).read(table)
