#!/usr/bin/env python
"""Write docs/rules.md from the rules' own metadata: ``python tools/generate_rules_doc.py [--check]``.

Every rule's ``helpUri`` (SARIF, ``mllint rules --format json``) points at its section here.
``--check`` exits 1 if the file is stale (tests/test_docs.py runs it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mllint.api import Linter
from mllint.docs import rule_markdown
from mllint.rule import FAMILIES

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def render() -> str:
    rules = [r for r in Linter.create().registry.rules if r.plugin.startswith(("mllint:", "mllint.engine"))]
    parts = [
        "# Rules",
        "",
        "Generated from the rules' metadata by `tools/generate_rules_doc.py`; `mllint rule CODE` prints the same.",
        "Rules marked *heuristic* estimate Neural Engine behaviour from public knowledge: confirm them with",
        "Xcode's performance report or `MLComputePlan` on a device.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        anchor = f"{rule.code.lower()}-{rule.name}"
        parts.append(f"| [{rule.code}](#{anchor}) | {rule.name} | {rule.severity.label} | {rule.summary} |")
    current_family = None
    for rule in rules:
        family = FAMILIES.get(rule.code[:3], "other")
        if family != current_family:
            parts += ["", f"# {rule.code[:3]}xx: {family}"]
            current_family = family
        parts += ["", rule_markdown(rule)]
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text() != text:
            print("docs/rules.md is stale: run python tools/generate_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
