"""ML139 tree-ensemble-invalid: a tree ensemble that Core ML's tree builder refuses."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_order import TYPE, TYPE_PARAMETERS, step
from .validator_text import where
from .validator_tree import TREE_SOURCE, tree_ensemble_error


@model_rule(
    code="ML139",
    name="tree-ensemble-invalid",
    severity="error",
    summary="A tree ensemble with no prediction dimension, duplicated, missing or unreachable nodes, a tree with two "
    "roots, leaf values out of range, or default values or class labels that do not match its dimension.",
    why="""
        Core ML builds every tree ensemble when it loads it (TreeEnsembleValidator.cpp calls
        constructAndValidateTreeEnsembleFromSpec): numPredictionDimensions must not be 0, every node
        must be declared once, every child a node is given must exist (and not be the node itself or
        another node's child), each tree has one root and reaches all its nodes, each leaf predicts
        values for dimensions below numPredictionDimensions (one value per dimension), and
        basePredictionValue and the class labels fit that dimension. Otherwise the model does not load.
    """,
    fix="""
        Set `treeEnsemble.numPredictionDimensions` to the number of values the trees predict (1 for a
        regressor or a binary classifier, the number of classes otherwise) and keep node ids, child ids
        and leaf values consistent, as coremltools' TreeEnsembleRegressor/Classifier builders do.
    """,
    evidence="validator",
    sources=(
        f"{TREE_SOURCE} constructAndValidateTreeEnsembleFromSpec",
        "apple/coremltools mlmodel/src/Validation/TreeEnsembleValidator.cpp validate<MLModelType_treeEnsembleRegressor>",
    ),
)
def tree_ensemble_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of the tree builder (rules/load/validator_tree.py) and reports its message, the
    complaints it collected joined as the validator joins them (the engine prints its line breaks as
    spaces).

    Example: a tree whose branch node names a false child 7 that no node declares gets "Errors encountered
    during processing tree model: Tree Node with TreeID=0 and NodeID=7 referenced but not declared in
    specification.; FATAL: Internal error: null child node; likely specification error.;"
    """
    if model.type not in ("treeEnsembleClassifier", "treeEnsembleRegressor"):
        return
    problem = tree_ensemble_error(model.proto)
    if problem is not None:
        yield Finding(
            problem + where(model),
            location=model.location(model.type, "treeEnsemble"),
            order=step(model, TYPE, TYPE_PARAMETERS),
        )
