"""ML116 updatable-model-invalid: updatable below spec 4, or of a type that cannot be updated."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import messages, simple_spec

from mllint_rules.interface_checks import updatable_model_invalid


def test_updatable_network_at_version_3_fires() -> None:
    found = lint_path(fixture_path("ml116_updatable_early.mlmodel"), select=["ML116"])
    assert codes(found) == ["ML116"]
    assert found[0].location == ""
    assert found[0].message == (
        "Model specification version for an updatable model must be '4' or above. (this model has version 3)"
    )


def test_updatable_network_at_version_4_is_clean() -> None:
    assert lint_path(fixture_path("ml116_updatable_early_clean.mlmodel"), select=["ML116"]) == []


def test_updatable_model_of_a_type_that_cannot_train() -> None:
    spec = simple_spec(5, "glmClassifier")
    spec.isUpdatable = True
    assert messages(spec, updatable_model_invalid) == [("", "This model type is not supported for on-device update.")]
    spec = simple_spec(5, "kNearestNeighborsClassifier")
    spec.isUpdatable = True
    assert messages(spec, updatable_model_invalid) == []
