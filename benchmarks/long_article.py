"""The cost of the longest article newsgraph takes: time and peak memory of one article of about
1,000,000 characters (spaCy's max_length, newsgraph's MAX_CHARS), extracted and stored.

    .venv/bin/python benchmarks/long_article.py                  # 990,000 characters
    .venv/bin/python benchmarks/long_article.py --chars 200000   # a smaller one, for the slope

The article is generated news prose (newsgraph.scale.corpus: articles joined until the length is
reached), so it is dense with names, as the probe's 990,000-character article with 5,000 names was.
Each run is a fresh process: the peak RSS (ru_maxrss) is the article's, the model's included; the
model alone is measured first and printed, so the article's own share is the difference. One
character more than MAX_CHARS is refused with NG103 before any of this is spent.

    .venv/bin/python benchmarks/long_article.py --bad-input     # hostile articles, one process each

Bad input: each case is ingested alone in a fresh process (its peak memory is its own) and then all
of them in one batch with a plain article last (the batch must reach it): an article of 50,000
sentences (short ones, under MAX_CHARS), one of 50,000 longer sentences (over MAX_CHARS: refused),
a single sentence of 5,000 tokens, and a text with no letters. Each prints its outcome (stored, or
failed with its error), time and peak memory.
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


BAD_CASES = ("50k_short_sentences", "50k_sentences_over_max_chars", "one_5000_token_sentence", "no_letters")


def bad_text(case: str) -> str:
    """The hostile articles (written here, no corpus text)."""
    if case == "50k_short_sentences":  # about 450,000 characters
        return " ".join(("He left.", "She said no.", "It rained.", "They met.")[i % 4] for i in range(50_000))
    if case == "50k_sentences_over_max_chars":  # about 2,100,000 characters
        return " ".join(f"Officials in district {i} said the convoy arrived on time." for i in range(50_000))
    if case == "one_5000_token_sentence":
        words = ["the", "council", "said", "that", "a", "budget", "was", "approved", "by", "officials", "in"]
        return "The mayor said " + " ".join(words[i % len(words)] for i in range(5000)) + "."
    if case == "no_letters":
        return "1234 5678 !!! ??? 42 -- 3.14 ... %%% 2026\n" * 200
    raise ValueError(case)


def ingest_bad(cases: list[str]) -> None:
    """Ingest the cases (with a plain article last) in one batch in this process and print each outcome."""
    from newsgraph.errors import InputError
    from newsgraph.model import Article
    from newsgraph.nlp import Pipeline
    from newsgraph.service import ingest_items, open_store

    Pipeline()
    base = rss_mb()
    items: list = []
    for case in cases:
        try:
            items.append(Article(text=bad_text(case), title=case, origin=case))
        except InputError as exc:  # refused when read (too long, empty): the reader's outcome
            items.append(exc)
    items.append(Article(text="The senator said on Monday that the bill would pass.", title="plain",
                         origin="plain"))
    with tempfile.TemporaryDirectory() as d:
        store = open_store(os.path.join(d, "kb.db"))
        t0 = time.perf_counter()
        report = ingest_items(store, items)
        wall = time.perf_counter() - t0
        store.close()
    print(f"  {'+'.join(cases)}: {report.new} stored, {report.failed} failed, {report.events} events; "
          f"{wall:.1f} s; memory +{rss_mb() - base:.0f} MB over the model ({base:.0f} MB)")
    for err in report.errors:
        print(f"    error: {err[:160]}")


def bad_input() -> None:
    import subprocess

    print(f"load average {os.getloadavg()[0]:.1f}")
    for case in [*BAD_CASES, ",".join(BAD_CASES)]:
        subprocess.run([sys.executable, __file__, "--one-bad", case], check=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chars", type=int, default=990_000)
    ap.add_argument("--bad-input", action="store_true")
    ap.add_argument("--one-bad", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.bad_input:
        return bad_input()
    if args.one_bad:
        return ingest_bad(args.one_bad.split(","))

    from newsgraph.model import Article
    from newsgraph.nlp import Pipeline
    from newsgraph.scale.corpus import generate
    from newsgraph.service import ingest_items, open_store

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
