"""The oldest OS a model can load on, and why: the ``deployment`` fact of every report.

Built from :mod:`mllint.analysis.deployment_requirements`. The ML3xx plugin
(``mllint_rules.deployment``) puts :meth:`Deployment.as_facts` into the model's
facts (JSON and SARIF write them as they are); reporters read them back with
:meth:`Deployment.from_facts`, so no reporter reads the facts by string key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from mllint.knowledge.spec_versions import ios_macos_label, os_label
from mllint.view import Model

from .deployment_requirements import Requirement, min_spec_version, tree_requirements

FACTS_KEY = "deployment"
# How many places a diagnostic lists before "and N more".
PLACES_SHOWN = 3
# How many distinct features the facts name as the reason for the oldest OS.
REASONS_SHOWN = 5


class FeatureUse:
    """Every place one feature is used, with the version it needs."""

    __slots__ = ("requirement", "places")

    def __init__(self, requirement: Requirement) -> None:
        self.requirement = requirement
        self.places: list[str] = []

    def listing(self) -> str:
        """The first places, then "and N more": ``main/attn_0, main/attn_1, main/attn_2 and 9 more``."""
        shown = [p or "(root)" for p in self.places[:PLACES_SHOWN]]
        more = len(self.places) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more else "")


def uses_by_feature(found: Sequence[Requirement]) -> list[FeatureUse]:
    """One entry per feature, newest requirement first, places in model order."""
    uses: dict[str, FeatureUse] = {}
    for requirement in found:
        use = uses.get(requirement.feature)
        if use is None:
            use = uses[requirement.feature] = FeatureUse(requirement)
        if requirement.location not in use.places:
            use.places.append(requirement.location)
    return sorted(uses.values(), key=lambda u: -u.requirement.spec_version)


class Deployment(NamedTuple):
    """The oldest OS a model tree can load on, the version it declares, and the features that decide it."""

    oldest_os: str  # "iOS18"
    oldest_os_all: str  # "iOS18/macOS15"
    min_spec_version: int
    spec_version: int
    declared_below_needed: bool
    reasons: tuple[str, ...]  # "ML program opset CoreML8 (main)", at most REASONS_SHOWN

    @classmethod
    def of(cls, root: Model) -> Deployment:
        """What ``root`` and every model nested in it need; computed once per model."""
        return root.derived("mllint.analysis.deployment", lambda: cls._compute(root))

    @classmethod
    def _compute(cls, root: Model) -> Deployment:
        found = tree_requirements(root)
        needed = min_spec_version(found)
        reasons = [
            f"{use.requirement.feature} ({use.places[0] or 'root'})"
            for use in uses_by_feature([r for r in found if r.spec_version == needed])
        ]
        return cls(
            oldest_os=os_label(needed),
            oldest_os_all=ios_macos_label(needed),
            min_spec_version=needed,
            spec_version=root.spec_version,
            declared_below_needed=root.spec_version < needed,
            reasons=tuple(reasons[:REASONS_SHOWN]),
        )

    def as_facts(self) -> dict[str, Any]:
        """``{"deployment": {...}}``, as the JSON report writes it."""
        return {
            FACTS_KEY: {
                "oldest_os": self.oldest_os,
                "oldest_os_all": self.oldest_os_all,
                "min_spec_version": self.min_spec_version,
                "spec_version": self.spec_version,
                "declared_below_needed": self.declared_below_needed,
                "reasons": list(self.reasons),
            }
        }

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> Deployment | None:
        """The deployment fact of a report's facts; None when absent or not in this shape."""
        value = facts.get(FACTS_KEY)
        if not isinstance(value, Mapping) or not value.get("oldest_os"):
            return None
        oldest_os = str(value["oldest_os"])
        reasons = value.get("reasons")
        spec_version = value.get("spec_version")
        needed = value.get("min_spec_version")
        return cls(
            oldest_os=oldest_os,
            oldest_os_all=str(value.get("oldest_os_all") or oldest_os),
            min_spec_version=needed if isinstance(needed, int) else 0,
            spec_version=spec_version if isinstance(spec_version, int) else 0,
            declared_below_needed=bool(value.get("declared_below_needed")),
            reasons=tuple(str(r) for r in reasons) if isinstance(reasons, (list, tuple)) else (),
        )
