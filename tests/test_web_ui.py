"""The web UI in a real browser (Debian's Chromium driven by Playwright) over the served seed knowledge base
(plus two hand-written articles: one with hedged statements between named actors, one with markup in its
title and body). Screenshots go to test-artifacts/."""
from __future__ import annotations

import pytest

from .web_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, HEDGED_ARTICLE, XSS_ARTICLE, ingest_texts, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser)")]


@pytest.fixture(scope="module")
def web_store(tmp_path_factory, pipeline):
    from newsgraph.service import ingest_paths
    from newsgraph import open_store

    from .conftest import SEED

    folder = tmp_path_factory.mktemp("web")
    store = open_store(str(folder / "kb.db"))
    assert ingest_paths(store, [str(SEED)]).new == 1
    ingest_texts(store, folder / "articles", {"hedged.txt": HEDGED_ARTICLE, "markup.txt": XSS_ARTICLE})
    yield store
    store.close()


@pytest.fixture(scope="module")
def base_url(web_store):
    from newsgraph.api import create_app
    from newsgraph.api.app import CYTOSCAPE

    if not CYTOSCAPE.is_file():
        pytest.fail("Cytoscape.js is not installed: run `make web-deps`")
    with serve(create_app(web_store)) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        pg.set_default_timeout(30_000)
        pg.problems = []
        pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
        pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
        yield pg
        browser.close()


def _graph(page) -> dict:
    page.wait_for_selector("#graph-status[data-edges]")
    page.wait_for_function("() => window.newsgraph.cy && window.newsgraph.cy.nodes().length > 0")
    return page.evaluate("""() => {
        const cy = window.newsgraph.cy;
        return {nodes: cy.nodes().length, edges: cy.edges().length,
                shown: Number(document.getElementById('graph-status').dataset.edges)};
    }""")


def test_web_graph_renders_and_a_click_on_a_node_opens_its_dossier(page, base_url):
    page.goto(base_url + "/#/network")
    g = _graph(page)
    assert g["nodes"] > 5 and g["edges"] > 5
    # the view settles first (a fit or zoom animation moves the nodes under the pointer on a busy machine)
    page.wait_for_function("""() => new Promise((done) => {
        const cy = window.newsgraph.cy;
        const view = () => JSON.stringify([cy.pan(), cy.zoom(), cy.animated()]);
        const first = view();
        setTimeout(() => done(!cy.animated() && view() === first), 400);
    })""", polling=500)
    page.screenshot(path=str(ARTIFACTS / "web-network.png"))
    # a node that no other node covers or comes near, most prominent first
    target = page.evaluate("""() => {
        const cy = window.newsgraph.cy;
        const box = cy.container().getBoundingClientRect();
        const nodes = cy.nodes().sort((a, b) => b.data('prominence') - a.data('prominence'));
        for (const n of nodes) {
            const p = n.renderedPosition();
            const covered = cy.nodes().some((m) => {
                if (m.id() === n.id()) return false;
                // cytoscape picks the topmost element within a few pixels of the pointer: keep clear of them
                const bb = m.renderedBoundingBox({includeLabels: false}), near = 10;
                return p.x >= bb.x1 - near && p.x <= bb.x2 + near && p.y >= bb.y1 - near && p.y <= bb.y2 + near;
            });
            const x = box.left + p.x, y = box.top + p.y;
            // visible to the pointer: inside the view, and no panel or legend drawn over it
            const onTop = document.elementFromPoint(x, y);
            if (!covered && p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height
                && onTop && cy.container().contains(onTop))
                return {id: n.id(), label: n.data('name'), x, y};
        }
        return null;
    }""")
    assert target, "some node can be clicked"
    page.mouse.click(target["x"], target["y"])  # a click chooses the node: its links, then the dossier
    page.wait_for_selector(f"#node-detail[data-node='{target['id']}']", state="attached")
    page.click("#node-detail a[href^='#/actor/']")
    page.wait_for_selector(f".dossier[data-actor='{target['id']}']")
    assert page.text_content("#dossier-name") == target["label"]
    assert page.locator("table.names tbody tr").count() >= 1
    assert page.locator(".fact").count() >= 1, "a node with edges has facts in its dossier"
    page.screenshot(path=str(ARTIFACTS / "web-dossier.png"), full_page=True)


def test_web_evidence_sentence_is_highlighted_in_the_document(page, base_url):
    page.goto(base_url + "/#/network")
    _graph(page)
    actor = page.evaluate("() => window.newsgraph.cy.nodes().sort((a, b) => b.degree() - a.degree())[0].id()")
    page.goto(base_url + f"/#/actor/{actor}")
    link = page.locator(".fact .evidence-link").first
    quote = page.locator(".fact .evidence .sentence-quote").first.text_content()
    link.click()
    page.wait_for_selector("#doc-text .sentence.selected")
    selected = page.locator("#doc-text .sentence.selected")
    assert selected.count() == 1
    assert selected.text_content().strip() == quote.strip()
    assert selected.is_visible()
    assert page.locator("#doc-text a.mention").count() > 0, "mentions are highlighted"
    assert page.locator("#doc-text .sentence.has-fact").count() > 0, "facts are highlighted"
    page.screenshot(path=str(ARTIFACTS / "web-document.png"))


def _apply(page, before: int | None = None) -> None:
    page.click("#apply-filters")
    page.wait_for_selector("#graph-status[data-edges]")


def test_web_hide_hedged_and_type_filters_apply_together(page, base_url):
    page.goto(base_url + "/#/network")
    before = _graph(page)
    page.select_option("#f-hedged", "false")
    page.select_option("#f-type", "role")
    _apply(page)
    page.wait_for_function("() => location.hash.includes('hedged=false') && location.hash.includes('type=role')")
    page.wait_for_function("() => window.newsgraph.cy && window.newsgraph.cy.edges().length > 0")
    kinds = page.evaluate("() => [...new Set(window.newsgraph.cy.edges().map((e) => e.data('category')))]")
    assert kinds == ["role"]
    assert page.evaluate("() => window.newsgraph.cy.edges().length") < before["edges"]
    page.screenshot(path=str(ARTIFACTS / "web-network-filtered.png"))
    # as of a date before any dated article was published: nothing is known
    page.click("#reset-filters")
    page.wait_for_function("() => !location.hash.includes('type=')")
    _graph(page)
    page.fill("#f-asof", "2000-01-01")
    _apply(page)
    page.wait_for_function("() => location.hash.includes('as_of=2000-01-01')")
    page.wait_for_function("(n) => Number(document.getElementById('graph-status').dataset.edges) < n",
                           arg=before["edges"])  # undated facts stay (nothing says when they were known)


def test_web_timeline_and_search(page, base_url):
    page.goto(base_url + "/#/timeline")
    page.wait_for_selector(".timeline .fact")
    assert page.locator(".period").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "web-timeline.png"))
    page.fill("#search-input", "tariffs copper")
    page.press("#search-input", "Enter")
    page.wait_for_selector(".search-results")
    hits = page.locator(".sentence-hits li")
    assert hits.count() == 1 and "threatened" in hits.first.text_content()
    assert page.locator(".sentence-hits mark.hit").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "web-search.png"))



def test_web_a_total_that_is_only_a_lower_bound_reads_at_least(page, base_url):
    """When the API can only bound a total (total_exact false: a search past its count cap, a timeline
    filtered by confidence), the page says "at least M" and keeps "next" open, never "N of M"."""
    def bounded(route):
        body = route.fetch().json()
        body["sentences_total"], body["sentences_total_exact"] = 10_000, False
        route.fulfill(json=body)

    page.route("**/api/search?*", bounded)
    try:
        page.goto(base_url + "/#/timeline")  # away from any search page drawn before
        page.wait_for_selector(".timeline")
        with page.expect_response("**/api/search?*"):
            page.goto(base_url + "/#/search/copper%20tariffs")
        page.wait_for_function("() => (document.querySelector('.search-results q') || {}).textContent === 'copper tariffs'")
        heading = page.locator(".search-results h3", has_text="Sentences").text_content()
        assert "of at least 10000" in heading, heading
        count = page.locator(".search-results .pager .count")
        assert "of at least 10000 hits" in count.text_content() and count.get_attribute("data-total-exact") == "false"
        assert page.locator(".search-results .pager .next").is_enabled()
    finally:
        page.unroute("**/api/search?*")
    with page.expect_response("**/api/search?*"):
        page.goto(base_url + "/#/search/tariffs%20copper")  # the true total: no "at least"
    page.wait_for_function("() => (document.querySelector('.search-results q') || {}).textContent === 'tariffs copper'")
    assert "at least" not in page.locator(".search-results").text_content()
    assert page.locator(".search-results .pager .count").get_attribute("data-total-exact") == "true"


def test_web_markup_in_articles_is_shown_as_text(page, base_url):
    def no_markup_ran():
        assert page.evaluate("() => window.__xss") is None
        assert page.locator("#view img, #view script, #view iframe").count() == 0

    page.goto(base_url + "/#/documents")
    page.wait_for_selector(".documents li")
    assert page.locator(".documents", has_text="<script>window.__xss=1</script>").count() == 1
    no_markup_ran()
    page.locator(".documents a", has_text="<img src=x").click()
    page.wait_for_selector("#doc-title")
    assert "<script>window.__xss=1</script>" in page.text_content("#doc-title")
    assert '<img src=x onerror="window.__xss=3">' in page.text_content("#doc-text")
    no_markup_ran()
    page.screenshot(path=str(ARTIFACTS / "web-markup-as-text.png"))
    page.locator("#doc-text a.mention", has_text="Holm").first.click()
    page.wait_for_selector(".dossier")
    assert "<script>window.__xss=4</script>" in page.text_content(".dossier")
    no_markup_ran()
    page.goto(base_url + "/#/search/" + "window.__xss")
    page.wait_for_selector(".search-results")
    no_markup_ran()
    page.goto(base_url + "/#/timeline")
    page.wait_for_selector(".timeline .fact")
    no_markup_ran()


def test_web_report_shows_markup_as_text_in_the_browser(page, web_store, tmp_path):
    from newsgraph.report import write_report

    path = write_report(web_store, "Lars Holm", tmp_path / "holm.html")
    page.goto(path.as_uri())
    page.wait_for_selector("h1")
    assert page.text_content("h1") == "Lars Holm"
    assert "<script>window.__xss=4</script>" in page.text_content("body")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img, script, iframe").count() == 0
    page.screenshot(path=str(ARTIFACTS / "report-markup-as-text.png"), full_page=True)


def test_web_page_has_no_script_errors(page):
    problems = [p for p in page.problems if "favicon" not in p]
    assert problems == []
