"""ML503 missing-license: the model does not state its licence."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .metadata_fields import missing_field


@model_rule(
    code="ML503",
    default_enabled=False,  # off unless selected by code, prefix or name (see mllint.selection)
    name="missing-license",
    severity="info",
    summary="The model does not state its licence.",
    why="""
        A model file travels without its repository; `metadata.license` is how whoever ships it in
        an app learns the terms (Xcode shows it). Weights trained on licensed data or derived from
        a licensed architecture often come with conditions.
    """,
    fix='Set `model.license = "MIT"` (or the real terms) before saving.',
    evidence="apple-statement",
    fixer="fill-metadata",
    fix_applicability="unsafe",
    sources=("coremltools Model.proto: Metadata.license",),
)
def missing_license(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.license`; a placeholder such as "Unspecified" (what
    Create ML writes) counts as missing.

    Example: CatBoost's Core ML export sets author and description but leaves the licence empty.
    """
    yield from missing_field(model, "license", "licence")
