"""ML104 sequence-before-ios12: a sequence feature in a model whose spec version is below 3 (iOS 12)."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Model

from .validator_findings import feature_kind_before_version
from .validator_text import INTERFACE_SOURCE


@model_rule(
    code="ML104",
    name="sequence-before-ios12",
    severity="error",
    summary="A sequence feature in a model whose spec version is below 3 (iOS 12).",
    why="""
        Sequence features (`sequenceType`, lists of Int64 or String) exist only from specification
        version 3. Core ML's validator refuses them in a model of version 1 or 2.
    """,
    fix="Set the model's `specificationVersion` to 3 or later.",
    evidence="validator",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (kSequenceType)",),
)
def sequence_before_ios12(model: Model) -> Iterator[Finding]:
    """Looks for `sequenceType` features in a model below version 3.

    Example: a text model at version 1 whose input `tokens` is a sequence of String.
    """
    yield from feature_kind_before_version(
        model, "sequenceType", mf.SEQUENCE_TYPE.min_version, "Sequence", "sequence-version"
    )
