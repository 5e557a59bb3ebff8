"""ML103 invalid-feature-data-type: multiarray dataType / image colorSpace unset."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import messages, new_spec, simple_spec

from mllint_rules.interface_checks import invalid_feature_data_type


def test_output_without_data_type_fires() -> None:
    found = lint_path(fixture_path("ml103_output_dtype_unset.mlmodel"), select=["ML103"])
    assert codes(found) == ["ML103"]
    assert found[0].location == "outputs/y"
    assert found[0].message == (
        "Description of multiarray feature 'y' has an invalid or unspecified dataType. "
        "It must be specified as DOUBLE, FLOAT32, FLOAT16 or INT32"
    )


def test_same_network_with_float32_output_is_clean() -> None:
    assert lint_path(fixture_path("ml103_output_dtype_unset_clean.mlmodel"), select=["ML103"]) == []


def test_image_without_color_space_fires() -> None:
    spec = new_spec(4)
    image = spec.description.input.add(name="photo")
    image.type.imageType.width, image.type.imageType.height = 8, 8
    assert messages(spec, invalid_feature_data_type) == [
        ("inputs/photo", "Description of image feature 'photo' has missing or invalid colorspace. "
         "It must be RGB, BGR or GRAYSCALE.")
    ]


def test_every_valid_array_type_is_clean() -> None:
    for dtype in ("DOUBLE", "FLOAT32", "FLOAT16", "INT32", "INT8"):
        assert messages(simple_spec(10, dtype=dtype), invalid_feature_data_type) == []
