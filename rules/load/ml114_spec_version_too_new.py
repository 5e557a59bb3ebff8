"""ML114 spec-version-too-new: the model's spec version is above 10, the newest this mllint and
coremltools know.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.spec_versions import NEWEST_SPEC_VERSION
from mllint.view import Model

from .validator_text import MODEL_SOURCE, where


@model_rule(
    code="ML114",
    name="spec-version-too-new",
    severity="error",
    summary=f"The model's spec version is above {NEWEST_SPEC_VERSION}, the newest this mllint and "
    "coremltools know.",
    why="""
        Core ML refuses a specification version above the newest it knows, for the root model
        and for every model nested in a pipeline. A version above the newest known release
        is either corrupt or meant for an OS that does not exist yet.
    """,
    fix="""
        Save the model with the version its features need (coremltools sets it when converting);
        if it really targets a newer OS, update mllint.
    """,
    evidence="validator",
    sources=(f"{MODEL_SOURCE} validateGeneric", "apple/coremltools mlmodel/src/Globals.hpp"),
)
def spec_version_too_new(model: Model) -> Iterator[Finding]:
    """Compares the model's version (each model of a pipeline) with the newest known.

    Example: a model whose `specificationVersion` is 11.
    """
    if model.spec_version > NEWEST_SPEC_VERSION:
        yield Finding(
            f"The model supplied is of version {model.spec_version}, intended for a newer version of Xcode. "
            f"This version of Xcode supports model version {NEWEST_SPEC_VERSION} or earlier.{where(model)}",
            location=model.path,
        )
