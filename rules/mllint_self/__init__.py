"""ML9xx: about mllint's own run. One module per rule, named by its code and name."""

from __future__ import annotations

from collections.abc import Sequence

from mllint import Rule, hookimpl

from .ml910_unused_suppression import UNUSED_SUPPRESSION


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [UNUSED_SUPPRESSION]
