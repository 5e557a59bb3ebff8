"""Which rules run: ``--select`` / ``--ignore`` by code, code prefix or name.

Like flake8's decision engine and ruff: the most specific selector wins
(a full code or a name beats ``ML2``, which beats ``ML``); on a tie, ignore wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .rule import Rule

PREFIX_PATTERN = re.compile(r"^ML\d{0,3}$")
ALL = "ALL"


class UnknownSelector(ValueError):
    """A selector that names no rule, code prefix or family."""


def split_selectors(values: Iterable[str]) -> list[str]:
    """``["ML1,ML2", "float16-before-ios16"]`` -> three selectors."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _specificity(selector: str, rule: Rule) -> int | None:
    """How precisely ``selector`` names ``rule`` (higher is more specific), or None."""
    if selector == ALL:
        return 0
    if selector.lower() == rule.name:
        return 10
    upper = selector.upper()
    if PREFIX_PATTERN.match(upper) and rule.code.startswith(upper):
        return len(upper)
    return None


def validate(selectors: Sequence[str], rules: Sequence[Rule]) -> None:
    """Raise :class:`UnknownSelector` for a selector that matches nothing known."""
    for selector in selectors:
        if selector == ALL:
            continue
        if any(_specificity(selector, rule) is not None for rule in rules):
            continue
        if PREFIX_PATTERN.match(selector.upper()) and len(selector) <= 3:
            continue  # a family with no rules yet, e.g. ML8
        raise UnknownSelector(f"unknown rule code, prefix or name: {selector!r}")


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = (ALL,)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()

    def enabled(self, rule: Rule) -> bool:
        chosen = [s for s in (*self.select, *self.extend_select) if _specificity(s, rule) is not None]
        if not chosen:
            return False
        best_select = max(_specificity(s, rule) or 0 for s in chosen)
        dropped = [_specificity(s, rule) for s in self.ignore]
        best_ignore = max((d for d in dropped if d is not None), default=-1)
        return best_select > best_ignore

    def filter(self, rules: Iterable[Rule]) -> tuple[Rule, ...]:
        return tuple(rule for rule in rules if self.enabled(rule))
