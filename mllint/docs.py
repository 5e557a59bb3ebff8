"""A rule's documentation as text (``mllint rule``), JSON (``mllint rules --format json``) and Markdown."""

from __future__ import annotations

from typing import Any

from .rule import Rule


def rule_dict(rule: Rule) -> dict[str, Any]:
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
        "sources": list(rule.sources),
        "plugin": rule.plugin,
        "url": rule.docs_url,
    }


def rule_text(rule: Rule) -> str:
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
    if rule.docs:
        lines += ["", rule.docs]
    if rule.heuristic:
        lines += [
            "",
            "This rule is a heuristic from public knowledge of the Neural Engine: confirm with",
            "Xcode's performance report or MLComputePlan on a device.",
        ]
    if rule.sources:
        lines += ["", "Sources:"] + [f"  - {s}" for s in rule.sources]
    if rule.plugin:
        lines += ["", f"Provided by: {rule.plugin}"]
    return "\n".join(lines)


def rule_markdown(rule: Rule) -> str:
    parts = [
        f"## {rule.code} {rule.name}",
        f"*{rule.severity.label}, {rule.family}{', heuristic' if rule.heuristic else ''}*",
        rule.summary,
        f"**Why it matters.** {rule.why}",
        f"**How to fix.** {rule.fix}",
    ]
    if rule.docs:
        parts.append(rule.docs)
    if rule.sources:
        parts.append("**Sources.**\n" + "\n".join(f"- {s}" for s in rule.sources))
    return "\n\n".join(parts)


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else "" for line in text.splitlines())
