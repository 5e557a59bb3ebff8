"""The specification version a neural-network layer needs, for the ML120 and ML121 rules.

Reads the layer table in :mod:`mllint.knowledge.nn_layers` (the spec version that
introduced each layer type, and each option newer than its layer).
"""

from __future__ import annotations

from typing import Any

from mllint.knowledge.nn_layers import NN_LAYERS, OPTIONS_BY_LAYER, OptionRequirement
from mllint.view import NEURAL_NETWORK_TYPES, Graph, Model, Op


def declared_version(model: Model) -> int:
    """The oldest OS that reads this model: the highest version along its pipeline chain.

    Core ML validates the root and each sub-model against its own version; an OS that
    refuses any of them refuses the file.
    """
    version = model.spec_version
    node = model.parent
    while node is not None:
        version = max(version, node.spec_version)
        node = node.parent
    return version


def nn_graph(model: Model) -> Graph | None:
    """The layers of a neural network (classifier, regressor), or None for other model types."""
    if model.type not in NEURAL_NETWORK_TYPES:
        return None
    return model.graphs[0] if model.graphs else None


def _option_used(layer: Any, params: Any, option: OptionRequirement) -> bool:
    """Whether a layer (its NeuralNetworkLayer message and parameter message) uses an option of the table."""
    if option.test == "inputs_at_least":
        return len(layer.input) >= option.value
    value = getattr(params, option.field)
    if option.test == "set":
        return bool(len(value)) if hasattr(value, "__len__") else bool(value)
    if option.test == "any_true":
        return any(value)
    return bool(value == option.value)  # "equals"


def layer_proto_requirements(layer: Any) -> list[tuple[int, str]]:
    """(spec version, what needs it) for a NeuralNetworkLayer message: its type and each newer option it uses.

    ``what`` completes "layer 'x' (type) ... specification version N".
    """
    layer_type = layer.WhichOneof("layer") or ""
    needs: list[tuple[int, str]] = []
    introduced = NN_LAYERS.get(layer_type)
    if introduced is None:
        return needs
    needs.append((introduced.spec_version, "is a layer type added in"))
    params = getattr(layer, layer_type)
    for option in OPTIONS_BY_LAYER.get(layer_type, ()):
        if _option_used(layer, params, option):
            needs.append((option.spec_version, f"uses {option.feature}, added in"))
    return needs


def layer_requirements(layer: Op) -> list[tuple[int, str]]:
    """:func:`layer_proto_requirements` of a layer of the model view."""
    return layer_proto_requirements(layer.proto)


def is_ios12_layer_proto(layer: Any) -> bool:
    """``Utils.cpp isIOS12NeuralNetworkLayer``: a layer type the table knows, and its options, all predate spec 4."""
    needs = layer_proto_requirements(layer)
    return bool(needs) and all(version < 4 for version, _ in needs)


def is_ios12_layer(layer: Op) -> bool:
    """:func:`is_ios12_layer_proto` of a layer of the model view."""
    return is_ios12_layer_proto(layer.proto)
