"""ML117 spec-version-below-feature: the model declares a spec version below the one its model type or
interface needs.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.analysis.deployment_requirements import row_applies
from mllint.knowledge import model_features as mf
from mllint.view import Feature, Model

from .validator_text import UTILS_SOURCE, since, where


def _flexible_feature(model: Model) -> Feature | None:
    return next((f for f in model.features if f.kind in ("multiArrayType", "imageType") and f.flexibility), None)


@model_rule(
    code="ML117",
    name="spec-version-below-feature",
    severity="warning",
    summary="The model declares a spec version below the one its model type or interface needs.",
    why="""
        The specification version is the oldest OS a model claims to run on. Core ML's feature
        table (the one coremltools uses to pick the version) says which model types and options
        each version introduced: k-nearest-neighbours, linked models and recommenders need 4,
        NonMaximumSuppression and flexible shapes need 3, and so on. No validator check refuses a
        lower number, so newer OSes load the model, but the OSes between the declared version and
        the needed one cannot read it although the model claims they can. Specs built or edited
        by hand, and exporters that write a fixed version, leave such models behind
        (coremltools' own builders write the right number).
    """,
    fix="""
        Set `specificationVersion` to the version named in the message (on macOS, saving with
        coremltools does this for you).
    """,
    evidence="apple-statement",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(
        f"{UTILS_SOURCE} hasIOS12Features ... hasIOS18Features (downgradeSpecificationVersion)",
        "apple/coremltools mlmodel/format/Model.proto (comment above message Model)",
    ),
)
def spec_version_below_feature(model: Model) -> Iterator[Finding]:
    """Compares the model's version with each row of the feature table in
    `mllint.knowledge.model_features` that applies to its type and interface. Neural-network
    layer features are the NN-layer rules' business. A pipeline's flexible interface repeats
    its sub-models' and is left to them (and to ML118 for the pipeline's own version).

    Example: a kNearestNeighborsClassifier at version 1 ("needs specification version >= 4").
    """
    version = model.spec_version
    for row in mf.requirements_for(model.type):
        if version >= row.min_version:
            continue
        location = model.path
        feature_name = row.feature
        if row.probe == "flexible_shape":
            if model.is_pipeline:
                continue  # its interface is its sub-models'; ML118 compares the versions
            feature = _flexible_feature(model)
            if feature is None:
                continue
            location = feature.path
            feature_name = f"{row.feature} ('{feature.name}')"
        elif not row_applies(model, row):
            continue
        yield Finding(
            f"{feature_name} needs specification version >= {since(row.min_version)}; this model declares "
            f"{since(version)}{where(model)}",
            location=location,
        )
