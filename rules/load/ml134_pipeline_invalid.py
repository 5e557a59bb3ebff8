"""ML134 pipeline-invalid: a pipeline whose chain of sub-models Core ML's validator refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_interface import DESCRIPTION_TYPE_NAME, types_equal
from .validator_order import (
    PIPELINE_EMPTY,
    PIPELINE_MODELS,
    PIPELINE_NAMES,
    PIPELINE_OUTPUTS,
    PIPELINE_UPDATABLE,
    SUB_MODEL_INPUTS,
    TYPE,
    TYPE_PARAMETERS,
    step,
)
from .validator_text import where

PIPELINE_SOURCE = "apple/coremltools mlmodel/src/Validation/PipelineValidator.cpp"


@model_rule(
    code="ML134",
    name="pipeline-invalid",
    severity="error",
    summary="An empty pipeline, a sub-model input that no pipeline input or earlier sub-model provides (or of "
    "another type), a pipeline output nobody produces (or of another type), or bad updatable flags or names.",
    why="""
        Core ML's pipeline validator walks the sub-models in order with a table of the features known
        so far (the pipeline's inputs, then each sub-model's outputs): each sub-model input must be in
        it with the same type (same kind, data type, rank and fixed shape, image size and colour
        space, key or element type), and so must each pipeline output. Only the last sub-model of an
        updatable pipeline may be updatable, and the pipeline's model names must be one per
        sub-model and unique. This is what a scikit-learn k-NN exported by coremltools on Linux hits
        (apple/coremltools#1018).
    """,
    fix="""
        Rename or retype features so that each sub-model's inputs match the pipeline inputs or the
        outputs of an earlier sub-model exactly (shape and data type included), and the pipeline's
        outputs match what its sub-models produce.
    """,
    evidence="validator",
    sources=(
        f"{PIPELINE_SOURCE} validate (static, the pipeline of all three pipeline types)",
        "apple/coremltools mlmodel/src/Comparison.cpp isEquivalent, operator==(FeatureType)",
        "apple/coremltools#1018 (pipeline input type mismatch)",
    ),
)
def pipeline_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of PipelineValidator.cpp's validate on a pipeline (not its sub-models' own
    validation, which the other rules do) and reports its first complaint.

    Example: a pipeline whose second model reads `features` as a FLOAT32 [1, 4] multiarray while the
    first writes it as DOUBLE [1, 4] gets "Pipeline: the input 'features' of model
    'CoreML.Specification.ModelDescription' does not match the type previously specified by ...".
    """
    if not model.is_pipeline:
        return
    problem = _pipeline_error(model.proto, model.body.pipeline if model.type != "pipeline" else model.body)
    if problem is not None:
        message, location, steps = problem
        yield Finding(
            message + where(model), location=model.location(location), order=step(model, TYPE, TYPE_PARAMETERS, *steps)
        )


def _equivalent(a: Any, b: Any) -> bool | None:
    if a.name != b.name:
        return False
    return types_equal(a.type, b.type)


def _pipeline_error(proto: Any, pipeline: Any) -> tuple[str, str, tuple[int, ...]] | None:
    """PipelineValidator.cpp validate: (message, location, its step in validator_order) of its first complaint."""
    models = list(pipeline.models)
    if not models:
        return "Pipeline must contain one or more models.", "models", (PIPELINE_EMPTY,)
    known = {feature.name: feature for feature in proto.description.input}
    for index, sub in enumerate(models):
        for feature in sub.description.input:
            where_ = f"models[{index}]/inputs/{feature.name}"
            if feature.name not in known:
                return (
                    (
                        f"Pipeline: the input '{feature.name}' of model '{DESCRIPTION_TYPE_NAME}' does not present in "
                        "pipeline input or previous model."
                    ),
                    where_,
                    (PIPELINE_MODELS, index, SUB_MODEL_INPUTS),
                )
            same = _equivalent(feature, known[feature.name])
            if same is None:
                return None  # undefined in C++ (an empty enumerated-shape list): say nothing
            if not same:
                return (
                    (
                        f"Pipeline: the input '{feature.name}' of model '{DESCRIPTION_TYPE_NAME}' does not match the type "
                        "previously specified by the pipeline input or the output of a previous model. For the second "
                        "case, make sure the input and previous model's output has the matching name and shapes."
                    ),
                    where_,
                    (PIPELINE_MODELS, index, SUB_MODEL_INPUTS),
                )
        if not _sub_model_may_pass(sub):
            return None  # the validator stops at this sub-model's own error (other rules report it)
        for feature in sub.description.output:
            known[feature.name] = feature
    for feature in proto.description.output:
        if feature.name not in known:
            return (
                f"Pipeline output '{feature.name}' not present in pipeline input or a contained model.",
                f"outputs/{feature.name}",
                (PIPELINE_OUTPUTS,),
            )
        same = _equivalent(feature, known[feature.name])
        if same is None:
            return None
        if not same:
            return (
                f"Type of pipeline output '{feature.name}' does not match type produced in pipeline input.",
                f"outputs/{feature.name}",
                (PIPELINE_OUTPUTS,),
            )
    if proto.isUpdatable:
        for index, sub in enumerate(models[:-1]):
            if sub.isUpdatable:
                return (
                    (
                        f"Only the last model in the pipeline can be updatable. Model at position '{index}' is marked "
                        "as updatable."
                    ),
                    f"models[{index}]",
                    (PIPELINE_UPDATABLE,),
                )
        if not models[-1].isUpdatable:
            return (
                "Last model in an updatable pipeline model should be marked as updatable.",
                f"models[{len(models) - 1}]",
                (PIPELINE_UPDATABLE,),
            )
    else:
        for index, sub in enumerate(models):
            if sub.isUpdatable:
                return (
                    f"Found an updatable model at '{index}' inside a non-updatable pipeline.",
                    f"models[{index}]",
                    (PIPELINE_UPDATABLE,),
                )
    names = list(pipeline.names)
    if names:
        if len(names) != len(models):
            return (
                (
                    f"The number of pipeline model names '{len(names)}' doesn't match the number of models "
                    f"'{len(models)}'"
                ),
                "names",
                (PIPELINE_NAMES,),
            )
        seen: set[str] = set()
        for index, name in enumerate(names):
            if name in seen:
                return (
                    (f"Pipeline model name '{name}' at index '{index} has already been used for previous models"),
                    "names",
                    (PIPELINE_NAMES,),
                )
            seen.add(name)
    return None


def _sub_model_may_pass(sub: Any) -> bool:
    """False when the sub-model's own validation (Model::validate) surely fails before the pipeline's
    later checks run: a version of 0 or above 10. Other failures are not known here, so later
    complaints may be ones the validator never reaches; the model is refused either way."""
    return 0 < sub.specificationVersion <= 10
