"""ML116 updatable-model-invalid: a model marked updatable below spec version 4 (iOS 13), or of a type
that cannot be updated on device.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_order import UPDATABLE, step
from .validator_text import INTERFACE_SOURCE, MODEL_SOURCE, where

_UPDATABLE_TYPES = frozenset(
    {
        "neuralNetwork",
        "neuralNetworkRegressor",
        "neuralNetworkClassifier",
        "kNearestNeighborsClassifier",
        "pipeline",
        "pipelineRegressor",
        "pipelineClassifier",
    }
)  # Model.cpp / InterfaceValidators.cpp validateCanModelBeUpdatable


@model_rule(
    code="ML116",
    name="updatable-model-invalid",
    severity="error",
    summary="A model marked updatable below spec version 4 (iOS 13), or of a type that cannot be updated on device.",
    why="""
        On-device training (`isUpdatable`) exists from specification version 4, and only for
        neural networks, k-nearest-neighbours classifiers and pipelines of them. Core ML's
        validator refuses other updatable models.
    """,
    fix="Set `specificationVersion` to 4 or later, or clear `isUpdatable` on models that cannot be trained.",
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(f"{MODEL_SOURCE} validateGeneric", f"{INTERFACE_SOURCE} validateCanModelBeUpdatable"),
)
def updatable_model_invalid(model: Model) -> Iterator[Finding]:
    """Looks at `isUpdatable` on each model: its version and its type.

    Example: an updatable neural network saved at version 1.
    """
    if not model.proto.isUpdatable:
        return
    needed = mf.UPDATABLE.min_version
    if model.spec_version < needed:
        yield Finding(
            f"Model specification version for an updatable model must be '{needed}' or above.{where(model)}",
            location=model.path,
            order=step(model, UPDATABLE),
        )
    elif model.type not in _UPDATABLE_TYPES:
        yield Finding(
            f"This model type is not supported for on-device update.{where(model)}",
            location=model.path,
            order=step(model, UPDATABLE),
            fixable=False,
        )
