"""ML114 spec-version-too-new: the model's spec version is above 10, the newest this mllint and
coremltools know, or (in a pipeline's sub-model) 0, which the validator calls missing or corrupt.

Both are the version checks at the top of ``Model::validateGeneric``, which Core ML runs on the
root model and again on every sub-model of a pipeline. A root model at version 0 never reaches
the rules: the loader refuses it (ML000).
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.spec_versions import NEWEST_SPEC_VERSION
from mllint.view import Model

from .validator_order import VERSION_MISSING, VERSION_TOO_NEW, step
from .validator_text import MODEL_SOURCE, where


@model_rule(
    code="ML114",
    name="spec-version-too-new",
    severity="error",
    summary=f"The model's spec version is above {NEWEST_SPEC_VERSION}, the newest this mllint and "
    "coremltools know, or a sub-model's is 0.",
    why="""
        Core ML refuses a specification version above the newest it knows, for the root model
        and for every model nested in a pipeline. A version above the newest known release
        is either corrupt or meant for an OS that does not exist yet. Version 0 means the field
        was never written: Core ML refuses it as missing or corrupt, in a sub-model as in the root.
    """,
    fix="""
        Save the model with the version its features need (coremltools sets it when converting);
        if it really targets a newer OS, update mllint. Give a hand-built sub-model the version of
        the features it uses (1 or more).
    """,
    evidence="validator",
    sources=(f"{MODEL_SOURCE} validateGeneric", "apple/coremltools mlmodel/src/Globals.hpp"),
)
def spec_version_too_new(model: Model) -> Iterator[Finding]:
    """Compares the model's version (each model of a pipeline) with 0 and with the newest known.

    Example: a model whose `specificationVersion` is 11; a pipeline whose sub-model never set it.
    """
    if model.spec_version == 0:
        yield Finding(
            f"Model specification version field missing or corrupt.{where(model)}",
            location=model.path,
            order=step(model, VERSION_MISSING),
        )
    elif model.spec_version > NEWEST_SPEC_VERSION:
        yield Finding(
            f"The model supplied is of version {model.spec_version}, intended for a newer version of Xcode. "
            f"This version of Xcode supports model version {NEWEST_SPEC_VERSION} or earlier.{where(model)}",
            location=model.path,
            order=step(model, VERSION_TOO_NEW),
        )
