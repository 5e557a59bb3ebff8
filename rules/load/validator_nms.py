"""Port of Core ML's NonMaximumSuppression model validator, in its own order.

apple/coremltools ``mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp``
``validate<MLModelType_nonMaximumSuppression>``: which inputs and outputs the model names, their
kinds, the thresholds, the shapes of the outputs and the number of class labels. The element-type
checks in the middle are ML115's (rules/interface_checks.py); this port stops where they fail.
Faithful to the C++, including its slips: the coordinates-output shape check reads the confidence
output's shape, and the range comparison compares the confidence output's range with itself.
"""

from __future__ import annotations

import math
from typing import Any

from .validator_interface import schema_type_error

NMS_VALIDATOR_SOURCE = "apple/coremltools mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp"
DOUBLE, FLOAT32 = 65600, 65568


def _index(features: list[Any], name: str) -> int:
    return next((i for i, f in enumerate(features) if f.name == name), -1)


def _named(features: list[Any], name: str, allowed: tuple[str, ...]) -> str | None:
    for feature in features:
        if feature.name == name:
            return schema_type_error(feature, allowed)
    return f"Expected feature '{name}' to the model is not present in the model description."


def _flexible_rank(array: Any) -> int | None:
    flexibility = array.WhichOneof("ShapeFlexibility")
    if flexibility == "enumeratedShapes":
        shapes = array.enumeratedShapes.shapes
        return len(shapes[0].shape) if shapes else None  # C++ reads shapes(0) of an empty list
    if flexibility == "shapeRange":
        return len(array.shapeRange.sizeRanges)
    return 0


def _side_error(
    features: list[Any], side: str, requested: tuple[str, ...], confidence: str, coordinates: str
) -> tuple[str, str] | None:
    """The validator's two checks of one side (``side`` "Input" or "Output"): every feature is named by one
    of the side's feature-name parameters (``requested``), and the confidence and coordinates features
    that those parameters name are present."""
    folder = f"{side.lower()}s"
    for feature in features:
        if feature.name not in requested:
            return (
                f"{side} feature '{feature.name}' was not requested by any of the {side.lower()} feature names "
                f"(e.g. confidence{side}FeatureName)."
            ), f"{folder}/{feature.name}"
    direction = "to" if side == "Input" else "from"
    for name, field in ((confidence, f"confidence{side}FeatureName"), (coordinates, f"coordinates{side}FeatureName")):
        if _index(features, name) < 0:
            return (
                f"Expected feature '{name}' (as defined by {field}) {direction} the model is not present in the "
                "model description."
            ), folder
    return None


def nms_error(proto: Any) -> tuple[str, str] | None:
    """(message, location inside the model) of the validator's first complaint, or None."""
    nms = proto.nonMaximumSuppression
    inputs, outputs = list(proto.description.input), list(proto.description.output)
    input_names = (
        nms.confidenceInputFeatureName,
        nms.coordinatesInputFeatureName,
        nms.iouThresholdInputFeatureName,
        nms.confidenceThresholdInputFeatureName,
    )
    side_problem = _side_error(
        inputs, "Input", input_names, nms.confidenceInputFeatureName, nms.coordinatesInputFeatureName
    ) or _side_error(
        outputs,
        "Output",
        (nms.confidenceOutputFeatureName, nms.coordinatesOutputFeatureName),
        nms.confidenceOutputFeatureName,
        nms.coordinatesOutputFeatureName,
    )
    if side_problem:
        return side_problem
    checks = [
        (inputs, nms.confidenceInputFeatureName, ("multiArrayType",), "inputs"),
        (inputs, nms.coordinatesInputFeatureName, ("multiArrayType",), "inputs"),
    ]
    if _index(inputs, nms.iouThresholdInputFeatureName) >= 0:
        checks.append((inputs, nms.iouThresholdInputFeatureName, ("doubleType",), "inputs"))
    if _index(inputs, nms.confidenceThresholdInputFeatureName) >= 0:
        checks.append((inputs, nms.confidenceThresholdInputFeatureName, ("doubleType",), "inputs"))
    checks += [
        (outputs, nms.confidenceOutputFeatureName, ("multiArrayType",), "outputs"),
        (outputs, nms.coordinatesOutputFeatureName, ("multiArrayType",), "outputs"),
    ]
    for features, name, allowed, folder in checks:
        problem = _named(features, name, allowed)
        if problem:
            return problem, f"{folder}/{name}"
    if not (nms.iouThreshold >= 0.0 and nms.iouThreshold <= 1.0):
        return "iouThreshold must be a value between 0.0 and 1.0.", "iouThreshold"
    if not nms.confidenceThreshold >= 0.0 or math.isnan(nms.confidenceThreshold):
        return (
            "confidenceThreshold must be a non-negative value. If you do not want to eliminate any predictions "
            "based on confidence, set it to 0.0."
        ), "confidenceThreshold"
    confidence_in = inputs[_index(inputs, nms.confidenceInputFeatureName)].type.multiArrayType
    coordinates_in = inputs[_index(inputs, nms.coordinatesInputFeatureName)].type.multiArrayType
    confidence_out = outputs[_index(outputs, nms.confidenceOutputFeatureName)].type.multiArrayType
    coordinates_out = outputs[_index(outputs, nms.coordinatesOutputFeatureName)].type.multiArrayType
    dtypes = {confidence_in.dataType, coordinates_in.dataType, confidence_out.dataType, coordinates_out.dataType}
    allowed_dtypes = {DOUBLE, FLOAT32} if proto.specificationVersion >= 5 else {DOUBLE}
    if len(dtypes) != 1 or confidence_in.dataType not in allowed_dtypes:
        return None  # ML115's element-type checks fail here; the validator stops
    old_dims = len(confidence_out.shape)
    new_dims = _flexible_rank(confidence_out)
    if new_dims is None:
        return None
    unspecified, use_old, use_new = (
        (old_dims == 0 and new_dims == 0),
        (old_dims == 2 and new_dims == 0),
        (old_dims == 0 and new_dims == 2),
    )
    if not (unspecified or use_old or use_new):
        return (
            "If shape information is provided for confidence output, 2 dimensions must be specified using either "
            "shape (deprecated) or allowedShapes."
        ), f"outputs/{nms.confidenceOutputFeatureName}"
    # (the coordinates checks of the C++ read the confidence output again: they cannot fail here)
    if use_old:
        if not len(coordinates_out.shape):
            return None  # C++ reads shape(0) of an empty shape: undefined
        if confidence_out.shape[0] != coordinates_out.shape[0]:
            return (
                "Confidence and coordinates output shapes must be consistent (must have the same size along "
                "dimension 0)."
            ), f"outputs/{nms.coordinatesOutputFeatureName}"
    if use_new and (
        confidence_out.WhichOneof("ShapeFlexibility") != "shapeRange"
        or coordinates_out.WhichOneof("ShapeFlexibility") != "shapeRange"
    ):
        return (
            "Confidence and coordinates output shapes fexibility must both be ranges",
            f"outputs/{nms.confidenceOutputFeatureName}",
        )
    labels = nms.WhichOneof("ClassLabels")
    count = len(getattr(nms, labels).vector) if labels else 0
    if use_old and count > 0 and confidence_out.shape[1] != count:
        return (
            f"Number of classes is not consistent for class labels ({count}) and dimension 1 of output "
            f"confidence shape ({confidence_out.shape[1]})"
        ), f"outputs/{nms.confidenceOutputFeatureName}"
    if use_new and count > 0:
        size = confidence_out.shapeRange.sizeRanges[1]
        if count < size.lowerBound or (size.upperBound >= 0 and count > size.upperBound):
            return (
                f"Number of classes is not consistent for class labels ({count}) and dimension 1 of output "
                "confidence shape range"
            ), f"outputs/{nms.confidenceOutputFeatureName}"
    return None
