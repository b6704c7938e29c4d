"""Alert delivery to a webhook: a POST of JSON per alert, retried with backoff, off the ingest path.

Delivery runs in a background thread (:class:`Deliverer`): a poll hands it the word that there are new
alerts and goes on; a slow or failing receiver costs the poll nothing. Each attempt is recorded on the
alert (attempts, next attempt, last error), so a failed delivery is tried again after ``base * 2**n``
seconds, also by the next ``poll`` or ``watch`` process, up to ``MAX_ATTEMPTS`` times in all.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading

import httpx
from sqlalchemy import and_, select, update

from ..store import Store
from ..store import schema as s
from .fetch import USER_AGENT

log = logging.getLogger("newsgraph.watch")
MAX_ATTEMPTS = 6
BASE_DELAY = 2.0  # seconds before the first retry; doubled each time
TIMEOUT = 10.0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(v: dt.datetime | None) -> dt.datetime | None:
    return v if v is None or v.tzinfo else v.replace(tzinfo=dt.timezone.utc)


def payload(alert: dict) -> dict:
    """What the receiver gets: the alert as /api/alerts shows it."""
    return {"type": "newsgraph.alert", "alert": alert}


def deliver_due(
    store: Store, client: httpx.Client, *, base_delay: float = BASE_DELAY, max_attempts: int = MAX_ATTEMPTS
) -> tuple[int, float | None]:
    """Send every alert whose delivery is due; (alerts delivered, seconds until the next retry or None)."""
    from .alerts import list_alerts

    a = s.alerts.c
    now = _now()
    with store.read() as conn:
        rows = conn.execute(
            select(a.id, a.attempts, a.next_attempt, s.watchlists.c.webhook)
            .join(s.watchlists, s.watchlists.c.id == a.list_id)
            .where(
                and_(s.watchlists.c.webhook.is_not(None), a.delivered_at.is_(None), a.attempts < max_attempts)
            )
            .order_by(a.id)
        ).all()
    sent, wait = 0, None
    for r in rows:
        due = _aware(r.next_attempt)
        if due is not None and due > now:
            left = (due - now).total_seconds()
            wait = left if wait is None else min(wait, left)
            continue
        with store.read() as conn:
            found = list_alerts(conn, ids=[r.id])
        if not found:
            continue
        error = None
        try:
            resp = client.post(
                r.webhook,
                content=json.dumps(payload(found[0]), ensure_ascii=False, default=str),
                headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
            )
            if resp.status_code >= 300:
                error = f"the webhook answered {resp.status_code}"
        except httpx.HTTPError as exc:
            error = f"cannot reach the webhook: {exc.__class__.__name__}"
        with store.write() as conn:
            if error is None:
                conn.execute(
                    update(s.alerts)
                    .where(a.id == r.id)
                    .values(delivered_at=_now(), attempts=r.attempts + 1, delivery_error=None)
                )
                sent += 1
            else:
                delay = base_delay * 2**r.attempts
                log.warning("NG710: alert %s: %s; retry in %.0f s", r.id, error, delay)
                conn.execute(
                    update(s.alerts)
                    .where(a.id == r.id)
                    .values(
                        attempts=r.attempts + 1,
                        delivery_error=error,
                        next_attempt=_now() + dt.timedelta(seconds=delay),
                    )
                )
                if r.attempts + 1 < max_attempts:
                    wait = delay if wait is None else min(wait, delay)
    return sent, wait


def pending(store: Store, max_attempts: int = MAX_ATTEMPTS) -> int:
    a = s.alerts.c
    with store.read() as conn:
        return len(
            conn.execute(
                select(a.id)
                .join(s.watchlists, s.watchlists.c.id == a.list_id)
                .where(
                    and_(
                        s.watchlists.c.webhook.is_not(None),
                        a.delivered_at.is_(None),
                        a.attempts < max_attempts,
                    )
                )
            ).all()
        )


class Deliverer:
    """The background sender. ``kick()`` after new alerts; ``stop()`` to end; ``drain(t)`` waits up to
    t seconds for the alerts due now to be sent (the one-shot ``poll`` uses it before it exits)."""

    def __init__(
        self,
        store: Store,
        *,
        base_delay: float = BASE_DELAY,
        max_attempts: int = MAX_ATTEMPTS,
        timeout: float = TIMEOUT,
    ):
        self.store = store
        self.base_delay = base_delay
        self.max_attempts = max_attempts
        self.client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self.sent = 0
        self.thread = threading.Thread(target=self._run, name="newsgraph-webhook", daemon=True)
        self.thread.start()

    def kick(self) -> None:
        self._idle.clear()
        self._wake.set()

    def _run(self) -> None:
        wait: float | None = None
        while not self._stop.is_set():
            self._wake.clear()
            try:
                n, wait = deliver_due(
                    self.store, self.client, base_delay=self.base_delay, max_attempts=self.max_attempts
                )
                self.sent += n
            except Exception as exc:  # noqa: BLE001  (a store hiccup must not end delivery for good)
                log.warning("webhook delivery: %s", exc)
                wait = self.base_delay
            if not self._wake.is_set():
                self._idle.set()
            self._wake.wait(timeout=wait if wait is not None else 60.0)

    def drain(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds until no alert waits for delivery (sent, or out of attempts)."""
        import time

        end = time.monotonic() + timeout
        self.kick()
        while time.monotonic() < end and pending(self.store, self.max_attempts):
            time.sleep(0.1)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.thread.join(timeout=5)
        self.client.close()
