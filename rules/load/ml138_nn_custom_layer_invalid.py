"""ML138 nn-custom-layer-invalid: a neural-network custom layer that Core ML's validator refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.view import NEURAL_NETWORK_TYPES, Model

from .validator_order import LAYER_VALIDATE, NN_LAYERS, TYPE, step
from .validator_text import where

LAYER_SOURCE = "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkLayerValidator.cpp"
CUSTOM_LAYER_CASE = 500  # NeuralNetworkLayer.custom: the layer_case number the validator prints


@model_rule(
    code="ML138",
    name="nn-custom-layer-invalid",
    severity="error",
    summary="A neural-network custom layer without inputs, outputs or className, or with a weights entry that "
    "holds no value or several kinds of value.",
    why="""
        Core ML links a custom layer to the class its `className` names; the validator refuses a
        custom layer with an empty `className`, without an input or output, or with a WeightParams
        entry that does not hold exactly one kind of value (floats, float16 bytes, raw bytes or int8
        bytes).
    """,
    fix="""
        Set `className` to the Swift/Objective-C class implementing the layer (coremltools
        `add_custom(..., spec_layer_params=...)` / `convert(..., add_custom_layers=True)` leave it for
        you to fill in), and fill each weights entry with one kind of value.
    """,
    evidence="validator",
    sources=(
        f"{LAYER_SOURCE} validateCustomLayer",
        (
            "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidatorUtils.hpp validateInputCount, "
            "validateOutputCount; ValidatorUtils-inl.hpp checkSingleWeightType"
        ),
    ),
)
def nn_custom_layer_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of validateCustomLayer on each custom layer of the network's top level (the
    validator checks each layer in order) and reports the first complaint of each.

    Example: a custom layer `warp` with `className = ""` gets "Custom layer warp has an empty 'className'
    field. This field is required in order for Core ML to link to the implementation for this custom class."
    """
    if model.type not in NEURAL_NETWORK_TYPES:
        return
    for index, layer in enumerate(model.body.layers):
        if layer.WhichOneof("layer") != "custom":
            continue
        problem = _custom_layer_error(layer)
        if problem:
            yield Finding(
                problem + where(model),
                location=model.location("layers", layer.name or f"custom#{index}"),
                order=step(model, TYPE, NN_LAYERS, index, LAYER_VALIDATE),
            )


def _weight_kinds(weights: Any) -> int:
    return sum(
        (
            len(weights.floatValue) > 0,
            len(weights.float16Value) > 0,
            len(weights.rawValue) > 0,
            len(weights.int8RawValue) > 0,
        )
    )


def _custom_layer_error(layer: Any) -> str | None:
    for count, what in ((len(layer.input), "inputs"), (len(layer.output), "outputs")):
        if count < 1:
            return f"Layer '{layer.name}' of type {CUSTOM_LAYER_CASE} has {count} {what} but expects at least 1."
    if not layer.custom.className:
        return (
            f"Custom layer {layer.name} has an empty 'className' field. This field is required in order for "
            "Core ML to link to the implementation for this custom class."
        )
    for weights in layer.custom.weights:
        if _weight_kinds(weights) != 1:
            return (
                f"Custom layer {layer.name} has a weights parameter with multiple types filled in.  The "
                "WeightParams message should be treated as a oneof."
            )
    return None
