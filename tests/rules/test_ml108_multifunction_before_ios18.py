"""ML108 multifunction-before-ios18: functions in an ML program below spec 9."""

from __future__ import annotations

from ml1_specs import add_array, messages, new_spec
from mllint_rules.load.ml108_multifunction_before_ios18 import (
    multifunction_before_ios18,
)


def test_a_default_function_name_alone_is_multifunction_syntax() -> None:
    spec = new_spec(8, "mlProgram")
    add_array(spec.description.input, "x")
    spec.description.defaultFunctionName = "main"
    assert len(messages(spec, multifunction_before_ios18)) == 1


def test_other_model_types_are_ml109s_business() -> None:
    spec = new_spec(8, "neuralNetwork")
    spec.description.functions.add(name="main")
    assert messages(spec, multifunction_before_ios18) == []
