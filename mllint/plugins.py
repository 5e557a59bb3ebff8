"""The plugin manager: built-in rules and reporters and third-party plugins alike."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

import pluggy

from . import engine_rules, hookspecs
from .reporting import ReporterSpec
from .rule import Rule

ENTRY_POINT_GROUP = "mllint"


class PluginError(Exception):
    """Plugins disagree (duplicate codes) or one returned something unusable."""


def get_plugin_manager(plugins: Iterable[object] | None = None) -> pluggy.PluginManager:
    """A manager with mllint's hookspecs.

    With ``plugins=None`` every plugin of the ``mllint`` entry-point group is
    loaded (mllint's own included); tests pass the plugins they want instead.
    """
    manager = pluggy.PluginManager("mllint")
    manager.add_hookspecs(hookspecs)
    manager.register(engine_rules, name="mllint.engine")
    if plugins is None:
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    else:
        for plugin in plugins:
            manager.register(plugin)
    return manager


@dataclass(frozen=True)
class Registry:
    """Every rule and reporter the plugins provide, by code, name and format."""

    rules: tuple[Rule, ...]
    reporters: dict[str, ReporterSpec]

    def rule(self, code_or_name: str) -> Rule | None:
        wanted = code_or_name.strip()
        for rule in self.rules:
            if rule.code == wanted.upper() or rule.name == wanted.lower():
                return rule
        return None


def _plugin_name(manager: pluggy.PluginManager, impl: pluggy.HookImpl) -> str:
    for dist_plugin, dist in manager.list_plugin_distinfo():
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
