"""Documentation that shows code must show the code that is tested."""

from __future__ import annotations

import re

from conftest import ROOT


def _blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", markdown, flags=re.S)


def test_writing_rules_shows_the_tested_plugin_package() -> None:
    page = (ROOT / "docs" / "writing-rules.md").read_text()
    package = ROOT / "tests" / "plugin_package"
    assert (package / "mllint_example_plugin.py").read_text().strip() in [b.strip() for b in _blocks(page, "python")]
    assert (package / "pyproject.toml").read_text().strip() in [b.strip() for b in _blocks(page, "toml")]
    code_lines = [l for l in (package / "mllint_example_plugin.py").read_text().splitlines() if l.strip()]
    assert len(code_lines) <= 20  # "a rule package in 20 lines"
