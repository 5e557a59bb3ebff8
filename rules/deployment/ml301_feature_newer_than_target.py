"""ML301 feature-newer-than-target: the model uses something the deployment target cannot read."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.analysis.deployment import uses_by_feature
from mllint.analysis.deployment_requirements import tree_requirements
from mllint.knowledge.spec_versions import ios_macos_label
from mllint.loader import LoadedModel
from mllint.rule import RunContext


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
    evidence="validator",
    sources=(
        "apple/coremltools mlmodel/src/Utils.cpp hasIOS11_2Features ... hasIOS26Features",
        "apple/coremltools mlmodel/format/NeuralNetwork.proto (layer availability)",
        "coremltools converters/mil/mil/ops/defs/iOS15 ... iOS18 (op availability)",
        "apple/coremltools mlmodel/src/Model.cpp validateGeneric (refuses the version such a model declares)",
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
