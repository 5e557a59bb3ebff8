"""ML109 multifunction-description-invalid: a multi-function description Core ML refuses: wrong model
type, top-level features, or an unknown default function.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_order import DEFAULT_FUNCTION, DESCRIPTION, MULTI_FUNCTION_UNSUPPORTED, TOP_LEVEL_NOT_EMPTY, step
from .validator_text import INTERFACE_SOURCE, uses_functions, where

# ModelDescription field, how the validator names it, where mllint reports it.
_TOP_LEVEL_FIELDS = (
    ("input", "input feature description", "inputs"),
    ("output", "output feature description", "outputs"),
    ("state", "state feature description", "states"),
    ("predictedFeatureName", "predictedFeatureName field", ""),
    ("predictedProbabilitiesName", "predictedProbabilitiesName field", ""),
    ("trainingInput", "training input feature description", "training_inputs"),
)


@model_rule(
    code="ML109",
    name="multifunction-description-invalid",
    severity="error",
    summary="A multi-function description Core ML refuses: wrong model type, top-level features, or an unknown "
    "default function.",
    why="""
        Only ML programs may have several functions. A multi-function model describes its
        interface per function, so the top-level inputs, outputs, states, training inputs and
        predicted-feature names must be empty, and `defaultFunctionName` must name one of the
        functions. Core ML's validator refuses the model otherwise.
    """,
    fix="""
        Build multi-function models with `ct.utils.MultiFunctionDescriptor` and
        `ct.utils.save_multifunction`, which fill the per-function descriptions and the default
        function name.
    """,
    evidence="validator",
    sources=(f"{INTERFACE_SOURCE} validateModelLevelFeatureDescriptionsAreEmpty, validateMultiFunctionDescription",),
)
def multifunction_description_invalid(model: Model) -> Iterator[Finding]:
    """Looks at models that declare functions or a default function name: their type, the
    top-level description fields, and the default function name.

    Example: `defaultFunctionName: "main"` with functions `prefill` and `decode`.
    """
    if not uses_functions(model):
        return
    description = model.proto.description
    for field, label, folder in _TOP_LEVEL_FIELDS:
        value = getattr(description, field)
        if value:  # a non-empty list or string
            yield Finding(
                f"Multi-function model must not use top level {label}.{where(model)}",
                location=model.location(folder),
                order=step(model, DESCRIPTION, TOP_LEVEL_NOT_EMPTY, _TOP_LEVEL_FIELDS.index((field, label, folder))),
            )
    if model.type not in mf.MULTI_FUNCTION_TYPES:
        yield Finding(
            f"This model type doesn't support multi-function syntax.{where(model)}",
            location=model.path,
            order=step(model, DESCRIPTION, MULTI_FUNCTION_UNSUPPORTED),
        )
        return
    names = [function.name for function in description.functions]
    if description.defaultFunctionName not in names:
        yield Finding(
            f"The default function name '{description.defaultFunctionName}' is not found in the function name "
            f"list: {','.join(names)}{where(model)}",
            location=model.location("functions"),
            order=step(model, DESCRIPTION, DEFAULT_FUNCTION),
        )
