"""Carry-over: the voice of a paragraph stays with the sentences that continue it, and ends when
the voice changes (a new paragraph, a new speaker, the outlet's own present-tense background)."""
from __future__ import annotations

from newsgraph.claims import annotate_article
from newsgraph.model import Article

ARTICLE = """Speaking on condition of anonymity, two officials told The Ledger that the minister met the rebel commander in March. They are also said to have discussed a prisoner exchange. The meeting took place at a farm outside the capital. The capital is now under a night curfew.

The ministry held a briefing on Monday.

According to a senior aide, the envoy flew to Muscat in April. He returned two days later. Mayor Leila Hamdan said the airport had been closed for a week."""


def voices(nlp):
    rows = annotate_article(Article(text=ARTICLE, publisher="The Ledger"), nlp)
    return [(r["effective"]["source"], r["effective"]["carried"], r["effective"]["hedged"]) for r in rows], rows


def test_carry_over_and_its_end(nlp):
    got, rows = voices(nlp)
    assert len(rows) == 8, [r["text"] for r in rows]
    assert got[0] == ("anonymous", False, False)           # two officials told The Ledger that ...
    assert got[1] == ("anonymous", True, True)             # They are also said to ...: same sources, hedged
    assert rows[1]["effective"]["source_text"] == "two officials"
    assert got[2] == ("anonymous", True, False)            # continues the account
    assert got[3][0] == "reporter"                         # the outlet's present-tense background
    assert got[4][0] == "reporter"                         # a new paragraph
    assert got[5] == ("anonymous", False, False)           # According to a senior aide
    assert got[6] == ("anonymous", True, False)            # He returned ...: carried
    assert got[7][0] == "named" and not got[7][1]           # a new voice
    assert "Hamdan" in rows[7]["effective"]["speaker"]


def test_carried_voice_points_at_its_cue(nlp):
    _, rows = voices(nlp)
    assert rows[2]["attributions"] == []  # nothing explicit in the sentence itself
    assert rows[2]["effective"]["cue"] == "told"


def test_facts_carry_the_carried_voice(extract):
    ext = extract(ARTICLE.split("\n\n")[0])
    eff = [a.effective for a in ext.annotations]
    assert [e.source for e in eff[:3]] == ["anonymous"] * 3 and eff[2].carried
    for fact in [*ext.roles, *ext.ties, *ext.events]:
        if fact.sentence < 3:
            assert fact.attribution.source == "anonymous", fact


def test_named_speaker_does_not_carry(nlp):
    text = ("Mayor Leila Hamdan said the airport had been closed for a week. Flights resumed on Sunday "
            "after repairs to the runway.")
    rows = annotate_article(Article(text=text, publisher="The Ledger"), nlp)
    assert [r["effective"]["source"] for r in rows] == ["named", "reporter"]


def effective(nlp, text: str, **meta) -> list[dict]:
    return [r["effective"] for r in annotate_article(Article(text=text, **meta), nlp)]


def test_according_to_a_named_source_carries_over(nlp):
    """ "According to X" frames what follows as X's account, named or not; "X said" does not."""
    got = effective(nlp, "According to the Ruritanian army, hundreds of fighters crossed the river in the night. "
                         "They burned two villages. The river marks the border.")
    assert got[0]["source"] == "named" and not got[0]["carried"]
    assert got[1]["source"] == "named" and got[1]["carried"] and got[1]["cue"] == "According to"
    assert got[2]["source"] == "reporter"  # the reporter's present-tense background ends it


def test_a_present_tense_stance_does_not_carry(nlp):
    got = effective(nlp, "Activists claim the governor did little to stop the riots. "
                         "Last week a court jailed nine men over the killings.")
    assert got[0]["source"] == "anonymous"
    assert got[1]["source"] == "reporter" and not got[1]["carried"]
