"""ML139 tree-ensemble-invalid: a tree ensemble that declares no prediction dimension."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_order import TYPE, TYPE_PARAMETERS, step
from .validator_text import where

TREE_SOURCE = "apple/coremltools mlmodel/src/TreeEnsembleCommon.cpp"
# TreeEnsembleCommon.cpp add_error_message(..., is_fatal=true): the text the validator returns.
NO_OUTPUT_DIMENSION = "Errors encountered during processing tree model:\n\n  FATAL: Given output dimension equals 0.;"


@model_rule(
    code="ML139",
    name="tree-ensemble-invalid",
    severity="error",
    summary="A tree ensemble classifier or regressor whose numPredictionDimensions is 0.",
    why="""
        Core ML builds every tree ensemble when it loads it (TreeEnsembleValidator.cpp calls
        constructAndValidateTreeEnsembleFromSpec), and the first thing that builder checks is the
        number of prediction dimensions: 0 is fatal and the model does not load.
    """,
    fix="""
        Set `treeEnsemble.numPredictionDimensions` to the number of values the trees predict (1 for
        a regressor or a binary classifier, the number of classes otherwise), as coremltools'
        TreeEnsembleRegressor/Classifier builders do.
    """,
    evidence="validator",
    sources=(
        f"{TREE_SOURCE} constructAndValidateTreeEnsembleFromSpec",
        "apple/coremltools mlmodel/src/Validation/TreeEnsembleValidator.cpp validate<MLModelType_treeEnsembleRegressor>",
    ),
)
def tree_ensemble_invalid(model: Model) -> Iterator[Finding]:
    """Reports a tree ensemble whose `numPredictionDimensions` is 0, with the validator's message (the
    engine prints its line breaks as spaces). The node-structure checks that follow in the same
    function are not ported yet.
    """
    if model.type not in ("treeEnsembleClassifier", "treeEnsembleRegressor"):
        return
    if model.body.treeEnsemble.numPredictionDimensions == 0:
        yield Finding(NO_OUTPUT_DIMENSION + where(model), location=model.location(model.type, "treeEnsemble"),
                      order=step(model, TYPE, TYPE_PARAMETERS))
