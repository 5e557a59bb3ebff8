"""ML111 feature-shape-missing: multiarray inputs without a shape, images without a size."""

from __future__ import annotations

from ml1_specs import add_array, messages, new_spec
from mllint_rules.load.ml111_feature_shape_missing import feature_shape_missing

from mllint import protos


def _ranged_input(version: int):
    spec = new_spec(version)
    array = add_array(spec.description.input, "x", shape=()).type.multiArrayType
    size = array.shapeRange.sizeRanges.add()
    size.lowerBound, size.upperBound = 1, 8
    add_array(spec.description.output, "y", shape=())  # outputs may go without a shape
    return spec


def test_a_shape_range_counts_from_version_3_only() -> None:
    assert messages(_ranged_input(3), feature_shape_missing) == []
    assert messages(_ranged_input(2), feature_shape_missing) == [
        ("inputs/x", "Description of multiarray feature 'x' has missing shape constraints.")
    ]


def test_image_without_width_or_height() -> None:
    spec = new_spec(4)
    color = protos.module("FeatureTypes_pb2").ImageFeatureType.RGB
    for name, width, height in (("wide", 0, 8), ("tall", 8, 0), ("ok", 8, 8)):
        image = spec.description.output.add(name=name)
        image.type.imageType.colorSpace = color
        image.type.imageType.width, image.type.imageType.height = width, height
    ranged = spec.description.input.add(name="ranged")
    ranged.type.imageType.colorSpace = color
    ranged.type.imageType.imageSizeRange.widthRange.lowerBound = 16
    ranged.type.imageType.imageSizeRange.heightRange.lowerBound = 16
    assert messages(spec, feature_shape_missing) == [
        ("outputs/tall", "Description of image feature 'tall' has missing or non-positive height 0."),
        ("outputs/wide", "Description of image feature 'wide' has missing or non-positive width 0."),
    ]
