"""ML140 knn-classifier-invalid: a k-nearest-neighbours classifier that Core ML's validator refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_interface import classifier_interface_error
from .validator_order import TYPE, TYPE_PARAMETERS, step
from .validator_text import where

VALIDATION_DIR = "apple/coremltools mlmodel/src/Validation"


@model_rule(
    code="ML140",
    name="knn-classifier-invalid",
    severity="error",
    summary="A k-NN classifier whose numberOfNeighbors is not positive or not among its allowed values, without a "
    "weighting scheme, with labels of two types, or whose index does not match its labels.",
    why="""
        Core ML's k-NN validator checks, in order: `numberOfNeighbors` (a positive default, within its
        allowed set or range), the weighting scheme, that the default label and the labels are of one
        type, the classifier interface, and the index (one sample per label, each of
        `numberOfDimensions` values, a linear or k-d tree backend with a positive leaf size, a distance
        function). Any failure and the model does not load.
    """,
    fix="""
        Build the model with coremltools' `KNearestNeighborsClassifierBuilder` (it fills every field), or
        mend the field named in the message.
    """,
    evidence="validator",
    sources=(
        (
            f"{VALIDATION_DIR}/KNearestNeighborsClassifierValidator.cpp validate<MLModelType_kNearestNeighborsClassifier>, "
            "validateNearestNeighborsIndex"
        ),
        f"{VALIDATION_DIR}/ParameterValidator.cpp validateInt64Parameter",
    ),
)
def knn_classifier_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of the k-NN classifier validator and reports its first complaint.

    Example: `numberOfNeighbors.defaultValue = 0` gets "Default Value (0) for 'numberOfNeighbors' expected
    to be a positive value."
    """
    if model.type != "kNearestNeighborsClassifier":
        return
    problem = _knn_error(model.proto)
    if problem:
        yield Finding(
            problem + where(model),
            location=model.location("kNearestNeighborsClassifier"),
            order=step(model, TYPE, TYPE_PARAMETERS),
        )


def int64_parameter_error(name: str, parameter: Any, positive: bool) -> str | None:
    """ParameterValidator.cpp validateInt64Parameter."""
    default = parameter.defaultValue
    if positive and default <= 0:
        return f"Default Value ({default}) for '{name}' expected to be a positive value."
    allowed = parameter.WhichOneof("AllowedValues")
    if allowed == "set":
        for value in parameter.set.values:
            if value == default:
                return None
            if value <= 0 and positive:
                return f"Non-positive value ({value}) in Allowed Values Set for '{name}' is not allowed."
        return f"Specified Default Value ({default}) not found in Allowed Values Set for '{name}'"
    if allowed == "range":
        low, high = parameter.range.minValue, parameter.range.maxValue
        if low <= 0 and positive:
            return f"Non-positive min value ({low}) in Allowed Value Range for '{name}' is not allowed."
        if high <= 0 and positive:
            return f"Non-positive max value ({high}) in Allowed Value Range for '{name}' is not allowed."
        if default < low or default > high:
            return f"Specified Default Value ({default}) out of Allowed Value Range for '{name}'"
        if low > high:
            return f"Specified minimum value ({default}) greater than maximum value for '{name}'"
    return None


def _knn_error(proto: Any) -> str | None:
    knn = proto.kNearestNeighborsClassifier
    problem = int64_parameter_error("numberOfNeighbors", knn.numberOfNeighbors, True)
    if problem:
        return problem
    if knn.WhichOneof("WeightingScheme") is None:
        return "KNearestNeighborsClassifier requires a weighting scheme to be set.\n"
    labels = knn.WhichOneof("ClassLabels")
    label_count = max(len(knn.int64ClassLabels.vector), len(knn.stringClassLabels.vector))
    default = knn.WhichOneof("DefaultClassLabel")
    if (default == "defaultStringLabel" and labels not in (None, "stringClassLabels")) or (
        default == "defaultInt64Label" and labels not in (None, "int64ClassLabels")
    ):
        return "KNearestNeighborsClassifier's class label and default class label have different types.\n"
    if default is None and label_count == 0:
        return "KNearestNeighborsClassifier should specify default class labels when class labels are not specified.\n"
    problem = classifier_interface_error(
        proto, knn, allow_empty_labels=True, default_int64=default == "defaultInt64Label"
    )
    if problem:
        return problem
    return _index_error(knn.nearestNeighborsIndex, label_count)


def _index_error(index: Any, expected: int) -> str | None:
    """validateNearestNeighborsIndex (its messages end with std::endl)."""
    samples = list(index.floatSamples)
    if not samples and expected != 0:
        return "KNearestNeighborsClassifier has no data points.\n"
    if len(samples) != expected:
        return f'Unexpected number of labels "{expected}" for the given number of examples: "{len(samples)}.\n'
    for sample in samples:
        if len(sample.vector) != index.numberOfDimensions:
            return f'Unexpected length "{len(samples)}" given the provided number of dimensions "{index.numberOfDimensions}.\n'
    backend = index.WhichOneof("IndexType")
    if backend is None:
        return "KNearestNeighborsClassifier has no index type specified.\n"
    if backend == "singleKdTreeIndex" and index.singleKdTreeIndex.leafSize <= 0:
        return "KNearestNeighborsClassifier requires leaf size to be a positive integer.\n"
    if index.WhichOneof("DistanceFunction") is None:
        return "KNearestNeighborsClassifier requires a distance function to be set.\n"
    return None
