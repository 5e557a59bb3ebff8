"""ML504 missing-version: the model has no version string."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .metadata_fields import missing_field


@model_rule(
    code="ML504",
    default_enabled=False,  # off unless selected by code, prefix or name (see mllint.selection)
    name="missing-version",
    severity="info",
    summary="The model has no version string.",
    why="""
        `metadata.versionString` lets an app, a crash report or a colleague tell one export of a
        model from the next; without it two files with the same name cannot be told apart.
    """,
    fix='Set `model.version = "1.2.0"` (coremltools) before saving.',
    evidence="apple-statement",
    fixer="fill-metadata",
    fix_applicability="unsafe",
    sources=("coremltools Model.proto: Metadata.versionString",),
)
def missing_version(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.versionString` (not the coremltools version that
    converters record in `metadata.userDefined`).

    Example: a model converted with `ct.convert(...)` and saved without `model.version = ...`.
    """
    yield from missing_field(model, "versionString", "version string")
