"""Hedges: cues with their spans, and whether they hedge the sentence's facts (only when they
govern its main clause)."""
from __future__ import annotations

import pytest

from newsgraph.claims import annotate_article
from newsgraph.model import Article


@pytest.fixture
def one(nlp):
    def run(text: str) -> dict:
        rows = annotate_article(Article(text=text, publisher="The Ledger"), nlp)
        assert len(rows) == 1, [r["text"] for r in rows]
        return rows[0]
    return run


@pytest.mark.parametrize("text, cue", [
    ("The commander is said to have fled to the mountains.", "is said to"),
    ("The two rebel leaders are claimed to have met in secret.", "are claimed to"),
    ("The generals are alleged to have sold the weapons.", "are alleged to"),
    ("The commander reportedly fled to the mountains.", "reportedly"),
    ("The militia allegedly burned the fuel depot.", "allegedly"),
    ("The rebels apparently withdrew from the town.", "apparently"),
    ("The envoy seemingly ignored the warning.", "seemingly"),
    ("The letter was purportedly signed by the president.", "purportedly"),
    ("It is believed that the depot held fuel for the army.", "It is believed"),
    ("Suspected militants attacked the checkpoint.", "Suspected"),
    ("The talks appear to have stalled.", "appear to"),
    ("Both men are viewed as rivals of the chairman.", "are viewed as"),
])
def test_hedge_cue_and_span(one, text, cue):
    s = one(text)
    hedges = [h["text"] for h in s["hedges"]]
    assert cue in hedges, hedges
    h = next(h for h in s["hedges"] if h["text"] == cue)
    assert text[h["start"] - s["start"]:h["end"] - s["start"]] == cue
    assert s["effective"]["hedged"] and s["effective"]["hedge_cue"] == cue


def test_passive_reporting_leaves_the_source_unnamed(one):
    assert one("The minister is said to have resigned.")["effective"]["source"] == "anonymous"


def test_sources_charged_is_an_allegation(one):
    s = one("Local officials charged that the governor had embezzled the reconstruction funds.")
    assert s["effective"]["source"] == "anonymous"
    assert s["effective"]["hedged"] and s["effective"]["hedge_cue"] == "charged that"


@pytest.mark.parametrize("text, cue", [
    ("Despite the alleged bribes, the council approved the budget.", "alleged"),
    ("To apparently calm the markets, the central bank raised interest rates.", "apparently"),
])
def test_hedge_outside_the_main_clause_does_not_hedge_the_sentence(one, text, cue):
    s = one(text)
    assert cue in [h["text"] for h in s["hedges"]]
    assert not s["effective"]["hedged"]


def test_firm_statements_are_not_hedged(one):
    s = one("The army said the convoy reached the city on Friday.")
    assert s["hedges"] == [] and not s["effective"]["hedged"]


def test_what_the_people_acted_on_are_called_does_not_hedge_the_act(one):
    """ "Police arrested suspected militants": the arrest is not in doubt, only what they are called."""
    s = one("Police arrested three suspected militants near the border on Sunday.")
    assert not s["effective"]["hedged"]
