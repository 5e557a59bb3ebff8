#!/usr/bin/env python
"""Write docs/rules.md from the rules' own metadata: ``python tools/generate_rules_doc.py [--check]``.

Every rule's ``helpUri`` (SARIF, ``mllint rules --format json``) points at its section here.
``--check`` exits 1 if the file is stale (tests/test_docs.py runs it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mllint.api import Linter
from mllint.docs import is_builtin, rules_reference

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def render() -> str:
    return rules_reference([rule for rule in Linter.create().registry.rules if is_builtin(rule)])


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
