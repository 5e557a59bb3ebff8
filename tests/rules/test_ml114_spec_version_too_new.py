"""ML114 spec-version-too-new: a version above the newest known, root or sub-model."""

from __future__ import annotations

from ml1_specs import messages, new_spec, simple_spec
from mllint_rules.load.ml114_spec_version_too_new import spec_version_too_new


def test_sub_models_are_checked_at_their_own_version() -> None:
    spec = new_spec(10, "pipeline")
    spec.pipeline.models.add().CopyFrom(simple_spec(12))
    [(location, message)] = messages(spec, spec_version_too_new)
    assert location == "models[0]"
    assert message.startswith("The model supplied is of version 12,")
    assert message.endswith("(sub-model models[0] neuralNetwork; root pipeline has version 10)")
