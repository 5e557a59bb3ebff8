"""ML501 missing-description: the model has no short description."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .metadata_fields import missing_field


@model_rule(
    code="ML501",
    default_enabled=False,  # off unless selected by code, prefix or name (see mllint.selection)
    name="missing-description",
    severity="info",
    summary="The model has no short description.",
    why="""
        Xcode shows `metadata.shortDescription` on the model's page and in the generated class's
        documentation; without it a developer who finds the model in a project has to guess what it
        does.
    """,
    fix="""
        Set it before saving: `model.short_description = "Classifies ..."` (coremltools), or
        `spec.description.metadata.shortDescription`.
    """,
    evidence="apple-statement",
    sources=("coremltools Model.proto: Metadata.shortDescription", "coremltools MLModel.short_description"),
)
def missing_description(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.shortDescription` (a pipeline's sub-models are not
    checked: Xcode shows only the root's metadata).

    Example: every scikit-learn model converted with `ct.converters.sklearn.convert` and not
    given a description afterwards.
    """
    yield from missing_field(model, "shortDescription", "short description")
