"""Poll 50 local feeds holding 2,000 items; print items/s and the alert latency after ingest.

    .venv/bin/python benchmarks/watch_bench.py [--feeds 50] [--items 2000] [--workers 1]

Everything is served from 127.0.0.1 (a threaded http.server in this process); nothing leaves the machine.
The articles are newsgraph.scale.corpus's generated stories cut to their first sentences (short, so the
NLP, which does run, does not hide the feed machinery). Three polls:

1. the feeds with 80 % of their items: every page fetched, read and ingested (items/s);
2. after watching the five most mentioned people, the feeds with all their items: the new 20 % ingested,
   then the alert diff; the alert latency is the time from the end of that ingest to the alerts stored;
3. nothing changed: every feed answers 304 (the cost of a quiet poll).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.watch_support import article_html, rss, serve_site  # noqa: E402

from newsgraph.scale.corpus import generate  # noqa: E402


def short(text: str, sentences: int = 4) -> list[str]:
    parts = [p for p in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if p]
    return parts[:sentences]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--db", default=None, help="store (default: a new SQLite file in a temporary folder)")
    args = ap.parse_args()

    from newsgraph import open_store
    from newsgraph.nlp import load_model
    from newsgraph.store import queries
    from newsgraph.watch.alerts import refresh, watch
    from newsgraph.watch.feeds import add_feed, poll
    from newsgraph.watch.fetch import Fetcher

    load_model()  # loaded once before the clock starts, as a long-running `watch` has it
    db = args.db or str(Path(tempfile.mkdtemp(prefix="watchbench")) / "kb.db")
    store = open_store(db)
    per_feed = args.items // args.feeds
    arts = list(generate(per_feed * args.feeds, seed=11))
    with serve_site() as site:
        feeds: list[list[dict]] = [[] for _ in range(args.feeds)]
        for n, art in enumerate(arts):
            path = f"/story/{n}"
            site.put(
                path,
                article_html(
                    art.title or f"Story {n}",
                    short(art.text),
                    date=(art.published.isoformat() if art.published else "2026-11-30"),
                ),
            )
            feeds[n % args.feeds].append({"title": art.title or f"Story {n}", "link": site.url(path)})

        def publish(share: float) -> int:
            total = 0
            for i, items in enumerate(feeds):
                k = round(len(items) * share)
                site.put(f"/feed/{i}.rss", rss(f"Outlet {i}", items[:k]), content_type="application/rss+xml")
                total += k
            return total

        for i in range(args.feeds):
            add_feed(store, site.url(f"/feed/{i}.rss"), f"Outlet {i}")
        with Fetcher(host_delay=0.0) as fetcher:
            n1 = publish(0.8)
            t = time.perf_counter()
            r1 = poll(store, fetcher=fetcher, workers=args.workers)
            d1 = time.perf_counter() - t

            with store.read() as conn:
                people = [e for e in queries.entities(conn, with_mentions=False) if e["type"] == "person"]
            people.sort(key=lambda e: -e["mention_count"])
            for e in people[:5]:
                watch(store, e["id"], "bench")

            n2 = publish(1.0) - n1
            t = time.perf_counter()
            r2 = poll(store, fetcher=fetcher, workers=args.workers)
            ingested = time.perf_counter()
            alerts = refresh(store)
            d2, latency = ingested - t, time.perf_counter() - ingested

            t = time.perf_counter()
            r3 = poll(store, fetcher=fetcher)
            d3 = time.perf_counter() - t
        requests = sum(site.hits.values())
    total = r1.new + r2.new
    print(f"feeds {args.feeds}, items {n1 + n2} ({n1} then {n2}), workers {args.workers}, store {db}")
    print(
        f"poll 1: {r1.new} items ingested in {d1:.1f} s = {r1.new / d1:.1f} items/s "
        f"({r1.failed_items} item failures, {r1.failed_feeds} feed failures)"
    )
    print(
        f"poll 2: {r2.new} items ingested in {d2:.1f} s = {r2.new / d2:.1f} items/s; "
        f"{len(alerts)} alerts for 5 watched people; alert latency after ingest {latency:.2f} s"
    )
    print(
        f"poll 3 (nothing new): {sum(f.status == 'not-modified' for f in r3.feeds)} of {len(r3.feeds)} feeds "
        f"answered 304 in {d3:.2f} s"
    )
    print(
        f"overall: {total} items in {d1 + d2:.1f} s = {total / (d1 + d2):.1f} items/s; "
        f"{requests} HTTP requests"
    )
    store.close()


if __name__ == "__main__":
    main()
