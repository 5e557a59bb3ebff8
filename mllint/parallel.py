"""Lint many models on several cores (``--jobs``) or across CI jobs (``--shard K/N``).

``--jobs N`` lints in this process and N - 1 forked ones, which inherit the
loaded plugins; models are handed out in small chunks and the reports come
back in input order, so the output is the same as with ``--jobs 1``. The
default is 1: one model's spec in memory at a time, however large the zoo.

``--shard K/N`` keeps the models whose path hashes to shard K of N. A hash
(not a position in the sorted list) keeps a model in the same shard when
others are added or removed, so each CI job's SARIF category keeps its alerts.

Nothing here is imported on the way to linting a single model, and it
needs neither ``multiprocessing`` nor ``concurrent.futures``: a pipe of
tickets, ``os.fork`` and ``pickle``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

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
    """``[lint_one(item) for item in items]``, on ``jobs`` processes where that helps.

    This process and ``jobs - 1`` forked children take chunks of ``items``
    from a shared queue of tickets (a pipe) until none is left; each child
    sends its reports back pickled, and the result is in the order of
    ``items``. A child that fails leaves its share to this process. One item,
    one job, or no ``os.fork`` (Windows): all in this process.
    """
    if jobs <= 1 or len(items) < 2 or not hasattr(os, "fork"):
        return [lint_one(item) for item in items]
    import gc

    jobs = min(jobs, len(items))
    # The first model here, before forking: what linting imports on first use (the protobuf
    # classes, above all) is then imported once, not once in every child.
    reports: dict[int, ModelReport] = {0: lint_one(items[0])}
    # small chunks balance the load; at most ~2,000 tickets, so that they all fit in the pipe at once
    chunk = max(1, min(8, len(items) // (jobs * 8)), -(-len(items) // 2000))
    starts = range(1, len(items), chunk)
    tickets, writer = os.pipe()
    os.write(writer, b"".join(i.to_bytes(4, "little") for i in range(len(starts))))
    os.close(writer)  # readers see the end of the queue when it is empty
    children: list[tuple[int, int]] = []  # (pid, read end of its result pipe)
    gc.freeze()  # children's collections then leave the inherited objects (and their pages) alone
    try:
        for _ in range(jobs - 1):
            children.append(_fork_worker(lint_one, items, starts, chunk, tickets))
        reports.update(_work(lint_one, items, starts, chunk, tickets))
        for pid, results in children:
            reports.update(_collect(pid, results))
        children.clear()
    finally:
        gc.unfreeze()
        os.close(tickets)
        for pid, results in children:  # interrupted: stop the others
            _stop(pid, results)
    missing = [i for i in range(len(items)) if i not in reports]  # a child failed: lint its share here
    for index in missing:
        reports[index] = lint_one(items[index])
    return [reports[i] for i in range(len(items))]


def _work(
    lint_one: Callable[[Item], ModelReport], items: Sequence[Item], starts: range, chunk: int, tickets: int
) -> list[tuple[int, ModelReport]]:
    done = []
    while True:
        ticket = os.read(tickets, 4)  # one 4-byte ticket: pipe reads of whole records are not split
        if len(ticket) < 4:
            return done
        start = starts[int.from_bytes(ticket, "little")]
        for index in range(start, min(start + chunk, len(items))):
            done.append((index, lint_one(items[index])))


def _fork_worker(
    lint_one: Callable[[Item], ModelReport], items: Sequence[Item], starts: range, chunk: int, tickets: int
) -> tuple[int, int]:
    results, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lint, send the reports, and leave without running the parent's cleanup
        status = 1
        try:
            os.close(results)
            import pickle

            payload = pickle.dumps(_work(lint_one, items, starts, chunk, tickets), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, results


def _collect(pid: int, results: int) -> list[tuple[int, ModelReport]]:
    import pickle

    with os.fdopen(results, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return []
    try:
        return pickle.loads(payload)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - a truncated payload: the parent lints that share itself
        return []


def _stop(pid: int, results: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass
    try:
        os.close(results)
    except OSError:
        pass


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
