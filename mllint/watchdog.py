"""Interrupt a rule (or a plugin's facts) that runs past its time budget.

A call that never returns is interrupted on POSIX when mllint runs on the main
thread and nobody else uses ``SIGALRM``: a ``setitimer`` tick every quarter
second (no thread) asks the clock whether the running call is over budget and,
if so, raises :class:`RuleTimeout` inside it. Elsewhere (Windows, a worker
thread, or a host that owns ``SIGALRM`` such as pytest-timeout) the watchdog
does nothing, and only the engine's check after each call applies.
"""

from __future__ import annotations

import signal
import threading
import weakref
from typing import Any, Protocol

WATCHDOG_TICK = 0.25  # seconds between SIGALRM checks of the running call


class Clock(Protocol):
    """What the watchdog asks on each tick: the budget, and whether the running call is over it."""

    budget: float

    def over_budget_now(self) -> bool: ...


class RuleTimeout(BaseException):
    """Raised inside a rule by the watchdog; a BaseException so ``except Exception`` in a rule cannot swallow it."""


class Watchdog:
    """Interrupts a rule call that runs past its budget, with SIGALRM ticks (POSIX, main thread only)."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.previous: Any = None
        self.active = False

    @staticmethod
    def usable() -> bool:
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return False
        if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN):
            return False  # someone else (pytest-timeout, the host app) owns SIGALRM
        return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    def __enter__(self) -> Watchdog:
        if self.usable():
            tick = min(WATCHDOG_TICK, max(self.clock.budget / 4, 0.01))
            self.previous = signal.signal(signal.SIGALRM, self._on_tick)
            signal.setitimer(signal.ITIMER_REAL, tick, tick)
            self.active = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            self.active = False

    def _on_tick(self, signum: int, frame: Any) -> None:
        if self.clock.over_budget_now() and not in_finalizer(frame):
            raise RuleTimeout()


_WEAKREF_FILE = weakref.__file__


def in_finalizer(frame: Any) -> bool:
    """True in a ``__del__`` or weakref callback (run by the garbage collector in the middle of a rule):
    Python would print an exception raised there as "Exception ignored" and carry on, so the watchdog
    waits for the next tick instead."""
    for _ in range(4):
        if frame is None:
            return False
        code = frame.f_code
        if code.co_name == "__del__" or code.co_filename == _WEAKREF_FILE:
            return True
        frame = frame.f_back
    return False
