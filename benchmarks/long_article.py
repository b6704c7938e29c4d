"""The cost of the longest article newsgraph takes: time and peak memory of one article of about
1,000,000 characters (spaCy's max_length, newsgraph's MAX_CHARS), extracted and stored.

    .venv/bin/python benchmarks/long_article.py                  # 990,000 characters
    .venv/bin/python benchmarks/long_article.py --chars 200000   # a smaller one, for the slope

The article is generated news prose (newsgraph.scale.corpus: articles joined until the length is
reached), so it is dense with names, as the probe's 990,000-character article with 5,000 names was.
Each run is a fresh process: the peak RSS (ru_maxrss) is the article's, the model's included; the
model alone is measured first and printed, so the article's own share is the difference. One
character more than MAX_CHARS is refused with NG103 before any of this is spent.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chars", type=int, default=990_000)
    args = ap.parse_args()

    from newsgraph.model import Article
    from newsgraph.nlp import Pipeline
    from newsgraph.scale.corpus import generate
    from newsgraph.service import ingest_items
    from newsgraph.service import open_store

    parts, size = [], 0
    for art in generate(10_000, seed=11):
        parts.append(art.text)
        size += len(art.text) + 2
        if size >= args.chars:
            break
    text = "\n\n".join(parts)[:args.chars]
    Pipeline()  # the model, loaded once: its memory is not the article's
    base = rss_mb()
    article = Article(text=text, title="long", origin="long.txt")
    with tempfile.TemporaryDirectory() as d:
        store = open_store(os.path.join(d, "kb.db"))
        t0, c0 = time.perf_counter(), time.process_time()
        report = ingest_items(store, [article])
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        store.close()
    peak = rss_mb()
    print(f"article: {len(text):,} characters, {len(text.split()):,} words; load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"ingest: {report.new} new, {report.failed} failed, {report.entities} entities, "
          f"{report.events} events")
    print(f"time: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"memory: model loaded {base:.0f} MB; peak with the article {peak:.0f} MB (+{peak - base:.0f} MB)")
    sys.exit(0 if report.failed == 0 else 1)


if __name__ == "__main__":
    main()
