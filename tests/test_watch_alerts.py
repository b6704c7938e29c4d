"""Alerts on new facts about watched actors, end to end over a local site (127.0.0.1 only): a new role
in a new article makes exactly one alert, seen in the CLI digest, the API, the Atom feed (read back
with feedparser) and a webhook (retried after a failure); a merge carries the watch; list rules."""

from __future__ import annotations

import json

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.cli import app

from .watch_support import article_html, rss, serve_site

pytestmark = pytest.mark.slow  # the articles go through the NLP pipeline

runner = CliRunner()

CONFERENCE = [
    "The Norwegian shipping executive Ola Nordmann spoke at a harbour conference in Bergen on Monday.",
    "The Swedish port engineer Kjell Berg also attended the conference.",
    "Nordmann said the port would expand its container terminal next year.",
]
APPOINTMENT = [
    "Ola Nordmann has been appointed chairman of the Bergen Harbour Authority, the authority announced "
    "on Tuesday.",
    "The appointment takes effect in January.",
]


def ng(db, *args: str) -> str:
    res = runner.invoke(app, ["--db", str(db), *args])
    assert res.exit_code == 0, res.output
    return res.output


def _feed(site, items: list[tuple[str, str]]) -> None:
    site.put(
        "/feed",
        rss("Fjord Post", [{"title": t, "link": site.url(p)} for t, p in items]),
        content_type="application/rss+xml",
    )


def test_a_new_role_makes_one_alert_in_cli_api_atom_and_webhook(tmp_path, pipeline):
    from newsgraph import open_store
    from newsgraph.api import create_app

    db = tmp_path / "kb.db"
    with serve_site() as site:
        site.put("/conference", article_html("Harbour conference in Bergen", CONFERENCE))
        _feed(site, [("Conference", "/conference")])
        ng(db, "feeds", "add", site.url("/feed"), "--name", "Fjord Post")
        ng(db, "poll", "--delay", "0")
        assert "watching Ola Nordmann" in ng(db, "watchlist", "add", "Ola Nordmann", "--list", "harbour")
        ng(db, "watchlist", "rules", "harbour", "--webhook", site.url("/hook"))
        assert (
            "no new alerts" in runner.invoke(app, ["--db", str(db), "alerts"]).output
        )  # the past is no news

        site.post_status = [500]  # the receiver fails once: the alert is sent again after a backoff
        site.put("/appointment", article_html("New chairman for the harbour", APPOINTMENT, date="2026-12-01"))
        _feed(site, [("Conference", "/conference"), ("Appointment", "/appointment")])
        out = ng(db, "poll", "--delay", "0", "--webhook-wait", "20")
        assert "1 new" in out and "alerts: 1 new" in out

        digest = ng(db, "alerts")
        assert (
            "Ola Nordmann" in digest
            and "[role]" in digest
            and "chairman of Bergen Harbour Authority" in digest
        )
        assert (
            "has been appointed chairman" in digest and "Fjord Post" in digest and "confidence 0.90" in digest
        )
        assert "no new alerts" in runner.invoke(app, ["--db", str(db), "alerts"]).output  # shown once

        assert "alerts: 0 new" in ng(db, "poll", "--delay", "0")  # nothing new: no second alert
        assert site.hits["POST /hook"] == 2 and len(site.posts) == 1
        hook = json.loads(site.posts[0])["alert"]
        assert hook["kind"] == "role" and hook["actor"] == "Ola Nordmann" and hook["confidence"] == 0.9
        assert "appointed chairman" in hook["sentence"]

    store = open_store(str(db))
    try:
        client = TestClient(create_app(store))
        body = client.get("/api/alerts").json()
        assert body["total"] == 1
        alert = body["alerts"][0]
        assert alert["statement"].startswith("Ola Nordmann: chairman of Bergen Harbour Authority")
        assert alert["delivered_at"] and alert["publisher"] == "Fjord Post"
        doc = client.get(f"/api/documents/{alert['document']}").json()  # the alert links to its evidence
        assert "appointed chairman" in doc["sentences"][alert["sentence_index"]]["text"]
        atom = client.get("/alerts.atom")
        assert atom.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(atom.content)
        assert not parsed.bozo and len(parsed.entries) == 1
        entry = parsed.entries[0]
        assert "Ola Nordmann" in entry.title and "chairman" in entry.title
        assert entry.link.endswith(f"/#/doc/{alert['document']}/{alert['sentence_index']}")
        assert "appointed chairman" in entry.summary and "confidence 0.90" in entry.summary
        # writes need the token
        assert client.post("/api/watchlist", json={"actor": "Kjell Berg"}).status_code == 403
    finally:
        store.close()


def test_a_merge_carries_the_watch_and_rules_filter(tmp_path, pipeline):
    db = tmp_path / "kb.db"
    with serve_site() as site:
        site.put("/conference", article_html("Harbour conference in Bergen", CONFERENCE))
        _feed(site, [("Conference", "/conference")])
        ng(db, "feeds", "add", site.url("/feed"))
        ng(db, "poll", "--delay", "0")
        ng(db, "watchlist", "add", "Kjell Berg", "--list", "people")
        ng(db, "watchlist", "add", "Kjell Berg", "--list", "firm")
        ng(db, "watchlist", "rules", "firm", "--corroborated-only")
        ng(db, "merge", "Ola Nordmann", "Kjell Berg", "--reason", "test: one person")
        shown = json.loads(ng(db, "watchlist", "show", "--json"))
        assert [a["name"] for w in shown for a in w["actors"]] == ["Ola Nordmann", "Ola Nordmann"]

        site.put("/appointment", article_html("New chairman for the harbour", APPOINTMENT, date="2026-12-01"))
        _feed(site, [("Conference", "/conference"), ("Appointment", "/appointment")])
        ng(db, "poll", "--delay", "0")
        found = json.loads(ng(db, "alerts", "--all", "--json"))
        # the watch followed the merge; the corroborated-only list keeps a single report to itself
        assert [(a["list"], a["kind"], a["actor"]) for a in found] == [("people", "role", "Ola Nordmann")]
        assert "chairman" in found[0]["statement"]


def test_rules_pass_what_the_list_asks_for():
    from newsgraph.watch.alerts import Rules

    firm = {"confidence": 0.9, "corroboration": 1, "attribution": {"source": "reporter", "hedged": False}}
    rumour = {"confidence": 0.42, "corroboration": 1, "attribution": {"source": "anonymous", "hedged": True}}
    both = dict(firm, corroboration=2)
    assert Rules().passes(firm) and Rules().passes(rumour)
    assert not Rules(min_confidence=0.5).passes(rumour)
    assert Rules(sources=("anonymous",)).passes(rumour) and not Rules(sources=("anonymous",)).passes(firm)
    assert Rules(hedged="only").passes(rumour) and not Rules(hedged="only").passes(firm)
    assert Rules(hedged="no").passes(firm) and not Rules(hedged="no").passes(rumour)
    assert Rules(corroborated_only=True).passes(both) and not Rules(corroborated_only=True).passes(firm)


def test_fact_keys_follow_merges_and_role_status():
    from newsgraph.watch.alerts import _remap, canon, fact_key

    role = {
        "category": "role",
        "person": "eB",
        "organization": "eO",
        "title": "Chairman",
        "status": "current",
    }
    assert fact_key(role) == ["role", "eB", "eO", "chairman", "current"]
    assert fact_key(dict(role, status="former")) != fact_key(role)
    ev = {"category": "event", "type": "MEET", "negated": False, "source": ["eB", "eA"], "target": []}
    k = canon(fact_key(ev))
    assert _remap(k, {"eB": "eA"}) == canon(["event", "MEET", False, ["eA"], []])
    assert _remap(canon(fact_key(role)), {"eB": "eA"}) == canon(["role", "eA", "eO", "chairman", "current"])


def test_alerts_follow_a_plain_ingest_and_an_api_ingest(tmp_path, pipeline):
    from newsgraph import open_store
    from newsgraph.api import create_app

    db = tmp_path / "kb.db"
    (tmp_path / "conference.txt").write_text(
        "Harbour conference in Bergen\nPublished on 29 November 2026\n" + "\n".join(CONFERENCE) + "\n"
    )
    (tmp_path / "appointment.txt").write_text(
        "New chairman for the harbour\nPublished on 30 November 2026\n" + "\n".join(APPOINTMENT) + "\n"
    )
    ng(db, "ingest", str(tmp_path / "conference.txt"))
    ng(db, "watchlist", "add", "Ola Nordmann")
    out = ng(db, "ingest", str(tmp_path / "appointment.txt"))
    assert "alerts: 1 new about watched actors" in out
    store = open_store(str(db))
    try:
        client = TestClient(create_app(store, token="a-token-for-tests"))
        assert client.get("/api/alerts").json()["total"] == 1
        text = "Ola Nordmann met the Danish shipping minister Lars Holm in Copenhagen on Wednesday."
        res = client.post(
            "/api/documents",
            json={"text": text, "title": "Harbour talks", "publisher": "Sound News"},
            headers={"Authorization": "Bearer a-token-for-tests"},
        )
        assert res.status_code == 201, res.text
        kinds = [a["kind"] for a in client.get("/api/alerts").json()["alerts"]]
        assert kinds == ["event", "role"]  # newest first: the meeting, computed when the alerts were read
    finally:
        store.close()


def test_a_plain_ingest_hands_its_alerts_to_the_webhook(tmp_path, pipeline):
    """Files ingested by hand (no feed) make alerts too, and the list's webhook receives them before
    `ingest` exits."""
    db = tmp_path / "kb.db"
    first, second = tmp_path / "conference.txt", tmp_path / "appointment.txt"
    first.write_text("Harbour conference in Bergen\n1 December 2026\n\n" + " ".join(CONFERENCE) + "\n")
    second.write_text("New chairman for the harbour\n2 December 2026\n\n" + " ".join(APPOINTMENT) + "\n")
    with serve_site() as site:
        ng(db, "ingest", str(first))
        ng(db, "watchlist", "add", "Ola Nordmann", "--list", "harbour")
        ng(db, "watchlist", "rules", "harbour", "--webhook", site.url("/hook"))
        out = ng(db, "ingest", str(second))
        assert "alerts: 1 new" in out
        assert len(site.posts) == 1
        hook = json.loads(site.posts[0])["alert"]
        assert hook["kind"] == "role" and "appointed chairman" in hook["sentence"]


def test_a_slow_webhook_never_holds_up_the_poll(store, pipeline):
    import time

    from newsgraph.watch.alerts import set_rules, watch
    from newsgraph.watch.feeds import add_feed
    from newsgraph.watch.fetch import Fetcher
    from newsgraph.watch.loop import one_round
    from newsgraph.watch.webhook import Deliverer

    with serve_site() as site, Fetcher(host_delay=0) as fetcher:
        site.put("/conference", article_html("Harbour conference in Bergen", CONFERENCE))
        _feed(site, [("Conference", "/conference")])
        add_feed(store, site.url("/feed"), "Fjord Post")
        one_round(store, fetcher=fetcher)
        watch(store, "Ola Nordmann")
        set_rules(store, "default", webhook=site.url("/hook"))
        site.post_delay = 6.0
        site.put("/appointment", article_html("New chairman for the harbour", APPOINTMENT, date="2026-12-01"))
        _feed(site, [("Conference", "/conference"), ("Appointment", "/appointment")])
        deliverer = Deliverer(store)
        try:
            started = time.monotonic()
            cycle = one_round(store, fetcher=fetcher, deliverer=deliverer)
            took = time.monotonic() - started
            assert len(cycle.alerts) == 1 and took < 6.0 and not site.posts  # the poll did not wait
            deliverer.drain(20.0)
            assert len(site.posts) == 1
        finally:
            deliverer.stop()


def test_status_change_corroboration_and_contradiction_each_alert_once(store, pipeline):
    import datetime as dt

    from newsgraph.model import Article
    from newsgraph.service import ingest_items
    from newsgraph.watch.alerts import refresh, watch

    def ingest(text: str, day: int, publisher: str) -> None:
        art = Article(
            text=text,
            title=f"{publisher} {day}",
            published=dt.date(2026, 11, day),
            publisher=publisher,
            url=f"https://{publisher.replace(' ', '').lower()}.example/{day}",
        )
        assert ingest_items(store, [art]).new == 1

    ingest(" ".join(CONFERENCE), 20, "Fjord Post")
    watch(store, "Ola Nordmann")
    ingest(
        "The chairman of the Bergen Harbour Authority, Ola Nordmann, opened the new terminal on Thursday.",
        25,
        "Fjord Post",
    )
    assert [(a["kind"], a["corroboration"]) for a in refresh(store)] == [("role", 1)]
    ingest(
        "Bergen Harbour Authority chairman Ola Nordmann opened the new terminal on Thursday.",
        28,
        "Sound News",
    )
    assert [(a["kind"], a["corroboration"]) for a in refresh(store)] == [("corroborated", 2)]
    # an earlier article calls him the former chairman: a status change, and a contradiction with both sides
    ingest(
        "Ola Nordmann, the former chairman of the Bergen Harbour Authority, criticised the new tariffs "
        "on Monday.",
        22,
        "Coast Times",
    )
    made = {a["kind"]: a for a in refresh(store)}
    assert set(made) == {"status", "contradiction", "event"}
    assert made["status"]["statement"].endswith("(former)") and made["status"]["publisher"] == "Coast Times"
    con = made["contradiction"]
    former = "Ola Nordmann, the former chairman of the Bergen Harbour Authority, criticised the new tariffs"
    assert any(x.startswith(former) for x in (con["sentence"], con["other"]["sentence"]))
    assert refresh(store) == []  # nothing new since


def test_the_atom_feed_stays_readable_whatever_the_text():
    from newsgraph.watch.atom import render

    alert = {
        "uid": "u1",
        "actor": "Ola\x01 <Nordmann> & co",
        "statement": "s\x00aid",
        "kind": "role",
        "created_at": "2026-12-01T00:00:00+00:00",
        "link": "/#/doc/d1/0",
        "sentence": "a\x0bb \ud800 c",
        "confidence": 0.5,
        "url": "https://example.org/a?x=1&y=2",
        "publisher": "P",
    }
    parsed = feedparser.parse(render([alert], base_url="http://127.0.0.1:8765/"))
    assert not parsed.bozo and parsed.entries[0].title == "Ola <Nordmann> & co: said"
    assert parsed.entries[0].link == "http://127.0.0.1:8765/#/doc/d1/0"
