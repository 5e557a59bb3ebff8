"""Port of the first checks of Core ML's per-layer validator, in its order, for one layer.

apple/coremltools ``mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp``
``NeuralNetworkSpecValidator::validateLayer`` sends each layer to its type's function in
``NeuralNetworkLayerValidator.cpp``; every one opens with ``validateInputCount`` and
``validateOutputCount`` (``NeuralNetworkValidatorUtils.hpp``; the counts are the table
:mod:`.validator_nn_layer_counts`), a layer with no type gets ``validateFailUnknownType``. Ported past
the counts: an activation with no nonlinearity (``validateActivationParams``) and the weight and bias
sizes of an inner product and of a one-input batched matmul (``validateInnerProductWeightsBias``).
The rank checks that follow the counts in N-d networks are not ported: where they fail first the
validator reports them and mllint the weight check that follows (the model is refused either way).
"""

from __future__ import annotations

from typing import Any

from .validator_nn_layer_counts import COUNTS_BY_LAYER

LAYER_VALIDATOR_SOURCE = "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkLayerValidator.cpp"
LAYER_UTILS_SOURCE = "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidatorUtils.hpp"
LAYER_MESSAGE_TYPE = "CoreML.Specification.NeuralNetworkLayer"  # layer.GetTypeName()


def _count_error(layer: Any, what: str, count: int, low: int, high: int, case_number: int) -> str | None:
    """validateInputCount / validateOutputCount."""
    head = f"Layer '{layer.name}' of type {case_number} has {count} {what}"
    if high > 0 and high == low and count != high:
        return f"{head} but expects exactly {low}."
    if low > 0 and count < low:
        return f"{head} but expects at least {low}."
    if high > 0 and count > high:
        return f"{head} but expects at most {high}."
    return None


def weight_kinds(weights: Any) -> int:
    """ValidatorUtils-inl.hpp numberOfWeightType: how many of the value fields are filled in."""
    return sum(
        (
            len(weights.floatValue) > 0,
            len(weights.float16Value) > 0,
            len(weights.rawValue) > 0,
            len(weights.int8RawValue) > 0,
        )
    )


def _value_type(weights: Any) -> str:
    """ValidatorUtils-inl.hpp valueType: FLOAT32, FLOAT16, QUINT, QINT, UNSPECIFIED (several) or EMPTY."""
    kinds = weight_kinds(weights)
    if kinds > 1:
        return "UNSPECIFIED"
    if kinds == 0:
        return "EMPTY"
    if len(weights.floatValue):
        return "FLOAT32"
    if len(weights.float16Value):
        return "FLOAT16"
    if len(weights.rawValue) and weights.HasField("quantization"):
        return "QUINT"
    if len(weights.int8RawValue) and weights.HasField("quantization"):
        return "QINT"
    return "EMPTY"


def _float_count(weights: Any, value_type: str) -> int:
    return len(weights.floatValue) if value_type == "FLOAT32" else len(weights.float16Value) // 2


def _weights_bias_error(layer: Any, layer_type: str) -> str | None:
    """validateInnerProductWeightsBias, its float checks (quantized weights are not ported)."""
    if layer_type == "innerProduct":
        params = layer.innerProduct
        inputs, outputs, what = params.inputChannels, params.outputChannels, "Inner product"
    else:
        params = layer.batchedMatmul
        inputs, outputs, what = params.weightMatrixFirstDimension, params.weightMatrixSecondDimension, "BatchedMatMul"
    has_bias = params.hasBias
    weights_type, bias_type = _value_type(params.weights), _value_type(params.bias)
    if weights_type == "UNSPECIFIED" or (has_bias and bias_type == "UNSPECIFIED"):
        return f"{what} layer '{layer.name}' has invalid weights/bias fields."
    if has_bias and {weights_type, bias_type} == {"FLOAT16", "FLOAT32"}:
        return (
            f"{what} layer '{layer.name}has unmatched precisions of weights/bias They should either be half or "
            "full precision."
        )
    if weights_type == "QUINT":
        return None  # validateGeneralWeightParams on quantized weights: not ported
    if weights_type in ("FLOAT32", "FLOAT16"):
        size = _float_count(params.weights, weights_type)
        if inputs * outputs != size:
            return (
                f"Layer '{layer.name} has incorrect weight matrix size {size} to encode a {inputs} × {outputs} {what}."
            )
    if has_bias and bias_type in ("FLOAT32", "FLOAT16"):
        size = _float_count(params.bias, bias_type)
        if size != outputs:
            return f"Layer '{layer.name}' has incorrect bias vector size {size} (expected {outputs})."
    return None


def tensor_error(layer: Any, io_ranks: dict[str, int]) -> str | None:
    """NeuralNetworkValidator.cpp validateNeuralNetwork, the checks of a layer's inputTensor and outputTensor
    made before validateLayer in an N-d network (validateTensorMessage; a tensor of a model input or output
    against the model's rank). The check of a blob's rank against earlier layers' is not ported."""
    for role, names, tensors in (
        ("input", layer.input, layer.inputTensor),
        ("output", layer.output, layer.outputTensor),
    ):
        if not len(tensors):
            continue
        if len(names) != len(tensors):
            if role == "input":
                return f"Layer '{layer.name}''s input and inputTensors have different lengths"
            return f"Layer '{layer.name}''s output and \"outputTensors\" property have different lengths"
        for name, tensor in zip(names, tensors):
            rank = _as_int(tensor.rank)
            if len(tensor.dimValue):
                if rank != len(tensor.dimValue):
                    return f"Tensor in layer '{layer.name}': rank must match the length of dimValue"
                if rank < 1:
                    return f"Tensor in layer '{layer.name}': rank must be positive"
            if name in io_ranks and rank != io_ranks[name]:
                what = "an input to" if role == "input" else "an output of"
                return (
                    f"Layer '{layer.name}''s {role} '{name}' is also {what} the model. However, for this tensor the "
                    "rank provided in the layer description does not match the one provided in the model description"
                )
    return None


def _as_int(value: int) -> int:
    """static_cast<int> of a uint32."""
    return value - (1 << 32) if value >= 1 << 31 else value


def io_ranks(model_proto: Any, network: Any, nd: bool) -> dict[str, int]:
    """validateNeuralNetworkTopLevel's ioBlobNameToRank: the rank of each model input and output (N-d only)."""
    ranks: dict[str, int] = {}
    if not nd:
        return ranks
    description = model_proto.description
    for feature in description.input:
        kind = feature.type.WhichOneof("Type")
        if kind == "multiArrayType":
            ranks[feature.name] = 5 if network.arrayInputShapeMapping == 0 else len(feature.type.multiArrayType.shape)
        elif kind == "imageType":
            ranks[feature.name] = 5 if network.imageInputShapeMapping == 0 else 4
    for feature in description.output:
        if feature.type.WhichOneof("Type") == "multiArrayType" and len(feature.type.multiArrayType.shape):
            ranks[feature.name] = len(feature.type.multiArrayType.shape)
    return ranks


def layer_error(layer: Any) -> str | None:
    """The validator's first complaint about one layer (``validateLayer``), among the ported checks."""
    layer_type = layer.WhichOneof("layer")
    if layer_type is None:
        return f"Unsupported layer type ({LAYER_MESSAGE_TYPE}) for layer '{layer.name}'."
    counts = COUNTS_BY_LAYER.get(layer_type)
    if counts is None:
        return None  # custom layers: ML138
    problem = _count_error(
        layer, "inputs", len(layer.input), counts.min_inputs, counts.max_inputs, counts.case_number
    ) or _count_error(layer, "outputs", len(layer.output), counts.min_outputs, counts.max_outputs, counts.case_number)
    if problem:
        return problem
    if layer_type == "activation" and layer.activation.WhichOneof("NonlinearityType") is None:
        return "Nonlinearity type INVALID is not supported in this version of CoreML."
    if layer_type == "innerProduct" and not layer.innerProduct.int8DynamicQuantize:
        return _weights_bias_error(layer, layer_type)
    if layer_type == "batchedMatmul" and len(layer.input) == 1 and not layer.batchedMatmul.int8DynamicQuantize:
        return _weights_bias_error(layer, layer_type)
    return None
