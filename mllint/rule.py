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

import builtins
import inspect
import re
from dataclasses import dataclass, field
from types import FunctionType, MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Mapping, Sequence, TypedDict, get_args

if TYPE_CHECKING:
    from typing_extensions import NotRequired, Unpack

from .diagnostics import Finding, Severity

# A code is its plugin's prefix of capital letters, then three digits (flake8's rule): ML101, ABC123.
CODE_PATTERN = re.compile(r"^[A-Z]{1,3}\d{3}$")
# ``ML`` is reserved to the rules of mllint's own distribution (see mllint.plugins.collect).
RESERVED_PREFIX = "ML"
BUILTIN_DISTRIBUTION = "coreml-lint"  # pyproject.toml [project] name (the PyPI name "mllint" is another project)
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

Scope = Literal["model", "artifact", "op"]

# What backs a rule's claim (see docs/writing-rules.md, "Severity follows evidence").
Evidence = Literal["validator", "device-report", "measurement", "apple-statement", "inferred", "mllint"]
EVIDENCE_MEANING: dict[str, str] = {
    "validator": "Core ML's open-source validator rejects the model (cite file and function)",
    "device-report": "a cited report of the failure or behaviour on an Apple device",
    "measurement": "a published measurement (Xcode performance report, MLComputePlan, a benchmark)",
    "apple-statement": "Apple's documentation, code or talks",
    "inferred": "reasoning from the format with no direct evidence (info only)",
    "mllint": "about mllint's own run (ML0xx, ML9xx)",
}
EVIDENCE_KINDS: tuple[str, ...] = tuple(EVIDENCE_MEANING)
# The strongest severity each kind of evidence supports.
EVIDENCE_CEILING = {
    "validator": Severity.ERROR,
    "device-report": Severity.ERROR,
    "measurement": Severity.WARNING,
    "apple-statement": Severity.WARNING,
    "inferred": Severity.INFO,
    "mllint": Severity.ERROR,
}
Check = Callable[..., Iterable[Finding] | None]

# ``mllint fix`` (as ruff's fixes): "safe" keeps the model's meaning, it only becomes loadable on the OS it
# already needs; "unsafe" changes numerics, the interface or what the model says of itself (--unsafe-fixes).
Applicability = Literal["safe", "unsafe"]
APPLICABILITY_MEANING: dict[str, str] = {
    "safe": "the model keeps its meaning and only becomes loadable on the OS it already needs",
    "unsafe": "changes numerics, the interface or what the model says of itself; only with `--unsafe-fixes`",
}
# The repairs ``mllint fix`` can apply; each is a Fix of this name in mllint/fixing/registry.py, which the rule
# whose findings it repairs names as ``fixer=`` (a rule names one, with its ``fix_applicability``).
FixerName = Literal["nms-float32", "raise-spec-versions", "fill-metadata"]
FIXER_NAMES: tuple[str, ...] = get_args(FixerName)

FAMILIES = {
    "ML0": "reading the model",
    "ML1": "Core ML will not load it",
    "ML2": "Neural Engine",
    "ML3": "deployment target",
    "ML4": "weights and precision",
    "ML5": "metadata and interface",
    "ML9": "mllint itself",
}

# A family whose label claims an error (ML1: Core ML refuses the model) reads this for its warnings and infos.
FAMILIES_BELOW_ERROR = {"ML1": "Core ML may refuse it"}

DOCS_URL = "https://github.com/mllint/mllint/blob/main/docs/rules.md#{code_lower}-{name}"


@dataclass(frozen=True)
class RunContext:
    """What a check may know about the run besides its subject.

    A check that takes a second parameter receives this: ``def check(model, context)``.
    """

    target: int | None = None  # deployment target as a spec version (--target / config)
    chip: str | None = None  # --chip / config: the Neural Engine caps to apply (mllint.knowledge.chips)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))

    def rule_options(self, rule: "Rule | str") -> Mapping[str, Any]:
        """A rule's options: every option it declares, the configured value or else its default.

        The configuration loader has refused unknown keys and mistyped values already;
        options given in Python (``RunContext(options={"ML901": {"seconds": 60}})``) are
        checked here, and keys the rule does not declare are left out. Given a code or
        name instead of a rule, the configured values as they are.
        """
        if isinstance(rule, str):
            return self.options.get(rule, {})
        given = self.options.get(rule.code) or self.options.get(rule.name) or {}
        return {
            option.name: option.parse(given[option.name]) if option.name in given else option.default
            for option in rule.options
        }


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
    evidence: Evidence | None = None
    options: tuple["Option", ...] = ()
    default_enabled: bool = True  # False: off unless selected by code, prefix or name (not by ALL)
    fixer: FixerName | None = None  # the repair ``mllint fix`` applies to this rule's findings
    fix_applicability: Applicability | None = None  # given with ``fixer``: "safe" or "unsafe"

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise ValueError(f"rule code {self.code!r} is not 1 to 3 capital letters then three digits (ML101, ABC123)")
        if not NAME_PATTERN.match(self.name):
            raise ValueError(f"rule name {self.name!r} is not kebab-case")
        if self.scope == "op" and not self.op_types:
            raise ValueError(f"{self.code}: an op rule must name the op types it looks at")
        if self.evidence is not None:
            if self.evidence not in EVIDENCE_KINDS:
                raise ValueError(
                    f"{self.code}: unknown evidence {self.evidence!r} (expected one of: {', '.join(EVIDENCE_KINDS)})"
                )
            if self.severity > EVIDENCE_CEILING[self.evidence]:
                raise ValueError(
                    f"{self.code}: severity {self.severity.label} claims more than {self.evidence!r} evidence supports"
                )
        for text, what in ((self.summary, "summary"), (self.why, "why"), (self.fix, "fix")):
            if not text.strip():
                raise ValueError(f"{self.code}: {what} is empty")
        if (self.fixer is None) != (self.fix_applicability is None):
            raise ValueError(f"{self.code}: fixer and fix_applicability are declared together")
        if self.fixer is not None and self.fixer not in FIXER_NAMES:
            raise ValueError(f"{self.code}: unknown fixer {self.fixer!r} (expected one of: {', '.join(FIXER_NAMES)})")
        if self.fix_applicability is not None and self.fix_applicability not in APPLICABILITY_MEANING:
            raise ValueError(f"{self.code}: fix_applicability {self.fix_applicability!r} is not 'safe' or 'unsafe'")
        names = [option.name for option in self.options]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.code}: two options share a name: {', '.join(names)}")

    @property
    def family(self) -> str:
        if self.severity < Severity.ERROR and self.code[:3] in FAMILIES_BELOW_ERROR:
            return FAMILIES_BELOW_ERROR[self.code[:3]]
        return FAMILIES.get(self.code[:3], "other")

    @property
    def fixable(self) -> bool:
        """``mllint fix`` repairs this rule's findings (the safe ones by default, the unsafe with --unsafe-fixes)."""
        return self.fixer is not None

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


OPTION_TYPES: dict[builtins.type, str] = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}


@dataclass(frozen=True)
class Option:
    """A per-rule option a user may set in ``[tool.mllint.rules.<code-or-name>]``.

    ``type`` is one of ``int``, ``float``, ``str``, ``bool`` (or a tuple of them);
    the configuration loader refuses any other key or a value of another type.
    An integer is a valid ``float``; ``true``/``false`` is never a number.
    """

    name: str
    type: builtins.type | tuple[builtins.type, ...]
    default: Any
    help: str

    def __post_init__(self) -> None:
        if not NAME_PATTERN.match(self.name.replace("_", "-")) or "-" in self.name:
            raise ValueError(f"option name {self.name!r} is not snake_case")
        unknown = [kind for kind in self.types if kind not in OPTION_TYPES]
        if unknown:
            raise ValueError(f"option {self.name!r}: type {unknown[0]!r} is not one of int, float, str, bool")
        if not self.accepts(self.default):
            raise ValueError(f"option {self.name!r}: default {self.default!r} is not {self.type_label}")
        if not self.help.strip():
            raise ValueError(f"option {self.name!r}: help is empty")

    @property
    def types(self) -> tuple[builtins.type, ...]:
        return self.type if isinstance(self.type, tuple) else (self.type,)

    @property
    def type_label(self) -> str:
        """How the type reads in messages and docs: "an integer", "a number or a string"."""
        shown = [kind for kind in self.types if not (kind is int and float in self.types)]  # an int is a number
        return " or ".join(OPTION_TYPES.get(kind, kind.__name__) for kind in shown)

    @property
    def type_name(self) -> str:
        """The type as Python spells it: ``int``, ``float | str``."""
        return " | ".join(kind.__name__ for kind in self.types)

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool):
            return bool in self.types
        if isinstance(value, int) and float in self.types:
            return True
        return isinstance(value, self.types)

    def parse(self, value: Any) -> Any:
        """``value`` if it is of this option's type (an integer for a float-only option becomes a float).

        Raises ``ValueError("must be an integer, not '10'")`` otherwise.
        """
        if not self.accepts(value):
            shown = str(value).lower() if isinstance(value, bool) else repr(value)  # as TOML spells it
            raise ValueError(f"must be {self.type_label}, not {shown}")
        if self.types == (float,):
            return float(value)
        return value


def _declare(
    scope: Scope,
    *,
    code: str,
    name: str,
    summary: str,
    why: str,
    fix: str,
    severity: str | Severity = "warning",
    evidence: Evidence | None = None,
    sources: Sequence[str] = (),
    options: Sequence[Option] = (),
    op_types: Iterable[str] = (),
    heuristic: bool = False,
    default_enabled: bool = True,
    fixer: FixerName | None = None,
    fix_applicability: Applicability | None = None,
) -> Callable[[Check], Rule]:
    def wrap(check: Check) -> Rule:
        return Rule(
            code=code,
            name=name,
            summary=summary,
            why=inspect.cleandoc(why),
            fix=inspect.cleandoc(fix),
            severity=Severity.parse(severity),
            docs=inspect.cleandoc(check.__doc__ or ""),
            scope=scope,
            check=check,
            op_types=frozenset(op_types),
            sources=tuple(sources),
            heuristic=heuristic,
            takes_context=_parameter_count(check) >= 2,
            evidence=evidence,
            options=tuple(options),
            default_enabled=default_enabled,
            fixer=fixer,
            fix_applicability=fix_applicability,
        )

    return wrap


def _parameter_count(check: Check) -> int:
    """``len(inspect.signature(check).parameters)``, read from the code object of a plain function.

    Every rule is declared at start-up; ``inspect.signature`` costs more than the rest of a declaration.
    """
    if isinstance(check, FunctionType) and not hasattr(check, "__wrapped__"):
        code = check.__code__
        flags = code.co_flags
        return (
            code.co_argcount
            + code.co_kwonlyargcount
            + bool(flags & inspect.CO_VARARGS)
            + bool(flags & inspect.CO_VARKEYWORDS)
        )
    return len(inspect.signature(check).parameters)


class RuleMeta(TypedDict):
    """The keywords of :func:`model_rule`, :func:`op_rule` and :func:`artifact_rule` (for type checkers)."""

    code: str
    name: str
    summary: str
    why: str
    fix: str
    severity: "NotRequired[str | Severity]"
    evidence: "NotRequired[Evidence | None]"
    sources: "NotRequired[Sequence[str]]"
    options: "NotRequired[Sequence[Option]]"
    op_types: "NotRequired[Iterable[str]]"
    heuristic: "NotRequired[bool]"
    default_enabled: "NotRequired[bool]"
    fixer: "NotRequired[FixerName | None]"
    fix_applicability: "NotRequired[Applicability | None]"


def model_rule(**meta: "Unpack[RuleMeta]") -> Callable[[Check], Rule]:
    """Declare a check called once per model in the tree.

    An unknown or misspelt keyword is a ``TypeError`` when the plugin is imported.
    """
    return _declare("model", **meta)


def artifact_rule(**meta: "Unpack[RuleMeta]") -> Callable[[Check], Rule]:
    """Declare a check called once per file or package, with the root model."""
    return _declare("artifact", **meta)


def op_rule(**meta: "Unpack[RuleMeta]") -> Callable[[Check], Rule]:
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
        evidence=meta.get("evidence"),
        options=tuple(meta.get("options", ())),
    )
