"""ML122 output-not-produced: neural networks (validator messages) and ML programs."""

from __future__ import annotations

import logging

from mllint_rules.load.ml122_output_not_produced import output_not_produced

from mllint import Severity
from mllint.view import Model

NOT_PRODUCED_Y = "Interface specifies output 'y' which is not produced by any layer in the neural network."










# ---------------------------------------------------------------- in-memory models


def _builder(mode: str | None = None):
    logging.getLogger("coremltools").setLevel(logging.ERROR)
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    return NeuralNetworkBuilder(
        [("x", datatypes.Array(4))], [("y", datatypes.Array(4))], mode=mode, disable_rank5_shape_mapping=True
    )


def test_classifier_messages() -> None:
    builder = _builder(mode="classifier")
    builder.add_softmax_nd("softmax", "x", "probs", axis=-1)
    builder.set_class_labels(["a", "b", "c", "d"], predicted_feature_name="label", prediction_blob="probs")
    spec = builder.spec  # outputs: y (predictedProbabilitiesName) and label (predictedFeatureName)
    spec.neuralNetworkClassifier.labelProbabilityLayerName = "softmax_out"
    spec.description.output.add().CopyFrom(spec.description.input[0])
    spec.description.output[2].name = "scores"
    messages = [f.message for f in output_not_produced.run(Model(spec))]
    assert messages == [
        "For this neural network classifier, the probabilities are obtained from the layer 'softmax_out' "
        "which was not found in the network.",
        "Output layer 'scores' is not produced by any layer of the neural network.",
    ]


def test_input_passed_straight_to_an_output_is_not_produced() -> None:
    builder = _builder()
    builder.add_activation("relu", "RELU", "x", "hidden")
    spec = builder.spec
    spec.description.output[0].name = "x"
    [finding] = output_not_produced.run(Model(spec))
    assert finding.message == "Interface specifies output 'x' which is not produced by any layer in the neural network."


def test_regressor_is_a_warning() -> None:
    builder = _builder(mode="regressor")
    builder.add_activation("relu", "RELU", "x", "hidden")
    [finding] = output_not_produced.run(Model(builder.spec))
    assert finding.message == NOT_PRODUCED_Y
    assert finding.severity is Severity.WARNING


def test_a_network_output_listed_twice_fails_on_its_second_copy() -> None:
    from ml1_oracle import validator_first_message

    builder = _builder()
    builder.add_activation("relu", "RELU", "x", "y")
    spec = builder.spec
    assert [f.message for f in output_not_produced.run(Model(spec))] == []
    assert validator_first_message(spec) is None
    spec.description.output.add().CopyFrom(spec.description.output[0])
    [finding] = output_not_produced.run(Model(spec))
    assert (finding.location, finding.message) == ("outputs/y", NOT_PRODUCED_Y)
    assert validator_first_message(spec) == NOT_PRODUCED_Y


def test_a_classifier_may_list_an_output_twice() -> None:
    from ml1_oracle import validator_first_message

    builder = _builder(mode="classifier")
    builder.add_softmax_nd("softmax", "x", "y", axis=-1)
    builder.set_class_labels(["a", "b", "c", "d"], predicted_feature_name="label", prediction_blob="y")
    spec = builder.spec
    spec.description.output.add().CopyFrom(spec.description.output[0])
    assert [f.message for f in output_not_produced.run(Model(spec))] == []
    assert validator_first_message(spec) is None
