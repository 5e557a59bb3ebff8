"""A rule's documentation as text (``mllint rule``), JSON (``mllint rules --format json``) and Markdown.

``docs/rules.md`` is :func:`rules_reference` of mllint's own rules, written by
``tools/generate_rules_doc.py`` (``tests/test_docs.py`` fails when it is stale).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, Sequence

from .rule import APPLICABILITY_MEANING, BUILTIN_DISTRIBUTION, EVIDENCE_MEANING, FAMILIES, Option, Rule
from .rule_source import rule_source

HEURISTIC_NOTE = (
    "Heuristic rules estimate Neural Engine behaviour from public knowledge: confirm their findings with Xcode's "
    "performance report or `MLComputePlan` on a device."
)
BUILTIN_PLUGINS = (f"{BUILTIN_DISTRIBUTION}:", "mllint.engine")  # the plugin names of mllint's own rules


def is_builtin(rule: Rule) -> bool:
    return rule.plugin.startswith(BUILTIN_PLUGINS)


def option_dict(option: Option) -> dict[str, Any]:
    return {"name": option.name, "type": option.type_name, "default": option.default, "help": option.help}


def rule_dict(rule: Rule) -> dict[str, Any]:
    source = rule_source(rule)
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity.label,
        "summary": rule.summary,
        "why": rule.why,
        "fix": rule.fix,
        "docs": rule.docs,
        "heuristic": rule.heuristic,
        "evidence": rule.evidence,
        "fixer": rule.fixer,
        "fix_applicability": rule.fix_applicability,
        "options": [option_dict(option) for option in rule.options],
        "sources": list(rule.sources),
        "source": str(source) if source else None,
        "tests": source.tests if source else None,
        "plugin": rule.plugin,
        "url": rule.docs_url,
    }


def rules_listing(rules: Sequence[Rule], output_format: str) -> str:
    """``mllint rules``: one line per rule, or every rule's :func:`rule_dict` as JSON."""
    if output_format == "json":
        return json.dumps([rule_dict(rule) for rule in rules], indent=2)
    return "\n".join(
        f"{rule.code}  {rule.name:<32} {rule.severity.label:<8} {rule.summary}{_fix_mark(rule)}" for rule in rules
    )


def _fix_mark(rule: Rule) -> str:
    """`` [fix: safe]`` after a fixable rule's summary in ``mllint rules``."""
    return f" [fix: {rule.fix_applicability}]" if rule.fix_applicability else ""


def automatic_fix(rule: Rule) -> str | None:
    """What ``mllint fix`` does for this rule's findings, and how safe it is (None: it does not repair them)."""
    if rule.fixer is None or rule.fix_applicability is None:
        return None
    from .fixing.registry import fix_named

    unsafe = rule.fix_applicability == "unsafe"
    command = "mllint fix --unsafe-fixes" if unsafe else "mllint fix"
    which = "its findings" if unsafe else "the findings the text report marks `[*]`"
    return (
        f"{rule.fix_applicability.capitalize()} ({APPLICABILITY_MEANING[rule.fix_applicability]}). "
        f"`{command}` applies `{rule.fixer}` to {which}: {fix_named(rule.fixer).description}"
    )


def rule_text(rule: Rule) -> str:
    """``mllint rule CODE``."""
    lines = [
        f"{rule.code} {rule.name} ({rule.severity.label}; {rule.family})",
        "",
        rule.summary,
        "",
        "Why it matters:",
        _indent(rule.why),
        "",
        "How to fix:",
        _indent(rule.fix),
    ]
    fixing = automatic_fix(rule)
    if fixing is not None:
        lines += ["", "Automatic fix:", _indent(textwrap.fill(fixing, 92))]
    if rule.docs:
        lines += ["", rule.docs]
    if rule.heuristic:
        lines += ["", HEURISTIC_NOTE]
    lines += ["", f"Evidence: {_evidence(rule)}"]
    if rule.options:
        lines += ["", "Options (in [tool.mllint.rules." + rule.code + "]):"]
        lines += [f"  {o.name} ({o.type_name}, default {_toml(o.default)}): {o.help}" for o in rule.options]
    if rule.sources:
        lines += ["", "Sources:"] + [f"  - {s}" for s in rule.sources]
    source = rule_source(rule)
    where = [f"Source: {source}"] if source is not None else []
    if source is not None and source.tests:
        where.append(f"Tests: {source.tests}")
    if rule.plugin:
        where.append(f"Provided by: {rule.plugin}")
    if where:
        lines += ["", *where]
    return "\n".join(lines)


def rule_markdown(rule: Rule) -> str:
    """One rule's section of docs/rules.md (links are relative to ``docs/``)."""
    marks = [rule.severity.label, rule.family] + (["[heuristic](#heuristic-rules)"] if rule.heuristic else [])
    if rule.fix_applicability is not None:
        marks.append(f"[{rule.fix_applicability} fix](#automatic-fixes)")
    parts = [
        f"## {rule.code} {rule.name}",
        f"*{', '.join(marks)}*",
        rule.summary,
        f"**Why it matters.** {rule.why}",
        f"**How to fix.** {rule.fix}",
    ]
    fixing = automatic_fix(rule)
    if fixing is not None:
        parts.append(f"**Automatic fix.** {fixing}")
    if rule.docs:
        parts.append(rule.docs)
    parts.append(f"**Evidence.** {_evidence(rule)}")
    if rule.options:
        rows = [f"| `{o.name}` | `{o.type_name}` | `{_toml(o.default)}` | {o.help} |" for o in rule.options]
        parts.append(
            f"**Options** (in `[tool.mllint.rules.{rule.code}]`):\n\n| option | type | default | meaning |\n"
            "|---|---|---|---|\n" + "\n".join(rows)
        )
    if rule.sources:
        parts.append("**Sources.**\n" + "\n".join(f"- {s}" for s in rule.sources))
    source = rule_source(rule)
    if source is not None:
        where = f"**Code.** [`{source}`](../{source.path}#L{source.line})"
        if source.tests:
            where += f"; test cases: [`{source.tests}`](../{source.tests})"
        parts.append(where)
    return "\n\n".join(parts)


def rules_reference(rules: Sequence[Rule]) -> str:
    """docs/rules.md: a table of every rule, then each family's rules in code order."""
    parts = [
        "# Rules",
        "",
        "Generated from the rules' metadata by `tools/generate_rules_doc.py`; `mllint rule CODE` prints the same.",
        "",
        "## Evidence",
        "",
        "Each rule says what backs it, and its severity never claims more: an error needs `validator` or",
        "`device-report` evidence, a warning `measurement` or `apple-statement` (or stronger), `inferred` is info only.",
        "",
        *[f"- `{kind}`: {meaning}" for kind, meaning in EVIDENCE_MEANING.items()],
        "",
        "## Heuristic rules",
        "",
        HEURISTIC_NOTE,
        "",
        "## Automatic fixes",
        "",
        "`mllint fix` repairs the findings of the rules marked *safe fix* or *unsafe fix* (see",
        "[fix-and-diff.md](fix-and-diff.md)); each rule declares which, as ruff's do:",
        "",
        *[f"- `{kind}`: {meaning}" for kind, meaning in APPLICABILITY_MEANING.items()],
        "",
        "## Index",
        "",
        "| code | name | severity | evidence | fix | summary |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        anchor = f"{rule.code.lower()}-{rule.name}"
        parts.append(
            f"| [{rule.code}](#{anchor}) | {rule.name} | {rule.severity.label} | {rule.evidence or ''} "
            f"| {rule.fix_applicability or ''} | {rule.summary} |"
        )
    current_family = None
    for rule in rules:
        family = FAMILIES.get(rule.code[:3], "other")
        if family != current_family:
            parts += ["", f"# {rule.code[:3]}xx: {family}"]
            current_family = family
        parts += ["", rule_markdown(rule)]
    return "\n".join(parts) + "\n"


def _evidence(rule: Rule) -> str:
    if rule.evidence is None:
        return "not declared"
    return f"{rule.evidence} ({EVIDENCE_MEANING[rule.evidence]})"


def _toml(value: Any) -> str:
    """A default as the user would write it in TOML."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else "" for line in text.splitlines())
