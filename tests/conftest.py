"""Shared test helpers: where fixtures live, and ways to run mllint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Sequence

import pytest

from mllint.api import Linter
from mllint.diagnostics import Diagnostic
from mllint.discovery import resolve

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter.create()


def fixture_path(name: str) -> Path:
    path = FIXTURES / name
    assert path.exists(), f"fixture {name} is missing: run python fixtures/build.py {name}"
    return path


def lint_path(path: Path | str, select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> list[Diagnostic]:
    linter = Linter.create()
    return linter.lint(resolve([str(path)]), linter.selection(select, ignore)).diagnostics


def codes(diagnostics: Sequence[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def run_mllint(*args: str, cwd: Path | str | None = None, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mllint`` in a real subprocess."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "mllint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def corpus_models() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return [Path(a.real) for a in resolve([str(CORPUS)])]


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


# ------------------------------------------------------------------ nothing writes to fixtures


def _fixtures_digest() -> str:
    import hashlib

    digest = hashlib.sha256()
    for item in sorted(FIXTURES.rglob("*")):
        if "__pycache__" in item.parts:
            continue
        digest.update(str(item.relative_to(FIXTURES)).encode())
        if item.is_file():
            digest.update(item.read_bytes())
    return digest.hexdigest()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config._mllint_fixtures_digest = _fixtures_digest()  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = getattr(session.config, "_mllint_fixtures_digest", None)
    if before is not None and _fixtures_digest() != before:
        session.config.get_terminal_writer().line(
            "ERROR: the test run changed files under fixtures/ (a test must lint copies, never edit inputs)",
            red=True,
        )
        session.exitstatus = 1
