"""Robustness: whatever mllint is given, it answers with a diagnostic.

Never a traceback, never a hang, never a write next to a model. Each case
asserts the exact diagnostic code and that the input tree is unchanged.
(Bad packages and files the loader refuses are also covered, case by case,
in tests/test_loader.py; this file adds the hostile ones.)
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Iterator

import pytest

import mllint.engine as engine
from conftest import codes, fixture_path
from mllint import Finding, hookimpl, model_rule, op_rule
from mllint.api import Linter
from mllint.diagnostics import Diagnostic
from mllint.discovery import resolve
from mllint.rule import RunContext

PACKAGE = "ml202_output_reshape.mlpackage"


def tree_digest(path: Path) -> str:
    """Names, modes, link targets and contents of everything under ``path``."""
    digest = hashlib.sha256()
    items = sorted(path.rglob("*")) if path.is_dir() and not path.is_symlink() else []
    for item in [path, *items]:
        digest.update(os.fsencode(item))
        info = os.lstat(item)
        digest.update(f"{info.st_mode}:{info.st_size}".encode())
        if item.is_symlink():
            digest.update(os.fsencode(os.readlink(item)))
        elif item.is_file():
            with open(item, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


# --------------------------------------------------------------------------- misbehaving plugin rules


@model_rule(code="ML871", name="raises-key-error", summary="Raises.", why="Test.", fix="None.")
def raises_key_error(model):
    return {}["missing"]


@model_rule(code="ML872", name="returns-an-int", summary="Garbage.", why="Test.", fix="None.")
def returns_an_int(model):
    return 42


@model_rule(code="ML873", name="malformed-finding", summary="Garbage.", why="Test.", fix="None.")
def malformed_finding(model):
    yield Finding("fine so far")
    yield Finding(["not", "a", "string"])  # type: ignore[arg-type]


@model_rule(code="ML874", name="calls-exit", summary="Exits.", why="Test.", fix="None.")
def calls_exit(model):
    raise SystemExit(3)


@model_rule(code="ML875", name="loops-forever", summary="Hangs.", why="Test.", fix="None.")
def loops_forever(model):
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # noqa: BLE001 - a rule that swallows errors must still be stopped
            pass


@op_rule(code="ML876", name="slow-per-op", summary="Slow.", why="Test.", fix="None.",
         op_types=["const", "relu", "reshape", "cast"])
def slow_per_op(op):
    time.sleep(0.04)
    yield Finding(f"looked at {op.name}")


@model_rule(code="ML877", name="well-behaved", summary="Works.", why="Test.", fix="None.")
def well_behaved(model):
    yield Finding("still here")


class Hostile:
    def __init__(self, *rules):
        self.rules = list(rules)

    @hookimpl
    def mllint_rules(self):
        return self.rules


def lint_with(path: Path, *rules, budget: float | None = None) -> list[Diagnostic]:
    from mllint import reporters
    from mllint_rules import outputs

    linter = Linter.create([outputs, reporters, Hostile(*rules)])
    options = {"ML901": {"seconds": budget}} if budget is not None else {}
    return linter.lint(resolve([str(path)]), linter.selection(), RunContext(options=options)).diagnostics


def by_code(found: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {}
    for diagnostic in found:
        grouped.setdefault(diagnostic.code, []).append(diagnostic)
    return grouped


def test_raising_garbage_and_exiting_rules_are_one_ml900_each_and_the_report_survives() -> None:
    found = by_code(lint_with(fixture_path(PACKAGE), raises_key_error, returns_an_int, malformed_finding,
                              calls_exit, well_behaved))
    assert [d.message for d in found["ML877"]] == ["still here"]
    assert [d.code for d in found["ML202"]] == ["ML202"]
    crashes = sorted(d.message for d in found["ML900"])
    assert len(crashes) == 4
    assert crashes[0].startswith("rule ML871 (raises-key-error)") and "KeyError: 'missing'" in crashes[0]
    assert crashes[1].startswith("rule ML872 (returns-an-int)") and "TypeError" in crashes[1]
    assert crashes[2].startswith("rule ML873 (malformed-finding)")
    assert "TypeError: returned a Finding whose message is list, not str" in crashes[2]
    assert crashes[3].startswith("rule ML874 (calls-exit)") and "SystemExit: 3" in crashes[3]
    assert "ML873" not in found  # a rule whose call went wrong keeps none of that call's findings


def test_a_rule_that_never_returns_is_interrupted_as_ml901(monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.perf_counter()
    found = by_code(lint_with(fixture_path(PACKAGE), loops_forever, well_behaved, budget=0.2))
    assert time.perf_counter() - start < 60  # a generous bound: without the watchdog this never returns
    [timeout] = found["ML901"]
    assert timeout.message.startswith("rule ML875 (loops-forever) from plugin ")
    assert timeout.message.endswith(
        "used more than its 0.2 s budget on this model and was interrupted; its findings for this model are incomplete"
    )
    assert [d.message for d in found["ML877"]] == ["still here"]
    assert "ML202" in found


def slow_op_count() -> int:
    from mllint.loader import load

    [artifact] = resolve([str(fixture_path(PACKAGE))])
    return sum(1 for op in load(artifact).root.ops if op.type in slow_per_op.op_types)


def test_a_slow_rule_is_stopped_once_over_its_budget_and_keeps_what_it_found() -> None:
    found = by_code(lint_with(fixture_path(PACKAGE), slow_per_op, well_behaved, budget=0.1))
    [timeout] = found["ML901"]
    assert "rule ML876 (slow-per-op)" in timeout.message
    assert 1 <= len(found.get("ML876", [])) < slow_op_count()
    assert [d.message for d in found["ML877"]] == ["still here"]


def test_without_the_watchdog_the_budget_is_checked_after_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine._Watchdog, "usable", staticmethod(lambda: False))
    found = by_code(lint_with(fixture_path(PACKAGE), slow_per_op, well_behaved, budget=0.1))
    [timeout] = found["ML901"]
    assert timeout.message.endswith("used more than its 0.1 s budget on this model and was not called again; "
                                    "its findings for this model are incomplete")
    assert 1 <= len(found["ML876"]) < slow_op_count()


def test_the_watchdog_leaves_sigalrm_as_it_found_it() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    lint_with(fixture_path(PACKAGE), well_behaved, budget=0.2)
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_budget_defaults_to_ten_seconds_and_ml901_is_registered() -> None:
    assert engine.RULE_TIME_BUDGET == 10.0
    rule = Linter.create().registry.rule("ML901")
    assert rule is not None and rule.name == "rule-timeout" and rule.severity.label == "error"
