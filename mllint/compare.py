"""``mllint diff``: what changed between two versions of a model, and whether it regressed.

Both models are summarised (:mod:`mllint.summary`) and compared section by
section: interface, structure, spec version and oldest OS, op counts, weights,
the Neural Engine estimate, and the findings (new, fixed, unchanged, matched by
a fingerprint that ignores the model's path). A regression is a new finding at
or above ``fail_on_new``, or a Neural Engine share (of ops) that drops by more
than ``max_ane_drop`` percentage points.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Severity


@dataclass(frozen=True)
class Change:
    section: str  # interface, structure, version, ops, weights, ane
    item: str
    old: Any
    new: Any

    def text(self) -> str:
        if self.old is None:
            return f"{self.item}: added {self.new}"
        if self.new is None:
            return f"{self.item}: removed (was {self.old})"
        return f"{self.item}: {self.old} -> {self.new}"


@dataclass
class Comparison:
    old_path: str
    new_path: str
    changes: list[Change] = field(default_factory=list)
    new_findings: list[dict[str, Any]] = field(default_factory=list)
    fixed_findings: list[dict[str, Any]] = field(default_factory=list)
    unchanged_findings: int = 0
    ane_drop_points: float | None = None  # positive: the share fell
    regressions: list[str] = field(default_factory=list)

    def section(self, name: str) -> list[Change]:
        return [c for c in self.changes if c.section == name]


SECTIONS = ("interface", "structure", "version", "ops", "weights", "ane")


def compare(
    old: dict[str, Any],
    new: dict[str, Any],
    old_path: str,
    new_path: str,
    fail_on_new: Severity | None = Severity.WARNING,
    max_ane_drop: float = 5.0,
) -> Comparison:
    result = Comparison(old_path, new_path)
    add = result.changes.append
    for role in sorted(set(old.get("interface", {})) | set(new.get("interface", {}))):
        _mapping(add, "interface", role, old.get("interface", {}).get(role, {}), new.get("interface", {}).get(role, {}))
    _lists(add, "structure", "step", old.get("structure", []), new.get("structure", []))
    for key in ("model_type", "spec_version", "min_spec_version", "oldest_os"):
        if old.get(key) != new.get(key):
            add(Change("version", key, old.get(key), new.get(key)))
    _mapping(add, "ops", "op", old.get("ops", {}), new.get("ops", {}))
    old_w, new_w = old.get("weights") or {}, new.get("weights") or {}
    if old_w.get("file_bytes") != new_w.get("file_bytes"):
        add(Change("weights", "file bytes", old_w.get("file_bytes"), new_w.get("file_bytes")))
    _mapping(add, "weights", "dtype", old_w.get("elements_by_dtype", {}), new_w.get("elements_by_dtype", {}))
    _mapping(add, "weights", "compression", old_w.get("compression", {}), new_w.get("compression", {}))
    _ane(result, old.get("ane") or {}, new.get("ane") or {})
    _findings(result, old.get("findings", []), new.get("findings", []))
    if fail_on_new is not None:
        for finding in result.new_findings:
            if Severity.parse(finding["severity"]) >= fail_on_new:
                result.regressions.append(
                    f"new {finding['severity']} {finding['code']} at {finding['location'] or '(model)'}"
                )
    if result.ane_drop_points is not None and result.ane_drop_points > max_ane_drop:
        result.regressions.append(
            f"Neural Engine share fell {result.ane_drop_points:.1f} points (more than {max_ane_drop:g})"
        )
    return result


def _mapping(add: Any, section: str, label: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            add(Change(section, f"{label} {key}", old.get(key), new.get(key)))


def _lists(add: Any, section: str, label: str, old: list[str], new: list[str]) -> None:
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        if before != after:
            add(Change(section, f"{label} {index}", before, after))


def _ane(result: Comparison, old: dict[str, Any], new: dict[str, Any]) -> None:
    for key in sorted(set(old) | set(new)):
        if key == "top_fallback":
            _mapping(result.changes.append, "ane", "fallback", old.get(key) or {}, new.get(key) or {})
        elif old.get(key) != new.get(key):
            shown = {k: _share(v) if "share" in k else v for k, v in ((key, old.get(key)), (key + "'", new.get(key)))}
            result.changes.append(Change("ane", key, shown[key], shown[key + "'"]))
    before, after = old.get("share_ops"), new.get("share_ops")
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        result.ane_drop_points = round((before - after) * 100, 2)


def _share(value: Any) -> Any:
    return f"{value * 100:.1f}%" if isinstance(value, (int, float)) else value


def _findings(result: Comparison, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    old_keys = {f["fingerprint"] for f in old}
    new_keys = {f["fingerprint"] for f in new}
    result.new_findings = [f for f in new if f["fingerprint"] not in old_keys]
    result.fixed_findings = [f for f in old if f["fingerprint"] not in new_keys]
    result.unchanged_findings = sum(1 for f in new if f["fingerprint"] in old_keys)


# --------------------------------------------------------------------------- rendering


def render(result: Comparison, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(as_dict(result), indent=2) + "\n"
    if output_format == "markdown":
        return _markdown(result)
    return _text(result)


def as_dict(result: Comparison) -> dict[str, Any]:
    return {
        "old": result.old_path,
        "new": result.new_path,
        "changes": {s: [{"item": c.item, "old": c.old, "new": c.new} for c in result.section(s)] for s in SECTIONS},
        "findings": {
            "new": result.new_findings,
            "fixed": result.fixed_findings,
            "unchanged": result.unchanged_findings,
        },
        "ane_drop_points": result.ane_drop_points,
        "regressions": result.regressions,
    }


def _finding_line(finding: dict[str, Any]) -> str:
    return f"{finding['code']} {finding['severity']} {finding['location'] or '(model)'}: {finding['message']}"


def _text(result: Comparison) -> str:
    lines = [f"--- {result.old_path}", f"+++ {result.new_path}"]
    for section in SECTIONS:
        changes = result.section(section)
        if changes:
            lines.append(f"{section}:")
            lines += [f"  {c.text()}" for c in changes]
    lines.append(
        f"findings: {len(result.new_findings)} new, {len(result.fixed_findings)} fixed, {result.unchanged_findings} unchanged"
    )
    lines += [f"  + {_finding_line(f)}" for f in result.new_findings]
    lines += [f"  - {_finding_line(f)}" for f in result.fixed_findings]
    if result.regressions:
        lines.append("regressions:")
        lines += [f"  {r}" for r in result.regressions]
    else:
        lines.append("no regression")
    return "\n".join(lines) + "\n"


def _markdown(result: Comparison) -> str:
    verdict = "**regression**" if result.regressions else "no regression"
    lines = [
        f"### mllint diff: `{result.old_path}` → `{result.new_path}` ({verdict})",
        "",
        "| | changes |",
        "|---|---|",
    ]
    for section in SECTIONS:
        lines.append(f"| {section} | {len(result.section(section))} |")
    lines.append(
        f"| findings | {len(result.new_findings)} new, {len(result.fixed_findings)} fixed,"
        f" {result.unchanged_findings} unchanged |"
    )
    if result.ane_drop_points is not None:
        lines.append(f"| Neural Engine share | {-result.ane_drop_points:+.1f} points |")
    lines.append("")
    for regression in result.regressions:
        lines.append(f"- :warning: {regression}")
    for section in SECTIONS:
        changes = result.section(section)
        if changes:
            lines += ["", f"<details><summary>{section} ({len(changes)})</summary>", ""]
            lines += [f"- `{c.item}`: {_md(c)}" for c in changes]
            lines += ["", "</details>"]
    if result.new_findings or result.fixed_findings:
        lines += ["", "<details><summary>findings</summary>", ""]
        lines += [
            f"- new: `{f['code']}` {f['severity']} `{f['location'] or '(model)'}`: {f['message']}"
            for f in result.new_findings
        ]
        lines += [
            f"- fixed: `{f['code']}` `{f['location'] or '(model)'}`: {f['message']}" for f in result.fixed_findings
        ]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _md(change: Change) -> str:
    if change.old is None:
        return f"added `{change.new}`"
    if change.new is None:
        return f"removed (was `{change.old}`)"
    return f"`{change.old}` → `{change.new}`"
