"""ML147 model-type-unset: a pipeline's sub-model that names no model type."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_order import TYPE, step
from .validator_text import MODEL_SOURCE, where


@model_rule(
    code="ML147",
    name="model-type-unset",
    severity="error",
    summary="A pipeline's sub-model whose spec sets none of the model types (or one this version of the format "
    "does not know).",
    why="""
        Core ML validates each model of a pipeline on its own (Model::validate), and after its interface
        it dispatches on the model type: a model that sets none of the known types gets "Model did not
        specify a valid model-parameter type." and the whole pipeline is refused. (A top-level model
        without a type is unreadable: ML000.)
    """,
    fix="""
        Put the sub-model's parameters back (a hand-built pipeline often adds an empty `models` entry), or
        remove the empty model from the pipeline.
    """,
    evidence="validator",
    sources=(f"{MODEL_SOURCE} Model::validate (MLModelType_NOT_SET)",),
)
def model_type_unset(model: Model) -> Iterator[Finding]:
    """Looks at every sub-model of a pipeline for a spec with no model type.

    Example: a pipeline whose `models[1]` has a description but no parameters.
    """
    if model.parent is not None and model.type is None:
        yield Finding(
            "Model did not specify a valid model-parameter type." + where(model),
            location=model.path,
            order=step(model, TYPE),
        )
