"""ML101-ML118: the model interface and specification version Core ML checks on load.

Core ML validates every model it loads, and every model nested in a pipeline,
against that model's own ``specificationVersion``. These rules port the
interface and version checks of the open-source validator in apple/coremltools
(``mlmodel/src/Validation/InterfaceValidators.cpp``, ``Validators.hpp``,
``NonMaximumSuppressionValidator.cpp``, ``Model.cpp``) and quote its messages
word for word, typos included ("verison", "mistmatch"), so a search for the
message finds both this rule and Core ML's error. Where a message names a
sub-model, a short suffix says which one and what the root declares.

This module holds the version gates (a feature newer than the declared
version) and registers the whole family; the interface-validity checks are in
:mod:`mllint_rules.interface_checks`. Feature-to-version numbers live in
:mod:`mllint.knowledge.model_features`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mllint import Finding, Rule, hookimpl, model_rule
from mllint.knowledge import model_features as mf
from mllint.knowledge.spec_versions import (
    LOWEST_MLPROGRAM_SPEC_VERSION,
    NEWEST_SPEC_VERSION,
    OPSET_SPEC_VERSION,
)
from mllint.view import Feature, Model

from . import interface_checks
from .deployment_requirements import row_applies
from .load.ml101_float16_before_ios16 import float16_before_ios16
from .validator_text import (
    INTERFACE_SOURCE,
    MODEL_SOURCE,
    UTILS_SOURCE,
    since,
    uses_functions,
    where,
)

# --------------------------------------------------------------------------- ML102


@model_rule(
    code="ML102",
    name="int8-array-before-ios26",
    severity="error",
    summary="An INT8 multiarray feature in a model whose spec version is below 10 (iOS 26).",
    why="""
        INT8 multiarray inputs and outputs exist only from specification version 10
        (iOS 26 / macOS 26). Core ML's validator refuses an INT8 multiarray feature in a model
        of a lower version.
    """,
    fix="""
        Convert with `minimum_deployment_target=ct.target.iOS26`, or declare the feature INT32 /
        FLOAT16 / FLOAT32 and cast inside the model.
    """,
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (INT8)",),
)
def int8_array_before_ios26(model: Model) -> Iterator[Finding]:
    """Looks at every multiarray feature (inputs, outputs, states' wrapped arrays are not
    multiarray features) for dataType INT8 while the model's version is below 10.

    Example: an ML program at version 9 with an `int8` output `indices`.
    """
    version = model.spec_version
    needed = mf.INT8_ARRAY.min_version
    if version >= needed:
        return
    for feature in model.features:
        if feature.kind == "multiArrayType" and feature.dtype == "INT8":
            yield Finding(
                f"Description of multiarray feature '{feature.name}' has INT8 dataType, which is only valid "
                f"in specification version >= {needed}. This model has version {version}{where(model)}",
                location=feature.path,
            )


# --------------------------------------------------------------------------- ML104


@model_rule(
    code="ML104",
    name="sequence-before-ios12",
    severity="error",
    summary="A sequence feature in a model whose spec version is below 3 (iOS 12).",
    why="""
        Sequence features (`sequenceType`, lists of Int64 or String) exist only from specification
        version 3. Core ML's validator refuses them in a model of version 1 or 2.
    """,
    fix="Set the model's `specificationVersion` to 3 or later.",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (kSequenceType)",),
)
def sequence_before_ios12(model: Model) -> Iterator[Finding]:
    """Looks for `sequenceType` features in a model below version 3.

    Example: a text model at version 1 whose input `tokens` is a sequence of String.
    """
    version = model.spec_version
    needed = mf.SEQUENCE_TYPE.min_version
    if version >= needed:
        return
    for feature in model.features:
        if feature.kind == "sequenceType":
            yield Finding(
                f"Sequence types are only valid in specification verison >= {needed}. "
                f"This model has version {version}{where(model)}",
                location=feature.path,
            )


# --------------------------------------------------------------------------- ML106


@model_rule(
    code="ML106",
    name="state-before-ios18",
    severity="error",
    summary="A state feature in a model whose spec version is below 9 (iOS 18).",
    why="""
        Stateful models (`stateType` features, e.g. a KV cache read and written by the model)
        exist only from specification version 9 (iOS 18 / macOS 15). Core ML's validator refuses
        a state feature in a model of a lower version.
    """,
    fix="Convert with `minimum_deployment_target=ct.target.iOS18` or later.",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (kStateType)",),
)
def state_before_ios18(model: Model) -> Iterator[Finding]:
    """Looks for `stateType` features (in states, inputs or per-function descriptions) in a model
    below version 9.

    Example: an ML program at version 8 with a state `kv_cache`.
    """
    version = model.spec_version
    needed = mf.STATE_TYPE.min_version
    if version >= needed:
        return
    for feature in model.features:
        if feature.kind == "stateType":
            yield Finding(
                f"State types are only valid in specification verison >= {needed}. "
                f"This model has version {version}{where(model)}",
                location=feature.path,
            )


# --------------------------------------------------------------------------- ML108


@model_rule(
    code="ML108",
    name="multifunction-before-ios18",
    severity="error",
    summary="An ML program uses multi-function syntax below spec version 9 (iOS 18).",
    why="""
        Several functions in one model (`description.functions`, `defaultFunctionName`) exist only
        from specification version 9. Core ML's validator refuses the syntax in a lower version.
    """,
    fix="Save the multi-function model with `specificationVersion` 9 or later (ct.target.iOS18).",
    sources=(f"{INTERFACE_SOURCE} validateMultiFunctionDescription",),
)
def multifunction_before_ios18(model: Model) -> Iterator[Finding]:
    """Looks at models that declare functions or a default function name (and may: ML programs)
    and compares their version with 9.

    Example: an ML program at version 8 with functions `main` and `decode`.
    """
    needed = mf.MULTI_FUNCTION.min_version
    if uses_functions(model) and model.type in mf.MULTI_FUNCTION_TYPES and model.spec_version < needed:
        yield Finding(
            f"Multi-function syntax is only valid in specification verison >= {needed}. "
            f"This model has version {model.spec_version}{where(model)}",
            location=model.location("functions"),
        )


# --------------------------------------------------------------------------- ML112


@model_rule(
    code="ML112",
    name="mlprogram-opset-too-new",
    severity="error",
    summary="An ML program below spec version 6, or a function whose opset needs a newer spec version than the "
    "model declares.",
    why="""
        ML programs exist from specification version 6 (iOS 15), and each opset belongs to one
        version: CoreML5 to 6, CoreML6 to 7, CoreML7 to 8, CoreML8 to 9, CoreML9 to 10. An OS that
        reads the declared version does not know a newer opset's ops, so the program cannot be
        compiled there. coremltools always writes the pair together; a mismatch comes from
        editing `specificationVersion` by hand or from another writer.
    """,
    fix="""
        Re-convert with the `minimum_deployment_target` you need instead of editing the version;
        or set `specificationVersion` to the version of the newest opset the program uses.
    """,
    sources=(
        f"{UTILS_SOURCE} hasIOS15Features (mlProgram), hasCoreML6Opsets ... hasCoreML8Opsets",
        "apple/coremltools coremltools/__init__.py _OPSET, _LOWEST_ALLOWED_SPECIFICATION_VERSION_FOR_MILPROGRAM",
    ),
)
def mlprogram_opset_too_new(model: Model) -> Iterator[Finding]:
    """Looks at ML programs: the model's version against 6, and each function's `opset` against
    the version that introduced it. The message wording is mllint's: Core ML's own check is
    in the closed-source framework.

    Example: an ML program whose `main` is written in CoreML7 but whose version is 7.
    """
    if model.type != "mlProgram":
        return
    version = model.spec_version
    if version < LOWEST_MLPROGRAM_SPEC_VERSION:
        yield Finding(
            f"mlProgram models are only valid in specification version >= {since(LOWEST_MLPROGRAM_SPEC_VERSION)}. "
            f"This model has version {version}{where(model)}",
            location=model.path,
        )
    for name, function in sorted(model.body.functions.items()):
        needed = OPSET_SPEC_VERSION.get(function.opset)
        if needed is not None and needed > max(version, LOWEST_MLPROGRAM_SPEC_VERSION):
            yield Finding(
                f"Function '{name}' uses opset {function.opset}, which is only valid in specification version "
                f">= {since(needed)}. This model has version {version}{where(model)}",
                location=model.location(name),
            )


# --------------------------------------------------------------------------- ML114


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


# --------------------------------------------------------------------------- ML117


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


# --------------------------------------------------------------------------- ML118


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
    fix="Set the pipeline's `specificationVersion` to the highest version among its sub-models.",
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


VERSION_RULES: tuple[Rule, ...] = (
    float16_before_ios16,
    int8_array_before_ios26,
    sequence_before_ios12,
    state_before_ios18,
    multifunction_before_ios18,
    mlprogram_opset_too_new,
    spec_version_too_new,
    spec_version_below_feature,
    pipeline_version_below_sub_model,
)

RULES: tuple[Rule, ...] = tuple(
    sorted((*VERSION_RULES, *interface_checks.RULES), key=lambda rule: rule.code)
)


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return list(RULES)
