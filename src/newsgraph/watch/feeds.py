"""Feeds: follow outlets, poll them, ingest each new item's page once.

A poll, per feed: a conditional GET of the feed (304: nothing to do); feedparser reads RSS 0.9x/1.0/2.0
and Atom; each entry's link is fetched (items already seen by URL, or whose content is already stored,
are skipped), its main text and metadata read by the one HTML reader (:mod:`newsgraph.ingest`), and
the articles go through the one ingest path (:func:`newsgraph.service.ingest_items`), which skips
known content and folds near-duplicates (wire copies). Every failure (feed down, 404, redirect loop,
malformed XML, HTML instead of a feed, a page over the size limit, an item without link, a page
without article text) is logged and counted for its feed or item; the poll goes on; nothing stored
changes but the feed's own state.

Resuming: an item is recorded as seen only after its article was written, and the feed's ETag and
Last-Modified only after all its items were handled, so a poll killed half-way fetches the feed in
full next time and handles the items it had not recorded (content already written is "unchanged").
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax import SAXParseException

from sqlalchemy import Connection, delete, func, or_, select, update

from ..errors import InputError, ItemNoLink, MalformedFeed, NewsgraphError, NotAFeed, NotFound, WatchError
from ..model import Article
from ..store import Store
from ..store import schema as s
from .fetch import Fetcher, check_url

log = logging.getLogger("newsgraph.watch")
MAX_ITEM_ATTEMPTS = 3  # an item that failed is tried again at the next polls, this many times in all
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
_OK = ("new", "version", "unchanged", "duplicate")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# ---------------------------------------------------------------- feeds
def add_feed(store: Store, url: str, name: str | None = None) -> dict:
    """Follow a feed (idempotent: the same URL again renames it when a name is given)."""
    url = check_url(url)
    with store.write() as conn:
        row = conn.execute(select(s.feeds).where(s.feeds.c.url == url)).first()
        if row is None:
            conn.execute(
                s.feeds.insert().values(
                    url=url,
                    name=name,
                    added_at=_now(),
                    failures=0,
                    total_failures=0,
                    item_failures=0,
                    ingested=0,
                )
            )
        elif name:
            conn.execute(update(s.feeds).where(s.feeds.c.id == row.id).values(name=name))
        return _feed_row(conn.execute(select(s.feeds).where(s.feeds.c.url == url)).one())


def find_feed(conn: Connection, ref: str) -> dict:
    """A feed by id, URL or name."""
    q = select(s.feeds).where(or_(s.feeds.c.url == ref.strip(), s.feeds.c.name == ref))
    if ref.isdigit():
        q = select(s.feeds).where(s.feeds.c.id == int(ref))
    row = conn.execute(q).first()
    if row is None:
        raise NotFound(f"no feed {ref!r}", hint="`newsgraph feeds list` shows them with their ids")
    return _feed_row(row)


def remove_feed(store: Store, ref: str) -> dict:
    """Stop following a feed. Its articles stay in the knowledge base; only the feed's state goes."""
    with store.write() as conn:
        feed = find_feed(conn, ref)
        conn.execute(delete(s.feed_items).where(s.feed_items.c.feed_id == feed["id"]))
        conn.execute(delete(s.feeds).where(s.feeds.c.id == feed["id"]))
    return feed


def list_feeds(conn: Connection) -> list[dict]:
    return [_feed_row(r) for r in conn.execute(select(s.feeds).order_by(s.feeds.c.id))]


def _iso(v: dt.datetime | None) -> str | None:
    if v is None:
        return None
    return (v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)).isoformat(timespec="seconds")


def _feed_row(r) -> dict:
    health = (
        "new"
        if r.last_poll is None
        else ("ok" if not r.failures else "failing" if r.failures >= 3 else "degraded")
    )
    return {
        "id": r.id,
        "url": r.url,
        "name": r.name,
        "added_at": _iso(r.added_at),
        "last_poll": _iso(r.last_poll),
        "last_ok": _iso(r.last_ok),
        "etag": r.etag,
        "last_modified": r.last_modified,
        "failures": r.failures,
        "total_failures": r.total_failures,
        "item_failures": r.item_failures,
        "last_error": r.last_error,
        "ingested": r.ingested,
        "health": health,
    }


# ---------------------------------------------------------------- parsing
@dataclass
class Entry:
    key: str  # the link, else the guid
    link: str | None
    title: str | None
    published: dt.date | None
    error: WatchError | None = None


def parse_feed(url: str, body: bytes, base: str | None = None) -> tuple[str | None, list[Entry]]:
    """(the feed's title, its entries); MalformedFeed or NotAFeed when it is not a readable feed. Relative
    links are resolved against ``base`` (the feed's URL after redirects)."""
    from urllib.parse import urljoin

    import feedparser

    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    head = body.lstrip()[:512].lower()
    if not parsed.get("version"):
        if (
            parsed.get("bozo")
            and not parsed.entries
            and (head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf" in head)
        ):
            exc = parsed.get("bozo_exception")
            raise MalformedFeed(f"{url}: malformed XML: {exc}")
        raise NotAFeed(
            f"{url}: not an RSS or Atom feed"
            + (" (an HTML page)" if b"<html" in head or b"<!doctype html" in head else "")
        )
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and (not parsed.entries or isinstance(exc, SAXParseException)):
        # not well-formed: feedparser's loose parser may still guess items out of it, but a guess from
        # broken markup is no item to fetch and store (an encoding mismatch alone is no such error)
        raise MalformedFeed(f"{url}: malformed XML: {exc}")
    entries = []
    for n, e in enumerate(parsed.entries):
        link = (e.get("link") or "").strip() or None
        if link and base and "://" not in link and not link.startswith(("urn:", "mailto:", "tag:")):
            link = urljoin(base, link)
        guid = (e.get("id") or "").strip() or None
        title = (e.get("title") or "").strip() or None
        when = e.get("published_parsed") or e.get("updated_parsed")
        published = dt.date(*when[:3]) if when else None
        key = link or guid or f"untitled:{title or n}"
        err = None
        if not link:
            err = ItemNoLink(f"{url}: the item {title or guid or n + 1!r} has no link")
        else:
            try:
                check_url(link)
            except WatchError as exc:
                err = ItemNoLink(f"{url}: the item {title or n + 1!r} links to {link!r}: {exc.message}")
        entries.append(Entry(key=key, link=link, title=title, published=published, error=err))
    return (parsed.feed.get("title") or None), entries


# ---------------------------------------------------------------- polling
@dataclass
class FeedReport:
    feed: int
    url: str
    status: str = "ok"  # ok | not-modified | failed
    items: int = 0  # entries in the feed
    new: int = 0  # items whose article was stored (new, version or near-duplicate)
    skipped: int = 0  # items seen before (by URL) or whose content was already stored
    failed: int = 0  # items that failed
    error: str | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class PollReport:
    feeds: list[FeedReport] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    stopped: bool = False

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds)

    @property
    def failed_feeds(self) -> int:
        return sum(f.status == "failed" for f in self.feeds)

    @property
    def failed_items(self) -> int:
        return sum(f.failed for f in self.feeds)


def _seen(conn: Connection, feed_id: int, entry: Entry) -> bool:
    """An item handled before: by this feed under its key, or by any feed (or ingest) under its URL."""
    fi = s.feed_items.c
    row = conn.execute(
        select(fi.status, fi.attempts).where(fi.feed_id == feed_id, fi.key == entry.key)
    ).first()
    if row is not None and (row.status in _OK or row.attempts >= MAX_ITEM_ATTEMPTS):
        return True
    if entry.link:
        if conn.execute(select(fi.id).where(fi.url == entry.link, fi.status.in_(_OK)).limit(1)).first():
            return True
        if conn.execute(select(s.documents.c.id).where(s.documents.c.url == entry.link).limit(1)).first():
            return True
    return False


def _record_item(
    conn: Connection,
    feed_id: int,
    entry: Entry,
    *,
    status: str,
    url: str | None = None,
    content_hash: str | None = None,
    document_id: str | None = None,
    error: str | None = None,
) -> None:
    fi = s.feed_items.c
    row = conn.execute(select(fi.id, fi.attempts).where(fi.feed_id == feed_id, fi.key == entry.key)).first()
    values = dict(
        url=url or entry.link,
        title=entry.title,
        content_hash=content_hash,
        document_id=document_id,
        status=status,
        error=error,
        seen_at=_now(),
    )
    if row is None:
        conn.execute(s.feed_items.insert().values(feed_id=feed_id, key=entry.key, attempts=1, **values))
    else:
        conn.execute(update(s.feed_items).where(fi.id == row.id).values(attempts=row.attempts + 1, **values))


def _fail_feed(store: Store, feed: dict, report: FeedReport, exc: NewsgraphError) -> None:
    report.status, report.error = "failed", str(exc)
    log.warning("feed %s failed: %s", feed["url"], exc)
    with store.write() as conn:
        conn.execute(
            update(s.feeds)
            .where(s.feeds.c.id == feed["id"])
            .values(
                last_poll=_now(),
                failures=s.feeds.c.failures + 1,
                total_failures=s.feeds.c.total_failures + 1,
                last_error=str(exc),
            )
        )


def poll(
    store: Store,
    *,
    fetcher: Fetcher | None = None,
    feeds: list[str] | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[str, str], None] | None = None,
    workers: int = 1,
) -> PollReport:
    """Poll every feed (or those named) once; see the module docstring. ``stop``: set it (Ctrl-C,
    SIGTERM) to end after the feed in hand, its handled items recorded."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    report = PollReport()
    try:
        with store.read() as conn:
            todo = [find_feed(conn, f) for f in feeds] if feeds else list_feeds(conn)
        for feed in todo:
            if stop is not None and stop.is_set():
                report.stopped = True
                break
            report.feeds.append(
                poll_feed(store, feed, fetcher, report, stop=stop, progress=progress, workers=workers)
            )
    finally:
        if own:
            fetcher.close()
    return report


def poll_feed(
    store: Store,
    feed: dict,
    fetcher: Fetcher,
    report: PollReport,
    *,
    stop: threading.Event | None = None,
    progress: Callable[[str, str], None] | None = None,
    workers: int = 1,
) -> FeedReport:
    from ..service import ingest_items

    fr = FeedReport(feed=feed["id"], url=feed["url"])
    fi = s.feed_items.c
    with store.read() as conn:  # items that failed and are due another try: read the feed in full
        retry = conn.execute(
            select(fi.id)
            .where(fi.feed_id == feed["id"], fi.status == "failed", fi.attempts < MAX_ITEM_ATTEMPTS)
            .limit(1)
        ).first()
    try:
        got = fetcher.get(
            feed["url"],
            etag=None if retry else feed["etag"],
            last_modified=None if retry else feed["last_modified"],
            accept=FEED_ACCEPT,
        )
        if got.not_modified:
            fr.status = "not-modified"
            with store.write() as conn:
                conn.execute(
                    update(s.feeds)
                    .where(s.feeds.c.id == feed["id"])
                    .values(last_poll=_now(), last_ok=_now(), failures=0, last_error=None)
                )
            return fr
        title, entries = parse_feed(feed["url"], got.body, got.url)
    except NewsgraphError as exc:
        _fail_feed(store, feed, fr, exc)
        return fr
    fr.items = len(entries)
    publisher = feed["name"] or title
    articles: list[tuple[Entry, Article]] = []
    fresh: list[Entry] = []
    with store.read() as conn:
        for e in entries:
            if _seen(conn, feed["id"], e):
                fr.skipped += 1
            else:
                fresh.append(e)
    failures: list[tuple[Entry, str]] = []
    for e in fresh:
        if stop is not None and stop.is_set():
            report.stopped = True
            break
        if e.error is not None:
            failures.append((e, str(e.error)))
            continue
        try:
            articles.append((e, _read_item(fetcher, e, publisher)))
        except NewsgraphError as exc:
            failures.append((e, str(exc)))
    outcome: dict[str, str] = {}

    def note(label: str, status: str) -> None:
        outcome[label] = status
        if progress:
            progress(label, status)

    by_label = {a.label: (e, a) for e, a in articles}
    ing = ingest_items(store, [a for _e, a in articles], progress=note, workers=workers)
    for err in ing.errors:
        log.warning("feed %s: %s", feed["url"], err)
    from ..store.writer import document_id

    with store.write() as conn:
        for label, (e, a) in by_label.items():
            status = outcome.get(label, "failed")
            if status == "failed":
                msg = next((x for x in ing.errors if x.startswith(label)), f"{label}: not stored")
                failures.append((e, msg))
                continue
            did = document_id(a.content_hash)
            _record_item(
                conn, feed["id"], e, status=status, url=a.url, content_hash=a.content_hash, document_id=did
            )
            if status == "unchanged":
                fr.skipped += 1
            else:
                fr.new += 1
                report.documents.append(did)
        for e, msg in failures:
            log.warning("feed %s item failed: %s", feed["url"], msg)
            fr.failed += 1
            fr.errors.append(msg)
            _record_item(conn, feed["id"], e, status="failed", error=msg[:2000])
        values: dict = dict(
            last_poll=_now(),
            last_ok=_now(),
            failures=0,
            last_error=None,
            ingested=s.feeds.c.ingested + fr.new,
            item_failures=s.feeds.c.item_failures + fr.failed,
        )
        if not report.stopped:  # a poll stopped half-way fetches the whole feed again next time
            values.update(etag=got.etag, last_modified=got.last_modified)
        if title and not feed["name"]:
            values["name"] = title
        conn.execute(update(s.feeds).where(s.feeds.c.id == feed["id"]).values(**values))
    return fr


def _read_item(fetcher: Fetcher, e: Entry, publisher: str | None) -> Article:
    """The item's page, fetched within limits and read by the one HTML reader; InputError/WatchError."""
    from ..ingest import read_bytes

    assert e.link is not None
    got = fetcher.get(e.link, accept=PAGE_ACCEPT)
    kind = "html" if ("html" in got.content_type or got.body.lstrip()[:1] == b"<") else None
    items = list(read_bytes(e.link, got.body, kind, fetcher.max_bytes))
    item = items[0] if items else InputError(f"{e.link}: nothing to read")
    if isinstance(item, InputError):
        raise item
    upd: dict = {"url": e.link, "origin": e.link}  # the link the feed gave: the key items are seen by
    if not item.title and e.title:
        upd["title"] = e.title
    if item.published is None and e.published is not None:
        upd["published"] = e.published
    if publisher and (not item.publisher or item.publisher == _host(e.link)):
        upd["publisher"] = publisher
    return item.model_copy(update=upd)


def _host(url: str) -> str | None:
    from ..ingest.text import publisher_from_url

    return publisher_from_url(url)


def feed_counts(conn: Connection) -> dict[str, int]:
    fi = s.feed_items.c
    return {status: n for status, n in conn.execute(select(fi.status, func.count()).group_by(fi.status))}
