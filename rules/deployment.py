"""ML3xx: deployment target.

Every report shows the oldest OS each model can load on (the ``deployment``
facts, computed by :mod:`mllint_rules.deployment_requirements`). With
``--target iOS16`` (or a macOS/tvOS/watchOS name) the rules below flag what keeps
the model from loading there. Without a target they do nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

from mllint import Finding, Rule, artifact_rule, hookimpl
from mllint.knowledge.spec_versions import ios_macos_label, os_label
from mllint.loader import LoadedModel
from mllint.rule import RunContext

from .deployment_requirements import Requirement, min_spec_version, tree_requirements

# How many places a diagnostic lists before "and N more".
PLACES_SHOWN = 3
# How many distinct features the facts name as the reason for the oldest OS.
REASONS_SHOWN = 5


@dataclass
class _Use:
    """Every place one feature is used, with the version it needs."""

    requirement: Requirement
    places: list[str] = field(default_factory=list)

    def listing(self) -> str:
        shown = [p or "(root)" for p in self.places[:PLACES_SHOWN]]
        more = len(self.places) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more else "")


def uses_by_feature(found: Sequence[Requirement]) -> list[_Use]:
    """One entry per feature, newest requirement first, places in model order."""
    uses: dict[str, _Use] = {}
    for requirement in found:
        use = uses.get(requirement.feature)
        if use is None:
            use = uses[requirement.feature] = _Use(requirement)
        if requirement.location not in use.places:
            use.places.append(requirement.location)
    return sorted(uses.values(), key=lambda u: -u.requirement.spec_version)


@artifact_rule(
    code="ML301",
    name="feature-newer-than-target",
    severity="error",
    summary="The model uses a feature, layer or op that needs a newer OS than the deployment target.",
    why="""
        Each Core ML release reads the features, neural-network layers and ML program ops of its
        own and older specification versions. A model that uses something newer than the OS it
        ships to fails to load there (an unknown layer, an opset the runtime does not know, a
        FLOAT16 input it rejects), however the rest of the model looks.
    """,
    fix="""
        Re-convert with `minimum_deployment_target` set to the target (coremltools then picks ops
        and types the target has), replace the named layer or op, or raise the app's deployment
        target.
    """,
    sources=(
        "apple/coremltools mlmodel/src/Utils.cpp hasIOS11_2Features ... hasIOS26Features",
        "apple/coremltools mlmodel/format/NeuralNetwork.proto (layer availability)",
        "coremltools converters/mil/mil/ops/defs/iOS15 ... iOS18 (op availability)",
    ),
)
def feature_newer_than_target(loaded: LoadedModel, context: RunContext) -> Iterator[Finding]:
    """Needs a deployment target (`--target iOS16`, `macOS13`, ...); without one it does nothing.
    Lists what every model in the file (a pipeline and each sub-model) uses, with the spec version
    that introduced it: model types and interface features from Core ML's own feature table
    (`Utils.cpp`), NN layers and layer options, ML program opsets and ops. One diagnostic per
    feature that needs more than the target, naming the OS it needs and the first few places.

    Example: `--target iOS16` on a model with `scaled_dot_product_attention` ops:
    "ML program op 'scaled_dot_product_attention' needs iOS18/macOS15 (spec 9), above the
    target iOS16/macOS13: main/attn_0, main/attn_1, main/attn_2 and 9 more".
    """
    target = context.target
    if target is None:
        return
    too_new = [r for r in tree_requirements(loaded.root) if r.spec_version > target]
    for use in uses_by_feature(too_new):
        needed = use.requirement.spec_version
        yield Finding(
            f"{use.requirement.feature} needs {ios_macos_label(needed)} (spec {needed}), above the target"
            f" {ios_macos_label(target)}: {use.listing()}",
            location=use.places[0],
        )


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


def deployment_facts(loaded: LoadedModel) -> dict[str, Any]:
    """The oldest OS the model can load on, and why."""
    root = loaded.root
    found = tree_requirements(root)
    needed = min_spec_version(found)
    reasons = [
        f"{use.requirement.feature} ({use.places[0] or 'root'})"
        for use in uses_by_feature([r for r in found if r.spec_version == needed])
    ]
    return {
        "oldest_os": os_label(needed),
        "oldest_os_all": ios_macos_label(needed),
        "min_spec_version": needed,
        "spec_version": root.spec_version,
        "declared_below_needed": root.spec_version < needed,
        "reasons": reasons[:REASONS_SHOWN],
    }


@hookimpl
def mllint_model_facts(model: LoadedModel) -> Mapping[str, Any] | None:
    return {"deployment": deployment_facts(model)}


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [feature_newer_than_target, declared_version_above_target]
