"""Which rules run: ``--select`` / ``--ignore`` by code, code prefix or name.

Like flake8's decision engine and ruff: the most specific selector wins
(a full code or a name beats ``ML2``, which beats ``ML``); on a tie, ignore wins.
This is the one place that decides whether a selector names a rule: the
command line, the configuration (its layers, per-path ignores and per-rule
options) and in-model suppressions all ask :func:`specificity`.

``ALL`` (the default) is every rule except those declared ``default_enabled=False``
(the metadata infos ML501-ML504): like ruff's preview rules, which ``ALL`` leaves out,
they run only when a selector names them, by code (``ML501``), prefix (``ML5``, ``ML``)
or name, in ``select`` or ``extend-select``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .rule import Rule

PREFIX_PATTERN = re.compile(r"^[A-Z]{1,3}\d{0,3}$")  # a code or its start: ML, ML2, ABC1 (mllint.rule.CODE_PATTERN)
ALL = "ALL"
NAME_SPECIFICITY = 10  # a rule name is as specific as a selector gets (a full code is 5)


class UnknownSelector(ValueError):
    """A selector that names no rule, code prefix or family."""


def split_selectors(values: Iterable[str]) -> list[str]:
    """``["ML1,ML2", "float16-before-ios16"]`` -> three selectors."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def selector_rank(selector: str) -> int:
    """How specific a selector is, whatever it names: ``ALL`` 0, a prefix its length, a name 10."""
    if selector == ALL:
        return 0
    upper = selector.upper()
    return len(upper) if PREFIX_PATTERN.match(upper) else NAME_SPECIFICITY


def specificity(selector: str, code: str, name: str) -> int | None:
    """How precisely ``selector`` names the rule ``code``/``name`` (higher is more specific), or None."""
    if selector == ALL or selector.lower() == name:
        return selector_rank(selector)
    upper = selector.upper()
    if PREFIX_PATTERN.match(upper) and code.startswith(upper):
        return len(upper)
    return None


def names_rule(selector: str, code: str, name: str) -> bool:
    """Does a code, prefix or name select the rule ``code``/``name``?"""
    return specificity(selector, code, name) is not None


def validate(selectors: Sequence[str], rules: Sequence[Rule]) -> None:
    """Raise :class:`UnknownSelector` for a selector that matches nothing known."""
    for selector in selectors:
        if selector == ALL:
            continue
        if any(names_rule(selector, rule.code, rule.name) for rule in rules):
            continue
        if re.match(r"^ML\d?$", selector.upper()):
            continue  # a family with no rules yet, e.g. ML8
        raise UnknownSelector(f"unknown rule code, prefix or name: {selector!r}")


def decide(rule: Rule, enabling: Iterable[str], disabling: Iterable[str], otherwise: bool) -> bool:
    """The most specific selector naming ``rule`` decides (ignore wins a tie); ``otherwise`` if none names it.

    ``ALL`` does not enable a rule that is off by default (:attr:`~mllint.rule.Rule.default_enabled`).
    """
    enabling = [x for x in enabling if x != ALL or rule.default_enabled]
    best_enable = max(
        (s for s in (specificity(x, rule.code, rule.name) for x in enabling) if s is not None), default=-1
    )
    best_ignore = max(
        (s for s in (specificity(x, rule.code, rule.name) for x in disabling) if s is not None), default=-1
    )
    if best_enable < 0 and best_ignore < 0:
        return otherwise
    return best_enable > best_ignore


class Selection(NamedTuple):
    """One set of select / ignore / extend-select: the rules it enables, starting from none."""

    select: tuple[str, ...] = (ALL,)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()

    def enabled(self, rule: Rule) -> bool:
        return decide(rule, (*self.select, *self.extend_select), self.ignore, otherwise=False)

    def filter(self, rules: Iterable[Rule]) -> tuple[Rule, ...]:
        return tuple(rule for rule in rules if self.enabled(rule))


class Layer(NamedTuple):
    """One source of select/ignore: the configuration, the command line, per-path ignores.

    A layer with ``select`` starts over; one without changes only the rules
    its ``ignore`` and ``extend_select`` name (the most specific selector
    wins, and ignore wins a tie), as ruff layers its configuration and CLI.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()

    def decide(self, rule: Rule, before: bool) -> bool:
        if self.select is not None:
            return Selection(self.select, self.ignore, self.extend_select).enabled(rule)
        return decide(rule, self.extend_select, self.ignore, otherwise=before)


class LayeredSelection(NamedTuple):
    """The rules enabled for one model: every rule, then each layer in turn."""

    layers: tuple[Layer, ...]

    def enabled(self, rule: Rule) -> bool:
        state = True
        for layer in self.layers:
            state = layer.decide(rule, state)
        return state

    def filter(self, rules: Iterable[Rule]) -> tuple[Rule, ...]:
        return tuple(rule for rule in rules if self.enabled(rule))
