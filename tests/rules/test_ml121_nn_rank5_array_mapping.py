"""ML121 nn-rank5-array-mapping: the validator's two shape-mapping checks."""

from __future__ import annotations

import logging

from mllint_rules.load.ml121_nn_rank5_array_mapping import nn_rank5_array_mapping

from mllint.view import Model

ND_LAYER_MESSAGE = (
    "Neural Network Multi-Array input shape mapping cannot be 'RANK5_ARRAY_MAPPING' if the network contains "
    "a layer added in version 4 (iOS 13) or later. Use 'EXACT_ARRAY_MAPPING' instead."
)






def _network():
    logging.getLogger("coremltools").setLevel(logging.ERROR)
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    builder = NeuralNetworkBuilder([("x", datatypes.Array(3))], [("y", datatypes.Array(3))])
    builder.add_activation("relu", "RELU", "x", "y")
    return builder.spec


def test_image_mapping_without_array_mapping() -> None:
    spec = _network()
    assert nn_rank5_array_mapping.run(Model(spec)) == []
    spec.neuralNetwork.imageInputShapeMapping = 1  # RANK4_IMAGE_MAPPING
    [finding] = nn_rank5_array_mapping.run(Model(spec))
    assert finding.message == (
        "Neural Network Multi-Array input shape mapping cannot be 'RANK5_ARRAY_MAPPING' if the image input "
        "Shape mapping is not 'RANK5_IMAGE_MAPPING'"
    )


def test_option_that_is_not_ios12_counts_as_a_newer_layer() -> None:
    # isIOS12NeuralNetworkLayer: an innerProduct with int8DynamicQuantize is not an iOS 12 layer.
    spec = _network()
    layer = spec.neuralNetwork.layers[0]
    layer.innerProduct.int8DynamicQuantize = True
    [finding] = nn_rank5_array_mapping.run(Model(spec))
    assert finding.message == ND_LAYER_MESSAGE
    assert finding.location == "layers/relu"
