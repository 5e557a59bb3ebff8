"""ML137 custom-model-invalid: a CustomModel or LinkedModel that Core ML's validator refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_order import TYPE, TYPE_PARAMETERS, step
from .validator_text import where

VALIDATION_DIR = "apple/coremltools mlmodel/src/Validation"


@model_rule(
    code="ML137",
    name="custom-model-invalid",
    severity="error",
    summary="A custom model without a className or with an empty or unset parameter; a linked model that is "
    "updatable, links nothing or names no file.",
    why="""
        Core ML loads a CustomModel through the class its `className` names, and reads every entry of
        its `parameters` map; a LinkedModel needs a link type and a file name and cannot be updatable.
        The validator refuses either model otherwise.
    """,
    fix="""
        Set the custom model's `className` to the class that implements it and give each parameter a
        non-empty key and a value; give a linked model its `linkedModelFile.linkedModelFileName` and
        leave `isUpdatable` false.
    """,
    evidence="validator",
    sources=(
        f"{VALIDATION_DIR}/CustomModelValidator.cpp validate<MLModelType_customModel>",
        f"{VALIDATION_DIR}/LinkedModelValidator.cpp validate<MLModelType_linkedModel>",
    ),
)
def custom_model_invalid(model: Model) -> Iterator[Finding]:
    """Runs the ports of the CustomModel and LinkedModel validators (their interface checks are the other
    rules') and reports the first complaint.

    Example: a CustomModel with `className = ""` gets "CustomModel must have non-empty className."
    """
    if model.type == "customModel":
        problem = _custom_model_error(model.body)
    elif model.type == "linkedModel":
        problem = _linked_model_error(model.proto)
    else:
        return
    if problem:
        yield Finding(
            problem + where(model), location=model.location(model.type), order=step(model, TYPE, TYPE_PARAMETERS)
        )


def _custom_model_error(custom: Any) -> str | None:
    if not custom.className:
        return "CustomModel must have non-empty className."
    for key, value in custom.parameters.items():  # the C++ walks a protobuf Map: its order is unspecified
        if not key:
            return "CustomModel.parameters must have non-empty string keys."
        if value.WhichOneof("value") is None:
            return f"CustomModel.parameters['{key}'] does not have a set value"
    return None


def _linked_model_error(proto: Any) -> str | None:
    if proto.isUpdatable:
        return "LinkedModel cannot be marked as updatable"
    linked = proto.linkedModel
    if linked.WhichOneof("LinkType") is None:
        return "LinkedModel.LinkType not set."
    if not linked.linkedModelFile.linkedModelFileName.defaultValue:
        return "LinkedModel.linkedModelFile.linkedModeFileName.defaultValue cannot be empty."
    return None
