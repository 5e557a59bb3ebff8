"""ML132 nn-interface-invalid: a neural network's interface or layer list that Core ML's validator refuses."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import NEURAL_NETWORK_TYPES, Model

from .validator_neural_network import NN_VALIDATOR_SOURCE, network_error
from .validator_order import NN_CLASSIFIER_INTERFACE, NN_TOP_LEVEL, TOP_LEVEL_NETWORK, TYPE, step
from .validator_text import where


@model_rule(
    code="ML132",
    name="nn-interface-invalid",
    severity="error",
    summary="A neural network with no layers, an input or output that is not an image, multiarray or state, "
    "or a multiarray input of a rank its shape mapping does not take.",
    why="""
        Core ML's neural-network validator takes only images, multiarrays and states as a network's
        inputs (and, for a plain neural network, outputs), needs at least one layer, and, for a
        network read the iOS 11/12 way (rank-5 mappings and only layers of spec 3 or earlier), takes
        multiarray inputs of rank 1 or 3 only; a network read as N-d arrays needs every multiarray
        input to have a default shape, with as many dimensions as its shape range.
    """,
    fix="""
        Give the network layers; feed it images or multiarrays (a classifier's or regressor's extra
        outputs excepted); for the legacy rank-5 mapping use inputs of shape [C] or [C, H, W], or
        convert with `disable_rank5_shape_mapping=True` (EXACT_ARRAY_MAPPING).
    """,
    evidence="validator",
    sources=(
        f"{NN_VALIDATOR_SOURCE} validate<MLModelType_neuralNetwork>, validateNeuralNetworkTopLevel",
        (
            "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidatorUtils.hpp "
            "validateInputOutputTypes, validateNdMultiArrayInputType"
        ),
    ),
)
def nn_interface_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of the network-wide checks of the neural-network validator and reports its first
    complaint.

    Example: a network with the legacy rank-5 mapping, only iOS 11 layers and a multiarray input of
    shape [1, 3, 224, 224] gets "Input MLMultiArray to neural networks must have dimension 1 (vector)
    or 3 (image-like arrays)."
    """
    if model.type not in NEURAL_NETWORK_TYPES:
        return
    complaint = network_error(model.proto)
    if complaint is not None:
        stage = (NN_CLASSIFIER_INTERFACE,) if complaint.check == "output-kinds" else (NN_TOP_LEVEL, TOP_LEVEL_NETWORK)
        yield Finding(
            complaint.message + where(model), location=model.location(complaint.where), order=step(model, TYPE, *stage)
        )
