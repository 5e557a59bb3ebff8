"""One runner for every rule's test cases, kept as data beside the rule.

Each rule module ``rules/<family>/mlNNN_<name>.py`` has a ``mlNNN_<name>.toml`` beside it::

    [[cases]]
    fixture = "ml101_yolo_nms_fp16.mlpackage"   # under fixtures/
    # select = ["ML101"]   (default: the code in the file name)
    # target = "iOS16"     (the run's --target)
    # chip = "M4"          (the run's --chip)
    # options = { min_bytes = 10 }   (the rule's options, as in [tool.mllint.rules.<code>])
    [[cases.expect]]                              # one table per diagnostic, in report order
    location = "models[1]/outputs/confidence"
    # code, message, message_contains, severity, sub_model, fix_contains: checked when given

    [[cases]]
    fixture = "ml101_yolo_nms_fp16_at_v7.mlpackage"
    expect = []                                   # the near twin: must stay clean

A case file may hold cases of several codes (a table of rules): each case's ``select`` says which.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, fixture_path

from mllint.api import Linter
from mllint.discovery import resolve
from mllint.knowledge.spec_versions import parse_target
from mllint.rule import RunContext

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RULES_DIR = ROOT / "rules"
CASE_FILES = sorted(RULES_DIR.rglob("ml[0-9][0-9][0-9]*.toml"))
EXPECT_KEYS = {"code", "location", "message", "message_contains", "severity", "sub_model", "fix_contains"}
CASE_KEYS = {"fixture", "select", "target", "chip", "options", "expect", "note"}


def _code_of(path: Path) -> str:
    match = re.match(r"ml(\d{3})", path.name)
    assert match, path
    return f"ML{match.group(1)}"


def _load_cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"cases"}, f"{path}: only [[cases]] tables belong in a case file"
        for index, case in enumerate(data["cases"]):
            unknown = set(case) - CASE_KEYS
            assert not unknown, f"{path} case {index}: unknown keys {sorted(unknown)}"
            label = f"{path.stem}[{index}]:{case['fixture']}"
            params.append(pytest.param(path, case, id=label))
    return params


CASES = _load_cases()


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter.create()


@pytest.mark.parametrize(("case_file", "case"), CASES)
def test_rule_case(case_file: Path, case: dict[str, Any], linter: Linter) -> None:
    code = _code_of(case_file)
    select = case.get("select", [code])
    target = parse_target(case["target"]) if "target" in case else None
    options = {sel: case["options"] for sel in select} if "options" in case else {}
    context = RunContext(target=target, options=options, chip=case.get("chip"))
    artifacts = resolve([str(fixture_path(case["fixture"]))])
    found = linter.lint(artifacts, linter.selection(select), context).diagnostics
    expected = case["expect"]
    summary = [(d.code, d.location, d.message) for d in found]
    assert len(found) == len(expected), f"expected {len(expected)} diagnostics, got {summary}"
    for diagnostic, want in zip(found, expected):
        unknown = set(want) - EXPECT_KEYS
        assert not unknown, f"{case_file}: unknown expectation keys {sorted(unknown)}"
        assert diagnostic.code == want.get("code", select[0] if len(select) == 1 else code), summary
        if "location" in want:
            assert diagnostic.location == want["location"]
        if "message" in want:
            assert diagnostic.message == want["message"]
        for part in _as_list(want.get("message_contains")):
            assert part in diagnostic.message
        if "severity" in want:
            assert diagnostic.severity.label == want["severity"]
        if "sub_model" in want:
            assert diagnostic.sub_model == want["sub_model"]
        for part in _as_list(want.get("fix_contains")):
            assert part in (diagnostic.fix or "")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def test_every_case_file_sits_beside_its_rule() -> None:
    orphans = [str(p.relative_to(ROOT)) for p in CASE_FILES if not p.with_suffix(".py").exists()]
    assert not orphans, f"case files with no rule module beside them: {orphans}"


def test_every_rule_module_has_a_trigger_and_a_clean_twin() -> None:
    missing = []
    for module in sorted(RULES_DIR.rglob("ml[0-9][0-9][0-9]_*.py")):
        cases_file = module.with_suffix(".toml")
        if not cases_file.exists():
            missing.append(f"{module.relative_to(ROOT)}: no {cases_file.name}")
            continue
        cases = tomllib.loads(cases_file.read_text(encoding="utf-8"))["cases"]
        if not any(c["expect"] for c in cases) or not any(not c["expect"] for c in cases):
            missing.append(f"{cases_file.relative_to(ROOT)}: needs a case that fires and a clean twin")
    assert not missing, "\n".join(missing)


def test_every_builtin_rule_says_what_backs_it(linter: Linter) -> None:
    """Severity follows evidence: each built-in rule declares its kind of evidence and its sources."""
    rules = linter.registry.rules
    unbacked = [rule.code for rule in rules if rule.code.startswith("ML") and rule.evidence is None]
    unsourced = [
        rule.code
        for rule in rules
        if rule.code.startswith("ML") and rule.evidence not in ("mllint", None) and not rule.sources
    ]
    assert not unbacked, f"rules without evidence: {unbacked}"
    assert not unsourced, f"rules with evidence but no sources: {unsourced}"
