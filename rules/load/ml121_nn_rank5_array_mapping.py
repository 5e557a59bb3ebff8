"""ML121 nn-rank5-array-mapping: the legacy rank-5 input mapping with layers that need N-d tensors."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .nn_versions import is_ios12_layer, nn_graph
from .validator_order import NN_TOP_LEVEL, TOP_LEVEL_MAPPING, TYPE, step


@model_rule(
    code="ML121",
    name="nn-rank5-array-mapping",
    severity="error",
    summary="A neural network keeps the legacy rank-5 input mapping but uses layers that need N-d tensors.",
    why="""
        With RANK5_ARRAY_MAPPING every multiarray input becomes a rank-5 [Seq, Batch, C, H, W]
        tensor, which layers added in spec version 4 (iOS 13) do not accept. The validator
        rejects the model.
    """,
    fix="""
        Set the network's arrayInputShapeMapping to EXACT_ARRAY_MAPPING (and give inputs their
        real rank), as coremltools does with NeuralNetworkBuilder(disable_rank5_shape_mapping=True).
    """,
    evidence="validator",
    sources=(
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validateNeuralNetworkTopLevel)",
    ),
)
def nn_rank5_array_mapping(model: Model) -> Iterator[Finding]:
    """Ports the two shape-mapping checks of ``validateNeuralNetworkTopLevel``: a network
    with a multiarray input whose arrayInputShapeMapping is RANK5_ARRAY_MAPPING must contain
    only iOS 12 layers (``isIOS12NeuralNetworkLayer``: no layer or option of spec 4 or later)
    and must keep imageInputShapeMapping RANK5_IMAGE_MAPPING. Looks at top-level layers,
    as the validator does. The finding sits on the first newer layer.

    Example: a network with a ``batchedMatmul`` layer and a multiarray input, saved with the
    default (rank-5) array mapping.
    """
    graph = nn_graph(model)
    if graph is None or model.body.arrayInputShapeMapping != 0:
        return
    if not any(f.kind == "multiArrayType" for f in model.inputs):
        return
    top_level = (layer for layer in graph.ops if layer.parent is None)
    newer = next((layer for layer in top_level if not is_ios12_layer(layer)), None)
    if newer is not None:
        yield Finding(
            "Neural Network Multi-Array input shape mapping cannot be 'RANK5_ARRAY_MAPPING' if the network "
            "contains a layer added in version 4 (iOS 13) or later. Use 'EXACT_ARRAY_MAPPING' instead.",
            location=newer.path,
            order=step(model, TYPE, NN_TOP_LEVEL, TOP_LEVEL_MAPPING),
        )
    elif model.body.imageInputShapeMapping != 0:
        yield Finding(
            "Neural Network Multi-Array input shape mapping cannot be 'RANK5_ARRAY_MAPPING' if the image input "
            "Shape mapping is not 'RANK5_IMAGE_MAPPING'",
            location=graph.path,
            order=step(model, TYPE, NN_TOP_LEVEL, TOP_LEVEL_MAPPING),
        )
