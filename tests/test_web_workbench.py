"""The analyst's workbench in a real browser (Debian's Chromium driven by Playwright) over a knowledge
base of 2,000 generated articles written through the store's write path (benchmarks/kb_generate.py;
built once and kept in test-artifacts/, which git ignores). Issue 17's "done when": the network is
usable and the page never freezes, also after a filter change (the 3 s and 200 ms targets are measured
over several runs by benchmarks/workbench_bench.py, since one run's long tasks follow the machine's
load; here a task of a second or a drawing of ten would fail); find and expand an actor;
filters survive a reload and back/forward; a keyboard list alternative; node types by shape; the
timeline reaches the newest event with "N of M"; a contradiction opens both sides' evidence.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from .web_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser)"),
]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from workbench_bench import WATCH_LONG_TASKS, apply_filter, graph_ready, open_network  # noqa: E402

ARTICLES = int(os.environ.get("NEWSGRAPH_WORKBENCH_ARTICLES", "2000"))
# a page that freezes: the bug this view had (seconds on a few hundred articles); the targets are
# an order of magnitude tighter and are judged by the benchmark
FROZEN_MS = 1000
FROZEN_S = 10.0


@pytest.fixture(scope="module")
def kb_store(tmp_path_factory):
    """The generated knowledge base: built once (kept in test-artifacts/), copied for this session, so
    that the review tests' decisions do not stay in it."""
    import sqlite3

    from kb_generate import ensure

    from newsgraph.kb import read as kb
    from newsgraph.service import open_store

    ARTIFACTS.mkdir(exist_ok=True)
    cached = ARTIFACTS / f"kb{ARTICLES}.db"
    ensure(cached, ARTICLES)
    # the contradictions are computed once, in the cached copy (minutes; nothing to do the next time)
    store = open_store(str(cached))
    with store.write() as conn:
        kb.refresh_dirty(conn)
    store.close()
    db = tmp_path_factory.mktemp("workbench") / "kb.db"
    with sqlite3.connect(cached) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    store = open_store(str(db))
    yield store
    store.close()


@pytest.fixture(scope="module")
def base_url(kb_store):
    from newsgraph.api import create_app
    from newsgraph.api.app import CYTOSCAPE

    if not CYTOSCAPE.is_file():
        pytest.fail("Cytoscape.js is not installed: run `make web-deps`")
    with serve(create_app(kb_store, token="workbench-test-token")) as url:
        # a served workbench is warm: the default network is computed once before the page is timed
        import urllib.request

        with urllib.request.urlopen(url + "/api/network?top=150", timeout=60) as r:
            assert r.status == 200
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page(viewport={"width": 1440, "height": 900})
    pg.set_default_timeout(30_000)
    pg.add_init_script(WATCH_LONG_TASKS)
    pg.problems = []
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on(
        "console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    yield pg
    assert not pg.problems, pg.problems
    pg.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"workbench-{name}.png"))


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def test_network_is_usable_fast_and_filters_live_in_the_url(page, base_url):
    o = open_network(page, base_url)
    print(f"\nnetwork opened: usable after {o['ready_s']:.2f} s, {o['nodes']} nodes, {o['edges']} links; "
          f"long tasks (ms) {o['long_ms']}; machine load {_load()}")
    _shot(page, "network")
    assert 0 < o["nodes"] <= 150 and o["edges"] > 0
    assert o["ready_s"] < FROZEN_S, f"the network took {o['ready_s']:.1f}s to be usable"
    assert max(o["long_ms"], default=0) < FROZEN_MS, f"a task of {max(o['long_ms'])} ms froze the page"
    # labels are readable at the default zoom: the most prominent nodes are labelled at any zoom
    assert page.evaluate("() => window.newsgraph.cy.nodes('[always = 1]').length") >= 20
    # node types by shape as well as colour
    shapes = page.evaluate("""() => { const s = {}; window.newsgraph.cy.nodes().forEach((n) => {
        s[n.data('type')] = [n.style('shape'), n.style('background-color')]; }); return s; }""")
    kinds = len(shapes)
    assert len({v[0] for v in shapes.values()}) == len({v[1] for v in shapes.values()}) == kinds >= 2, shapes
    # the legend lists every node type and every link colour (1 role + 5 ties + 16 event types)
    assert page.locator(".legend li[data-type]").count() == 5
    assert page.locator(".legend-box li").count() >= 5 + 22
    # one Apply: the filters go to the URL together, and the page answers while the new network is drawn
    f = apply_filter(page)
    print(f"filter applied: usable after {f['ready_s']:.2f} s; long tasks (ms) {f['long_ms']}; "
          f"machine load {_load()}")
    assert f["ready_s"] < FROZEN_S, f"the filtered network took {f['ready_s']:.1f}s to be usable"
    assert max(f["long_ms"], default=0) < FROZEN_MS, f"a task of {max(f['long_ms'])} ms froze the page"
    _shot(page, "network-filtered")
    # reload: the same filters from the URL
    page.reload()
    graph_ready(page)
    assert page.input_value("#f-type") == "ASSAULT" and page.input_value("#f-since") == "2021-01-01"
    assert page.evaluate("() => window.newsgraph.cy.edges().every((e) => e.data('kind') === 'ASSAULT')")
    # back: the view before the filters
    page.go_back()
    page.wait_for_function("() => !location.hash.includes('type=ASSAULT')")
    graph_ready(page)
    assert page.input_value("#f-type") == ""


def test_find_and_expand_an_actor_and_the_keyboard_list(page, base_url):
    page.goto(base_url + "/#/network?top=40")
    graph_ready(page)
    names = page.evaluate("() => window.newsgraph.cy.nodes().map((n) => n.data('name'))")
    target = names[len(names) // 2]
    page.fill("#find-actor", target)
    page.press("#find-actor", "Enter")
    page.wait_for_function(
        "(n) => window.newsgraph.cy.nodes(':selected').map((x) => x.data('name'))[0] === n", arg=target
    )
    before = page.evaluate("() => window.newsgraph.cy.nodes().length")
    page.click("#expand-node")
    page.wait_for_function("() => location.hash.includes('expand=')")
    page.wait_for_function("(b) => window.newsgraph.cy && window.newsgraph.cy.nodes().length > b", arg=before)
    # the expanded actor stays chosen (after its links are drawn)
    page.wait_for_function("() => window.newsgraph.cy.nodes(':selected').length === 1")
    _shot(page, "network-expanded")
    # the list alternative: buttons in the tab order; Enter on one chooses that actor
    first = page.locator("button.list-node").first
    assert first.evaluate("(b) => b.tabIndex") >= 0
    page.focus("#find-actor")
    for _ in range(60):  # Tab from the find box reaches the list
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('list-node')"):
            break
    else:
        pytest.fail("the list of actors is not reachable with Tab")
    chosen = page.evaluate("() => document.activeElement.dataset.node")
    page.keyboard.press("Enter")
    page.wait_for_function("(id) => document.getElementById('node-detail').dataset.node === id", arg=chosen)


def test_timeline_reaches_the_newest_event_with_true_totals(page, base_url, kb_store):
    from newsgraph.kb import read as kb
    from newsgraph.kb.models import FactFilter

    with kb_store.read() as conn:
        newest = kb.facts(conn, FactFilter(category="event"), limit=1)
    page.goto(base_url + "/#/timeline")
    page.wait_for_selector(".pager .count")
    count = page.text_content(".pager .count")
    assert count.endswith(f"of {newest['total']} events"), count
    first = page.locator("article.fact.event").first.get_attribute("data-fact")
    assert first == newest["facts"][0]["id"]
    assert page.locator("#time-axis .bar").count() >= 12
    _shot(page, "timeline")
    # zoom: a bar narrows the window to its year
    page.locator("#time-axis .bar").first.click()
    page.wait_for_function("() => /since=\\d{4}&until=\\d{4}/.test(location.hash)")
    page.wait_for_selector("#zoom-out")
    # the next page
    page.click(".pager .next")
    page.wait_for_function("() => location.hash.includes('offset=50')")


def test_a_contradiction_opens_both_sides_evidence(page, base_url):
    page.goto(base_url + "/#/contradictions")
    page.wait_for_selector(".pager .count")
    total = int(page.get_attribute(".pager .count", "data-total"))
    assert total > 0, "the generated knowledge base has contradictions"
    item = page.locator("li.contradiction").first
    item.locator("summary").click()
    for side in ("a", "b"):
        quote = item.locator(f".side-{side} blockquote.sentence-quote").first
        assert quote.is_visible() and quote.text_content().strip()
    _shot(page, "contradictions")


def test_dossier_sections_jump_links_and_paged_events(page, base_url, kb_store):
    from newsgraph.kb import read as kb

    with kb_store.read() as conn:
        top = kb.actors(conn, limit=1)["actors"][0]
    page.goto(base_url + f"/#/actor/{top.id}")
    page.wait_for_selector("#dossier-events")
    assert page.locator(".jump a").count() == 5
    assert not page.locator("#names-details").evaluate("(d) => d.open"), "sightings stay behind their count"
    height = page.evaluate("() => document.body.scrollHeight")
    assert height < 20000, f"the dossier is {height}px tall"
    page.locator("#dossier-events .pager .next").click()
    page.wait_for_function("() => location.hash.includes('events_offset=25')")
    _shot(page, "dossier")


TOKEN = "workbench-test-token"
# the actor the server answers with for an id (a merged id answers with the actor it was merged into)
ANSWERS_AS = ("(id) => fetch('/api/actors/' + encodeURIComponent(id))"
              ".then((r) => r.json()).then((d) => d.actor.id)")


def _two_people(kb_store):
    from newsgraph.kb import read as kb

    with kb_store.read() as conn:
        return kb.actors(conn, type_="person", limit=12)["actors"][6:8]


def test_split_by_name_with_its_preview_then_merge_and_undo(page, base_url, kb_store):
    a, b = _two_people(kb_store)
    page.goto(base_url + f"/#/actor/{a.id}")
    page.wait_for_selector("#dossier-review")
    page.fill("#review-token", TOKEN)
    page.dispatch_event("#review-token", "change")
    # merge B into A, with a reason
    page.fill("#review-reason", "one person, two spellings (test)")
    page.fill("#merge-others", b.id)
    page.click("#merge-go")
    page.wait_for_selector("#review-msg .ok")
    page.reload()
    page.wait_for_selector("#dossier-review")
    assert b.name in [o.text_content().rsplit(" (", 1)[0] for o in page.locator("#split-name option").all()]
    # split B's name off again: the preview says what moves, nothing changes until confirmed
    page.select_option("#split-name", b.name)
    page.click("#split-preview-go")
    text = page.text_content("#split-preview-text")
    assert "would move to a new actor" in text and not text.startswith("0 ")
    _shot(page, "split-preview")
    page.click("#split-go")
    page.wait_for_selector("#review-msg .ok")
    page.reload()
    page.wait_for_selector("#dossier-review")
    names = [o.text_content().rsplit(" (", 1)[0] for o in page.locator("#split-name option").all()]
    assert b.name not in names, "the split name left the actor"
    # every decision listed with who, when and why; the merge is undone from the list
    page.goto(base_url + "/#/review")
    page.wait_for_selector(".judgement-list")
    merge = page.locator("li.judgement", has_text="merged").first
    assert (
        "why: one person, two spellings (test)" in merge.text_content() and "by web" in merge.text_content()
    )
    _shot(page, "review")
    jid = merge.get_attribute("data-id")
    merge.locator("button.undo").click()
    page.wait_for_selector(f"li.judgement.undone[data-id='{jid}']")
    assert page.evaluate(ANSWERS_AS, b.id) == b.id, "undone: B answers as itself again"


def test_review_merge_from_a_suggestion_and_undo(page, base_url, kb_store):
    import datetime as dt

    from newsgraph.model import Article
    from newsgraph.service import ingest_items

    # two articles written for this test: a surname alone, then the full name: the matcher keeps them
    # apart (a full name never joins a surname-only actor by itself) and suggests the pair instead
    ingest_items(kb_store, [
        Article(text="Clinton spoke to reporters in Paris on Monday about the new trade agreement.",
                title="Trade talks", url="https://example.org/trade-talks", published=dt.date(2024, 3, 4)),
        Article(text="Hillary Clinton arrived in Berlin on Tuesday for talks with the German chancellor.",
                title="Berlin visit", url="https://example.org/berlin-visit", published=dt.date(2024, 3, 5)),
    ])
    page.goto(base_url + "/#/review")
    page.fill("#review-token", TOKEN)
    page.dispatch_event("#review-token", "change")
    page.wait_for_selector("li.suggestion")
    first = page.locator("li.suggestion").first
    sid = first.get_attribute("data-id")
    a, b = (x.get_attribute("data-actor") for x in first.locator("a.actor").all()[:2])
    # what the server answers for each of the pair: a merged id answers with the surviving actor
    answer = ANSWERS_AS
    assert page.evaluate(answer, a) == a and page.evaluate(answer, b) == b
    first.locator("button.accept").click()
    page.wait_for_selector("#review-msg .ok")
    page.wait_for_selector("li.judgement")
    assert page.evaluate(answer, a) == page.evaluate(answer, b), "the accepted pair is one actor"
    assert page.locator(f"li.suggestion[data-id='{sid}']").count() == 0, "accepted: it leaves the queue"
    _shot(page, "suggestion-accepted")
    newest = page.locator("li.judgement").first
    jid = newest.get_attribute("data-id")
    newest.locator("button.undo").click()
    page.wait_for_selector(f"li.judgement.undone[data-id='{jid}']")
    assert page.evaluate(answer, a) == a and page.evaluate(answer, b) == b, "undone: two actors again"
    page.wait_for_selector(f"li.suggestion[data-id='{sid}']")  # and the pair is suggested again
    _shot(page, "suggestion-undone")
