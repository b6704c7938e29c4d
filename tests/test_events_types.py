"""Each PLOVER type is found, with its source and target, in sentences written for the tests."""
from __future__ import annotations

import pytest

from newsgraph.model import PLOVER_TYPES

from .conftest import actor_named

# (sentence, type, a source name, a target name or None)
CASES = [
    ("Jordan and Egypt signed a trade agreement in Amman.", "AGREE", "Jordan", None),
    ("Iraq agreed to release the detained journalists.", "AGREE", "Iraq", None),
    ("King Abdullah met Egyptian President Abdel Fattah el-Sisi in Cairo on Monday.", "CONSULT", "Abdullah",
     "Abdel Fattah el-Sisi"),
    ("Iran hosted a delegation from Hamas in Tehran.", "CONSULT", "Iran", "Hamas"),
    ("The European Union praised Tunisia for holding peaceful elections.", "SUPPORT", "European Union", "Tunisia"),
    ("Russia backed Syria's bid to rejoin the Arab League.", "SUPPORT", "Russia", "Syria"),
    ("Israel released 30 Palestinian prisoners on Sunday.", "CONCEDE", "Israel", None),
    ("Egypt lifted the curfew in Cairo.", "CONCEDE", "Egypt", None),
    ("France and Germany coordinated their response to the crisis.", "COOPERATE", "France", "Germany"),
    ("Jordan shared intelligence with Saudi Arabia about the smuggling network.", "COOPERATE", "Jordan",
     "Saudi Arabia"),
    ("Qatar funded the reconstruction of hospitals in Gaza.", "AID", "Qatar", None),
    ("The United States supplied Ukraine with air defence systems.", "AID", "United States", "Ukraine"),
    ("Russia withdrew its troops from Kherson.", "RETREAT", "Russia", None),
    ("The Houthis declared a unilateral ceasefire in Yemen.", "RETREAT", "Houthis", None),
    ("The United Nations urged Israel to allow aid into Gaza.", "REQUEST", "United Nations", "Israel"),
    ("Turkey called on Sweden to extradite the suspects.", "REQUEST", "Turkey", "Sweden"),
    ("Iran accused Israel of sabotaging its nuclear facility.", "ACCUSE", "Iran", "Israel"),
    ("Amnesty International condemned Egypt for the mass arrests.", "ACCUSE", "Amnesty International", "Egypt"),
    ("Hamas rejected the Egyptian proposal for a truce.", "REJECT", "Hamas", None),
    ("Iraq refused to hand over the suspects to Turkey.", "REJECT", "Iraq", "Turkey"),
    ("North Korea threatened to strike the United States.", "THREATEN", "North Korea", "United States"),
    ("Hezbollah warned Israel against any attack on Lebanon.", "THREATEN", "Hezbollah", "Israel"),
    ("Thousands of demonstrators in Baghdad protested against the government.", "PROTEST", "Baghdad", None),
    ("Workers in Tunisia went on strike over unpaid wages.", "PROTEST", "Tunisia", None),
    ("Morocco cut ties with Iran.", "SANCTION", "Morocco", "Iran"),
    ("The European Union imposed sanctions on Russia.", "SANCTION", "European Union", "Russia"),
    ("Israel mobilised 300,000 reservists along the border with Lebanon.", "MOBILIZE", "Israel", None),
    ("Russia deployed troops to Belarus.", "MOBILIZE", "Russia", "Belarus"),
    ("Iran seized a British oil tanker in the Strait of Hormuz.", "COERCE", "Iran", None),
    ("Egyptian police arrested dozens of activists in Cairo.", "COERCE", None, None),
    ("The Houthis fired missiles at Saudi Arabia.", "ASSAULT", "Houthis", "Saudi Arabia"),
    ("Israeli jets bombed Hamas positions in Gaza.", "ASSAULT", None, "Hamas"),
]


def test_events_types_every_type_has_two_cases():
    counts = {t: sum(1 for c in CASES if c[1] == t) for t in PLOVER_TYPES}
    assert all(n >= 2 for n in counts.values()), counts


def _names(ext, keys):
    return {n for k in keys for n in ext.actor(k).alias_names()}


@pytest.mark.parametrize("text,ptype,source,target", CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_events_types_sentence(extract, text, ptype, source, target):
    ext = extract(text)
    events = [e for e in ext.events if e.type == ptype]
    assert events, [(e.type, e.trigger.text if e.trigger else None) for e in ext.events]
    ev = events[0]
    assert not ev.negated
    assert ev.cameo, "every event carries its CAMEO root"
    assert ev.trigger is not None and ev.trigger.text in text
    assert ev.sentence == 0
    assert ev.source, "an event needs someone acting"
    if source:
        assert source in _names(ext, ev.source)
    if target:
        assert target in _names(ext, ev.target)


def test_events_types_cameo_roots_follow_the_taxonomy(extract):
    ext = extract("Russia deployed troops to Belarus. North Korea threatened to strike the United States.")
    by_type = {e.type: e.cameo for e in ext.events}
    assert by_type["MOBILIZE"] == "15"
    assert by_type["THREATEN"] == "13"
    ext = extract("Jordan and Egypt signed a trade agreement. Russia withdrew its troops from Kherson.")
    by_type = {e.type: e.cameo for e in ext.events}
    assert by_type["AGREE"] == "05"  # sign a formal agreement: CAMEO 057, root 05
    assert by_type["RETREAT"] == "087"


def test_events_types_lexicon_covers_all_sixteen():
    from newsgraph.nlp.events import lexicon

    lex = lexicon()
    types = {c.type for c in lex.verbs.values()} | {c.type for c in lex.nouns.values()} | \
        {c.type for _, c in lex.phrases}
    assert types == set(PLOVER_TYPES)
    # multiword cues the news uses
    phrases = {" ".join(w) for w, _ in lex.phrases}
    for p in ("hold talk", "call on", "cut tie", "fire at", "express gratitude", "lock in escalation"):
        assert p in phrases, p


def test_events_types_no_event_without_an_actor(extract):
    ext = extract("The weather improved and the talks were postponed.")
    assert ext.events == []


def test_events_types_sentence_and_actor_named(extract):
    ext = extract("The Houthis fired missiles at Saudi Arabia.")
    assert actor_named(ext, "Houthis") is not None
