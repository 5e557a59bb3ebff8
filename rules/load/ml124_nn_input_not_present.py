"""ML124 nn-input-not-present: a neural-network layer reading a value nothing has produced before it."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .nn_blob_walk import walk_problems
from .validator_order import NN_LAYERS, TYPE, step


@model_rule(
    code="ML124",
    name="nn-input-not-present",
    severity="error",
    summary="A neural-network layer reads a value that no model input or earlier layer produces.",
    why="""
        Layers run in list order and read only model inputs and values produced before them.
        A misspelt or out-of-order input name makes the validator reject the model.
    """,
    fix="""
        Fix the input name, or move the layer after the layer that produces the value.
    """,
    evidence="validator",
    sources=(
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validateNeuralNetwork)",
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkLayerValidator.cpp (validateBranchLayer)",
    ),
)
def nn_input_not_present(model: Model) -> Iterator[Finding]:
    """Replays the validator's walk (as ML123) and reports every layer input that is not a
    model input nor produced by an earlier layer (in scope: inside a branch, the values
    before the branch and those of the same branch). A branch's missing condition gets the
    branch layer's own message.

    Example: a layer reading ``fc1_out`` placed before the layer that writes ``fc1_out``.
    """
    for problem in walk_problems(model, {"missing-input", "branch-condition"}):
        yield Finding(problem.message, location=problem.location, order=step(model, TYPE, NN_LAYERS, *problem.order))
