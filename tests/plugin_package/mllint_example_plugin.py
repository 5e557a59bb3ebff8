"""A third-party mllint rule package: the one docs/writing-rules.md walks through."""

from mllint import Finding, hookimpl, model_rule


@model_rule(
    code="EXP101",
    name="input-without-description",
    severity="info",
    summary="A model input has no short description.",
    why="Xcode shows the description in the model's interface; app developers rely on it.",
    fix="Set `model.input_description[name] = '...'` in coremltools before saving.",
    evidence="inferred",
)
def input_without_description(model):
    """Looks at each input's `shortDescription` in the model's description."""
    for feature in model.inputs:
        if not feature.proto.shortDescription:
            yield Finding(f"input '{feature.name}' has no description", location=feature.path)


@hookimpl
def mllint_rules():
    return [input_without_description]
