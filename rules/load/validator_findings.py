"""Findings that several ML1 rules make the same way: a complaint about one feature, a feature kind used
below the spec version that introduced it, and the first complaint of a model type's ported validator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from mllint import Finding
from mllint.view import Feature, Model

from .validator_order import TYPE, TYPE_PARAMETERS, feature_order, step
from .validator_text import where


def feature_finding(model: Model, feature: Feature, message: str, check: str) -> Finding:
    """The validator's ``message`` about ``feature`` (followed by where the model sits), located at the
    feature and ordered as ``check`` (a name in validator_order.FEATURE_CHECKS) of validateFeatureDescription."""
    return Finding(message + where(model), location=feature.path, order=feature_order(model, feature, check))


def feature_kind_before_version(model: Model, kind: str, needed: int, what: str, check: str) -> Iterator[Finding]:
    """One finding per feature of ``kind`` (e.g. ``sequenceType``) when the model's spec version is below
    ``needed``, worded as validateFeatureDescription words it (``what``: "Sequence", "State"); ``check`` is
    the check's name in validator_order.FEATURE_CHECKS."""
    version = model.spec_version
    if version >= needed:
        return
    for feature in model.features:
        if feature.kind == kind:
            yield feature_finding(
                model,
                feature,
                f"{what} types are only valid in specification verison >= {needed}. This model has version {version}",
                check,
            )


def type_validator_finding(model: Model, checks: Mapping[str, Callable[[Any], str | None]]) -> Iterator[Finding]:
    """The first complaint of the ported validator that ``checks`` holds for the model's type, if any,
    located at the model's type parameters."""
    check = checks.get(model.type or "")
    if check is None:
        return
    problem = check(model.proto)
    if problem:
        yield Finding(
            problem + where(model), location=model.location(model.type or ""), order=step(model, TYPE, TYPE_PARAMETERS)
        )
