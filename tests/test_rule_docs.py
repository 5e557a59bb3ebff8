"""What `mllint rules --format json`, `mllint rule CODE` and docs/rules.md say about each rule:
its evidence, options, and where its check and test cases live."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_mllint
from mllint.docs import HEURISTIC_NOTE

ML101_FILE = "rules/load/ml101_float16_before_ios16.py"


@pytest.fixture(scope="module")
def listed() -> dict[str, dict[str, Any]]:
    result = run_mllint("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    return {rule["code"]: rule for rule in json.loads(result.stdout)}


def _decorator_line(relative: str) -> int:
    lines = (ROOT / relative).read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("@model_rule("))


def test_json_gives_the_source_line_of_the_check_and_its_test_cases(listed: dict[str, dict[str, Any]]) -> None:
    rule = listed["ML101"]
    assert rule["source"] == f"{ML101_FILE}:{_decorator_line(ML101_FILE)}"
    assert rule["tests"] == "rules/load/ml101_float16_before_ios16.toml"
    assert rule["evidence"] == "validator" and rule["options"] == []


def test_every_source_names_the_declaration_of_its_check(listed: dict[str, dict[str, Any]]) -> None:
    from mllint.api import Linter

    for rule_object in Linter.create().registry.rules:
        code = rule_object.code
        rule = listed[code]
        if rule_object.check is None:  # reported by the engine or a hook (ML000, ML900, ML910): no check
            assert rule["source"] is None and rule["tests"] is None
            continue
        path, _, line = rule["source"].rpartition(":")
        declared = (ROOT / path).read_text().splitlines()[int(line) - 1].lstrip()
        assert declared.startswith(("@", "def ")), (code, declared)  # a decorated check, or a table's shared one
        if rule["tests"] is not None:
            assert (ROOT / rule["tests"]).is_file() and Path(rule["tests"]).parent == Path(path).parent


def test_the_rules_of_a_table_share_its_check_and_case_file(listed: dict[str, dict[str, Any]]) -> None:
    assert listed["ML217"]["source"] == listed["ML212"]["source"]
    assert listed["ML217"]["tests"] == "rules/ane/ml212_ml229_fallback_causes.toml"
    assert listed["ML213"]["tests"] == "rules/ane/ml213_ane_state_width.toml"  # its own, inside the range


def test_json_gives_each_option_with_type_default_and_help(listed: dict[str, dict[str, Any]]) -> None:
    assert listed["ML406"]["options"] == [
        {"name": "min_bytes", "type": "int", "default": 100 * 2**20, "help": "Report from this many bytes of fp32 weights on."}
    ]
    [seconds] = listed["ML901"]["options"]
    assert (seconds["name"], seconds["type"], seconds["default"]) == ("seconds", "int | float", 10.0)


def test_rule_command_prints_evidence_options_source_and_tests() -> None:
    doc = run_mllint("rule", "ML101").stdout
    assert "\nEvidence: validator (" in doc
    assert f"\nSource: {ML101_FILE}:{_decorator_line(ML101_FILE)}\n" in doc
    assert "\nTests: rules/load/ml101_float16_before_ios16.toml\n" in doc
    timeout = run_mllint("rule", "rule-timeout").stdout
    assert "Options (in [tool.mllint.rules.ML901]):\n  seconds (int | float, default 10.0): " in timeout


def test_rules_reference_shows_evidence_options_source_and_one_heuristic_note() -> None:
    page = (ROOT / "docs" / "rules.md").read_text()
    assert page.count(HEURISTIC_NOTE) == 1
    assert "[heuristic](#heuristic-rules)" in page and "## Heuristic rules" in page
    section = page.split("## ML101 float16-before-ios16", 1)[1].split("\n## ", 1)[0]
    assert "**Evidence.** validator" in section
    line = _decorator_line(ML101_FILE)
    assert f"**Code.** [`{ML101_FILE}:{line}`](../{ML101_FILE}#L{line})" in section
    assert "| `min_bytes` | `int` | `104857600` |" in page
