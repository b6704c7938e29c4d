"""One record per real-world event across articles: reports of one attack fold into one record with
one evidence item each; another date or place is another event; a denial is paired once with it."""
from __future__ import annotations

import datetime as dt

from newsgraph.claims import contradictions
from newsgraph.model import Actor, Alias, Article, Attribution, Event, Extraction, Sentence, TimeValue
from newsgraph.store import queries, writer

OUTLETS = ["Daily Herald", "Morning Post", "Evening Star", "Coastal Times", "Valley Gazette"]


def _ext(text: str, publisher: str, published: str, events: list[Event]) -> Extraction:
    art = Article(text=text, title=text[:30], publisher=publisher, published=dt.date.fromisoformat(published))
    return Extraction(
        article=art, sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
        actors=[Actor(key="o", type="organization", name="Green Brigades",
                      aliases=[Alias(name="Green Brigades")]),
                Actor(key="j", type="location", name="Jordan", aliases=[Alias(name="Jordan")]),
                Actor(key="m", type="location", name="Mafraq", aliases=[Alias(name="Mafraq")]),
                Actor(key="r", type="location", name="Ruwaished", aliases=[Alias(name="Ruwaished")])],
        events=events)


def _attack(day: str | None, place: str | None = "m", *, negated: bool = False, inherited: bool = False,
            **att) -> Event:
    tv = None
    if day:
        precision = {4: "year", 7: "month"}.get(len(day), "day")
        tv = TimeValue(value=day, precision=precision, inherited=inherited)
    return Event(type="ASSAULT", source=["o"], target=["j"], location=place, sentence=0, time=tv,
                 negated=negated, attribution=Attribution(**att) if att else Attribution())


def _events(store) -> list[dict]:
    with store.read() as conn:
        return queries.events(conn)


def test_five_reports_of_one_attack_are_one_record_with_five_evidence_items(store):
    texts = ["The Green Brigades shelled a Jordanian border post near Mafraq on Tuesday.",
             "Green Brigades fighters attacked Jordanian soldiers outside Mafraq.",
             "A Green Brigades rocket barrage hit Jordan's army near Mafraq, officials said.",
             "Jordan said the Green Brigades fired mortars at its troops in Mafraq.",
             "The Green Brigades claimed Tuesday's strike on Jordanian forces near Mafraq."]
    for n, (text, outlet) in enumerate(zip(texts, OUTLETS)):
        # one report dates it to the day, the others only from the narration (inherited)
        ev = _attack("2024-06-11", inherited=n > 0)
        writer.write(store, _ext(text, outlet, f"2024-06-{12 + n:02d}", [ev]))
    (rec,) = _events(store)
    assert len(rec["evidence"]) == 5
    assert rec["corroboration"] == 5
    assert {e["text"] for e in rec["evidence"]} == set(texts)
    assert rec["time"] == "2024-06-11" and rec["time_precision"] == "day" and rec["time_precision_code"] == 1
    assert rec["place_precision"] == "exact"


def test_same_sides_months_apart_are_two_events(store):
    writer.write(store, _ext("The Green Brigades shelled Jordanian posts near Mafraq in February.",
                             OUTLETS[0], "2024-03-01", [_attack("2024-02")]))
    writer.write(store, _ext("The Green Brigades shelled Jordanian posts near Mafraq on Monday.",
                             OUTLETS[1], "2024-06-12", [_attack("2024-06-10")]))
    assert len(_events(store)) == 2


def test_same_sides_another_place_is_another_event(store):
    writer.write(store, _ext("The Green Brigades shelled Jordanian posts near Mafraq.",
                             OUTLETS[0], "2024-06-12", [_attack("2024-06-11", "m")]))
    writer.write(store, _ext("The Green Brigades shelled Jordanian posts in Ruwaished.",
                             OUTLETS[1], "2024-06-12", [_attack("2024-06-11", "r")]))
    assert len(_events(store)) == 2


def test_country_place_precision(store):
    writer.write(store, _ext("The Green Brigades attacked Jordan.", OUTLETS[0], "2024-06-12",
                             [_attack("2024-06", "j")]))
    (rec,) = _events(store)
    assert rec["place_precision"] == "country" and rec["place_precision_code"] == 3
    assert rec["time_precision"] == "month"


def test_denial_is_paired_once_with_the_report(store):
    for n, outlet in enumerate(OUTLETS[:3]):
        writer.write(store, _ext(f"The Green Brigades shelled Jordanian posts near Mafraq ({n}).", outlet,
                                 "2024-06-12", [_attack("2024-06-11")]))
    writer.write(store, _ext("The Green Brigades did not shell Jordanian posts, their spokesman said.",
                             OUTLETS[3], "2024-06-13",
                             [_attack(None, None, negated=True, source="named", speaker="o")]))
    with store.read() as conn:
        found = [c for c in contradictions(conn) if c["kind"] == "negation"]
    assert len(found) == 1
    sides = {found[0]["a"]["negated"], found[0]["b"]["negated"]}
    assert sides == {True, False}
    report = found[0]["a"] if not found[0]["a"]["negated"] else found[0]["b"]
    assert len(report["evidence"]) == 3



def test_background_history_is_flagged(store):
    writer.write(store, _ext("In 1948 the Green Brigades attacked Jordan.", OUTLETS[0], "2024-06-12",
                             [_attack("1948", "j")]))
    writer.write(store, _ext("The Green Brigades attacked Jordan near Mafraq on Monday.", OUTLETS[1],
                             "2024-06-12", [_attack("2024-06-10", "m")]))
    recs = {r["time"]: r for r in _events(store)}
    assert recs["1948"]["background"] and recs["1948"]["time_precision"] == "year"
    assert not recs["2024-06-10"]["background"]
