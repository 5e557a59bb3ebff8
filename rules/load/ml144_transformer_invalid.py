"""ML144 transformer-invalid: a scaler, imputer or categorical mapping whose parameters or shapes Core ML refuses."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_findings import type_validator_finding
from .validator_transformers import CATEGORICAL_SOURCE, IMPUTER_SOURCE, SCALER_SOURCE, TRANSFORMER_ERRORS


@model_rule(
    code="ML144",
    name="transformer-invalid",
    severity="error",
    summary="A scaler or imputer whose input and output differ in kind or length, or whose values do not fit "
    "them; a categorical mapping with no mapping, a default of the wrong type, or features of other kinds; "
    "a feature vectorizer with an empty input, an array feature extractor with several inputs or indices for "
    "one Double, a Bayesian probit regressor with inputs other than INT32 arrays of rank 1 or 2.",
    why="""
        Core ML's scikit-learn-style transformers take one input and one output of the same kind: a
        scaler or imputer on arrays takes vectors (rank 1) of one length, with shift, scale or imputed
        values that fit that length and type; a categorical mapping maps String to Int64 or the reverse,
        with a default value (ValueOnUnknown) of the produced type, between features (or sequences) of
        those types; a feature vectorizer's inputs each have a size; an array feature extractor
        reads one array (and one index for a Double output); a Bayesian probit regressor reads INT32
        arrays of rank 1 or 2. Otherwise the validator refuses the model.
    """,
    fix="""
        Give the transformer a rank-1 input and output of the same length and kind, and parameters of
        that length and type (coremltools' scikit-learn converters do); set a categorical mapping's
        default to the type it produces.
    """,
    evidence="validator",
    sources=(
        f"{SCALER_SOURCE} validate<MLModelType_scaler>",
        f"{IMPUTER_SOURCE} validate<MLModelType_imputer>",
        f"{CATEGORICAL_SOURCE} validate<MLModelType_categoricalMapping>",
        "apple/coremltools mlmodel/src/Validation/FeatureVectorizerValidator.cpp validate<MLModelType_featureVectorizer>",
        "apple/coremltools mlmodel/src/Validation/ArrayFeatureExtractorValidator.cpp "
        "validate<MLModelType_arrayFeatureExtractor>",
        "apple/coremltools mlmodel/src/Validation/BayesianProbitRegressionValidator.cpp "
        "validate<MLModelType_bayesianProbitRegressor>, validateSchemaTypesIsMultiArray",
    ),
)
def transformer_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of the model type's validator (rules/load/validator_transformers.py) and reports
    its first complaint.

    Example: a categorical mapping from Int64 to String whose default is the Int64 value -1 gets
    "ValueOnUnknown set to Int64 value while mapping produces string."
    """
    yield from type_validator_finding(model, TRANSFORMER_ERRORS)
