"""Standing ties from explicit statements: each kind, its direction and its evidence."""
from __future__ import annotations

import pytest


def ties_named(ext):
    name = {a.key: a.name for a in ext.actors}
    return {(t.kind, name[t.source], name[t.target]) for t in ext.ties}


@pytest.mark.parametrize("text,expected", [
    ("The Badr Organization is a member of the Popular Mobilization Units.",
     ("member_of", "Badr Organization", "Popular Mobilization Units")),
    ("Hamas, a member of the Muslim Brotherhood, won the vote.",
     ("member_of", "Hamas", "Muslim Brotherhood")),
    ("The Quds Force is part of the Islamic Revolutionary Guard Corps.",
     ("part_of", "Quds Force", "Islamic Revolutionary Guard Corps")),
    ("Hezbollah is allied with Iran.", ("ally_of", "Hezbollah", "Iran")),
    ("Fatah and Hamas are rivals.", ("rival_of", "Fatah", "Hamas")),
    ("Kataib Hezbollah, an Iran-backed militia, attacked the base.", ("sponsor_of", "Iran", "Kataib Hezbollah")),
    ("The Houthis, who are funded and armed by Iran, fired missiles at Israel.", ("sponsor_of", "Iran", "Houthis")),
    ("Iran funds Hezbollah.", ("sponsor_of", "Iran", "Hezbollah")),
    ("Kataib Sayyid al-Shuhada, affiliated with the Popular Mobilization Units, denied the attack.",
     ("member_of", "Kataib Sayyid al-Shuhada", "Popular Mobilization Units")),
    ("The Popular Front, an alliance of leftist parties, includes the Communist Party and the Socialist Party.",
     ("member_of", "Communist Party", "Popular Front")),
    ("Britain and France, both members of NATO, met in London.", ("member_of", "France", "NATO")),
    ("The most influential components of the Axis of Resistance — Iran and Hezbollah — met in Tehran.",
     ("member_of", "Hezbollah", "Axis of Resistance")),
])
def test_ties_kinds_from_statement(extract, text, expected):
    ext = extract(text)
    assert expected in ties_named(ext)


def test_ties_kinds_carry_sentence_span_and_attribution(extract):
    ext = extract("Qatar hosted the talks. Hezbollah is allied with Iran.")
    tie = [t for t in ext.ties if t.kind == "ally_of"][0]
    assert tie.sentence == 1
    assert tie.span is not None and tie.span.text == "allied"
    assert tie.attribution.source in ("reporter", "anonymous", "named")


def test_ties_kinds_not_from_a_single_act(extract):
    # a past act of funding is an AID event, not a standing tie
    ext = extract("Qatar funded the reconstruction of Gaza last year.")
    assert not ext.ties
    assert [e.type for e in ext.events] == ["AID"]


def test_ties_kinds_symmetric_tie_stored_once(extract):
    ext = extract("Fatah and Hamas are rivals. Hamas and Fatah are rivals.")
    assert len([t for t in ext.ties if t.kind == "rival_of"]) == 1


def test_ties_kinds_proxies_including(extract):
    ext = extract("Iran's proxies, including Hezbollah and the Houthis, have attacked Israel.")
    assert {("sponsor_of", "Iran", "Hezbollah"), ("sponsor_of", "Iran", "Houthis")} <= ties_named(ext)
