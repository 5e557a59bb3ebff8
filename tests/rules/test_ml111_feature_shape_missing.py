"""ML111 feature-shape-missing: multiarray inputs without a shape, images without a size."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import add_array, messages, new_spec

from mllint import protos
from mllint_rules.interface_checks import feature_shape_missing


def test_input_without_shape_fires() -> None:
    found = lint_path(fixture_path("ml111_input_shape_missing.mlmodel"), select=["ML111"])
    assert codes(found) == ["ML111"]
    assert found[0].location == "inputs/x"
    assert found[0].message == "Description of multiarray feature 'x' has missing shape constraints."


def test_input_with_shape_is_clean() -> None:
    assert lint_path(fixture_path("ml111_input_shape_missing_clean.mlmodel"), select=["ML111"]) == []


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
