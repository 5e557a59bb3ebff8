"""Port of the network-wide checks of Core ML's neural-network validator, in its own order.

apple/coremltools ``mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp``:
``validate<MLModelType_neuralNetwork>`` (output kinds), ``validateNeuralNetworkTopLevel`` (layers
present, input kinds, input multiarray ranks), with ``NeuralNetworkValidatorUtils.hpp``
``validateInputOutputTypes`` and ``validateNdMultiArrayInputType``; ``Utils.cpp
isIOS12NeuralNetworkLayer`` (rules/load/nn_versions.py, shared with ML121) decides whether the network is
read as N-d arrays. Checks that other
rules port are left to them: the rank-5 mappings (ML121), empty interfaces (ML110), optional inputs
(ML131), outputs not produced (ML122), layer graph (ML123, ML124).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .nn_versions import is_ios12_layer_proto

NN_VALIDATOR_SOURCE = "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp"
IO_KINDS = ("imageType", "multiArrayType", "stateType")
RANK_1_OR_3 = "Input MLMultiArray to neural networks must have dimension 1 (vector) or 3 (image-like arrays)."


class NetworkComplaint(NamedTuple):
    check: str
    message: str
    where: str  # "outputs", "inputs/<name>" or "layers"


def nd_array_interpretation(network: Any) -> bool:
    """``ndArrayInterpretation`` of validateNeuralNetworkTopLevel."""
    return (
        network.arrayInputShapeMapping != 0
        or network.imageInputShapeMapping != 0
        or any(not is_ios12_layer_proto(layer) for layer in network.layers)
    )


def network_error(proto: Any) -> NetworkComplaint | None:
    """The first network-wide complaint of the validator about a neural network (any of the three types)."""
    kind = proto.WhichOneof("Type")
    network = getattr(proto, kind)
    description = proto.description
    if kind == "neuralNetwork" and any(f.type.WhichOneof("Type") not in IO_KINDS for f in description.output):
        return NetworkComplaint(
            "output-kinds", "Neural Networks require outputs to be images, MLMultiArray, or State.", "outputs"
        )
    if not len(description.output) or (not len(description.input) and proto.specificationVersion < 9):
        return None  # ML110's complaints come first (validateFeatureDescriptions)
    if not len(network.layers):
        return NetworkComplaint("no-layers", "Neural networks require at least one layer.", "layers")
    if any(f.type.WhichOneof("Type") not in IO_KINDS for f in description.input):
        return NetworkComplaint(
            "input-kinds", "Neural Networks require inputs to be images, MLMultiArray, or State.", "inputs"
        )
    nd = nd_array_interpretation(network)
    for feature in description.input:
        if feature.type.WhichOneof("Type") != "multiArrayType":
            continue
        array = feature.type.multiArrayType
        where = f"inputs/{feature.name}"
        flexibility = array.WhichOneof("ShapeFlexibility")
        if not nd:
            valid = len(array.shape) > 0
            if valid and len(array.shape) not in (1, 3):
                return NetworkComplaint("input-rank", RANK_1_OR_3, where)
            if flexibility == "enumeratedShapes":
                flexible_ok = all(len(s.shape) in (1, 3) for s in array.enumeratedShapes.shapes)
            elif flexibility == "shapeRange":
                flexible_ok = len(array.shapeRange.sizeRanges) in (1, 3)
            else:
                flexible_ok = False
            if not flexible_ok and not valid:
                return NetworkComplaint("input-rank", RANK_1_OR_3, where)
        else:
            if not len(array.shape):
                return NetworkComplaint(
                    "input-rank", "Input MLMultiArray to neural networks must have at least 1 dimension.", where
                )
            if flexibility == "shapeRange" and len(array.shapeRange.sizeRanges) != len(array.shape):
                return NetworkComplaint(
                    "input-rank",
                    "For MLMultiArray input: Rank of the flexible shape range must match "
                    "the rank of the default shape.",
                    where,
                )
    return None
