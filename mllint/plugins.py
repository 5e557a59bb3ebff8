"""The plugin manager: built-in rules and reporters and third-party plugins alike.

Plugins are found through the ``mllint`` entry-point group, read straight from
each installed distribution's ``entry_points.txt`` (see
:func:`entry_points`): ``importlib.metadata`` and the e-mail parser it
imports cost more than the rest of a small model's lint.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import replace
from types import FunctionType, MethodType, ModuleType
from typing import Any, Iterable, Iterator, NamedTuple

import pluggy

from . import engine_rules, hookspecs
from .reporting import ReporterSpec
from .rule import Rule

ENTRY_POINT_GROUP = "mllint"


class PluginError(Exception):
    """Plugins disagree (duplicate codes) or one returned something unusable."""


class EntryPoint(NamedTuple):
    """One ``name = module[:attr]`` line of a distribution's ``entry_points.txt``."""

    name: str
    value: str
    metadata_dir: str  # the .dist-info / .egg-info folder it was read from

    def load(self) -> object:
        module_name, _, attrs = self.value.partition("[")[0].strip().partition(":")
        loaded: object = importlib.import_module(module_name.strip())
        for attr in filter(None, attrs.strip().split(".")):
            loaded = getattr(loaded, attr)
        return loaded

    @property
    def project_name(self) -> str:
        """The distribution's ``Name:`` (as ``importlib.metadata`` reports it), else its folder's name."""
        for file in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(self.metadata_dir, file), encoding="utf-8", errors="replace") as handle:
                    for line in handle:
                        if not line.strip():
                            break
                        if line.lower().startswith("name:"):
                            return line.split(":", 1)[1].strip()
            except OSError:
                continue
        return os.path.basename(self.metadata_dir).rsplit(".", 1)[0].split("-")[0]


def entry_points(group: str, paths: Iterable[str] | None = None) -> Iterator[EntryPoint]:
    """The entry points of ``group`` of every distribution on ``sys.path``, in path order.

    Like ``importlib.metadata.entry_points(group=...)`` for distributions
    installed as folders (``*.dist-info``, ``*.egg-info``), which is how pip
    installs, editable installs included; within one path entry folders are
    taken in name order so the result does not depend on the file system.
    """
    for entry in sys.path if paths is None else paths:
        folder = entry or "."
        try:
            names = sorted(os.listdir(folder))
        except OSError:  # a zip file, a missing folder
            continue
        for name in names:
            if not name.lower().endswith((".dist-info", ".egg-info")):
                continue
            metadata_dir = os.path.join(folder, name)
            try:
                with open(os.path.join(metadata_dir, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            yield from _parse_entry_points(text, group, metadata_dir)


def _parse_entry_points(text: str, group: str, metadata_dir: str) -> Iterator[EntryPoint]:
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            yield EntryPoint(name.strip(), value.strip(), metadata_dir)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering which distribution each entry-point plugin came from."""

    def __init__(self, project_name: str):
        super().__init__(project_name)
        self.distributions: dict[str, EntryPoint] = {}  # plugin name -> its entry point

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        """pluggy's own answer, after a quick refusal of a module's names that cannot be hooks.

        A plugin module's imports, classes and constants are most of its names;
        pluggy looks each up with ``inspect.getattr_static``. Only functions
        (plain, class or static methods, bound methods) can carry the marker.
        """
        if isinstance(plugin, ModuleType):
            value = plugin.__dict__.get(name)
            if not isinstance(value, (FunctionType, MethodType, classmethod, staticmethod)):
                return None
            if isinstance(value, FunctionType) and not hasattr(value, f"{self.project_name}_impl"):
                return None
        return super().parse_hookimpl_opts(plugin, name)

    def load_entry_points(self, group: str) -> int:
        """Register every plugin of ``group`` (the first of a name wins, as with pluggy's own loader)."""
        count = 0
        for entry_point in entry_points(group):
            if self.has_plugin(entry_point.name) or self.is_blocked(entry_point.name):
                continue
            self.register(entry_point.load(), name=entry_point.name)
            self.distributions[entry_point.name] = entry_point
            count += 1
        return count


def get_plugin_manager(plugins: Iterable[object] | None = None) -> PluginManager:
    """A manager with mllint's hookspecs.

    With ``plugins=None`` every plugin of the ``mllint`` entry-point group is
    loaded (mllint's own included); tests pass the plugins they want instead.
    """
    manager = PluginManager("mllint")
    manager.add_hookspecs(hookspecs)
    manager.register(engine_rules, name="mllint.engine")
    if plugins is None:
        manager.load_entry_points(ENTRY_POINT_GROUP)
    else:
        for plugin in plugins:
            manager.register(plugin)
    return manager


class Registry(NamedTuple):
    """Every rule and reporter the plugins provide, by code, name and format.

    (Named tuples, not dataclasses, here: both are built at every start, and a
    named tuple class costs a seventh of a frozen dataclass to create.)
    """

    rules: tuple[Rule, ...]
    reporters: dict[str, ReporterSpec]

    def rule(self, code_or_name: str) -> Rule | None:
        wanted = code_or_name.strip()
        for rule in self.rules:
            if rule.code == wanted.upper() or rule.name == wanted.lower():
                return rule
        return None


def _plugin_name(manager: pluggy.PluginManager, impl: pluggy.HookImpl) -> str:
    entry_point = getattr(manager, "distributions", {}).get(impl.plugin_name)
    if entry_point is not None:
        return f"{entry_point.project_name}:{impl.plugin_name}"
    for dist_plugin, dist in manager.list_plugin_distinfo():  # loaded with pluggy's own loader
        if dist_plugin is impl.plugin:
            return f"{dist.project_name}:{impl.plugin_name}"
    return impl.plugin_name


def collect(manager: pluggy.PluginManager) -> Registry:
    """Ask every plugin for its rules and reporters; refuse clashing codes."""
    rules: list[Rule] = []
    owner: dict[str, str] = {}
    for impl in manager.hook.mllint_rules.get_hookimpls():
        name = _plugin_name(manager, impl)
        provided = impl.function() or ()
        for rule in provided:
            if not isinstance(rule, Rule):
                raise PluginError(f"plugin {name} returned {type(rule).__name__} from mllint_rules, not a Rule")
            for key in (rule.code, rule.name):
                if key in owner:
                    raise PluginError(f"rule {key} is provided by both {owner[key]} and {name}")
                owner[key] = name
            rules.append(replace(rule, plugin=name))
    reporters: dict[str, ReporterSpec] = {}
    for impl in manager.hook.mllint_reporters.get_hookimpls():
        for spec in impl.function() or ():
            if spec.name in reporters:
                raise PluginError(f"output format {spec.name!r} is provided twice")
            reporters[spec.name] = spec
    rules.sort(key=lambda r: r.code)
    return Registry(tuple(rules), reporters)
