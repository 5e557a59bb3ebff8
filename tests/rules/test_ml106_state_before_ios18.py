"""ML106 state-before-ios18: state features below spec 9."""

from __future__ import annotations

from ml1_specs import messages, simple_spec
from mllint_rules.load.ml106_state_before_ios18 import state_before_ios18

from mllint import protos


def test_state_declared_among_the_inputs_is_checked_too() -> None:
    spec = simple_spec(8, "mlProgram")
    state = spec.description.input.add(name="cache")
    state.type.stateType.arrayType.dataType = protos.module("FeatureTypes_pb2").ArrayFeatureType.FLOAT16
    state.type.stateType.arrayType.shape.append(4)
    assert [location for location, _ in messages(spec, state_before_ios18)] == ["inputs/cache"]
