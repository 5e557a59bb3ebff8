"""ML123 duplicate-producer: the validator's message, copy layers exempt."""

from __future__ import annotations

import logging

from mllint_rules.load.ml123_duplicate_producer import duplicate_producer

from mllint.view import Model


def test_layer_overwriting_a_model_input() -> None:
    logging.getLogger("coremltools").setLevel(logging.ERROR)
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    builder = NeuralNetworkBuilder([("x", datatypes.Array(4))], [("y", datatypes.Array(4))], disable_rank5_shape_mapping=True)
    builder.add_activation("relu", "RELU", "x", "x")
    builder.add_activation("out", "RELU", "x", "y")
    [finding] = duplicate_producer.run(Model(builder.spec))
    assert finding.message == (
        "Layer 'relu' produces an output named 'x' which is also an output produced by the layer '__input'."
    )
