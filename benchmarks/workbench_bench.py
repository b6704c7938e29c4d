"""The workbench's network in a real browser (issue 17): how soon it is usable and the longest task
that blocks the page, when it opens and when a filter is applied, over a generated knowledge base.

    PYTHONPATH=src .venv/bin/python benchmarks/workbench_bench.py --articles 2000 --runs 5

1. builds (or reuses: test-artifacts/kb<N>.db is the cache the browser tests share) a knowledge base of
   N generated articles through the store's write path (``benchmarks/kb_generate.py``);
2. starts ``newsgraph serve`` on 127.0.0.1 and asks for the default network once (a served workbench is
   warm);
3. opens the network RUNS times in Debian's Chromium, each in a new page: seconds until it is usable
   and every long task (PerformanceObserver) until the page has been quiet for a second; then applies a
   filter (type ASSAULT since 2021) and measures the same;
4. prints each run, then the median and the worst against the targets (usable within 3 s, no long task
   over 200 ms), with the machine's load. Exit code 1 when the median run misses a target.

The long tasks depend on what else the machine runs (on 2 shared cores the same page measures 150 ms
idle and 205 ms under a test suite), so the targets are judged here, on the median of several runs,
and the browser tests only guard against a page that freezes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))

from tests.web_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the browser the UI tests drive)

READY_S = 3.0  # the network is usable within this many seconds
LONG_TASK_MS = 200  # and no task blocks the page for longer

# every long task the page runs, from before the first script (PerformanceObserver, buffered)
WATCH_LONG_TASKS = """
window.__long = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
  .observe({ type: "longtask", buffered: true });
"""

# the page is quiet: no long task for a second (the drawing and any texture work after it are over)
SETTLED = """() => new Promise((done) => {
    const count = window.__long.length;
    setTimeout(() => done(window.__long.length === count), 1000);
})"""

# the filtered network is drawn: every link is of the chosen type
FILTERED = (
    "() => window.newsgraph.cy && document.querySelector('#graph-status[data-edges]') && "
    "window.newsgraph.cy.edges().length > 0 && "
    "window.newsgraph.cy.edges().every((e) => e.data('kind') === 'ASSAULT')"
)


def graph_ready(page) -> dict:
    """Waits until the network is drawn; its node and link counts."""
    page.wait_for_selector("#graph-status[data-edges]")
    page.wait_for_function("() => window.newsgraph.cy && window.newsgraph.cy.nodes().length > 0")
    return page.evaluate("""() => ({nodes: window.newsgraph.cy.nodes().length,
                                   edges: window.newsgraph.cy.edges().length})""")


def long_tasks_until_settled(page) -> list[int]:
    """Every long task (ms) since the measurement started, once the page has been quiet for a second."""
    page.wait_for_function(SETTLED, polling=100, timeout=30_000)
    return [round(x) for x in page.evaluate("() => window.__long")]


def open_network(page, base_url: str) -> dict:
    """Opens the network view in a page that watches long tasks (WATCH_LONG_TASKS as an init script):
    seconds since the navigation started until it is usable, its size, and the long tasks (ms)."""
    page.goto(base_url + "/#/network")
    g = graph_ready(page)
    ready = page.evaluate("() => performance.now()") / 1000
    return {"ready_s": ready, "long_ms": long_tasks_until_settled(page), **g}


def apply_filter(page) -> dict:
    """Chooses type ASSAULT since 2021 in the open network view and presses Apply: seconds until the
    filtered network is drawn, and the long tasks (ms) meanwhile."""
    page.evaluate("() => { window.__long = []; }")
    page.select_option("#f-type", "ASSAULT")
    page.fill("#f-since", "2021-01-01")
    t0 = page.evaluate("() => performance.now()")
    page.click("#apply-filters")
    page.wait_for_function(
        "() => location.hash.includes('type=ASSAULT') && location.hash.includes('since=2021-01-01')"
    )
    page.wait_for_function(FILTERED)
    ready = (page.evaluate("() => performance.now()") - t0) / 1000
    return {"ready_s": ready, "long_ms": long_tasks_until_settled(page)}


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def verdict(name: str, runs: list[dict]) -> bool:
    ready = [r["ready_s"] for r in runs]
    longest = [max(r["long_ms"], default=0) for r in runs]
    med_ready, med_long = statistics.median(ready), statistics.median(longest)
    ok = med_ready <= READY_S and med_long <= LONG_TASK_MS
    print(f"{name:<16} usable after median {med_ready:.2f} s (worst {max(ready):.2f}; target {READY_S} s) · "
          f"longest task median {med_long:.0f} ms (worst {max(longest)}; target {LONG_TASK_MS} ms) · "
          f"{'met' if ok else 'MISSED'}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path, help="the store (default test-artifacts/kb<N>.db, built when missing)")
    a = ap.parse_args()
    if a.runs < 1:
        sys.exit("--runs must be 1 or more")
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is not installed (make browser)")
    from kb_generate import ensure
    from load_test import free_port, start_server
    from playwright.sync_api import sync_playwright

    db = a.db or ROOT / "test-artifacts" / f"kb{a.articles}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    ensure(db, a.articles)
    took = time.perf_counter() - t0
    print(f"knowledge base of {a.articles} generated articles ready in {took:.1f} s: {db}")
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    opened: list[dict] = []
    filtered: list[dict] = []
    try:
        httpx.get(base + "/api/network", params={"top": 150}, timeout=300).raise_for_status()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for i in range(a.runs):
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.set_default_timeout(60_000)
                page.add_init_script(WATCH_LONG_TASKS)
                o = open_network(page, base)
                f = apply_filter(page)
                page.close()
                opened.append(o)
                filtered.append(f)
                print(f"run {i + 1}: opened ({o['nodes']} nodes, {o['edges']} links) usable after "
                      f"{o['ready_s']:.2f} s, long tasks {o['long_ms']}; filtered usable after "
                      f"{f['ready_s']:.2f} s, long tasks {f['long_ms']}; load {load()}")
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    ok = verdict("network opened", opened) & verdict("filter applied", filtered)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
