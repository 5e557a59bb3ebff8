"""Rule family module: filled in by its owner (see docs/writing-rules.md)."""

from __future__ import annotations

from typing import Sequence

from mllint import Rule, hookimpl


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return []
