"""ML101 float16-before-ios16: FLOAT16 features in a model (or sub-model) below spec 7."""

from __future__ import annotations

from ml1_specs import add_array, messages, new_spec, simple_spec
from mllint_rules.load.ml101_float16_before_ios16 import float16_before_ios16

from mllint import protos


def test_grayscale_float16_image_message() -> None:
    spec = simple_spec(6)
    image = spec.description.input.add(name="depth")
    image.type.imageType.width, image.type.imageType.height = 8, 8
    image.type.imageType.colorSpace = protos.module("FeatureTypes_pb2").ImageFeatureType.GRAYSCALE_FLOAT16
    assert messages(spec, float16_before_ios16) == [
        (
            "inputs/depth",
            "Description of image feature 'depth' has GRAYSCALE_FLOAT16 colorspace, which is only valid in "
            "specification version >= 7. This model has version 6",
        )
    ]


def test_per_function_descriptions_are_checked() -> None:
    spec = new_spec(6, "mlProgram")
    function = spec.description.functions.add(name="main")
    add_array(function.input, "x")
    add_array(function.output, "y", "FLOAT16")
    spec.description.defaultFunctionName = "main"
    [(location, message)] = messages(spec, float16_before_ios16)
    assert location == "functions/main/outputs/y"
    assert message.endswith("This model has version 6")


def test_version_7_and_float32_and_float16_state_are_not_this_rule() -> None:
    assert messages(simple_spec(7, dtype="FLOAT16"), float16_before_ios16) == []
    assert messages(simple_spec(6, dtype="FLOAT32"), float16_before_ios16) == []
    spec = simple_spec(6)
    state = spec.description.state.add(name="cache")
    state.type.stateType.arrayType.dataType = protos.module("FeatureTypes_pb2").ArrayFeatureType.FLOAT16
    assert messages(spec, float16_before_ios16) == []  # ML106's business


def test_root_is_checked_at_its_own_version_without_suffix() -> None:
    spec = new_spec(7, "pipeline")
    add_array(spec.description.input, "x", "FLOAT16")
    add_array(spec.description.output, "y", "FLOAT16")
    sub = spec.pipeline.models.add()
    sub.CopyFrom(simple_spec(6, dtype="FLOAT16"))
    spec.specificationVersion = 6
    assert messages(spec, float16_before_ios16) == [
        (
            "inputs/x",
            "Description of multiarray feature 'x' has FLOAT16 dataType, which is only valid in specification "
            "version >= 7. This model has version 6",
        ),
        (
            "models[0]/inputs/x",
            "Description of multiarray feature 'x' has FLOAT16 dataType, which is only valid in specification "
            "version >= 7. This model has version 6 (sub-model models[0] neuralNetwork; root pipeline has version 6)",
        ),
        (
            "models[0]/outputs/y",
            "Description of multiarray feature 'y' has FLOAT16 dataType, which is only valid in specification "
            "version >= 7. This model has version 6 (sub-model models[0] neuralNetwork; root pipeline has version 6)",
        ),
        (
            "outputs/y",
            "Description of multiarray feature 'y' has FLOAT16 dataType, which is only valid in specification "
            "version >= 7. This model has version 6",
        ),
    ]
