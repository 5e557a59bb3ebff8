"""ML109 multifunction-description-invalid: model type, top-level fields, default function name."""

from __future__ import annotations

from ml1_oracle import validator_first_message
from ml1_specs import add_array, messages, new_spec
from mllint_rules.load.ml109_multifunction_description_invalid import (
    multifunction_description_invalid,
)


def _multifunction(model_type: str) -> object:
    spec = new_spec(9, model_type)
    function = spec.description.functions.add(name="main")
    add_array(function.input, "x")
    add_array(function.output, "y")
    spec.description.defaultFunctionName = "main"
    return spec


def test_top_level_features_and_wrong_model_type() -> None:
    spec = _multifunction("neuralNetwork")
    add_array(spec.description.input, "x")
    spec.description.predictedFeatureName = "y"
    assert messages(spec, multifunction_description_invalid) == [
        ("", "Multi-function model must not use top level predictedFeatureName field."),
        ("", "This model type doesn't support multi-function syntax."),
        ("inputs", "Multi-function model must not use top level input feature description."),
    ]


def test_single_function_models_are_not_looked_at() -> None:
    spec = new_spec(9, "neuralNetwork")
    add_array(spec.description.input, "x")
    assert messages(spec, multifunction_description_invalid) == []
    assert messages(_multifunction("mlProgram"), multifunction_description_invalid) == []


def test_the_message_keeps_the_validators_trailing_space() -> None:
    spec = new_spec(9, "mlProgram")
    spec.description.defaultFunctionName = "main"
    expected = "The default function name 'main' is not found in the function name list: "
    assert messages(spec, multifunction_description_invalid) == [("functions", expected)]
    assert validator_first_message(spec) == expected
