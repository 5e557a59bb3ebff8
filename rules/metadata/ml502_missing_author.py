"""ML502 missing-author: the model does not name its author."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .metadata_fields import missing_field


@model_rule(
    code="ML502",
    default_enabled=False,  # off unless selected by code, prefix or name (see mllint.selection)
    name="missing-author",
    severity="info",
    summary="The model does not name its author.",
    why="""
        `metadata.author` is the one place a model file says who made it and whom to ask about it;
        Xcode shows it on the model's page.
    """,
    fix='Set `model.author = "Team or person"` (coremltools) before saving.',
    evidence="apple-statement",
    fixer="fill-metadata",
    fix_applicability="unsafe",
    sources=("coremltools Model.proto: Metadata.author",),
)
def missing_author(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.author`.

    Example: a model saved straight from `ct.convert(...)`, which fills in only the
    coremltools version keys of `metadata.userDefined`.
    """
    yield from missing_field(model, "author", "author")
