"""Lint many models on several cores (``--jobs``) or across CI jobs (``--shard K/N``).

``--jobs N`` lints in N processes forked from this one (a ``concurrent.futures``
process pool with the ``fork`` start method), which inherit the loaded
plugins; models are handed out in small chunks and the reports come back in
input order, so the output is the same as with ``--jobs 1``. The default is 1:
one model's spec in memory at a time, however large the zoo.

``--shard K/N`` keeps the models whose path hashes to shard K of N. A hash
(not a position in the sorted list) keeps a model in the same shard when
others are added or removed, so each CI job's SARIF category keeps its alerts.

Nothing here is imported on the way to linting a single model.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .discovery import Artifact
from .reporting import ModelReport

Item = TypeVar("Item")


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def parse_jobs(text: str) -> int:
    """``--jobs``: a whole number of processes, 1 or more, or ``auto`` (one per available CPU)."""
    if text.strip().lower() == "auto":
        return available_cpus()
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise ValueError(f"--jobs takes a number of processes (1 or more) or auto, not {text!r}")
    return jobs


def map_models(lint_one: Callable[[Item], ModelReport], items: Sequence[Item], jobs: int) -> list[ModelReport]:
    """``[lint_one(item) for item in items]``, on ``jobs`` forked processes where that helps.

    The first model is linted here, before forking: what linting imports on
    first use (the protobuf classes, above all) is then imported once, not in
    every worker. The rest goes to the pool in chunks; the result is in index
    order. A chunk whose worker failed or died (the pool is then broken) is
    linted here instead, so a lost worker costs time, never a model. One
    model, one job, or no ``fork`` (Windows): all in this process.
    """
    import multiprocessing

    count = len(items)
    if jobs <= 1 or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [lint_one(item) for item in items]
    import gc
    from concurrent.futures import Future, ProcessPoolExecutor

    global _work
    reports: dict[int, ModelReport] = {0: lint_one(items[0])}
    chunk = max(1, min(8, count // (jobs * 8)))  # small chunks balance the load
    starts = range(1, count, chunk)
    _work = (lint_one, items)  # forked workers inherit it: a closure cannot be pickled, an index can
    gc.freeze()  # workers' collections then leave the inherited objects (and their pages) alone
    pool = ProcessPoolExecutor(min(jobs, len(starts)), mp_context=multiprocessing.get_context("fork"))
    try:
        futures: list[tuple[range, Future[list[ModelReport]]]] = []
        for start in starts:
            indices = range(start, min(start + chunk, count))
            futures.append((indices, pool.submit(_lint_chunk, indices)))
        for indices, future in futures:
            try:
                reports.update(zip(indices, future.result()))
            except Exception:  # noqa: BLE001 - a worker that raised or died: this process lints its chunk
                reports.update((index, lint_one(items[index])) for index in indices)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _work = None
        gc.unfreeze()
    return [reports[index] for index in range(count)]


_work: tuple[Callable[[Any], ModelReport], Sequence[Any]] | None = None  # set while map_models runs


def _lint_chunk(indices: range) -> list[ModelReport]:
    """In a forked worker: the reports of ``items[i]`` for ``i`` in ``indices``."""
    assert _work is not None, "runs in a worker forked by map_models"
    lint_one, items = _work
    return [lint_one(items[index]) for index in indices]


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as users write it: 1/4 ... 4/4
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            left, right = text.split("/")
            shard = cls(int(left), int(right))
        except ValueError:
            raise ValueError(f"--shard takes K/N with whole numbers, e.g. 1/4 (got {text!r})") from None
        if shard.count < 1 or not 1 <= shard.index <= shard.count:
            raise ValueError(f"--shard {text}: K must be between 1 and N")
        return shard

    @property
    def category(self) -> str:
        """The SARIF category of this shard's upload: ``mllint-2-of-4``."""
        return f"mllint-{self.index}-of-{self.count}"

    def holds(self, artifact: Artifact) -> bool:
        import hashlib

        # The path as the user named it, with / on every OS: the same command in every job of
        # a CI matrix hashes the same paths.
        key = artifact.path.replace("\\", "/").encode("utf-8", "surrogateescape")
        digest = hashlib.sha256(key).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def select(self, artifacts: Sequence[Artifact]) -> list[Artifact]:
        return [a for a in artifacts if self.holds(a)]
