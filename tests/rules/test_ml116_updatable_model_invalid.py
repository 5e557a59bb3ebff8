"""ML116 updatable-model-invalid: updatable below spec 4, or of a type that cannot be updated."""

from __future__ import annotations

from ml1_specs import messages, simple_spec
from mllint_rules.load.ml116_updatable_model_invalid import updatable_model_invalid


def test_updatable_model_of_a_type_that_cannot_train() -> None:
    spec = simple_spec(5, "glmClassifier")
    spec.isUpdatable = True
    assert messages(spec, updatable_model_invalid) == [("", "This model type is not supported for on-device update.")]
    spec = simple_spec(5, "kNearestNeighborsClassifier")
    spec.isUpdatable = True
    assert messages(spec, updatable_model_invalid) == []
