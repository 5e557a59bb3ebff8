"""ML142 nn-layer-invalid: a neural-network layer that Core ML's per-layer validator refuses."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .nn_blob_walk import walk_problems
from .validator_nn_layers import LAYER_UTILS_SOURCE, LAYER_VALIDATOR_SOURCE
from .validator_order import NN_LAYERS, TYPE, step
from .validator_text import where


@model_rule(
    code="ML142",
    name="nn-layer-invalid",
    severity="error",
    summary="A neural-network layer with no type, with more or fewer inputs or outputs than its type takes, an "
    "activation with no nonlinearity, an inner product whose weights do not fit its channels, or (N-d "
    "networks) input or output tensors that disagree with its names, their dimensions or the model's ranks.",
    why="""
        Core ML's neural-network validator checks every layer, nested ones included, before the model
        loads: the layer must have a type it knows, as many inputs and outputs as that type takes (a
        relu one of each, a concat at least two inputs...), an activation must name its nonlinearity,
        an inner product (or a one-input batched matmul) must hold inputChannels x outputChannels
        weights and outputChannels biases; in a network read as N-d arrays, a layer's inputTensor and
        outputTensor lists match its inputs and outputs, each tensor's rank its dimValue, and the rank
        of a model input or output the model's. Otherwise the model does not load.
    """,
    fix="""
        Fix the layer's inputs and outputs (a hand-edited spec often keeps a stale name), set its type
        and parameters, and keep the weight arrays in step with the channel counts (coremltools'
        NeuralNetworkBuilder.add_inner_product does).
    """,
    evidence="validator",
    sources=(
        f"{LAYER_VALIDATOR_SOURCE} validateInnerProductLayer, validateActivation, validateInnerProductWeightsBias, "
        "validateFailUnknownType (and each layer type's function: input and output counts)",
        f"{LAYER_UTILS_SOURCE} validateInputCount, validateOutputCount, validateActivationParams, "
        "validateTensorMessage",
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp "
        "NeuralNetworkSpecValidator::validateLayer, NeuralNetworkSpecValidator::validateNeuralNetwork (tensors)",
    ),
)
def nn_layer_invalid(model: Model) -> Iterator[Finding]:
    """Replays the validator's walk over the layers (as ML123, into branch and loop bodies) and reports
    each layer whose first ported check fails (rules/load/validator_nn_layers.py: the type, the input and
    output counts of the table rules/load/validator_nn_layer_counts.py, an activation's nonlinearity, an
    inner product's weight and bias sizes).

    Example: a relu layer reading `x` twice gets "Layer 'relu' of type 130 has 2 inputs but expects
    exactly 1." (130 is the activation layer's field number, as the validator prints it).
    """
    for problem in walk_problems(model, {"layer-invalid"}):
        yield Finding(
            problem.message + where(model),
            location=problem.location,
            order=step(model, TYPE, NN_LAYERS, *problem.order),
        )
