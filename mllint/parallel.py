"""Lint many models on several cores (``--jobs``) or across CI jobs (``--shard K/N``).

``--jobs N`` forks N worker processes that inherit the loaded plugins; models
are handed out in small chunks and the reports come back in input order, so
the output is the same as with ``--jobs 1``. The default is 1: one model's
spec in memory at a time, however large the zoo.

``--shard K/N`` keeps the models whose path hashes to shard K of N. A hash
(not a position in the sorted list) keeps a model in the same shard when
others are added or removed, so each CI job's SARIF category keeps its alerts.

Nothing here is imported on the way to linting a single model:
``multiprocessing`` and ``hashlib`` are loaded only when asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

from .discovery import Artifact
from .reporting import ModelReport

Item = TypeVar("Item")

# Set in the parent just before forking; the workers inherit it.
_worker_lint: Callable[[Any], ModelReport] | None = None


def _run_in_worker(item: Any) -> ModelReport:
    assert _worker_lint is not None, "worker started without a linter"
    return _worker_lint(item)


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


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def map_models(lint_one: Callable[[Item], ModelReport], items: Sequence[Item], jobs: int) -> list[ModelReport]:
    """``[lint_one(item) for item in items]``, on ``jobs`` forked processes where that helps.

    One item, one job, or a platform without ``fork`` (Windows): in this
    process. The result is in the order of ``items`` either way.
    """
    global _worker_lint
    if jobs <= 1 or len(items) < 2 or not can_fork():
        return [lint_one(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import gc

    jobs = min(jobs, len(items))
    chunk = max(1, min(16, len(items) // (jobs * 4)))
    _worker_lint = lint_one
    gc.freeze()  # the workers' collections then leave the inherited objects (and their pages) alone
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            return list(pool.map(_run_in_worker, items, chunksize=chunk))
    finally:
        gc.unfreeze()
        _worker_lint = None


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as users write it: 1/4 ... 4/4
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
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
