"""Every plugin's ``mllint_model_facts`` for one model, each call isolated like a rule's."""

from __future__ import annotations

import time
from typing import Any, Callable, Mapping, cast

import pluggy

from .engine_rules import RULE_CRASHED, RULE_TIME_BUDGET, RULE_TIMEOUT
from .loader import LoadedModel
from .rule import DEFAULT_CONTEXT, Rule, RunContext
from .watchdog import RuleTimeout, Watchdog

FactsHook = Callable[[LoadedModel], dict[str, Any]]


class FactsClock:
    """The watchdog's view of one ``mllint_model_facts`` call: running since ``start``, stopped past ``budget``."""

    def __init__(self, budget: float):
        self.budget = budget
        self.start: float | None = None

    def over_budget_now(self) -> bool:
        return self.start is not None and time.perf_counter() - self.start > self.budget


def collect_facts(
    manager: pluggy.PluginManager | None,
    loaded: LoadedModel,
    budget: float = RULE_TIME_BUDGET,
    context: RunContext = DEFAULT_CONTEXT,
) -> tuple[dict[str, Any], list[tuple[Rule, str]]]:
    """Merge every plugin's ``mllint_model_facts``; return the facts and (ML900 or ML901, message) per failure.

    Each plugin's call is isolated like a rule's: an error, facts that are not a JSON object (reporters
    must write them) or a call past the time budget drop that plugin's facts, not the report.
    """
    import json

    facts: dict[str, Any] = {}
    errors: list[tuple[Rule, str]] = []
    if manager is None:
        return facts, errors
    clock = FactsClock(budget)
    with Watchdog(clock):
        for impl in manager.hook.mllint_model_facts.get_hookimpls():
            try:
                clock.start = time.perf_counter()
                arguments = {"model": loaded, "context": context}  # an impl takes the ones it names
                provided = cast(  # mllint_model_facts
                    "Mapping[str, Any] | None", impl.function(**{name: arguments[name] for name in impl.argnames})
                )
                clock.start = None
                value = dict(provided) if provided else {}
                json.dumps(value)  # the JSON and SARIF reporters write facts as they are
                facts.update(value)
            except RuleTimeout:
                clock.start = None
                errors.append(
                    (
                        RULE_TIMEOUT,
                        f"plugin {impl.plugin_name} took more than {budget:g} s to compute "
                        "facts for this model and was interrupted; its facts are missing",
                    )
                )
            except (Exception, SystemExit) as error:  # noqa: BLE001
                clock.start = None
                errors.append(
                    (
                        RULE_CRASHED,
                        f"plugin {impl.plugin_name} failed to compute facts: {type(error).__name__}: {error}",
                    )
                )
    return facts, errors
