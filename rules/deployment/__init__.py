"""ML3xx: deployment target. One module per rule, named by its code and name.

Every report shows the oldest OS each model can load on (the ``deployment`` fact,
:class:`mllint.analysis.deployment.Deployment`, which this plugin contributes). With
``--target iOS16`` (or a macOS/tvOS/watchOS name) the rules flag what keeps the model
from loading there. Without a target they do nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mllint import Rule, hookimpl
from mllint.analysis.deployment import Deployment
from mllint.loader import LoadedModel

from .ml301_feature_newer_than_target import feature_newer_than_target
from .ml302_declared_version_above_target import declared_version_above_target


@hookimpl
def mllint_model_facts(model: LoadedModel) -> Mapping[str, Any] | None:
    """``{"deployment": {...}}``: the oldest OS the model can load on, and why."""
    return Deployment.of(model.root).as_facts()


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [feature_newer_than_target, declared_version_above_target]
