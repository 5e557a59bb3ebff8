"""Where a rule lives: the file and line of its check, and the file of its test cases.

Paths are relative to the repository root for mllint's own rules
(``rules/load/ml101_float16_before_ios16.py:14``), and relative to the folder
on ``sys.path`` that holds the plugin's package for any other plugin.

The test cases are the ``.toml`` file beside the check's module, else (a table
of rules sharing one check) the one in that folder named by the code or by a
range of codes that holds it: ``ml212_ml229_fallback_causes.toml`` for ML217.
"""

from __future__ import annotations

import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .rule import Rule

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
TEST_CASES_SUFFIX = ".toml"  # rules/<family>/mlNNN_<name>.toml, read by tests/rules/test_cases.py


@dataclass(frozen=True)
class RuleSource:
    """``path:line`` of a rule's check (its first decorator line), and its test cases' file if there is one."""

    path: str
    line: int
    tests: str | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def rule_source(rule: Rule) -> RuleSource | None:
    """Where ``rule``'s check is defined; None for a rule without a check (ML000, ML900: the engine reports them)."""
    if rule.check is None:
        return None
    check = inspect.unwrap(rule.check)
    if not inspect.isfunction(check) and callable(check):  # an object whose __call__ is the check
        check = type(check).__call__
    try:
        file = inspect.getsourcefile(check)
        line = check.__code__.co_firstlineno if hasattr(check, "__code__") else inspect.getsourcelines(check)[1]
    except (TypeError, OSError):  # a builtin or a callable object without source
        return None
    if file is None:
        return None
    path = Path(file).resolve()
    root = _root_of(path, check.__module__)
    cases = _test_cases(path, rule.code)
    return RuleSource(path=_relative(path, root), line=line, tests=_relative(cases, root) if cases else None)


def _test_cases(module: Path, code: str) -> Path | None:
    beside = module.with_suffix(TEST_CASES_SUFFIX)
    if beside.is_file():
        return beside
    prefix, number = code[:-3].lower(), int(code[-3:])
    named = re.compile(rf"^{prefix}(\d{{3}})(?:_{prefix}(\d{{3}}))?_.*\{TEST_CASES_SUFFIX}$")
    for candidate in sorted(module.parent.glob(f"{prefix}*{TEST_CASES_SUFFIX}")):
        match = named.match(candidate.name)
        if match and int(match.group(1)) <= number <= int(match.group(2) or match.group(1)):
            return candidate
    return None


def _root_of(path: Path, module_name: str) -> Path:
    """The repository root when the file is in it, else the ``sys.path`` folder its top-level package is in."""
    if path.is_relative_to(REPOSITORY_ROOT):
        return REPOSITORY_ROOT
    top = sys.modules.get(module_name.partition(".")[0])
    top_file = getattr(top, "__file__", None)
    if top_file is None:
        return path.parent
    top_path = Path(top_file).resolve()
    return top_path.parent.parent if top_path.name == "__init__.py" else top_path.parent


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
