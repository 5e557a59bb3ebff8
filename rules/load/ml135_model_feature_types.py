"""ML135 model-feature-types: a classic model with more inputs or outputs, or other kinds, than its type takes."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_feature_types import (
    FEATURE_TYPES,
    ONE_HOT_OUTPUT,
    ONE_HOT_SOURCE,
    FeatureTypesRow,
)
from .validator_interface import schema_type_error
from .validator_order import TYPE, TYPE_FEATURE_TYPES, TYPE_INTERFACE, step
from .validator_text import where

VALIDATION_DIR = "apple/coremltools mlmodel/src/Validation"


@model_rule(
    code="ML135",
    name="model-feature-types",
    severity="error",
    summary="A scaler, normalizer, imputer, one-hot encoder, vectorizer, array feature extractor, text, vision or "
    "sound model with more inputs or outputs than its type takes, or of a kind it does not take; a GLM or "
    "SVM with an input (or a GLM regressor an output) of a kind it does not take.",
    why="""
        Each classic model type's validator takes a fixed number of inputs and outputs of given kinds
        (a normalizer: one multiarray in, one out; a text classifier: one string in, one out; ...).
        Another count or kind makes Core ML refuse the model.
    """,
    fix="""
        Give the model the one input and output (or the kinds) its type takes; put other features in
        another model of a pipeline.
    """,
    evidence="validator",
    sources=(
        f"{VALIDATION_DIR}/ValidatorUtils-inl.hpp validateDescriptionsContainFeatureWithTypes, validateSchemaTypes",
        *sorted({f"{VALIDATION_DIR}/{row.source} validate<MLModelType_{row.model_type}>" for row in FEATURE_TYPES}),
        f"{VALIDATION_DIR}/{ONE_HOT_SOURCE} validate<MLModelType_oneHotEncoder>",
    ),
)
def model_feature_types(model: Model) -> Iterator[Finding]:
    """Looks up the model's type in the table of feature counts and kinds (rules/validator_feature_types.py)
    and reports, for inputs then outputs, the validator's first complaint: too many features, or the
    first feature of a kind the type does not take.

    Example: a normalizer with a DOUBLE input `x` gets 'Unsupported type "MLFeatureTypeType_doubleType"
    for feature "x". Should be one of: MLFeatureTypeType_multiArrayType.'
    """
    rows = [row for row in FEATURE_TYPES if row.model_type == model.type]
    if model.type == "oneHotEncoder":
        allowed = ONE_HOT_OUTPUT[bool(model.body.outputSparse)]
        rows.append(FeatureTypesRow("oneHotEncoder", "output", 1, allowed, ONE_HOT_SOURCE))
    description = model.proto.description
    for row in rows:
        features = list(description.input if row.role == "input" else description.output)
        folder = "inputs" if row.role == "input" else "outputs"
        order = step(model, TYPE, TYPE_INTERFACE, 1) if row.after_interface else step(model, TYPE, TYPE_FEATURE_TYPES)
        if row.max_count and len(features) > row.max_count:
            yield Finding(
                f"Feature descriptions exceeded {row.max_count}{where(model)}",
                location=model.location(folder),
                order=order,
            )
            return
        for feature in features:
            problem = schema_type_error(feature, row.allowed)
            if problem:
                yield Finding(problem + where(model), location=model.location(folder, feature.name), order=order)
                return
