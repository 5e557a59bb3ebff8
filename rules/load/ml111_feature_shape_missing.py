"""ML111 feature-shape-missing: a multiarray input without a shape, or an image feature without a width
or height.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_findings import feature_finding
from .validator_text import INTERFACE_SOURCE


def _image_default_size(image: Any, version: int) -> tuple[int, int]:
    """The width and height Core ML falls back to (InterfaceValidators.cpp, image case)."""
    width, height = int(image.width), int(image.height)
    if version < mf.FLEXIBLE_SHAPES.min_version or (width > 0 and height > 0):
        return width, height
    flexibility = image.WhichOneof("SizeFlexibility")
    if flexibility == "enumeratedSizes" and image.enumeratedSizes.sizes:
        first = image.enumeratedSizes.sizes[0]
        return int(first.width), int(first.height)
    if flexibility == "imageSizeRange":
        return int(image.imageSizeRange.widthRange.lowerBound), int(image.imageSizeRange.heightRange.lowerBound)
    return width, height


@model_rule(
    code="ML111",
    name="feature-shape-missing",
    severity="error",
    summary="A multiarray input without a shape, or an image feature without a width or height.",
    why="""
        Core ML needs a default shape for every multiarray input and a default size for every
        image feature: an explicit `shape` / `width` and `height`, or (from spec version 3) a
        flexible-shape range or enumeration to take one from. Below version 3 the validator
        ignores flexible shapes altogether. A missing default makes the validator refuse the model.
    """,
    fix="""
        Give the input a fixed `shape` (e.g. `ct.TensorType(shape=(1, 3, 224, 224))`) or a
        flexible range/enumeration with spec version 3 or later; give images a width and height.
    """,
    evidence="validator",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (missing shape constraints, image width/height)",),
)
def feature_shape_missing(model: Model) -> Iterator[Finding]:
    """Looks at every multiarray input (shape, or flexibility from version 3) and every image
    feature (width and height, or flexibility from version 3).

    Example: an input `x` of type multiArray FLOAT32 with no shape at all.
    """
    version = model.spec_version
    for feature in model.features:
        if feature.kind == "multiArrayType" and feature.role == "input":
            array = feature.proto.type.multiArrayType
            flexible = version >= mf.FLEXIBLE_SHAPES.min_version and array.WhichOneof("ShapeFlexibility")
            if not array.shape and not flexible:
                yield feature_finding(
                    model,
                    feature,
                    f"Description of multiarray feature '{feature.name}' has missing shape constraints.",
                    "shape-missing",
                )
        elif feature.kind == "imageType":
            image = feature.proto.type.imageType
            width, height = _image_default_size(image, version)
            if width <= 0:
                yield feature_finding(
                    model,
                    feature,
                    f"Description of image feature '{feature.name}' has missing or non-positive width {image.width}.",
                    "image-size",
                )
            elif height <= 0:
                yield feature_finding(
                    model,
                    feature,
                    f"Description of image feature '{feature.name}' has missing or non-positive height {image.height}.",
                    "image-size",
                )
