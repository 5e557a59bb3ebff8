"""What a rule reports (a Finding) and what mllint prints (a Diagnostic)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rule import Rule


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str | Severity) -> Severity:
        if isinstance(text, Severity):
            return text
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule, before the engine attaches rule metadata.

    ``location`` is the logical path of the model node concerned, e.g.
    ``main/conv_3``, ``models[1]``, ``inputs/image``; empty means the model itself.

    ``order`` places a finding in the order a loader makes its checks, for checks that port a
    loader which stops at its first complaint (the ML1 rules: Core ML's validator, Model::validate):
    a report lists the findings that have an order first, by order (tuples of integers compared
    item by item), so its first line is the one the loader reports. Empty: no such order; the
    finding is listed after them, by location.
    """

    message: str
    location: str = ""
    severity: Severity | None = None  # None: the rule's default severity
    fix: str | None = None  # None: the rule's generic fix
    fixable: bool = True  # False: the rule's fixer (``mllint fix``) does not repair this case of the rule
    order: tuple[int, ...] = ()


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding with everything a reporter needs. Immutable and sortable."""

    path: str  # the model as the user named it: X.mlpackage or Y.mlmodel
    location: str  # logical path inside the model
    code: str
    name: str
    severity: Severity
    message: str
    file: str  # the real file that holds the spec (inside a package) or the manifest
    fix: str = ""
    sub_model: str = field(default="", compare=False)
    fix_applicability: str | None = field(default=None, compare=False)  # "safe"/"unsafe": ``mllint fix`` repairs it
    order: tuple[int, ...] = field(default=(), compare=False)  # see Finding.order

    @classmethod
    def of_rule(
        cls,
        rule: Rule,
        message: str,
        *,
        path: str,
        file: str,
        location: str = "",
        severity: Severity | None = None,
        fix: str | None = None,
        sub_model: str = "",
        fixable: bool = True,
        order: tuple[int, ...] = (),
    ) -> Diagnostic:
        """A diagnostic of ``rule``: its code, name, and its severity and fix unless given.

        Every diagnostic is made here: a rule's finding, the engine's own
        (ML000, ML900, ML901) and an unused in-model suppression (ML910).
        """
        return cls(
            path=path,
            location=location,
            code=rule.code,
            name=rule.name,
            severity=severity or rule.severity,
            message=message,
            file=file,
            fix=fix if fix is not None else rule.fix,
            sub_model=sub_model,
            fix_applicability=rule.fix_applicability if fixable else None,
            order=order,
        )

    @property
    def report_key(self) -> tuple[bool, tuple[int, ...], str, str, str]:
        """Where the diagnostic goes in its model's report: those with an :attr:`order` first, by order
        (a loader's own order of checks), then the others by location, code and message."""
        return (not self.order, self.order, self.location, self.code, self.message)

    @property
    def fingerprint(self) -> str:
        """A stable identity: same model path, code and location (see also :func:`distinct_fingerprints`).

        Re-exporting a model changes its bytes but not this, so code scanning
        keeps one alert per real problem.
        """
        import hashlib  # here: reports that show no fingerprint never load it

        key = "\x1f".join((self.code, self.path.replace("\\", "/"), self.location))
        return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _message_shape(message: str) -> str:
    """The message with its numbers blanked: ``score_threshold # is above #``."""
    import re

    return re.sub(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", "#", message)


def distinct_fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A fingerprint for each diagnostic, distinct within the list.

    :attr:`Diagnostic.fingerprint` is (code, model, node); a rule may report two
    different problems on one node. Those get the message's shape mixed in
    (numbers blanked, so a changed threshold keeps its identity) and, if that
    is shared too, their order among equals. SARIF's ``primaryLocationLineHash``
    and the baseline both use these, so a baseline hides what SARIF would fold.
    """
    import hashlib

    seen: dict[str, int] = {}
    for d in diagnostics:
        seen[d.fingerprint] = seen.get(d.fingerprint, 0) + 1
    keys, taken = [], set()
    for d in diagnostics:
        key = d.fingerprint
        if seen[key] > 1:
            shape = hashlib.sha256(f"{key}\x1f{_message_shape(d.message)}".encode("utf-8", "surrogateescape"))
            key = candidate = shape.hexdigest()[:32]
            n = 1
            while candidate in taken:
                n += 1
                candidate = hashlib.sha256(f"{key}\x1f{n}".encode()).hexdigest()[:32]
            key = candidate
        taken.add(key)
        keys.append(key)
    return keys
