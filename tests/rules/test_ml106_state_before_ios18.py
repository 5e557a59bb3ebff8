"""ML106 state-before-ios18: state features below spec 9."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import messages, simple_spec

from mllint import protos
from mllint_rules.versions import state_before_ios18


def test_stateful_program_lowered_to_version_8_fires() -> None:
    found = lint_path(fixture_path("ml106_state_version.mlpackage"), select=["ML106"])
    assert codes(found) == ["ML106"]
    assert found[0].location == "states/cache"
    assert found[0].message == "State types are only valid in specification verison >= 9. This model has version 8"


def test_stateful_program_at_version_9_is_clean() -> None:
    assert lint_path(fixture_path("ml106_state_version_clean.mlpackage"), select=["ML106"]) == []


def test_state_declared_among_the_inputs_is_checked_too() -> None:
    spec = simple_spec(8, "mlProgram")
    state = spec.description.input.add(name="cache")
    state.type.stateType.arrayType.dataType = protos.module("FeatureTypes_pb2").ArrayFeatureType.FLOAT16
    state.type.stateType.arrayType.shape.append(4)
    assert [location for location, _ in messages(spec, state_before_ios18)] == ["inputs/cache"]
