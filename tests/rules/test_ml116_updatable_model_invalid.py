"""ML116 updatable-model-invalid: updatable below spec 4, or of a type that cannot be updated."""

from __future__ import annotations

from ml1_oracle import validator_first_message
from ml1_specs import add_array, messages, new_spec, simple_spec
from mllint_rules.load.ml116_updatable_model_invalid import updatable_model_invalid
from mllint_rules.load.validator_text import without_where


def test_updatable_model_of_a_type_that_cannot_train() -> None:
    spec = simple_spec(5, "glmClassifier")
    spec.isUpdatable = True
    assert messages(spec, updatable_model_invalid) == [("", "This model type is not supported for on-device update.")]
    spec = simple_spec(5, "kNearestNeighborsClassifier")
    spec.isUpdatable = True
    assert messages(spec, updatable_model_invalid) == []


def test_messages_are_the_validators_own_on_root_and_sub_models() -> None:
    root = simple_spec(3)
    root.isUpdatable = True
    expected = "Model specification version for an updatable model must be '4' or above."
    assert messages(root, updatable_model_invalid) == [("", expected)]
    assert validator_first_message(root) == expected
    pipeline = new_spec(4, "pipeline")
    add_array(pipeline.description.input, "x")
    add_array(pipeline.description.output, "y")
    pipeline.isUpdatable = True
    pipeline.pipeline.models.add().CopyFrom(root)
    [(location, message)] = messages(pipeline, updatable_model_invalid)
    suffix = " (sub-model models[0] neuralNetwork; root pipeline has version 4)"
    assert (location, message) == ("models[0]", expected + suffix)
    assert without_where(message) == validator_first_message(pipeline)
