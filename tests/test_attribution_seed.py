"""End to end on the seed: the per-sentence attribution of each gold event's evidence sentence
(independent of whether the event stage finds the event) against the gold reading."""
from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

from .conftest import SEED, SHARED
from newsgraph.claims import annotate_article
from newsgraph.ingest import read_paths


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(dict.fromkeys(map(ord, "’‘'`´ʼ“”\"()."), None))
    return " ".join(re.sub(r"[\u2010-\u2015\u2212\-_/]+", " ", text).casefold().split())


@pytest.fixture(scope="module")
def seed_rows(nlp):
    (article,) = list(read_paths([str(SEED)]))
    return annotate_article(article, nlp)


def test_gold_events_attribution_per_sentence(seed_rows):
    gold = yaml.safe_load((SHARED / "eval" / "seed_gold.yaml").read_text(encoding="utf-8"))
    judged = src_ok = hedge_ok = 0
    for ge in gold["events"]:
        if ge.get("optional"):
            continue
        want = norm(ge["evidence"])
        row = next((r for r in seed_rows if want in norm(r["text"])), None)
        assert row is not None, ge["id"]
        judged += 1
        src_ok += row["effective"]["source"] == ge["attribution"]["source"]
        hedge_ok += row["effective"]["hedged"] == bool(ge["attribution"]["hedged"])
    assert judged == 20
    assert src_ok / judged >= 0.9
    assert hedge_ok / judged >= 0.9


def test_seed_voices(seed_rows):
    learned = next(r for r in seed_rows if "Amwaj.media has learned" in r["text"])
    assert learned["effective"]["source"] == "reporter"
    charged = next(r for r in seed_rows if "other informed sources charged" in r["text"])
    assert charged["effective"]["source"] == "anonymous" and charged["effective"]["hedge_cue"] == "charged that"
    met = next(r for r in seed_rows if r["text"].startswith("They are also said to have met"))
    assert met["effective"]["carried"] and met["effective"]["source_text"] == "multiple sources"
