"""ML110 empty-interface: no inputs (spec 9 and some types only) or no outputs."""

from __future__ import annotations

from ml1_oracle import validator_first_message
from ml1_specs import add_array, messages, new_spec
from mllint_rules.load.ml110_empty_interface import empty_interface


def test_types_that_never_allow_empty_inputs_and_missing_outputs() -> None:
    spec = new_spec(10, "glmRegressor")
    assert messages(spec, empty_interface) == [
        ("", "Models must have one or more inputs."),
        ("", "Models must have one or more outputs."),
    ]


def test_each_function_of_a_multifunction_model_is_checked() -> None:
    spec = new_spec(9, "mlProgram")
    for name in ("main", "decode"):
        function = spec.description.functions.add(name=name)
        add_array(function.output, "y")
    add_array(spec.description.functions[0].input, "x")
    spec.description.defaultFunctionName = "main"
    assert messages(spec, empty_interface) == []
    spec.specificationVersion = 8
    assert messages(spec, empty_interface) == [
        ("functions/decode", "Empty input is only valid in specification verison >= 9. This model has version 8")
    ]


def test_two_functions_of_one_name_are_checked_one_by_one() -> None:
    spec = new_spec(9, "mlProgram")
    for name, outputs in (("main", ["y"]), ("main", [])):
        function = spec.description.functions.add(name=name)
        add_array(function.input, "x")
        for output in outputs:
            add_array(function.output, output)
    spec.description.defaultFunctionName = "main"
    assert messages(spec, empty_interface) == [("functions/main", "Models must have one or more outputs.")]
    assert validator_first_message(spec) == "Models must have one or more outputs."
