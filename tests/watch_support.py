"""A local news site for the watch tests and benchmark: a threaded HTTP server on 127.0.0.1 only,
serving feeds and article pages written here (normal, changed, duplicated, hostile), honouring
conditional GET, counting every request, and taking webhook POSTs."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from xml.sax.saxutils import escape


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True  # answer 304 to a matching If-None-Match / If-Modified-Since
    delay: float = 0.0  # seconds before answering (a slow server)
    stream: int = 0  # > 0: send this many bytes of filler without Content-Length (a huge page)
    modified: float = field(default_factory=time.time)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


class Site:
    """Routes (path -> Page or handler), request counts per path, webhook bodies received."""

    def __init__(self) -> None:
        self.pages: dict[str, Page | Callable] = {}
        self.hits: Counter[str] = Counter()
        self.full: Counter[str] = Counter()  # 200 answers with a body
        self.posts: list[bytes] = []
        self.post_status: list[int] = []  # statuses to answer webhook POSTs with, in turn (then 200)
        self.streamed = 0
        self.agents: set[str] = set()
        self.post_delay = 0.0  # seconds a webhook POST takes to answer
        self.base = ""
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: str | bytes, **kw) -> Page:
        page = Page(body=body.encode() if isinstance(body, str) else body, **kw)
        self.pages[path] = page
        return page


def _handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_a) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path
            with site.lock:
                site.hits[path] += 1
                site.agents.add(self.headers.get("User-Agent") or "")
            page = site.pages.get(path)
            if callable(page):
                page = page(self)
                if page is None:
                    return
            if page is None:
                self._send(404, b"not found", "text/plain")
                return
            if page.delay:
                time.sleep(page.delay)
            if page.status in (301, 302, 307, 308):
                self.send_response(page.status)
                for k, v in page.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page.stream:
                self.send_response(200)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                sent = 0
                try:
                    while sent < page.stream:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                        with site.lock:
                            site.streamed += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return
            lm = formatdate(page.modified, usegmt=True)
            if (
                page.conditional
                and page.status == 200
                and (
                    self.headers.get("If-None-Match") == page.etag
                    or self.headers.get("If-Modified-Since") == lm
                )
            ):
                self.send_response(304)
                self.send_header("ETag", page.etag)
                self.end_headers()
                return
            with site.lock:
                site.full[path] += 1
            extra = {"ETag": page.etag, "Last-Modified": lm} if page.conditional else {}
            self._send(page.status, page.body, page.content_type, {**extra, **page.headers})

        def do_POST(self) -> None:  # noqa: N802
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n)
            if site.post_delay:
                time.sleep(site.post_delay)
            with site.lock:
                site.hits["POST " + self.path] += 1
                status = site.post_status.pop(0) if site.post_status else 200
                if status < 300:
                    site.posts.append(body)
            self._send(status, b"{}", "application/json")

        def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return H


@contextlib.contextmanager
def serve_site(site: Site | None = None) -> Iterator[Site]:
    """The site on 127.0.0.1 (a free port) for the time of the block."""
    site = site or Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def rss(title: str, items: list[dict]) -> str:
    """An RSS 2.0 feed; item keys: title, link (may be missing), guid, date (RFC 822)."""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
        "<link>http://127.0.0.1/</link><description>test feed</description>"
    ]
    for it in items:
        parts.append(
            "<item>"
            + "".join(
                f"<{k}>{escape(v)}</{k}>"
                for k, v in (
                    ("title", it.get("title")),
                    ("link", it.get("link")),
                    ("guid", it.get("guid")),
                    ("pubDate", it.get("date")),
                )
                if v
            )
            + "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts)


def atom(title: str, items: list[dict]) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test:{escape(title)}</id><updated>2026-11-30T09:00:00Z</updated>"
    ]
    for it in items:
        parts.append(
            f"<entry><title>{escape(it['title'])}</title><id>{escape(it.get('guid') or it['link'])}</id>"
            f'<link href="{escape(it["link"])}"/><updated>2026-11-30T09:00:00Z</updated></entry>'
        )
    parts.append("</feed>")
    return "".join(parts)


def article_html(title: str, paragraphs: list[str], date: str = "2026-11-30") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<meta property='article:published_time' content='{date}'></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        f"{body}</article><footer>Copyright the test press</footer></body></html>"
    )
