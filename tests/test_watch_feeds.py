"""Polling feeds from a local site (127.0.0.1 only): new items ingested exactly once, conditional GET,
and every fault (down, slow, 404/500, redirect loop, malformed XML, HTML instead of a feed, a huge
page, an item without link, a page without article text, one story under two URLs) survived: counted
against its feed or item, the poll goes on, nothing stored changes."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import func, select

from newsgraph.store import schema as s
from newsgraph.watch.feeds import add_feed, list_feeds, poll
from newsgraph.watch.fetch import Fetcher

from .watch_support import Page, article_html, atom, rss, serve_site

pytestmark = pytest.mark.slow  # the articles go through the NLP pipeline

STORY_A = [
    "The Portuguese port official Rui Tavares met the Moroccan trade envoy Karim Bennani in Lisbon "
    "on Monday.",
    "Tavares praised Bennani for reopening the ferry line between the two countries.",
]
STORY_B = [
    "The Finnish energy minister Aino Virtanen visited the Estonian grid operator in Tallinn on Tuesday.",
    "Virtanen said the new undersea cable would be ready before the winter.",
]
STORY_C = [
    "The Chilean mining company Cobre Andino signed a supply agreement with the Korean steelmaker "
    "Hanseong Steel.",
    "The agreement covers copper deliveries for five years, the companies said.",
]


def _counts(store) -> dict:
    with store.read() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar()
            for t in (s.documents, s.sentences, s.doc_actors, s.events, s.roles, s.ties)
        }


@pytest.fixture
def fetcher():
    f = Fetcher(host_delay=0.0, timeout=1.0, deadline=3.0, max_bytes=2 * 1024 * 1024)
    yield f
    f.close()


def test_poll_ingests_new_items_once_and_conditional_get_saves_downloads(store, fetcher, pipeline):
    with serve_site() as site:
        site.put("/a", article_html("Port talks in Lisbon", STORY_A))
        site.put("/b", article_html("Cable to Estonia", STORY_B))
        site.put(
            "/rss",
            rss(
                "Harbour Press",
                [{"title": "Port talks", "link": site.url("/a")}, {"title": "Cable", "link": site.url("/b")}],
            ),
            content_type="application/rss+xml",
        )
        site.put(
            "/atom",
            atom("Mining Wire", [{"title": "Copper deal", "link": site.url("/c")}]),
            content_type="application/atom+xml",
        )
        site.put("/c", article_html("Copper deal", STORY_C))
        add_feed(store, site.url("/rss"), "Harbour Press")
        add_feed(store, site.url("/atom"))

        first = poll(store, fetcher=fetcher)
        assert [f.new for f in first.feeds] == [2, 1] and first.failed_items == 0
        assert _counts(store)["documents"] == 3
        assert site.full["/a"] == site.full["/b"] == site.full["/c"] == 1

        again = poll(store, fetcher=fetcher)  # nothing changed: two 304s, no page fetched
        assert [f.status for f in again.feeds] == ["not-modified", "not-modified"]
        assert site.hits["/rss"] == 2 and site.full["/rss"] == 1
        assert site.hits["/a"] == 1 and site.hits["/b"] == 1

        # the feed changes: one item more; only that page is fetched, only that article stored
        site.put(
            "/d",
            article_html(
                "Second cable",
                [
                    "The Latvian grid operator Janis Ozols met Aino Virtanen "
                    "in Riga on Wednesday to plan a second cable."
                ],
            ),
        )
        site.put(
            "/rss",
            rss(
                "Harbour Press",
                [
                    {"title": "Port talks", "link": site.url("/a")},
                    {"title": "Cable", "link": site.url("/b")},
                    {"title": "Second cable", "link": site.url("/d")},
                ],
            ),
            content_type="application/rss+xml",
        )
        third = poll(store, fetcher=fetcher)
        assert third.feeds[0].new == 1 and third.feeds[0].skipped == 2
        assert site.hits["/a"] == 1 and site.hits["/d"] == 1
        assert _counts(store)["documents"] == 4
    with store.read() as conn:
        feeds = list_feeds(conn)
        assert (
            conn.execute(select(s.documents.c.publisher).where(s.documents.c.url.like("%/a"))).scalar()
            == "Harbour Press"
        )
    assert feeds[0]["ingested"] == 3 and feeds[0]["health"] == "ok"
    assert feeds[1]["name"] == "Mining Wire"  # named after the feed's own title


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_fault_is_counted_and_the_poll_goes_on(store, fetcher, pipeline):
    with serve_site() as site:
        # one good feed first, so that the faults meet a knowledge base with something in it
        site.put("/a", article_html("Port talks in Lisbon", STORY_A))
        site.put(
            "/good",
            rss("Harbour Press", [{"title": "Port talks", "link": site.url("/a")}]),
            content_type="application/rss+xml",
        )
        add_feed(store, site.url("/good"), "Harbour Press")
        assert poll(store, fetcher=fetcher).new == 1
        before = _counts(store)

        dead = f"http://127.0.0.1:{_dead_port()}/feed"
        site.put("/slow", rss("Slow", []), delay=2.5)
        site.put("/e404", "gone", status=404)
        site.put("/e500", "oops", status=500)
        site.put("/loop", "", status=302, headers={"Location": "/loop"})
        site.put(
            "/broken",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a'
            "</title><link>http://127.0.0.1/x</lin></item>",
            content_type="application/rss+xml",
        )
        site.put("/html", article_html("Not a feed", STORY_B))
        bad = {
            "down": dead,
            "slow": site.url("/slow"),
            "404": site.url("/e404"),
            "500": site.url("/e500"),
            "loop": site.url("/loop"),
            "xml": site.url("/broken"),
            "html": site.url("/html"),
        }
        for name, url in bad.items():
            add_feed(store, url, name)
        # a feed whose items are hostile: a huge page, no link, no article text, one story under two URLs
        site.pages["/huge"] = Page(stream=200 * 1024 * 1024)
        site.put(
            "/empty",
            "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        )
        site.put("/copy1", article_html("Copper deal", STORY_C))
        site.put("/copy2", article_html("Copper deal", STORY_C))
        site.put(
            "/items",
            rss(
                "Hostile",
                [
                    {"title": "Huge", "link": site.url("/huge")},
                    {"title": "No link", "guid": "urn:no-link"},
                    {"title": "Empty", "link": site.url("/empty")},
                    {"title": "Copper deal", "link": site.url("/copy1")},
                    {"title": "Copper deal again", "link": site.url("/copy2")},
                ],
            ),
            content_type="application/rss+xml",
        )
        add_feed(store, site.url("/items"), "Hostile")

        rep = poll(store, fetcher=fetcher)
        by_url = {f.url: f for f in rep.feeds}
        for name, url in bad.items():
            assert by_url[url].status == "failed", name
        codes = {name: by_url[url].error.split(":")[0] for name, url in bad.items()}
        assert codes == {
            "down": "NG701",
            "slow": "NG701",
            "404": "NG702",
            "500": "NG702",
            "loop": "NG703",
            "xml": "NG706",
            "html": "NG705",
        }
        hostile = by_url[site.url("/items")]
        assert hostile.status == "ok" and hostile.new == 1 and hostile.failed == 3
        joined = " ".join(hostile.errors)
        assert "NG704" in joined and "NG707" in joined and "NG104" in joined
        assert hostile.skipped == 1  # the same story under a second URL: stored once
        assert site.streamed < 20 * 1024 * 1024  # the 200 MB page was not read whole
        assert by_url[site.url("/good")].status == "not-modified"
        after = _counts(store)
        assert after["documents"] == before["documents"] + 1  # the copper story, once
        with store.read() as conn:
            feeds = {f["url"]: f for f in list_feeds(conn)}
        for url in bad.values():
            assert (
                feeds[url]["failures"] == 1
                and feeds[url]["health"] == "degraded"
                and feeds[url]["last_error"]
            )
        assert feeds[site.url("/items")]["item_failures"] == 3

        # again: failing feeds count a second failure in a row; the hostile items are tried again (up to
        # three times) and fail the same way; nothing stored changes
        rep2 = poll(store, fetcher=fetcher)
        assert _counts(store) == after
        with store.read() as conn:
            feeds = {f["url"]: f for f in list_feeds(conn)}
        assert all(feeds[url]["failures"] == 2 for url in bad.values())
        again = {f.url: f for f in rep2.feeds}[site.url("/items")]
        assert again.status == "ok" and again.failed == 3 and site.hits["/empty"] == 2  # tried again
        rep3 = poll(store, fetcher=fetcher)  # the third failure was the last try: then the feed is quiet
        assert {f.url: f.failed for f in rep3.feeds}[site.url("/items")] == 3
        rep4 = poll(store, fetcher=fetcher)
        assert {f.url: f.status for f in rep4.feeds}[site.url("/items")] == "not-modified"
        assert site.hits["/empty"] == 3 and _counts(store) == after


def test_a_stopped_poll_resumes_without_duplicates_or_gaps(store, fetcher, pipeline):
    import threading

    with serve_site() as site:
        site.put("/a", article_html("Port talks in Lisbon", STORY_A))
        site.put("/b", article_html("Cable to Estonia", STORY_B))
        site.put("/c", article_html("Copper deal", STORY_C))
        site.put(
            "/rss",
            rss(
                "Harbour Press",
                [{"title": t, "link": site.url(p)} for t, p in (("A", "/a"), ("B", "/b"), ("C", "/c"))],
            ),
            content_type="application/rss+xml",
        )
        add_feed(store, site.url("/rss"), "Harbour Press")
        stop = threading.Event()

        def stop_after_first(label: str, status: str) -> None:
            pass

        # stop as soon as the first page has been fetched: the rest of the feed is left for next time
        orig = fetcher.get

        def get(url, **kw):
            got = orig(url, **kw)
            if url.endswith("/a"):
                stop.set()
            return got

        fetcher.get = get  # type: ignore[method-assign]
        first = poll(store, fetcher=fetcher, stop=stop)
        assert first.stopped and first.new == 1
        with store.read() as conn:
            assert list_feeds(conn)[0]["etag"] is None  # the feed will be read in full again
        fetcher.get = orig  # type: ignore[method-assign]
        second = poll(store, fetcher=fetcher)
        assert second.new == 2 and second.feeds[0].skipped == 1
        assert _counts(store)["documents"] == 3
        assert site.hits["/a"] == 1 and site.hits["/b"] == 1 and site.hits["/c"] == 1


def test_watch_loop_stops_on_sigterm_and_resumes_without_duplicates(tmp_path):
    """`newsgraph watch --every` as a user runs it: SIGTERM ends it cleanly (exit 0), a new run resumes."""
    import os
    import signal
    import subprocess
    import sys
    import time

    db = str(tmp_path / "kb.db")
    cmd = [sys.executable, "-c", "from newsgraph.cli import main; main()", "--db", db]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    with serve_site() as site:
        site.put("/a", article_html("Port talks in Lisbon", STORY_A))
        site.put(
            "/rss",
            rss("Harbour Press", [{"title": "A", "link": site.url("/a")}]),
            content_type="application/rss+xml",
        )
        subprocess.run([*cmd, "feeds", "add", site.url("/rss")], check=True, env=env, capture_output=True)
        proc = subprocess.Popen(
            [*cmd, "watch", "--every", "1s", "--delay", "0"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 120
            while site.hits["/rss"] < 2 and time.monotonic() < deadline:  # a second round has begun
                time.sleep(0.2)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, err
        assert "items: 1 new" in out and "stopped after" in err and "Traceback" not in err
        site.put("/b", article_html("Cable to Estonia", STORY_B))
        site.put(
            "/rss",
            rss(
                "Harbour Press",
                [{"title": "A", "link": site.url("/a")}, {"title": "B", "link": site.url("/b")}],
            ),
            content_type="application/rss+xml",
        )
        again = subprocess.run(
            [*cmd, "watch", "--every", "1s", "--delay", "0", "--rounds", "1"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode == 0, again.stderr
        assert "items: 1 new, 1 seen" in again.stdout
        assert site.hits["/a"] == 1 and site.hits["/b"] == 1


def test_fetcher_is_polite_and_the_feeds_commands_manage_feeds(tmp_path):
    import json
    import time

    from typer.testing import CliRunner

    from newsgraph.cli import app
    from newsgraph.watch.feeds import parse_feed

    with serve_site() as site:
        site.put("/x", "hello")
        with Fetcher(host_delay=0.4) as polite:
            started = time.monotonic()
            polite.get(site.url("/x"))
            again = polite.get(site.url("/x"))
            assert time.monotonic() - started >= 0.4  # the per-host delay
            assert again.status == 200 and polite.get(site.url("/x"), etag=again.etag).not_modified
        assert site.agents == {next(iter(site.agents))} and "newsgraph" in next(iter(site.agents))
    _title, entries = parse_feed(
        "http://127.0.0.1/feed",
        rss("Rel", [{"title": "R", "link": "/news/1"}]).encode(),
        "http://127.0.0.1:8000/feeds/main.rss",
    )
    assert entries[0].link == "http://127.0.0.1:8000/news/1" and entries[0].error is None

    runner = CliRunner()
    db = str(tmp_path / "kb.db")
    bad = runner.invoke(app, ["--db", db, "feeds", "add", "ftp://example.org/feed"])
    assert bad.exit_code != 0 and "NG708" in str(bad.exception or bad.output)
    assert (
        runner.invoke(
            app, ["--db", db, "feeds", "add", "http://127.0.0.1:9/feed.rss", "--name", "Nine"]
        ).exit_code
        == 0
    )
    listed = json.loads(runner.invoke(app, ["--db", db, "feeds", "list", "--json"]).output)
    assert [(f["name"], f["health"]) for f in listed] == [("Nine", "new")]
    assert runner.invoke(app, ["--db", db, "feeds", "remove", "Nine"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["--db", db, "feeds", "list", "--json"]).output) == []
