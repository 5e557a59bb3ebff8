"""ML133 classifier-regressor-interface: a classifier without labels or a predicted feature of the
label type, or a regressor without a numeric predicted feature."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_interface import classifier_interface_error, regressor_interface_error
from .validator_order import TYPE, TYPE_INTERFACE, step
from .validator_text import INTERFACE_SOURCE, VALIDATORS_SOURCE, where

# Model types whose validator calls validateClassifierInterface (with allowEmptyLabels false) or
# validateRegressorInterface: LinearModelValidator.cpp, SVMValidator.cpp, NeuralNetworkValidator.cpp.
CLASSIFIERS = ("glmClassifier", "supportVectorClassifier", "neuralNetworkClassifier")
REGRESSORS = ("glmRegressor", "supportVectorRegressor", "neuralNetworkRegressor")


@model_rule(
    code="ML133",
    name="classifier-regressor-interface",
    severity="error",
    summary="A GLM, SVM or neural-network classifier without class labels or whose predicted feature is "
    "missing or not of the labels' type; such a regressor without a DOUBLE or multiarray predicted feature.",
    why="""
        Core ML's validator checks a classifier's class labels (Int64 or String, at least one) and that
        `predictedFeatureName` names an output of the same type (and `predictedProbabilitiesName`, if
        set, a dictionary or multiarray output); a regressor's `predictedFeatureName` must name a
        DOUBLE or multiarray output. Otherwise the model does not load.
    """,
    fix="""
        Give the classifier its labels and set `predictedFeatureName` (and `predictedProbabilitiesName`)
        to outputs of the right type; set a regressor's `predictedFeatureName` to its numeric output
        (coremltools' converters set these; hand-edited specs lose them).
    """,
    evidence="validator",
    sources=(
        f"{VALIDATORS_SOURCE} validateClassifierInterface",
        f"{INTERFACE_SOURCE} validateRegressorInterface, validateClassifierFeatureDescriptions",
        "apple/coremltools mlmodel/src/Validation/ValidatorUtils-inl.hpp validateDescriptionsContainFeatureWithNameAndType",
    ),
)
def classifier_regressor_interface(model: Model) -> Iterator[Finding]:
    """Runs the port of validateClassifierInterface (classifiers) or validateRegressorInterface
    (regressors) on GLM, SVM and neural-network models and reports the first complaint.

    Example: a GLM regressor whose description has no predictedFeatureName gets "Specification is
    missing regressor predictedFeatureName."
    """
    if model.type in CLASSIFIERS:
        problem = classifier_interface_error(model.proto, model.body)
    elif model.type in REGRESSORS:
        problem = regressor_interface_error(model.proto)
    else:
        return
    if problem:
        yield Finding(
            problem + where(model), location=model.location("description"), order=step(model, TYPE, TYPE_INTERFACE)
        )
