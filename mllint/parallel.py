"""Lint many models on several cores (``--jobs``) or across CI jobs (``--shard K/N``).

``--jobs N`` forks N worker processes that inherit the loaded plugins; models
are handed out in small chunks and the reports come back in input order, so
the output is the same as with ``--jobs 1``.

``--shard K/N`` keeps the models whose path hashes to shard K of N. A hash
(not a position in the sorted list) keeps a model in the same shard when
others are added or removed, so each CI job's SARIF category keeps its alerts.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Sequence

from .discovery import Artifact
from .reporting import ModelReport

LintOne = Callable[[Artifact], ModelReport]

# Set in the parent just before forking; the workers inherit it.
_worker_lint: LintOne | None = None


def _run_in_worker(artifact: Artifact) -> ModelReport:
    assert _worker_lint is not None, "worker started without a linter"
    return _worker_lint(artifact)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def map_models(lint_one: LintOne, artifacts: Sequence[Artifact], jobs: int) -> list[ModelReport]:
    """``[lint_one(a) for a in artifacts]``, on ``jobs`` processes where that helps."""
    global _worker_lint
    if jobs <= 1 or len(artifacts) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [lint_one(a) for a in artifacts]
    jobs = min(jobs, len(artifacts))
    chunk = max(1, min(16, len(artifacts) // (jobs * 4)))
    _worker_lint = lint_one
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            return list(pool.map(_run_in_worker, artifacts, chunksize=chunk))
    finally:
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

    def holds(self, artifact: Artifact) -> bool:
        digest = hashlib.sha256(artifact.path.encode("utf-8", "surrogateescape")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def select(self, artifacts: Sequence[Artifact]) -> list[Artifact]:
        return [a for a in artifacts if self.holds(a)]
