"""Nested attribution: "A said that B alleged C" is kept as a chain, outer voice first."""
from __future__ import annotations

from newsgraph.claims import annotate_article
from newsgraph.model import Article


def test_named_speaker_relays_an_unnamed_allegation(nlp):
    text = "Colonel Samir Nasser said that diplomats alleged that the militia had seized the airport."
    (s,) = annotate_article(Article(text=text, publisher="The Ledger"), nlp)
    outer, inner = s["attributions"]
    assert outer["parent"] is None and outer["cue"]["text"] == "said"
    assert outer["source"]["kind"] == "named" and "Nasser" in outer["source"]["speaker"]
    assert inner["parent"] == 0 and inner["cue"]["text"] == "alleged"
    assert inner["source"]["text"] == "diplomats" and inner["source"]["kind"] == "anonymous"
    # the inner content is inside the outer content
    assert outer["content"]["start"] <= inner["content"]["start"] and inner["content"]["end"] <= outer["content"]["end"]
    assert inner["content"]["text"] == "the militia had seized the airport"
    eff = s["effective"]
    assert eff["source"] == "named"
    assert [c["source"] for c in eff["chain"]] == ["anonymous"]
    assert eff["hedged"]  # an allegation


def test_chain_is_stored_with_the_fact(extract):
    ext = extract("Officials in Amman said that Jordanian investigators claimed that the Green Brigades "
                  "had attacked the border post.")
    eff = ext.annotations[0].effective
    assert eff.source == "anonymous"
    assert len(eff.chain) == 1 and eff.chain[0].cue == "claimed"
    top = ext.annotations[0].attributions
    assert len(top) == 1 and [c.cue for c in top[0].chain] == ["claimed"]
