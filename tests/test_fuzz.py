"""Short fuzz run (hypothesis): mutated fixture specs through the real CLI entry point, in process.

Whatever the bytes, ``mllint check --format json`` must exit 0 or 1, print one JSON document, write
nothing on stderr (no traceback, no internal error) and leave the input as it was. The long run with
100,000+ inputs is ``bench/fuzz.py``; both use the mutations in tests/spec_mutations.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from mllint.cli import main
from spec_mutations import mutate_fields, nest_in_pipelines

SEED_LIMIT = 20_000  # bytes: small fixtures lint in milliseconds


def _seed_specs() -> list[tuple[str, bytes]]:
    found = []
    for path in sorted(FIXTURES.glob("*.mlmodel")) + sorted(FIXTURES.glob("*.mlpackage/Data/com.apple.CoreML/model.mlmodel")):
        data = path.read_bytes()
        if 0 < len(data) <= SEED_LIMIT:
            found.append((str(path.relative_to(FIXTURES)), data))
    return found


SEEDS = _seed_specs()


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="mllint-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_cli(path: Path) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code: object = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["check", "--format", "json", str(path)])
        except SystemExit as done:
            code = done.code
    return code, out.getvalue(), err.getvalue()


def check_answers(folder: Path, data: bytes) -> None:
    path = folder / "input.mlmodel"
    path.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    code, out, err = run_cli(path)
    assert code in (0, 1), (code, err)
    assert err == "", err
    document = json.loads(out)
    assert isinstance(document, dict) and isinstance(document["diagnostics"], list)
    assert all(d["code"].startswith("ML") for d in document["diagnostics"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert [p.name for p in folder.iterdir()] == ["input.mlmodel"]  # nothing written next to it


FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same inputs on every run: a failure is reproducible
    database=None,  # no .hypothesis folder in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def test_there_are_seeds() -> None:
    assert len(SEEDS) >= 10


@FUZZ
@given(
    seed=st.sampled_from(range(len(SEEDS))),
    flips=st.lists(st.tuples(st.integers(0, 2**20), st.integers(1, 255)), min_size=1, max_size=8),
)
def test_byte_flips(workspace: Path, seed: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(SEEDS[seed][1])
    for position, mask in flips:
        data[position % len(data)] ^= mask
    check_answers(workspace, bytes(data))


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), cut=st.floats(0, 1))
def test_truncation(workspace: Path, seed: int, cut: float) -> None:
    data = SEEDS[seed][1]
    check_answers(workspace, data[: int(len(data) * cut)])


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), mutation=st.integers(0, 2**32 - 1), count=st.integers(1, 6))
def test_field_mutations(workspace: Path, seed: int, mutation: int, count: int) -> None:
    """Any field anywhere in the parsed spec set to an extreme or borrowed value, cleared or duplicated."""
    data = mutate_fields(random.Random(mutation), SEEDS[seed][1], count)
    check_answers(workspace, data)


@settings(FUZZ, max_examples=20)
@given(seed=st.sampled_from(range(len(SEEDS))), depth=st.integers(1, 120))
def test_nested_pipelines(workspace: Path, seed: int, depth: int) -> None:
    check_answers(workspace, nest_in_pipelines(SEEDS[seed][1], depth))
