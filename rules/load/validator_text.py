"""Helpers shared by the ML1 (interface and spec version) rules: where a model sits in
its pipeline, how Core ML's validator prints types, which descriptions it checks.
"""

from __future__ import annotations

import re
from typing import Any

from mllint.knowledge.spec_versions import os_label
from mllint.view import Feature, Model, enum_names, join_path

INTERFACE_SOURCE = "apple/coremltools mlmodel/src/Validation/InterfaceValidators.cpp"
VALIDATORS_SOURCE = "apple/coremltools mlmodel/src/Validation/Validators.hpp"
MODEL_SOURCE = "apple/coremltools mlmodel/src/Model.cpp"
UTILS_SOURCE = "apple/coremltools mlmodel/src/Utils.cpp"
NMS_SOURCE = "apple/coremltools mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp"


def where(model: Model) -> str:
    """`` (sub-model models[1] nonMaximumSuppression; root pipeline has version 7)``, or ``""`` for the root."""
    if model.parent is None:
        return ""
    root = model.root
    return f" (sub-model {model.path} {model.type}; root {root.type} has version {root.spec_version})"


_WHERE_SUFFIX = re.compile(r" \(sub-model \S+ \S+; root \S+ has version -?\d+\)$")


def without_where(message: str) -> str:
    """The message without the suffix :func:`where` adds: the validator's own words."""
    return _WHERE_SUFFIX.sub("", message)


def since(version: int) -> str:
    """``7 (iOS16)``."""
    return f"{version} ({os_label(version)})"


def uses_functions(model: Model) -> bool:
    """The model uses multi-function syntax (Utils.cpp hasMultiFunctions)."""
    description = model.proto.description
    return len(description.functions) > 0 or bool(description.defaultFunctionName)


def interface_sets(model: Model) -> list[tuple[str, tuple[Feature, ...], tuple[Feature, ...]]]:
    """(where, inputs, outputs) of each description the validator checks as a unit:
    the model description, or each function's description in a multi-function model."""
    if not uses_functions(model):
        return [(model.path, model.inputs, model.outputs)]
    sets = []
    for function in model.proto.description.functions:  # each on its own, even when two share a name
        prefix = model.location("functions", function.name)
        inputs = _function_features(function.input, "input", prefix)
        sets.append((prefix, inputs, _function_features(function.output, "output", prefix)))
    return sets


def _function_features(descriptions: Any, role: str, prefix: str) -> tuple[Feature, ...]:
    folder = f"{role}s"
    return tuple(Feature(name=d.name, role=role, path=join_path(prefix, folder, d.name), proto=d) for d in descriptions)


def array_dtype_name(value: int) -> str:
    return enum_names().array_dtypes.get(value, str(value))


# FeatureType::toString in mlmodel/src/DataType.cpp, used in the NMS messages.
_VALIDATOR_DTYPE_NAMES = {
    "INT32": "Int32",
    "DOUBLE": "Double",
    "FLOAT32": "Float32",
    "FLOAT16": "Float16",
    "INT8": "Int8",
}
_VALIDATOR_KIND_NAMES = {
    "multiArrayType": "MultiArray",
    "dictionaryType": "Dictionary",
    "imageType": "Image",
    "doubleType": "Double",
    "int64Type": "Int64",
    "stringType": "String",
    "sequenceType": "Sequence",
    "stateType": "State",
}


def validator_type_string(feature_type: Any) -> str:
    """How Core ML's messages print a feature type: ``MultiArray (Float16 8400 × 80)``."""
    kind = feature_type.WhichOneof("Type")
    text = _VALIDATOR_KIND_NAMES.get(kind or "", "Invalid")
    if kind == "multiArrayType":
        array = feature_type.multiArrayType
        text += f" ({_VALIDATOR_DTYPE_NAMES.get(array_dtype_name(array.dataType), 'Invalid')}"
        shape = list(array.shape)
        if not shape:
            flexibility = array.WhichOneof("ShapeFlexibility")
            if flexibility == "enumeratedShapes" and array.enumeratedShapes.shapes:
                shape = list(array.enumeratedShapes.shapes[0].shape)
            elif flexibility == "shapeRange":
                shape = [r.lowerBound for r in array.shapeRange.sizeRanges]
        if shape:
            text += " " + " × ".join(str(d) for d in shape)
        text += ")"
    return text + ("?" if feature_type.isOptional else "")
