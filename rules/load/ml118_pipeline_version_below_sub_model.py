"""ML118 pipeline-version-below-sub-model: a pipeline declares a lower spec version than one of its
sub-models.

A pipeline Create ML wrote (its metadata says so: see :mod:`mllint.knowledge.creators`) is
reported as info: Create ML chose those versions, its author has nothing to change, and
Apple's own output should not fail a CI run at the default ``--fail-on warning``.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, Severity, model_rule
from mllint.knowledge.creators import CREATOR_MARKS, written_by
from mllint.view import Model

from .validator_text import UTILS_SOURCE, since


@model_rule(
    code="ML118",
    name="pipeline-version-below-sub-model",
    severity="warning",
    summary="A pipeline declares a lower spec version than one of its sub-models.",
    why="""
        Core ML validates each sub-model at its own version, and an OS refuses any model newer
        than it knows. A pipeline that declares a lower version than a sub-model claims to run on
        OSes that will refuse that sub-model. coremltools' `make_pipeline` sets the pipeline to the
        highest sub-model version; a lower one comes from building the pipeline spec by hand.
    """,
    fix="""
        Set the pipeline's `specificationVersion` to the highest version among its sub-models
        (`mllint fix` does). A model Create ML wrote (a pipeline of Apple's `visionFeaturePrint`
        and a classifier, or other Create ML templates) comes this way from Create ML itself and
        is reported as info: nothing in it is yours to change; it loads on the OS its sub-models
        need (iOS 12 for version 3), so set your app's deployment target to at least that.
    """,
    evidence="apple-statement",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(
        f"{UTILS_SOURCE} walkModelAndPipeline (a pipeline has its sub-models' features)",
        "apple/coremltools coremltools/models/utils.py make_pipeline",
        *(f"{mark.tool} output: {mark.source}" for mark in CREATOR_MARKS if mark.tool == "Create ML"),
    ),
)
def pipeline_version_below_sub_model(model: Model) -> Iterator[Finding]:
    """Compares a pipeline's version with its direct sub-models' (nested pipelines are checked
    when the engine reaches them); one finding per pipeline, naming every newer sub-model.

    Example: a pipeline at version 6 around an NMS model at version 7.
    """
    newer = [sub for sub in model.sub_models if sub.spec_version > model.spec_version]
    if not newer:
        return
    highest = max(sub.spec_version for sub in newer)
    listing = ", ".join(f"{sub.path} {sub.type} {sub.spec_version}" for sub in newer)
    message = (
        f"{model.type} declares specification version {since(model.spec_version)} but its sub-models declare up to "
        f"{since(highest)}: {listing}"
    )
    if written_by(model.metadata, "Create ML"):
        yield Finding(
            f"{message} (written by Create ML)",
            location=model.path,
            severity=Severity.INFO,
            fix=CREATE_ML_FIX.format(version=since(highest)),
        )
        return
    yield Finding(message, location=model.path)


CREATE_ML_FIX = """Create ML wrote these versions: nothing in the model is yours to change. It loads from the
version its sub-models need, {version}: set your app's deployment target to at least that OS.
`mllint fix` can raise the pipeline's version to match, if you want the file to say so."""
