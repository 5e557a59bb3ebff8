"""ML106 state-before-ios18: a state feature in a model whose spec version is below 9 (iOS 18)."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_findings import feature_kind_before_version
from .validator_text import INTERFACE_SOURCE


@model_rule(
    code="ML106",
    name="state-before-ios18",
    severity="error",
    summary="A state feature in a model whose spec version is below 9 (iOS 18).",
    why="""
        Stateful models (`stateType` features, e.g. a KV cache read and written by the model)
        exist only from specification version 9 (iOS 18 / macOS 15). Core ML's validator refuses
        a state feature in a model of a lower version.
    """,
    fix="Convert with `minimum_deployment_target=ct.target.iOS18` or later.",
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (kStateType)",),
)
def state_before_ios18(model: Model) -> Iterator[Finding]:
    """Looks for `stateType` features (in states, inputs or per-function descriptions) in a model
    below version 9.

    Example: an ML program at version 8 with a state `kv_cache`.
    """
    yield from feature_kind_before_version(model, "stateType", mf.STATE_TYPE.min_version, "State", "state-version")
