"""Write a generated news corpus to a folder (plain text in the news layout), optionally with wire copies.

    .venv/bin/python benchmarks/corpus.py /tmp/corpus --articles 2000 [--copies 0.1]
    .venv/bin/newsgraph --db /tmp/c.db ingest --workers 2 /tmp/corpus

The generator itself is newsgraph.scale.corpus (also used by benchmarks/run.py and the scale tests).
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsgraph.scale.corpus import generate, to_news_text, wire_copy  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--copies", type=float, default=0.0, help="share of articles also run by another site")
    args = ap.parse_args()
    out = Path(args.folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    n = copies = 0
    for i, art in enumerate(generate(args.articles, args.seed)):
        (out / f"{i:06d}.txt").write_text(to_news_text(art), encoding="utf-8")
        n += 1
        if rng.random() < args.copies:
            (out / f"{i:06d}-copy.txt").write_text(to_news_text(wire_copy(art, rng)), encoding="utf-8")
            copies += 1
    print(f"wrote {n} articles and {copies} wire copies to {out}")


if __name__ == "__main__":
    main()
