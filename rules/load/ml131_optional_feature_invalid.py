"""ML131 optional-feature-invalid: optional inputs or outputs that the model's type does not allow."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_interface import optional_error
from .validator_order import OPTIONAL, OPTIONAL_INPUTS, OPTIONAL_OUTPUTS, step
from .validator_text import INTERFACE_SOURCE, where


@model_rule(
    code="ML131",
    name="optional-feature-invalid",
    severity="error",
    summary="An optional output; an optional input of a model type that allows none; or a neural network "
    "whose inputs are all optional.",
    why="""
        Core ML's validator refuses optional outputs on every model, optional inputs on every model
        type but neural networks, ML programs, tree ensembles, imputers, item-similarity recommenders,
        identities and pipelines, and a neural network (or ML program) all of whose inputs are optional.
    """,
    fix="""
        Make outputs required; make inputs required unless the model type takes optional inputs;
        leave at least one input of a neural network required.
    """,
    evidence="validator",
    sources=(
        f"{INTERFACE_SOURCE} validateOptional, validateOptionalNN, validateOptionalGeneric, validateOptionalOutputs",
    ),
)
def optional_feature_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of validateOptional (its default-value half is ML105) on the model's description
    and reports its first complaint, on the feature that caused it.

    Example: a GLM regressor with an optional output `y` gets "Outputs cannot be optional."
    """
    found = optional_error(model.proto)
    if found is not None:
        complaint, name = found
        folder = "outputs" if complaint.check == "optional-output" else "inputs"
        stage = OPTIONAL_OUTPUTS if complaint.check == "optional-output" else OPTIONAL_INPUTS
        yield Finding(
            complaint.message + where(model), location=model.location(folder, name), order=step(model, OPTIONAL, stage)
        )
