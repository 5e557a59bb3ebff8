"""ML108 multifunction-before-ios18: an ML program uses multi-function syntax below spec version 9 (iOS
18).
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_order import DESCRIPTION, MULTI_FUNCTION_VERSION, step
from .validator_text import INTERFACE_SOURCE, uses_functions, where


@model_rule(
    code="ML108",
    name="multifunction-before-ios18",
    severity="error",
    summary="An ML program uses multi-function syntax below spec version 9 (iOS 18).",
    why="""
        Several functions in one model (`description.functions`, `defaultFunctionName`) exist only
        from specification version 9. Core ML's validator refuses the syntax in a lower version.
    """,
    fix="Save the multi-function model with `specificationVersion` 9 or later (ct.target.iOS18).",
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(f"{INTERFACE_SOURCE} validateMultiFunctionDescription",),
)
def multifunction_before_ios18(model: Model) -> Iterator[Finding]:
    """Looks at models that declare functions or a default function name (and may: ML programs)
    and compares their version with 9.

    Example: an ML program at version 8 with functions `main` and `decode`.
    """
    needed = mf.MULTI_FUNCTION.min_version
    if uses_functions(model) and model.type in mf.MULTI_FUNCTION_TYPES and model.spec_version < needed:
        yield Finding(
            f"Multi-function syntax is only valid in specification verison >= {needed}. "
            f"This model has version {model.spec_version}{where(model)}",
            location=model.location("functions"),
            order=step(model, DESCRIPTION, MULTI_FUNCTION_VERSION),
        )
