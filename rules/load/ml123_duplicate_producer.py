"""ML123 duplicate-producer: two neural-network layers that produce a value of the same name."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .nn_blob_walk import walk_problems
from .validator_order import NN_LAYERS, TYPE, step


@model_rule(
    code="ML123",
    name="duplicate-producer",
    severity="error",
    summary="Two neural-network layers produce a value with the same name.",
    why="""
        Every value of a neural network has one producer (a model input or one layer); the
        validator rejects a layer whose output name is already taken, and Core ML refuses
        the model. Only `copy` layers may overwrite a value (loops use them for state).
    """,
    fix="""
        Give the later layer's output a new name and update the layers that read it
        (or use a copy layer if the value is meant to be overwritten in a loop).
    """,
    evidence="validator",
    sources=(
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validateNeuralNetwork)",
    ),
)
def duplicate_producer(model: Model) -> Iterator[Finding]:
    """Replays the validator's walk over the layers, in order and into branch and loop
    bodies (each branch starts from a copy of the values so far; values made by both
    branches, by a loop's condition network or by a loop body join the enclosing network),
    and reports each layer, other than ``copy``, that produces a name already produced by a
    model input (``__input``) or an earlier layer.

    Example: two ``innerProduct`` layers that both write ``hidden``.
    """
    for problem in walk_problems(model, {"duplicate"}):
        yield Finding(problem.message, location=problem.location, order=step(model, TYPE, NN_LAYERS, *problem.order))
