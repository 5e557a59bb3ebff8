"""ML103 invalid-feature-data-type: multiarray dataType / image colorSpace unset."""

from __future__ import annotations

from ml1_specs import messages, new_spec, simple_spec
from mllint_rules.load.ml103_invalid_feature_data_type import invalid_feature_data_type


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
