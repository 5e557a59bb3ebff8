"""ML123 duplicate-producer: the validator's message, copy layers exempt."""

from __future__ import annotations

import logging

from conftest import fixture_path, lint_path

from mllint.view import Model
from mllint_rules.graph_validity import duplicate_producer


def test_fires_on_second_layer_writing_the_same_name() -> None:
    [diagnostic] = lint_path(fixture_path("ml123_duplicate_producer.mlmodel"), select=["ML123"])
    assert diagnostic.code == "ML123"
    assert diagnostic.location == "layers/relu_b"
    assert diagnostic.message == (
        "Layer 'relu_b' produces an output named 'hidden' which is also an output produced by the layer 'relu_a'."
    )


def test_copy_layer_may_write_it_again() -> None:
    assert lint_path(fixture_path("ml123_duplicate_producer_clean.mlmodel"), select=["ML123"]) == []


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
