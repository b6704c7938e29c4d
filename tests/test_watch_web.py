"""The watch pages in a real browser (Debian's Chromium through Playwright): the alerts page with its
evidence link, the feeds page with each feed's health, and the dossier's watch toggle (a write with
the server's token)."""

from __future__ import annotations

import datetime as dt

import pytest

from .web_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser)"),
]

TOKEN = "watch-test-token"


@pytest.fixture(scope="module")
def watch_store(tmp_path_factory, pipeline):
    from newsgraph import open_store
    from newsgraph.model import Article
    from newsgraph.service import ingest_items
    from newsgraph.watch.alerts import refresh, watch
    from newsgraph.watch.feeds import add_feed, poll
    from newsgraph.watch.fetch import Fetcher

    from .test_watch_alerts import APPOINTMENT, CONFERENCE
    from .test_watch_feeds import _dead_port

    store = open_store(str(tmp_path_factory.mktemp("watchweb") / "kb.db"))
    day = dt.date(2026, 11, 30)
    assert (
        ingest_items(
            store,
            [
                Article(
                    text=" ".join(CONFERENCE),
                    title="Harbour conference",
                    published=day,
                    publisher="Fjord Post",
                    url="https://example.org/conference",
                )
            ],
        ).new
        == 1
    )
    watch(store, "Ola Nordmann")
    assert (
        ingest_items(
            store,
            [
                Article(
                    text=" ".join(APPOINTMENT),
                    title="New chairman",
                    published=day,
                    publisher="Fjord Post",
                    url="https://example.org/chairman",
                )
            ],
        ).new
        == 1
    )
    assert len(refresh(store)) == 1
    add_feed(store, f"http://127.0.0.1:{_dead_port()}/down.rss", "Down Daily")
    with Fetcher(host_delay=0, timeout=1.0) as f:
        poll(store, fetcher=f)
    yield store
    store.close()


@pytest.fixture(scope="module")
def page(watch_store):
    from playwright.sync_api import sync_playwright

    from newsgraph.api import create_app

    ARTIFACTS.mkdir(exist_ok=True)
    with serve(create_app(watch_store, token=TOKEN)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1300, "height": 900})
        pg.set_default_timeout(30_000)
        pg.add_init_script(f"sessionStorage.setItem('ng-token', '{TOKEN}')")
        pg.base = url
        yield pg
        browser.close()


def test_alerts_page_lists_the_alert_with_a_link_to_its_evidence(page):
    page.goto(page.base + "/#/alerts")
    alert = page.wait_for_selector(".alert")
    text = alert.inner_text()
    assert "chairman of Bergen Harbour Authority" in text and "has been appointed chairman" in text
    assert "confidence 90%" in text and "Fjord Post" in text
    page.screenshot(path=str(ARTIFACTS / "watch-alerts.png"))
    page.click(".alert .evidence-link")
    page.wait_for_selector("#doc-title")
    assert page.inner_text("#doc-title") == "New chairman"


def test_feeds_page_shows_each_feeds_health(page):
    page.goto(page.base + "/#/feeds")
    row = page.wait_for_selector("table.feeds tbody tr")
    assert "Down Daily" in row.inner_text() and row.get_attribute("class") == "health-degraded"
    assert "NG701" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "watch-feeds.png"))


def test_the_dossier_toggle_watches_an_actor(page, watch_store):
    from newsgraph.store import queries
    from newsgraph.watch.alerts import watchlists

    with watch_store.read() as conn:
        berg = queries.find_entity(conn, "Kjell Berg")["id"]
    page.goto(page.base + "/#/actor/" + berg)
    button = page.wait_for_selector(".watch-toggle")
    page.wait_for_timeout(300)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_selector(".watch-toggle[aria-pressed='true']")
    with watch_store.read() as conn:
        assert berg in [a["entity"] for w in watchlists(conn) for a in w["actors"]]
    page.click(".watch-toggle")
    page.wait_for_selector(".watch-toggle[aria-pressed='false']")
    with watch_store.read() as conn:
        assert berg not in [a["entity"] for w in watchlists(conn) for a in w["actors"]]
