"""ML107 state-feature-invalid: the validator's state checks, first problem per feature."""

from __future__ import annotations

import pytest
from ml1_specs import add_array, messages, simple_spec
from mllint_rules.load.ml107_state_feature_invalid import state_feature_invalid

from mllint import protos


def _state(spec, where: str = "state"):
    state = getattr(spec.description, where).add(name="cache")
    array = state.type.stateType.arrayType
    array.dataType = protos.module("FeatureTypes_pb2").ArrayFeatureType.FLOAT16
    array.shape.extend([1, 4])
    return state


def _optional(state) -> None:
    state.type.isOptional = True


def _no_shape(state) -> None:
    del state.type.stateType.arrayType.shape[:]


def _flexible(state) -> None:
    state.type.stateType.arrayType.enumeratedShapes.shapes.add().shape.extend([1, 4])


def _default(state) -> None:
    state.type.stateType.arrayType.floatDefaultValue = 0.0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_optional, "State feature 'cache' cannot be optional."),
        (_no_shape, "Description of State feature 'cache' has missing shape constraints."),
        (_flexible, "State feature 'cache' cannot have flexible shape."),
        (_default, "State feature 'cache' cannot have default optional value."),
    ],
)
def test_each_state_problem_has_the_validators_message(edit, message: str) -> None:
    spec = simple_spec(9, "mlProgram")
    edit(_state(spec))
    assert messages(spec, state_feature_invalid) == [("states/cache", message)]


def test_state_among_outputs_and_array_among_states() -> None:
    spec = simple_spec(9, "mlProgram")
    _state(spec, "output")
    add_array(spec.description.state, "buffer")
    assert messages(spec, state_feature_invalid) == [
        ("outputs/cache", "State feature 'cache' should only be declared in the state feature description."),
        ("states/buffer", "State feature description can declare only state features, but 'buffer' is not."),
    ]


def test_int8_state_and_state_among_inputs_are_clean() -> None:
    spec = simple_spec(10, "mlProgram")
    _state(spec, "input").type.stateType.arrayType.dataType = protos.module("FeatureTypes_pb2").ArrayFeatureType.INT8
    assert messages(spec, state_feature_invalid) == []
