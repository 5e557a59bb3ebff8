"""ML105 optional-default-value-invalid: default values Core ML refuses."""

from __future__ import annotations

from ml1_oracle import validator_first_message
from ml1_specs import add_array, messages, new_spec, simple_spec
from mllint_rules.load.ml105_optional_default_value_invalid import (
    optional_default_value_invalid,
)
from mllint_rules.load.validator_text import without_where


def _optional_input(spec, dtype: str = "FLOAT32"):
    mask = add_array(spec.description.input, "mask", dtype)
    mask.type.isOptional = True
    return mask.type.multiArrayType


def test_default_on_a_model_that_is_not_a_network() -> None:
    spec = simple_spec(5, "glmRegressor")
    _optional_input(spec).floatDefaultValue = 1.0
    assert messages(spec, optional_default_value_invalid) == [
        ("inputs/mask", "Default optional values are only allowed for neural networks.")
    ]


def test_default_of_the_wrong_type() -> None:
    spec = simple_spec(5)
    _optional_input(spec).doubleDefaultValue = 1.0
    assert messages(spec, optional_default_value_invalid) == [
        (
            "inputs/mask",
            "Description of multiarray feature 'mask' has mistmatch between dataType and the type of default "
            "optional value.",
        )
    ]


def test_int8_default_out_of_range() -> None:
    spec = simple_spec(10, "mlProgram")
    _optional_input(spec, "INT8").intDefaultValue = 300
    assert messages(spec, optional_default_value_invalid) == [
        (
            "inputs/mask",
            "The default optional value of multiarray feature 'mask' is 300, which is out of range for the data "
            "type INT8.",
        )
    ]


def test_matching_defaults_on_networks_and_programs_are_clean() -> None:
    for model_type, dtype, field, value in (
        ("neuralNetwork", "FLOAT32", "floatDefaultValue", 0.5),
        ("mlProgram", "FLOAT16", "floatDefaultValue", 0.5),
        ("neuralNetwork", "DOUBLE", "doubleDefaultValue", 0.5),
        ("mlProgram", "INT32", "intDefaultValue", 7),
    ):
        spec = simple_spec(7, model_type)
        setattr(_optional_input(spec, dtype), field, value)
        assert messages(spec, optional_default_value_invalid) == [], (model_type, dtype)


def _network_with_default(version: int):
    spec = simple_spec(version)
    _optional_input(spec).floatDefaultValue = 1.0
    return spec


def test_messages_are_the_validators_own_on_root_and_sub_models() -> None:
    root = _network_with_default(4)
    expected = "Default value for optional inputs is supported from specification 5 (iOS 14) onwards!"
    assert messages(root, optional_default_value_invalid) == [("inputs/mask", expected)]
    assert validator_first_message(root) == expected
    pipeline = new_spec(5, "pipeline")
    add_array(pipeline.description.input, "x")
    add_array(pipeline.description.input, "mask").type.isOptional = True
    add_array(pipeline.description.output, "y")
    pipeline.pipeline.models.add().CopyFrom(root)
    [(location, message)] = messages(pipeline, optional_default_value_invalid)
    assert (location, message) == (
        "models[0]/inputs/mask",
        expected + " (sub-model models[0] neuralNetwork; root pipeline has version 5)",
    )
    assert without_where(message) == validator_first_message(pipeline)
