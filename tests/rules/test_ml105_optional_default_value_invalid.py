"""ML105 optional-default-value-invalid: default values Core ML refuses."""

from __future__ import annotations

from ml1_specs import add_array, messages, simple_spec
from mllint_rules.load.ml105_optional_default_value_invalid import (
    optional_default_value_invalid,
)


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
