"""The repairs ``mllint fix`` can apply, by name, in the order they run.

Which findings a fix repairs, and whether that repair is **safe** or **unsafe**
(ruff's applicability), is the rule's own metadata: a rule declares
``fixer="raise-spec-versions", fix_applicability="safe"`` next to its check
(:class:`mllint.rule.Rule`), so ``mllint rules``, ``mllint rule CODE``, the
text report and this command all read one declaration. This module holds only
the fixes themselves: a :class:`~mllint.fixing.fix.Fix` per
:data:`mllint.rule.FixerName`. :data:`FIXES` is the order fixes run in (the NMS
fix before the versions, which it changes).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from ..rule import Rule
from .fix import Fix
from .metadata import fill_metadata
from .nms_float32 import nms_arrays_to_float32
from .spec_versions import raise_spec_versions

NMS_FLOAT32 = Fix(
    "nms-float32",
    "Give the NMS model FLOAT32 arrays and make the step feeding it produce FLOAT32 (a cast in an ML program).",
    nms_arrays_to_float32,
)
SPEC_VERSIONS = Fix(
    "raise-spec-versions",
    "Raise the model's and each sub-model's specificationVersion to the lowest its features need; never lower one.",
    raise_spec_versions,
)
METADATA = Fix(
    "fill-metadata",
    "Set metadata author / license / versionString from --author, --license, --version-string.",
    fill_metadata,
)

FIXES: tuple[Fix, ...] = (NMS_FLOAT32, SPEC_VERSIONS, METADATA)
FIX_BY_NAME: dict[str, Fix] = {fix.name: fix for fix in FIXES}


def fixes_for(diagnostics: Sequence[Diagnostic], rules: Sequence[Rule]) -> list[tuple[Fix, list[Diagnostic]]]:
    """Each fix some diagnostic asks for, with those diagnostics, in the order fixes run.

    A diagnostic asks for its rule's fixer unless the rule said this case is not
    one the fixer repairs (``Finding(fixable=False)``: no ``fix_applicability``).
    The NMS fix also brings the version fix: an NMS model with FLOAT32 arrays
    below spec 5 only needs its version raised.
    """
    fixer_of = {rule.code: rule.fixer for rule in rules if rule.fixer is not None}
    wanted: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        fixer = fixer_of.get(diagnostic.code)
        if fixer is not None and diagnostic.fix_applicability is not None:
            wanted.setdefault(fixer, []).append(diagnostic)
    if NMS_FLOAT32.name in wanted:
        wanted.setdefault(SPEC_VERSIONS.name, []).extend(wanted[NMS_FLOAT32.name])
    return [(fix, wanted[fix.name]) for fix in FIXES if fix.name in wanted]


def fix_named(name: str) -> Fix:
    """The fix a rule's ``fixer`` names (every :data:`mllint.rule.FixerName` has one)."""
    return FIX_BY_NAME[name]
