"""Contradictions: facts that cannot both hold are listed with both sides and their evidence."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.claims import contradictions
from newsgraph.model import (Actor, Alias, Article, Attribution, Event, Extraction, Role, Sentence,
                             TimeValue)
from newsgraph.service import ingest_paths
from newsgraph.store import writer

CORPUS = Path(__file__).parent / "corpus_claims"


def _ext(text: str, publisher: str, published: str, *, roles=(), events=()) -> Extraction:
    import datetime as dt

    art = Article(text=text, title=text[:30], publisher=publisher, published=dt.date.fromisoformat(published))
    return Extraction(
        article=art, sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
        actors=[Actor(key="p", type="person", name="Hadi Nasser", aliases=[Alias(name="Hadi Nasser")]),
                Actor(key="o", type="organization", name="Green Brigades", aliases=[Alias(name="Green Brigades")]),
                Actor(key="j", type="location", name="Jordan", aliases=[Alias(name="Jordan")])],
        roles=list(roles), events=list(events))


def listed(store) -> list[dict]:
    with store.read() as conn:
        return contradictions(conn)


def test_attack_and_its_negation(store):
    a = "The Green Brigades shelled Jordanian positions on Tuesday."
    b = "The Green Brigades did not shell Jordanian positions, their spokesman said."
    writer.write(store, _ext(a, "Daily Herald", "2024-06-12", events=[
        Event(type="ASSAULT", source=["o"], target=["j"], sentence=0)]))
    writer.write(store, _ext(b, "Morning Post", "2024-06-13", events=[
        Event(type="ASSAULT", source=["o"], target=["j"], sentence=0, negated=True,
              attribution=Attribution(source="named", speaker="o"))]))
    (c,) = listed(store)
    assert c["kind"] == "negation"
    texts = {c["a"]["evidence"][0]["text"], c["b"]["evidence"][0]["text"]}
    assert texts == {a, b}
    assert {c["a"]["negated"], c["b"]["negated"]} == {True, False}


def test_heads_vs_removed(store):
    a = "Green Brigades commander Hadi Nasser inspected the front."
    b = "Hadi Nasser, who was removed as commander of the Green Brigades, left Amman."
    writer.write(store, _ext(a, "Daily Herald", "2024-06-12", roles=[
        Role(person="p", organization="o", title="commander", status="current", sentence=0)]))
    writer.write(store, _ext(b, "Morning Post", "2024-06-10", roles=[
        Role(person="p", organization="o", title="commander", status="former", sentence=0)]))
    (c,) = listed(store)
    assert c["kind"] == "role_status"
    assert {c["a"]["status"], c["b"]["status"]} == {"current", "former"}
    assert {c["a"]["evidence"][0]["text"], c["b"]["evidence"][0]["text"]} == {a, b}


def test_left_after_is_no_contradiction(store):
    writer.write(store, _ext("Green Brigades commander Hadi Nasser inspected the front.", "Daily Herald",
                             "2024-01-12", roles=[Role(person="p", organization="o", title="commander", sentence=0)]))
    writer.write(store, _ext("Hadi Nasser, the former Green Brigades commander, left Amman.", "Morning Post",
                             "2024-06-10", roles=[Role(person="p", organization="o", title="commander",
                                                       status="former", sentence=0)]))
    assert listed(store) == []


def test_dates_that_differ(store):
    def ev(day):
        return Event(type="ASSAULT", source=["o"], target=["j"], sentence=0,
                     time=TimeValue(value=f"2024-06-{day:02d}", precision="day"))
    writer.write(store, _ext("The Green Brigades shelled Jordan on June 11.", "Daily Herald", "2024-06-12",
                             events=[ev(11)]))
    writer.write(store, _ext("On June 9 the Green Brigades shelled Jordanian posts.", "Morning Post", "2024-06-12",
                             events=[ev(9)]))
    (c,) = listed(store)
    assert c["kind"] == "date"
    assert {c["a"]["time"], c["b"]["time"]} == {"2024-06-11", "2024-06-09"}


def test_articles_that_contradict_each_other_end_to_end(store):
    report = ingest_paths(store, [str(CORPUS / f"brigades_{n}.txt") for n in ("attack", "denial", "date")])
    assert report.failed == 0 and report.new == 3
    found = listed(store)
    kinds = {c["kind"] for c in found}
    assert "negation" in kinds, found
    neg = next(c for c in found if c["kind"] == "negation")
    sides = [ev["text"] for side in ("a", "b") for ev in neg[side]["evidence"]]
    assert any("denied attacking" in t for t in sides) and any("attacked Jordanian troops" in t for t in sides)
    assert "date" in kinds

    # the command lists both sides with their sentences
    db = store.url
    res = CliRunner().invoke(app, ["--db", db, "contradictions", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert any(c["kind"] == "negation" for c in out)
    res = CliRunner().invoke(app, ["--db", db, "contradictions"])
    words = res.stdout.split()
    assert "negation:" in words and "Levantwire.example" in words and "Eastgazette.example" in words
