"""Suppressions that travel with the model: ``metadata.userDefined["mllint:ignore"]``.

A binary model has no comments to put a ``# noqa`` in, so the model says it
itself: the key ``mllint:ignore`` of a model's ``metadata.userDefined`` holds
rule codes, prefixes or names, comma-separated (``"ML202, ML5"``). They hide
that rule's findings on the model that carries the key and on its sub-models
(a pipeline's key covers the whole pipeline).

Like ruff's RUF100, an entry that hides nothing is itself reported, as
``ML910 unused-suppression`` (declared by the ``mllint_rules.mllint_self``
plugin): either the rule found nothing on that model, or it did not run there
(not selected, or ignored by the configuration: a configuration ignore does not
make an in-model suppression "used"), or the entry names no known rule. An
entry that names ML910 itself (``ML910``, ``ML9``, ``unused-suppression``) hides
ML910 findings on its model and is never reported as unused. Nothing hides
``ML900 rule-crashed``: a report with a crashed rule is incomplete, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .diagnostics import Diagnostic
from .engine_rules import NEVER_HIDDEN
from .loader import LoadedModel
from .rule import Rule
from .selection import names_rule, split_selectors
from .view import Model, join_path

IGNORE_KEY = "mllint:ignore"
UNUSED_SUPPRESSION = "unused-suppression"  # the name of rule ML910 (mllint_rules.mllint_self)


class Suppression(NamedTuple):
    """One entry of a model's ``mllint:ignore``."""

    selector: str  # as written in the model
    model_path: str  # the model that carries it: "" for the root, "models[1]" ...

    @property
    def location(self) -> str:
        return join_path(self.model_path, "metadata", "userDefined", IGNORE_KEY)

    def covers(self, sub_model: str) -> bool:
        """Findings of this model and its sub-models."""
        return not self.model_path or sub_model == self.model_path or sub_model.startswith(self.model_path + "/")

    def hides(self, diagnostic: Diagnostic) -> bool:
        return (
            diagnostic.code not in NEVER_HIDDEN
            and self.covers(diagnostic.sub_model)
            and names_rule(self.selector, diagnostic.code, diagnostic.name)
        )

    def names(self, rule: Rule) -> bool:
        return names_rule(self.selector, rule.code, rule.name)


def read_suppressions(root: Model) -> list[Suppression]:
    """Every ``mllint:ignore`` entry in the model tree, in tree order."""
    found = []
    for model in root.walk():
        user_defined = model.proto.description.metadata.userDefined
        if IGNORE_KEY in user_defined:
            found += [Suppression(s, model.path) for s in split_selectors([user_defined[IGNORE_KEY]])]
    return found


class InModelSuppressor:
    """Applied by the engine to each readable model's diagnostics (see ``lint_artifact``).

    ``known`` are all the rules mllint has; ``enabled`` those that ran on this
    model. Returns the diagnostics left, plus ML910 for entries that hid nothing
    when ML910 is enabled.
    """

    def __init__(self, known: Sequence[Rule], enabled: Sequence[Rule]):
        self.known = known
        self.enabled = enabled
        self.unused_rule = next((r for r in enabled if r.name == UNUSED_SUPPRESSION), None)

    def __call__(self, loaded: LoadedModel, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        entries = read_suppressions(loaded.root)
        if not entries:
            return diagnostics
        used: set[int] = set()
        kept: list[Diagnostic] = []
        for diagnostic in diagnostics:
            hiding = [i for i, entry in enumerate(entries) if entry.hides(diagnostic)]
            used.update(hiding)
            if not hiding:
                kept.append(diagnostic)
        if self.unused_rule is None:
            return kept
        for index, entry in enumerate(entries):
            if index in used or entry.names(self.unused_rule):
                continue
            unused = self._unused(loaded, entry)
            silencers = [e for e in entries if e.names(self.unused_rule) and e.hides(unused)]
            if not silencers:
                kept.append(unused)
        return kept

    def _unused(self, loaded: LoadedModel, entry: Suppression) -> Diagnostic:
        rule = self.unused_rule
        assert rule is not None
        return Diagnostic.of_rule(
            rule,
            f"{IGNORE_KEY} entry '{entry.selector}' suppresses nothing: {self._why_unused(entry)}",
            path=loaded.path,
            file=loaded.spec_file,
            location=entry.location,
            sub_model=entry.model_path,
        )

    def _why_unused(self, entry: Suppression) -> str:
        named = [r for r in self.known if entry.names(r)]
        if not named:
            return "it names no rule, code prefix or rule name known to this mllint"
        if all(r.code in NEVER_HIDDEN for r in named):
            return f"{named[0].code} ({named[0].name}) is never suppressed: a crashed rule is always reported"
        single = len(named) == 1
        subject = f"{named[0].code} ({named[0].name})" if single else f"no {entry.selector} rule"
        if not any(entry.names(r) for r in self.enabled):
            return f"{subject} is not enabled for this model" if single else f"{subject} is enabled for this model"
        where = entry.model_path or "this model"
        return f"{subject} found nothing in {where}" if single else f"{subject} found anything in {where}"
