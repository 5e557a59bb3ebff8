"""How a rule is declared: its metadata next to its check.

A rule module looks like this (see ``docs/writing-rules.md``)::

    from mllint import Finding, model_rule

    @model_rule(
        code="ML501", name="missing-author", severity="info",
        summary="The model does not name its author.",
        why="...", fix="...",
    )
    def missing_author(model):
        \"\"\"Docs: what it looks at, an example, sources.\"\"\"
        if not model.metadata.author:
            yield Finding("metadata.author is empty")

Three scopes decide when the engine calls the check:

- ``model``: once for every model in the tree (a pipeline and each of its
  sub-models), with that :class:`~mllint.view.Model`.
- ``artifact``: once for the file or package, with the root model.
- ``op``: once for every NN layer or ML program operation whose type is in
  ``op_types``, with that :class:`~mllint.view.Op`. The engine walks the
  graph once and dispatches each op only to the rules that asked for its type.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from types import FunctionType, MappingProxyType
from typing import Any, Callable, Iterable, Literal, Mapping

from .diagnostics import Finding, Severity

CODE_PATTERN = re.compile(r"^ML\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

Scope = Literal["model", "artifact", "op"]
Check = Callable[..., Iterable[Finding] | None]

FAMILIES = {
    "ML0": "reading the model",
    "ML1": "Core ML will not load it",
    "ML2": "Neural Engine",
    "ML3": "deployment target",
    "ML4": "weights and precision",
    "ML5": "metadata and interface",
    "ML9": "mllint itself",
}

DOCS_URL = "https://github.com/mllint/mllint/blob/main/docs/rules.md#{code_lower}-{name}"


@dataclass(frozen=True)
class RunContext:
    """What a check may know about the run besides its subject.

    A check that takes a second parameter receives this: ``def check(model, context)``.
    """

    target: int | None = None  # deployment target as a spec version (--target / config)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))

    def rule_options(self, rule: "Rule | str") -> Mapping[str, Any]:
        """Per-rule options from the configuration, by code or name."""
        if isinstance(rule, Rule):
            return self.options.get(rule.code) or self.options.get(rule.name) or {}
        return self.options.get(rule, {})


DEFAULT_CONTEXT = RunContext()


@dataclass(frozen=True)
class Rule:
    """A rule's metadata and its check."""

    code: str
    name: str
    summary: str
    why: str
    fix: str
    severity: Severity
    docs: str
    scope: Scope
    check: Check | None = field(default=None, compare=False, repr=False)
    op_types: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    heuristic: bool = False
    plugin: str = ""  # filled in by the plugin manager: which plugin registered it
    takes_context: bool = False  # the check accepts (subject, context)

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise ValueError(f"rule code {self.code!r} is not ML followed by three digits")
        if not NAME_PATTERN.match(self.name):
            raise ValueError(f"rule name {self.name!r} is not kebab-case")
        if self.scope == "op" and not self.op_types:
            raise ValueError(f"{self.code}: an op rule must name the op types it looks at")
        for text, what in ((self.summary, "summary"), (self.why, "why"), (self.fix, "fix")):
            if not text.strip():
                raise ValueError(f"{self.code}: {what} is empty")

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "other")

    @property
    def docs_url(self) -> str:
        return DOCS_URL.format(code_lower=self.code.lower(), name=self.name)

    def run(self, subject: Any, context: RunContext = DEFAULT_CONTEXT) -> list[Finding]:
        """Call the check and collect its findings (a generator or a list)."""
        if self.check is None:
            return []
        produced = self.check(subject, context) if self.takes_context else self.check(subject)
        if produced is None:
            return []
        findings = list(produced)
        for finding in findings:
            if not isinstance(finding, Finding):
                raise TypeError(f"returned {type(finding).__name__}, not a Finding")
        return findings


def _declare(scope: Scope, **meta: Any) -> Callable[[Check], Rule]:
    def wrap(check: Check) -> Rule:
        docs = inspect.cleandoc(check.__doc__ or "")
        return Rule(
            code=meta["code"],
            name=meta["name"],
            summary=meta["summary"],
            why=inspect.cleandoc(meta["why"]),
            fix=inspect.cleandoc(meta["fix"]),
            severity=Severity.parse(meta.get("severity", "warning")),
            docs=docs,
            scope=scope,
            check=check,
            op_types=frozenset(meta.get("op_types", ())),
            sources=tuple(meta.get("sources", ())),
            heuristic=bool(meta.get("heuristic", False)),
            takes_context=_parameter_count(check) >= 2,
        )

    return wrap


def _parameter_count(check: Check) -> int:
    """``len(inspect.signature(check).parameters)``, read from the code object of a plain function.

    Every rule is declared at start-up; ``inspect.signature`` costs more than the rest of a declaration.
    """
    if isinstance(check, FunctionType) and not hasattr(check, "__wrapped__"):
        code = check.__code__
        flags = code.co_flags
        return (code.co_argcount + code.co_kwonlyargcount
                + bool(flags & inspect.CO_VARARGS) + bool(flags & inspect.CO_VARKEYWORDS))
    return len(inspect.signature(check).parameters)


def model_rule(**meta: Any) -> Callable[[Check], Rule]:
    """Declare a check called once per model in the tree."""
    return _declare("model", **meta)


def artifact_rule(**meta: Any) -> Callable[[Check], Rule]:
    """Declare a check called once per file or package, with the root model."""
    return _declare("artifact", **meta)


def op_rule(**meta: Any) -> Callable[[Check], Rule]:
    """Declare a check called for each op or layer whose type is in ``op_types``."""
    return _declare("op", **meta)


def metadata_only(scope: Scope = "artifact", **meta: Any) -> Rule:
    """A rule the engine itself emits (ML000, ML900): metadata, no check."""
    return Rule(
        code=meta["code"],
        name=meta["name"],
        summary=meta["summary"],
        why=inspect.cleandoc(meta["why"]),
        fix=inspect.cleandoc(meta["fix"]),
        severity=Severity.parse(meta.get("severity", "error")),
        docs=inspect.cleandoc(meta.get("docs", "")),
        scope=scope,
        sources=tuple(meta.get("sources", ())),
    )
