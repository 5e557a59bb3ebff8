"""ML302 declared-version-above-target: the model declares a spec version the target does not read."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.analysis.deployment_requirements import min_spec_version, tree_requirements
from mllint.knowledge.spec_versions import ios_macos_label
from mllint.loader import LoadedModel
from mllint.rule import RunContext


@artifact_rule(
    code="ML302",
    name="declared-version-above-target",
    severity="error",
    summary="The model declares a newer specification version than the deployment target reads.",
    why="""
        Core ML refuses a model whose specification version is newer than the newest it knows
        ("intended for a newer version of Core ML"), whatever the model uses. A converter run
        with a newer `minimum_deployment_target` than the app ships to writes such a version.
    """,
    fix="""
        Re-convert with `minimum_deployment_target` set to the target; when the message says the
        model's features fit the target, saving it at the target's version is enough.
    """,
    evidence="validator",
    sources=(
        "apple/coremltools mlmodel/src/Model.cpp validateGeneric (version newer than supported)",
        "apple/coremltools mlmodel/src/Globals.hpp (specification versions)",
    ),
)
def declared_version_above_target(loaded: LoadedModel, context: RunContext) -> Iterator[Finding]:
    """Needs a deployment target (`--target iOS16`, ...); without one it does nothing. Compares
    the root model's declared version, and any sub-model's that is higher still, with the
    target's, and says whether the features the model uses would fit the target.

    Example: a model converted with `minimum_deployment_target=ct.target.iOS17` (version 8)
    checked with `--target iOS16`.
    """
    target = context.target
    if target is None:
        return
    root = loaded.root
    for model in root.walk():
        declared = model.spec_version
        if declared <= target or (model is not root and declared <= root.spec_version):
            continue  # a sub-model at or below its pipeline's version is covered by the pipeline's finding
        needed = min_spec_version(tree_requirements(model))
        fits = (
            f"; what it uses needs only spec {needed}, so it can be saved at the target's version"
            if needed <= target
            else ""
        )
        what = "the model" if model is root else f"sub-model {model.display_path} ({model.type})"
        yield Finding(
            f"{what} declares spec version {declared} ({ios_macos_label(declared)}); Core ML on the target"
            f" {ios_macos_label(target)} reads spec versions up to {target}{fits}",
            location=model.path,
        )
