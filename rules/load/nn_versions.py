"""The specification version a neural-network layer needs, for the ML120 and ML121 rules.

Reads the layer table in :mod:`mllint.knowledge.nn_layers` (the spec version that
introduced each layer type, and each option newer than its layer).
"""

from __future__ import annotations

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


def _option_used(layer: Op, option: OptionRequirement) -> bool:
    if option.test == "inputs_at_least":
        return len(layer.proto.input) >= option.value
    value = getattr(layer.params, option.field)
    if option.test == "set":
        return bool(len(value)) if hasattr(value, "__len__") else bool(value)
    if option.test == "any_true":
        return any(value)
    return bool(value == option.value)  # "equals"


def layer_requirements(layer: Op) -> list[tuple[int, str]]:
    """(spec version, what needs it) for the layer type and each newer option it uses.

    ``what`` completes "layer 'x' (type) ... specification version N".
    """
    needs: list[tuple[int, str]] = []
    introduced = NN_LAYERS.get(layer.type)
    if introduced is not None:
        needs.append((introduced.spec_version, "is a layer type added in"))
    for option in OPTIONS_BY_LAYER.get(layer.type, ()):
        if _option_used(layer, option):
            needs.append((option.spec_version, f"uses {option.feature}, added in"))
    return needs


def is_ios12_layer(layer: Op) -> bool:
    """``Utils.cpp isIOS12NeuralNetworkLayer``: the layer and its options all predate spec 4."""
    return all(needs < 4 for needs, _ in layer_requirements(layer)) and layer.type in NN_LAYERS
