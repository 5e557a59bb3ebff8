"""ML122 output-not-produced: a model output that no layer or op produces.

Evidence: the neural-network half ports NeuralNetworkValidator.cpp. The ML program half is not the
validator's (it does not read ML programs); it rests on MIL.proto.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from mllint import Finding, Severity, model_rule
from mllint.view import Graph, Model, join_path

from .nn_blob_walk import cached_walk, produced_outputs
from .nn_versions import nn_graph
from .validator_order import NN_OUTPUTS_PRODUCED, TYPE, step


def _nn_unproduced_outputs(model: Model, graph: Graph) -> Iterator[Finding]:
    produced = produced_outputs(model, cached_walk(model, graph))
    description = model.proto.description
    if model.type == "neuralNetworkClassifier":
        probabilities = model.body.labelProbabilityLayerName
        if probabilities and probabilities not in produced:
            yield Finding(
                f"For this neural network classifier, the probabilities are obtained from the layer "
                f"'{probabilities}' which was not found in the network.",
                location=graph.path,
                order=step(model, TYPE, NN_OUTPUTS_PRODUCED, 0),
            )
        exempt = {description.predictedFeatureName, description.predictedProbabilitiesName}
        for index, output in enumerate(model.outputs):
            if output.name not in produced and output.name not in exempt:
                yield Finding(
                    f"Output layer '{output.name}' is not produced by any layer of the neural network.",
                    location=output.path,
                    order=step(model, TYPE, NN_OUTPUTS_PRODUCED, 1 + index),
                )
        return
    unclaimed = set(produced)
    regressor = model.type == "neuralNetworkRegressor"
    for index, output in enumerate(model.outputs):
        if output.name not in unclaimed:
            yield Finding(
                f"Interface specifies output '{output.name}' which is not produced by any layer in the neural network.",
                location=output.path,
                # The validator checks regressors' outputs nowhere; prediction cannot find the value.
                severity=Severity.WARNING if regressor else None,
                order=() if regressor else step(model, TYPE, NN_OUTPUTS_PRODUCED, 1 + index),
            )
        if model.type == "neuralNetwork":
            unclaimed.discard(output.name)  # the validator erases each output it finds: a second copy fails


def _described_outputs(model: Model) -> list[tuple[str, Sequence[Any], str]]:
    """(function name, output descriptions, location prefix) for each described function."""
    description = model.proto.description
    if description.functions:
        return [
            (function.name, function.output, model.location("functions", function.name, "outputs"))
            for function in description.functions
        ]
    return [("main", description.output, model.location("outputs"))]


def _program_unproduced_outputs(model: Model) -> Iterator[Finding]:
    for function_name, outputs, prefix in _described_outputs(model):
        graph = model.graph(function_name)
        if graph is None or graph.block is None:
            continue  # a missing function or block is not this rule's business
        block_outputs = graph.output_names
        for output in outputs:
            if output.name not in block_outputs:
                listed = ", ".join(f"'{name}'" for name in block_outputs) or "nothing"
                yield Finding(
                    f"Interface specifies output '{output.name}' which is not an output of function "
                    f"'{function_name}' (its block returns {listed}).",
                    location=join_path(prefix, output.name),
                )
        made = set(graph.input_names)
        for op in graph.ops:
            if op.parent is None:
                made.update(op.output_names)
        for name in block_outputs:
            if name not in made:
                yield Finding(
                    f"Function '{function_name}' returns '{name}', which no op of its block produces "
                    "and which is not a function input.",
                    location=join_path(graph.path, "outputs", name),
                )


@model_rule(
    code="ML122",
    name="output-not-produced",
    severity="error",
    summary="A model output is not produced by any layer or op.",
    why="""
        Core ML reads each output from the value of the same name in the graph. A name no
        layer makes (often after renaming a layer or an output by hand) fails validation of
        a neural network, and an ML program whose block returns a value it never defines,
        or whose interface names an output the block does not return, fails to load.
    """,
    fix="""
        Rename the output (or the layer/op output) so that they match, e.g. with
        coremltools.utils.rename_feature, which renames both sides together.
    """,
    evidence="validator",
    sources=(
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validate<MLModelType_neuralNetwork/Classifier>)",
        "apple/coremltools mlmodel/format/MIL.proto (Block.outputs)",
    ),
)
def output_not_produced(model: Model) -> Iterator[Finding]:
    """Neural networks: replays the validator's walk over the layers (branch and loop bodies
    included) and checks that every described output is a blob some layer produces (a model
    input counts only if a layer, e.g. ``copy``, produces it again). Classifiers may leave
    ``predictedFeatureName`` and ``predictedProbabilitiesName`` unproduced, and their
    ``labelProbabilityLayerName`` must be produced. The validator does not check regressors;
    for them the finding is a warning. A plain network's output listed twice is refused on its
    second copy with the same message (the validator strikes each output off the produced names
    as it finds it); classifiers do not strike them off, so they may list one twice.

    ML programs: every described output of a function (``description.output`` for ``main``,
    ``description.functions[i].output`` otherwise) must be among its block's outputs, and
    each block output must be made by an op of the block or be a function input.

    Example: a network whose last layer writes ``logits`` while the interface declares
    ``probabilities``.
    """
    graph = nn_graph(model)
    if graph is not None:
        yield from _nn_unproduced_outputs(model, graph)
    elif model.type == "mlProgram":
        yield from _program_unproduced_outputs(model)
