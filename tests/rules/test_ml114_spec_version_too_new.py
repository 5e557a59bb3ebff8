"""ML114 spec-version-too-new: a version above the newest known, root or sub-model."""

from __future__ import annotations

from ml1_oracle import validator_first_message
from ml1_specs import add_array, messages, new_spec, simple_spec
from mllint_rules.load.ml114_spec_version_too_new import spec_version_too_new
from mllint_rules.load.validator_text import without_where


def test_sub_models_are_checked_at_their_own_version() -> None:
    spec = new_spec(10, "pipeline")
    spec.pipeline.models.add().CopyFrom(simple_spec(12))
    [(location, message)] = messages(spec, spec_version_too_new)
    assert location == "models[0]"
    assert message.startswith("The model supplied is of version 12,")
    assert message.endswith("(sub-model models[0] neuralNetwork; root pipeline has version 10)")


def test_a_sub_model_at_version_0_is_refused_as_the_validator_does() -> None:
    spec = new_spec(10, "pipeline")
    add_array(spec.description.input, "x")
    add_array(spec.description.output, "y")
    spec.pipeline.models.add().CopyFrom(simple_spec(0, "identity"))
    [(location, message)] = messages(spec, spec_version_too_new)
    assert location == "models[0]"
    assert message == (
        "Model specification version field missing or corrupt. (sub-model models[0] identity; root pipeline has "
        "version 10)"
    )
    assert without_where(message) == validator_first_message(spec)
    spec.pipeline.models[0].specificationVersion = 1
    assert messages(spec, spec_version_too_new) == []
    assert validator_first_message(spec) is None
