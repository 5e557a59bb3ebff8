"""One node of the model tree: the root, or a pipeline's sub-model."""

from __future__ import annotations

from typing import Any, Callable, Iterator, TypeVar

from .cache import cached_property, forget_cached
from .features import Feature, features_of
from .graph import PASS_THROUGH_OPS, Graph, Op
from .paths import join_path

_T = TypeVar("_T")

PIPELINE_TYPES = ("pipeline", "pipelineClassifier", "pipelineRegressor")
NEURAL_NETWORK_TYPES = ("neuralNetwork", "neuralNetworkClassifier", "neuralNetworkRegressor")


class Model:
    """One node of the model tree: the root, or a pipeline's sub-model."""

    def __init__(self, proto: Any, path: str = "", parent: "Model | None" = None, index: int | None = None):
        self.proto = proto
        self.path = path
        self.parent = parent
        self.index = index
        # Where a root model was read from, set by the loader (``mllint.loader.loaded_as`` reads it):
        # (artifact, spec file, weights folder, spec size), plain values that hold no model.
        self.loaded_from: tuple[Any, str, Any, int] | None = None

    def __repr__(self) -> str:
        return f"Model({self.type!r}, path={self.path!r}, v{self.spec_version})"

    @property
    def spec_version(self) -> int:
        return int(self.proto.specificationVersion)

    @property
    def type(self) -> str | None:
        """The model type: ``mlProgram``, ``neuralNetwork``, ``pipeline``, ``nonMaximumSuppression``..."""
        return self.proto.WhichOneof("Type")

    @property
    def body(self) -> Any:
        """The type-specific message (``proto.mlProgram``, ``proto.pipeline`` ...)."""
        return getattr(self.proto, self.type) if self.type else None

    @property
    def display_path(self) -> str:
        return self.path or "(root)"

    def location(self, *parts: str) -> str:
        return join_path(self.path, *parts)

    def derived(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()``, run once per model and kept with it under ``key``.

        For work several rules and hooks share (the Neural Engine estimate, the
        deployment requirements, the blob scan). The result lives exactly as
        long as the model: a module-level cache keyed by the model would keep
        every model alive, since such results hold the model's ops.
        """
        memo: dict[str, Any] = self.__dict__.setdefault("_derived", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]  # type: ignore[no-any-return]

    def release(self) -> None:
        """Forget what this tree computed and cached (graphs, ops, sub-models, derived results).

        Those point back at their model (an op at its graph, a graph at its
        model, a sub-model at its parent), so a linted tree is a cycle the
        garbage collector must find; the engine calls this once a model is
        linted, and reference counting frees the tree at once. The model stays
        usable: anything asked for again is recomputed.
        """
        for model in list(self.walk()):
            for graph in model.__dict__.get("graphs", ()):
                forget_cached(graph)
            forget_cached(model)
            model.__dict__.pop("_derived", None)

    @property
    def root(self) -> "Model":
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    # -- interface
    @cached_property
    def inputs(self) -> tuple[Feature, ...]:
        return features_of(self.proto.description.input, "input", self.path)

    @cached_property
    def outputs(self) -> tuple[Feature, ...]:
        return features_of(self.proto.description.output, "output", self.path)

    @cached_property
    def states(self) -> tuple[Feature, ...]:
        return features_of(self.proto.description.state, "state", self.path)

    @cached_property
    def training_inputs(self) -> tuple[Feature, ...]:
        return features_of(self.proto.description.trainingInput, "training_input", self.path)

    @cached_property
    def function_features(self) -> tuple[Feature, ...]:
        """Inputs, outputs and states declared per function (multi-function models)."""
        found: list[Feature] = []
        for function in self.proto.description.functions:
            prefix = join_path(self.path, "functions", function.name)
            found += features_of(function.input, "input", prefix)
            found += features_of(function.output, "output", prefix)
            found += features_of(function.state, "state", prefix)
        return tuple(found)

    @property
    def features(self) -> tuple[Feature, ...]:
        """Every feature description of this model (not of its sub-models)."""
        return self.inputs + self.outputs + self.states + self.function_features

    @property
    def metadata(self) -> Any:
        return self.proto.description.metadata

    @property
    def is_pipeline(self) -> bool:
        return self.type in PIPELINE_TYPES

    # -- tree
    @cached_property
    def sub_models(self) -> tuple["Model", ...]:
        if not self.is_pipeline:
            return ()
        body = self.body
        pipeline = body if self.type == "pipeline" else body.pipeline
        return tuple(Model(m, join_path(self.path, f"models[{i}]"), self, i) for i, m in enumerate(pipeline.models))

    def walk(self) -> Iterator["Model"]:
        """This model and every model nested in it, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.sub_models))

    # -- graphs
    @cached_property
    def graphs(self) -> tuple[Graph, ...]:
        if self.type in NEURAL_NETWORK_TYPES:
            return (Graph(self, "layers", "neuralNetwork", None, self.body, None),)
        if self.type != "mlProgram":
            return ()
        graphs = []
        for name, function in sorted(self.body.functions.items(), key=lambda kv: (kv[0] != "main", kv[0])):
            block = function.block_specializations.get(function.opset)
            graphs.append(Graph(self, name, "mlProgram", function.opset, function, block))
        return tuple(graphs)

    def graph(self, name: str) -> Graph | None:
        return next((g for g in self.graphs if g.name == name), None)

    @property
    def ops(self) -> Iterator[Op]:
        for graph in self.graphs:
            yield from graph.ops

    def output_producer(self, output: str, look_through: frozenset[str] = PASS_THROUGH_OPS) -> Op | None:
        """What makes this model's output ``output``, looking through cast/identity."""
        for graph in self.graphs:
            if output in graph.output_names or graph.producer(output) is not None:
                return graph.producer_through(output, look_through)
        return None
