"""Where a rule lives: the file and line of its check, and the test-case file beside it.

Paths are relative to the repository root for mllint's own rules
(``rules/load/ml101_float16_before_ios16.py:14``), and relative to the folder
on ``sys.path`` that holds the plugin's package for any other plugin.
"""

from __future__ import annotations

import inspect
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
    try:
        file = inspect.getsourcefile(check)
        line = check.__code__.co_firstlineno if hasattr(check, "__code__") else inspect.getsourcelines(check)[1]
    except (TypeError, OSError):  # a builtin or a callable object without source
        return None
    if file is None:
        return None
    path = Path(file).resolve()
    root = _root_of(path, check.__module__)
    cases = path.with_suffix(TEST_CASES_SUFFIX)
    return RuleSource(
        path=_relative(path, root),
        line=line,
        tests=_relative(cases, root) if cases.is_file() else None,
    )


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
