"""ML114 spec-version-too-new: a version above the newest known, root or sub-model."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import messages, new_spec, simple_spec

from mllint_rules.versions import spec_version_too_new


def test_version_11_fires() -> None:
    found = lint_path(fixture_path("ml114_spec_version_too_new.mlmodel"), select=["ML114"])
    assert codes(found) == ["ML114"]
    assert found[0].message == (
        "The model supplied is of version 11, intended for a newer version of Xcode. "
        "This version of Xcode supports model version 10 or earlier."
    )


def test_version_10_is_clean() -> None:
    assert lint_path(fixture_path("ml114_spec_version_too_new_clean.mlmodel"), select=["ML114"]) == []


def test_sub_models_are_checked_at_their_own_version() -> None:
    spec = new_spec(10, "pipeline")
    spec.pipeline.models.add().CopyFrom(simple_spec(12))
    [(location, message)] = messages(spec, spec_version_too_new)
    assert location == "models[0]"
    assert message.startswith("The model supplied is of version 12,")
    assert message.endswith("(sub-model models[0] neuralNetwork; root pipeline has version 10)")
