"""The plugin manager: built-in rules and reporters and third-party plugins alike.

Plugins are found through the ``mllint`` entry-point group with
``importlib.metadata``, cached between runs (:mod:`mllint.entry_points`;
``mllint --version`` never reads them). Every rule code starts with its plugin's prefix;
``ML`` belongs to mllint's own distribution (:data:`mllint.rule.RESERVED_PREFIX`),
whose rules are registered through the same group.
"""

from __future__ import annotations

from dataclasses import replace
from types import FunctionType, MethodType, ModuleType
from typing import Any, Iterable, NamedTuple, cast

import pluggy

from . import engine_rules, hookspecs
from .entry_points import entry_points
from .reporting import ReporterSpec
from .rule import BUILTIN_DISTRIBUTION, RESERVED_PREFIX, Rule

ENTRY_POINT_GROUP = "mllint"


class PluginError(Exception):
    """Plugins clash (a code, rule name, entry point or format twice), one uses the ML prefix, or returns garbage."""


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering which distribution each entry-point plugin came from."""

    def __init__(self, project_name: str):
        super().__init__(project_name)
        self.distributions: dict[str, str] = {}  # entry-point plugin name -> its distribution's name

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
        """Register every plugin of ``group``; two distributions with one entry-point name are an error."""
        count = 0
        for entry_point in entry_points(group):
            distribution = entry_point.distribution
            if entry_point.name in self.distributions:
                raise PluginError(
                    f"entry point {group}:{entry_point.name} is provided by both "
                    f"{self.distributions[entry_point.name]} and {distribution}"
                )
            if self.is_blocked(entry_point.name):
                continue
            self.register(entry_point.load(), name=entry_point.name)
            self.distributions[entry_point.name] = distribution
            count += 1
        return count

    def may_use_reserved_prefix(self, plugin_name: str) -> bool:
        """Only mllint's own distribution may declare ``ML`` codes.

        Plugins handed to :func:`get_plugin_manager` in code (tests, the engine's own
        rules) come from no distribution: the caller chose them, they are not checked.
        """
        distribution = self.distributions.get(plugin_name)
        return distribution is None or distribution == BUILTIN_DISTRIBUTION


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
    """``coreml-lint:builtin-outputs``: the distribution and entry point, or the name it was registered under."""
    distribution = getattr(manager, "distributions", {}).get(impl.plugin_name)
    return f"{distribution}:{impl.plugin_name}" if distribution else impl.plugin_name


def collect(manager: pluggy.PluginManager) -> Registry:
    """Ask every plugin for its rules and reporters; refuse clashing codes and names, and ``ML`` codes from others."""
    rules: list[Rule] = []
    owner: dict[str, str] = {}
    for impl in manager.hook.mllint_rules.get_hookimpls():
        name = _plugin_name(manager, impl)
        provided = cast("Iterable[object]", impl.function() or ())
        reserved_allowed = not isinstance(manager, PluginManager) or manager.may_use_reserved_prefix(impl.plugin_name)
        for rule in provided:
            if not isinstance(rule, Rule):
                raise PluginError(f"plugin {name} returned {type(rule).__name__} from mllint_rules, not a Rule")
            if rule.code.startswith(RESERVED_PREFIX) and not reserved_allowed:
                raise PluginError(
                    f"plugin {name}: rule {rule.code} uses the prefix {RESERVED_PREFIX}, reserved to mllint's own "
                    "rules; give the plugin's rules a prefix of their own (letters then digits, e.g. ABC123)"
                )
            for key in (rule.code, rule.name):
                if key in owner:
                    raise PluginError(f"rule {key} is provided by both {owner[key]} and {name}")
                owner[key] = name
            rules.append(replace(rule, plugin=name))
    reporters: dict[str, ReporterSpec] = {}
    format_owner: dict[str, str] = {}
    for impl in manager.hook.mllint_reporters.get_hookimpls():
        name = _plugin_name(manager, impl)
        for spec in cast("Iterable[ReporterSpec]", impl.function() or ()):
            if spec.name in reporters:
                raise PluginError(
                    f"output format {spec.name!r} is provided by both {format_owner[spec.name]} and {name}"
                )
            reporters[spec.name] = spec
            format_owner[spec.name] = name
    rules.sort(key=lambda r: r.code)
    return Registry(tuple(rules), reporters)
