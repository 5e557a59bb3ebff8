"""ML118 pipeline-version-below-sub-model: a pipeline declares a lower spec version than one of its
sub-models.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
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
        Set the pipeline's `specificationVersion` to the highest version among its sub-models.
        A Create ML model (a pipeline of Apple's `visionFeaturePrint` and a classifier, or other
        Create ML templates) is written this way by Create ML itself: nothing in it is yours to
        change; it loads on the OS its sub-models need (iOS 12 for version 3), so set your app's
        deployment target to at least that, or `--ignore ML118` for Create ML output.
    """,
    evidence="apple-statement",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(
        f"{UTILS_SOURCE} walkModelAndPipeline (a pipeline has its sub-models' features)",
        "apple/coremltools coremltools/models/utils.py make_pipeline",
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
    yield Finding(
        f"{model.type} declares specification version {since(model.spec_version)} but its sub-models declare up to "
        f"{since(highest)}: {listing}",
        location=model.path,
    )
