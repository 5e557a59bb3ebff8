"""ML108 multifunction-before-ios18: functions in an ML program below spec 9."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import add_array, messages, new_spec

from mllint_rules.versions import multifunction_before_ios18


def test_multifunction_package_at_version_8_fires() -> None:
    found = lint_path(fixture_path("ml108_multifunction_version.mlpackage"), select=["ML108"])
    assert codes(found) == ["ML108"]
    assert found[0].location == "functions"
    assert found[0].message == (
        "Multi-function syntax is only valid in specification verison >= 9. This model has version 8"
    )


def test_multifunction_package_at_version_9_is_clean() -> None:
    assert lint_path(fixture_path("ml108_multifunction_version_clean.mlpackage"), select=["ML108"]) == []


def test_a_default_function_name_alone_is_multifunction_syntax() -> None:
    spec = new_spec(8, "mlProgram")
    add_array(spec.description.input, "x")
    spec.description.defaultFunctionName = "main"
    assert len(messages(spec, multifunction_before_ios18)) == 1


def test_other_model_types_are_ml109s_business() -> None:
    spec = new_spec(8, "neuralNetwork")
    spec.description.functions.add(name="main")
    assert messages(spec, multifunction_before_ios18) == []
