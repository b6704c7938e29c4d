"""The ``watch`` loop: poll, diff, deliver, sleep; stop cleanly on Ctrl-C or SIGTERM.

Stopping: SIGINT and SIGTERM set an event. The poll in hand ends after the item being read (what was
written is recorded, the rest is fetched again next time: see :mod:`newsgraph.watch.feeds`), the alerts
of what was written are computed, and the loop returns. A second Ctrl-C interrupts at once (the write
in hand is rolled back: the store stays whole). A loop killed outright resumes the same way: items are
recorded only once written, feeds' ETags only once all their items are handled.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import BadDuration
from ..store import Store
from .feeds import PollReport

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in "90s", "15m", "2h", "1d" or a bare number of seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not m or float(m.group(1)) <= 0:
        raise BadDuration(f"{text!r} is not a duration")
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]


@dataclass
class Cycle:
    """What one round of the loop did."""

    poll: PollReport
    alerts: list[dict] = field(default_factory=list)


def one_round(
    store: Store,
    *,
    fetcher,
    stop: threading.Event | None = None,
    deliverer=None,
    progress: Callable[[str, str], None] | None = None,
    workers: int = 1,
) -> Cycle:
    """Poll every feed once, then diff the knowledge base for alerts and hand them to the webhook."""
    from .alerts import refresh
    from .feeds import poll

    report = poll(store, fetcher=fetcher, stop=stop, progress=progress, workers=workers)
    alerts = refresh(store)
    if deliverer is not None:
        deliverer.kick()
    return Cycle(poll=report, alerts=alerts)


class StopOnSignal:
    """A context that turns the first SIGINT/SIGTERM into ``event.set()`` (a second SIGINT raises
    KeyboardInterrupt as usual) and restores the previous handlers on exit."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._old: dict[int, object] = {}

    def _handle(self, signum: int, _frame: object) -> None:
        if self.event.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.event.set()

    def __enter__(self) -> threading.Event:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self.event

    def __exit__(self, *_exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)  # type: ignore[arg-type]


def run(
    store: Store,
    every: float,
    *,
    fetcher,
    stop: threading.Event,
    deliverer=None,
    on_round: Callable[[Cycle], None] | None = None,
    rounds: int | None = None,
    workers: int = 1,
) -> int:
    """Rounds every ``every`` seconds until ``stop`` is set (or ``rounds`` are done); the rounds run."""
    import time

    done = 0
    while not stop.is_set():
        started = time.monotonic()
        cycle = one_round(store, fetcher=fetcher, stop=stop, deliverer=deliverer, workers=workers)
        done += 1
        if on_round is not None:
            on_round(cycle)
        if rounds is not None and done >= rounds:
            break
        stop.wait(max(0.0, every - (time.monotonic() - started)))
    return done
