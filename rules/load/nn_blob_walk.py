"""The neural-network validator's walk over the layers, for the ML122, ML123 and ML124 rules.

``NeuralNetworkSpecValidator::validateNeuralNetwork`` (apple/coremltools
``mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp``) goes through
the layers in order, into branch and loop bodies, and tracks the producers of every
value (a "blob"); on the way it finds values produced twice, layers that read a
value not produced yet, and layers its per-layer validator refuses (ML142). The layers come
from the model view, where the layers of a ``branch`` or ``loop`` layer's networks carry that
layer as ``parent`` and the network's name as ``network``; messages name a layer by its own
``name`` field, as the validator does (possibly empty), not by the view's fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mllint.view import Graph, Model, Op

from .nn_versions import nn_graph
from .validator_neural_network import nd_array_interpretation
from .validator_nn_layers import io_ranks, layer_error, tensor_error
from .validator_order import LAYER_INPUTS, LAYER_OUTPUTS, LAYER_TENSORS, LAYER_VALIDATE

MODEL_INPUT = "__input"  # the validator's producer name for model inputs


@dataclass(frozen=True)
class Problem:
    kind: str  # "duplicate", "missing-input", "branch-condition", "layer-invalid"
    message: str
    location: str
    order: tuple[int, ...] = ()  # the layer's place in the walk, then the step (validator_order.layer_step)


@dataclass
class NetworkWalk:
    """What the validator tracks: the producers of each blob, and the problems on the way."""

    blobs: dict[str, set[str]]
    problems: list[Problem] = field(default_factory=list)


Blobs = dict[str, set[str]]


def _copy(blobs: Blobs) -> Blobs:
    return {name: set(producers) for name, producers in blobs.items()}


def _merge(into: Blobs, name: str, producers: set[str]) -> None:
    into.setdefault(name, set()).update(producers)


class _Walker:
    def __init__(self, graph: Graph, io_ranks: dict[str, int] | None = None) -> None:
        self.io_ranks = io_ranks  # None: the network is not read as N-d arrays (no tensor checks)
        self.networks: dict[tuple[Op | None, str], list[Op]] = {}
        for op in graph.ops:
            self.networks.setdefault((op.parent, op.network), []).append(op)
        self.problems: list[Problem] = []

    def layers(self, parent: Op | None, network: str) -> list[Op]:
        return self.networks.get((parent, network), [])

    def network(self, layers: list[Op], blobs: Blobs, prefix: tuple[int, ...] = ()) -> None:
        for index, layer in enumerate(layers):
            key = (*prefix, index)
            if self.io_ranks is not None:
                tensors = tensor_error(layer.proto, self.io_ranks)
                if tensors is not None:
                    self.problems.append(Problem("layer-invalid", tensors, layer.path, (*key, LAYER_TENSORS)))
            invalid = layer_error(layer.proto)
            if invalid is not None:
                self.problems.append(Problem("layer-invalid", invalid, layer.path, (*key, LAYER_VALIDATE)))
            condition_missing = False
            if layer.type == "branch":
                condition = layer.input_names[0] if layer.input_names else None
                if condition is not None and condition not in blobs:
                    condition_missing = True
                    self.problems.append(
                        Problem(
                            "branch-condition",
                            f"Branch Layer '{layer.proto.name}' requires the condition blob '{condition}' which is not "
                            "present in the network prior to this layer.",
                            layer.path,
                            (*key, LAYER_VALIDATE),
                        )
                    )
                self.branch(layer, blobs, (*key, LAYER_VALIDATE))
            elif layer.type == "loop":
                self.loop(layer, blobs, (*key, LAYER_VALIDATE))
            for name in layer.input_names:
                if name not in blobs and not condition_missing:
                    self.problems.append(
                        Problem(
                            "missing-input",
                            f"Layer '{layer.proto.name}' consumes an input named '{name}' which is not present in this "
                            "network.",
                            layer.path,
                            (*key, LAYER_INPUTS),
                        )
                    )
            for name in layer.output_names:
                if name in blobs and layer.type != "copy":
                    self.problems.append(
                        Problem(
                            "duplicate",
                            f"Layer '{layer.proto.name}' produces an output named '{name}' which is also an output "
                            f"produced by the layer '{min(blobs[name])}'.",
                            layer.path,
                            (*key, LAYER_OUTPUTS),
                        )
                    )
                blobs.setdefault(name, set()).add(layer.proto.name)

    def branch(self, layer: Op, blobs: Blobs, key: tuple[int, ...]) -> None:
        """``validateBranchLayer``: each branch sees a copy; blobs made by both join the parent."""
        if_blobs = _copy(blobs)
        self.network(self.layers(layer, "ifBranch"), if_blobs, (*key, 0))
        else_layers = self.layers(layer, "elseBranch")
        if not else_layers:
            return
        else_blobs = _copy(blobs)
        self.network(else_layers, else_blobs, (*key, 1))
        for name, producers in if_blobs.items():
            if name in else_blobs:
                _merge(blobs, name, producers | else_blobs[name])

    def loop(self, layer: Op, blobs: Blobs, key: tuple[int, ...]) -> None:
        """``validateLoopLayer``: the condition network's blobs join the parent; then the body's."""
        condition_layers = self.layers(layer, "conditionNetwork")
        condition_blobs = _copy(blobs)
        if condition_layers:
            self.network(condition_layers, condition_blobs, (*key, 0))
            for name, producers in condition_blobs.items():
                _merge(blobs, name, producers)
        body_blobs = _copy(blobs)
        self.network(self.layers(layer, "bodyNetwork"), body_blobs, (*key, 1))
        if not condition_layers:
            for name, producers in body_blobs.items():
                _merge(blobs, name, producers)
        else:
            for name in condition_blobs:
                if name in body_blobs:
                    _merge(blobs, name, body_blobs[name])


def walk_neural_network(model: Model, graph: Graph) -> NetworkWalk:
    """Producers of every blob after the whole network, and the topology problems on the way."""
    network = model.body
    nd = nd_array_interpretation(network)
    walker = _Walker(graph, io_ranks(model.proto, network, nd) if nd else None)
    blobs = {feature.name: {MODEL_INPUT} for feature in model.inputs}
    walker.network(walker.layers(None, ""), blobs)
    return NetworkWalk(blobs, walker.problems)


def produced_outputs(model: Model, walk: NetworkWalk) -> set[str]:
    """The validator's ``outputBlobNames``: blobs a layer makes (an input only if remade)."""
    inputs = {feature.name for feature in model.inputs}
    return {name for name, producers in walk.blobs.items() if name not in inputs or len(producers) > 1}


def walk_problems(model: Model, kinds: set[str]) -> list[Problem]:
    """The walk's problems of the given kinds, for a neural network (none for other models)."""
    graph = nn_graph(model)
    if graph is None:
        return []
    return [problem for problem in cached_walk(model, graph).problems if problem.kind in kinds]


def cached_walk(model: Model, graph: Graph) -> NetworkWalk:
    """:func:`walk_neural_network`, run once per model for the three rules that read it."""
    return model.derived("mllint_rules.load.nn_blob_walk", lambda: walk_neural_network(model, graph))
