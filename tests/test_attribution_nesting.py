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
    # (annotate also lists PolNeAR's wider cues, such as a verb of judging in the claim: one "said")
    top = [a for a in ext.annotations[0].attributions if a.cue == "said"]
    assert len(top) == 1 and [c.cue for c in top[0].chain] == ["claimed"]


def _ctx(nlp, text):
    from newsgraph.nlp import actors, attribution, time
    from newsgraph.nlp.context import ArticleContext
    from newsgraph.nlp.pipeline import prepare

    ctx = ArticleContext(article=Article(text=text, publisher="The Ledger"), doc=nlp(prepare(text)))
    for stage in (actors, time, attribution):
        stage.run(ctx)
    return ctx


def test_speech_act_is_told_by_the_voice_around_it(nlp):
    from newsgraph.nlp.attribution import attribution_for

    ctx = _ctx(nlp, "Hezbollah denied that its fighters had attacked the base.")
    denied = next(t for t in ctx.doc if t.lower_ == "denied")
    attacked = next(t for t in ctx.doc if t.lower_ == "attacked")
    assert ctx.attribution_of(0).source == "named"                 # the attack: Hezbollah's word
    assert attribution_for(ctx, 0, attacked).source == "named"
    assert attribution_for(ctx, 0, denied).source == "reporter"    # the denial: reported by the outlet

    ctx = _ctx(nlp, "Two officials said that Hezbollah denied that its fighters had attacked the base.")
    denied = next(t for t in ctx.doc if t.lower_ == "denied")
    assert attribution_for(ctx, 0, denied).source == "anonymous"   # the denial: per the officials
