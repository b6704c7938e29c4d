"""A bounded, polite HTTP client for feeds and article pages.

Bounded: connect/read timeouts and a deadline for the whole response (a server that trickles a byte a
second cannot hold a poll), a size limit counted while the body streams in (the download stops past
it, a 200 MB page is never read whole), at most ``MAX_REDIRECTS`` redirects (a loop is an error), and
http(s) only. Polite: a User-Agent that names newsgraph, conditional GET (ETag / Last-Modified: an
unchanged feed costs a 304 and no body), and a delay between two requests to one host.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from ..errors import BadFeedURL, FetchFailed, FetchStatus, FetchTooLarge, RedirectLoop
from ..settings import max_bytes as default_max_bytes

USER_AGENT = "newsgraph/0.1 (+https://github.com/newsgraph; feed reader for news analysts)"
MAX_REDIRECTS = 5
TIMEOUT = 10.0  # seconds to connect, and between two chunks of a response
DEADLINE = 30.0  # seconds for one whole response
HOST_DELAY = 1.0  # seconds between two requests to one host


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified)
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    """The URL, stripped, if it is http(s) with a host; else BadFeedURL."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadFeedURL(f"{url!r} is not an http(s) URL")
    return url


class Fetcher:
    """One client for a poll: connections are reused, the per-host delay is kept across requests."""

    def __init__(
        self,
        *,
        timeout: float = TIMEOUT,
        deadline: float = DEADLINE,
        max_bytes: int | None = None,
        host_delay: float = HOST_DELAY,
        max_redirects: int = MAX_REDIRECTS,
    ):
        self.deadline = deadline
        self.max_bytes = default_max_bytes(max_bytes)
        self.host_delay = host_delay
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": USER_AGENT},
            trust_env=False,
        )
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _wait_for(self, host: str) -> None:
        """Sleep until ``host_delay`` has passed since the last request to this host."""
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + self.host_delay
            self._last[host] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, accept: str = "*/*"
    ) -> Fetched:
        """GET a URL within the limits; conditional when ``etag``/``last_modified`` are given.
        Raises a WatchError (NG701-NG704) naming the URL; never returns a partial body."""
        url = check_url(url)
        self._wait_for(urlsplit(url).hostname or "")
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                final = str(resp.url)
                if urlsplit(final).scheme not in ("http", "https"):
                    raise BadFeedURL(f"{url}: redirected to {final!r}, which is not http(s)")
                if resp.status_code == 304:
                    return Fetched(url=final, status=304, etag=etag, last_modified=last_modified)
                if resp.status_code >= 400:
                    raise FetchStatus(f"{url}: the server answered {resp.status_code} {resp.reason_phrase}")
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchTooLarge(
                        f"{url}: {int(declared):,} bytes is over the limit of {self.max_bytes:,} bytes"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchTooLarge(f"{url}: more than {self.max_bytes:,} bytes; stopped reading")
                    if time.monotonic() - started > self.deadline:
                        raise FetchFailed(f"{url}: no complete answer within {self.deadline:g} s")
                    chunks.append(chunk)
                return Fetched(
                    url=final,
                    status=resp.status_code,
                    body=b"".join(chunks),
                    content_type=resp.headers.get("content-type", ""),
                    etag=resp.headers.get("etag"),
                    last_modified=resp.headers.get("last-modified"),
                    headers=dict(resp.headers),
                )
        except httpx.TooManyRedirects as exc:
            raise RedirectLoop(f"{url}: more than {self.client.max_redirects} redirects") from exc
        except httpx.TimeoutException as exc:
            raise FetchFailed(f"{url}: timed out ({exc.__class__.__name__})") from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(f"{url}: cannot fetch: {exc.__class__.__name__}: {exc}") from exc
