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


def test_rules_reference_is_generated_from_the_current_rules() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_rules_doc.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_rule_links_to_its_section_of_the_rules_reference() -> None:
    from mllint.api import Linter

    page = (ROOT / "docs" / "rules.md").read_text()
    for rule in Linter.create().registry.rules:
        if rule.plugin.startswith(("coreml-lint:", "mllint.engine")):  # the distribution is coreml-lint
            anchor = rule.docs_url.rsplit("#", 1)[1]
            assert f"## {rule.code} {rule.name}" in page and anchor == f"{rule.code.lower()}-{rule.name}"
