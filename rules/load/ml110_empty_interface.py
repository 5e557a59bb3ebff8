"""ML110 empty-interface: a model (or function) with no inputs (allowed only from spec 9, and only for
some types) or no outputs.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_order import DESCRIPTION, FEATURES, NO_INPUTS, NO_OUTPUTS, step
from .validator_text import MODEL_SOURCE, VALIDATORS_SOURCE, interface_sets, where


@model_rule(
    code="ML110",
    name="empty-interface",
    severity="error",
    summary="A model (or function) with no inputs (allowed only from spec 9, and only for some types) or no outputs.",
    why="""
        Core ML's validator refuses a model without outputs, and a model without inputs unless
        it is a neural network, pipeline or ML program at specification version 9 (iOS 18) or
        later. In a multi-function model each function is checked.
    """,
    fix="""
        Give the model an input (a dummy scalar if needed) or convert with
        `minimum_deployment_target=ct.target.iOS18`; declare every output the model produces.
    """,
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(f"{VALIDATORS_SOURCE} validateFeatureDescriptions", f"{MODEL_SOURCE} modelTypeAllowsEmptyInput"),
)
def empty_interface(model: Model) -> Iterator[Finding]:
    """Looks at the input and output lists of the model description, or of each function of a
    multi-function model.

    Example: a constant-producing ML program with no inputs at version 8.
    """
    for function_index, (location, inputs, outputs) in enumerate(interface_sets(model)):
        no_inputs = step(model, DESCRIPTION, FEATURES, function_index, NO_INPUTS)
        if not inputs:
            if model.type not in mf.EMPTY_INPUT_TYPES:
                yield Finding(
                    f"Models must have one or more inputs.{where(model)}",
                    location=location,
                    order=no_inputs,
                    fixable=False,
                )
            elif model.spec_version < mf.EMPTY_INPUT.min_version:
                yield Finding(
                    f"Empty input is only valid in specification verison >= {mf.EMPTY_INPUT.min_version}. "
                    f"This model has version {model.spec_version}{where(model)}",
                    location=location,
                    order=no_inputs,
                )
        if not outputs:
            yield Finding(
                f"Models must have one or more outputs.{where(model)}",
                location=location,
                order=step(model, DESCRIPTION, FEATURES, function_index, NO_OUTPUTS),
                fixable=False,
            )
