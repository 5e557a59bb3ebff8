"""ML508 classifier-label-count: a classifier with another number of class labels than probabilities."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .interface_facts import classifier_label_checks


@model_rule(
    code="ML508",
    name="classifier-label-count",
    severity="error",
    summary="A classifier has a different number of class labels than its probability vector.",
    why="""
        Core ML pairs the i-th probability with the i-th class label. A neural-network classifier
        whose last layer has another size fails every prediction ("the size of the output layer
        does not match the number of classes"); an ML program `classify` op with too few or too
        many classes maps probabilities to the wrong labels or fails.
    """,
    fix="""
        Pass the label list that matches the model's output (`ct.ClassifierConfig(labels)` with one
        label per output unit), or fix the last layer's size.
    """,
    evidence="device-report",
    sources=(
        "coremltools NeuralNetwork.proto: NeuralNetworkClassifier (labelProbabilityLayerName)",
        "ultralytics/yolov5#4338 (on an iPhone: the size of the output layer does not match the number of classes)",
        "WongKinYiu/yolov7#1359 (the same error on iOS)",
        "coremltools converters/mil/mil/ops/defs/iOS15/classify.py",
    ),
)
def classifier_label_count(model: Model) -> Iterator[Finding]:
    """Counts the class labels of a neural-network classifier (`stringClassLabels` /
    `int64ClassLabels`) and of each ML program `classify` op (`classes`), and compares them with
    the size of the probability vector: the typed last dimension of `classify`'s `probabilities`,
    or for an NN the output channels of the inner product / convolution that makes the
    probability layer, looking through softmax, activation and flatten layers.

    Example: a 1000-unit ImageNet head converted with `ClassifierConfig` of 10 labels.
    """
    for check in classifier_label_checks(model):
        if check.labels != check.probabilities:
            yield Finding(
                f"{check.labels} class labels for {check.probabilities} probabilities from {check.source}",
                location=check.location,
            )
