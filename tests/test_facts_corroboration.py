"""Corroboration counts independent publishers: two outlets reporting one fact -> 2; one wire story
run twice (or the same sentence under two publishers) -> 1. Confidence follows the documented formula."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.model import Actor, Alias, Article, Attribution, Event, Extraction, Role, Sentence
from newsgraph.service import ingest_paths
from newsgraph.store import facts, queries, writer

CORPUS = Path(__file__).parent / "corpus_claims"


def article_with_event(text: str, publisher: str, title: str, att: Attribution | None = None,
                       negated: bool = False, time=None) -> Extraction:
    art = Article(text=text, title=title, publisher=publisher, url=f"https://{publisher.lower()}/{title[:12]}")
    return Extraction(
        article=art, sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
        actors=[Actor(key="a1", type="organization", name="Green Brigades",
                      aliases=[Alias(name="Green Brigades")]),
                Actor(key="a2", type="location", name="Jordan", aliases=[Alias(name="Jordan")])],
        events=[Event(type="ASSAULT", source=["a1"], target=["a2"], sentence=0, negated=negated, time=time,
                      attribution=att or Attribution())])


def events_of(store):
    with store.read() as conn:
        return queries.events(conn)


def test_two_publishers_one_fact_count_twice(store):
    writer.write(store, article_with_event("The Green Brigades shelled a Jordanian border post on Tuesday.",
                                           "Daily Herald", "Border post shelled"))
    writer.write(store, article_with_event("Jordan said its border post came under Green Brigades fire.",
                                           "Morning Post", "Post under fire",
                                           Attribution(source="anonymous", hedged=True)))
    (ev,) = events_of(store)
    assert ev["corroboration"] == 2 and len(ev["evidence"]) == 2
    assert sorted(ev["publishers"]) == ["Daily Herald", "Morning Post"]
    # 1 - (1 - 0.9) * (1 - 0.6 * 0.7)
    assert ev["confidence"] == pytest.approx(1 - 0.1 * 0.58, abs=1e-3)
    assert ev["attribution"]["source"] == "reporter"  # the firmest voice


def test_same_wire_text_under_two_publishers_counts_once(store):
    text = "The Green Brigades shelled a Jordanian border post near Ruwaished on Tuesday, the army said."
    writer.write(store, article_with_event(text, "Daily Herald", "Militia shells border post"))
    writer.write(store, article_with_event(text, "Morning Post", "Border post comes under fire"))
    (ev,) = events_of(store)
    assert len(ev["evidence"]) == 2
    assert ev["corroboration"] == 1
    assert ev["confidence"] == pytest.approx(0.9)


def test_wire_story_ingested_twice_counts_once_end_to_end(store):
    report = ingest_paths(store, [str(CORPUS / "wire_a.txt"), str(CORPUS / "wire_b.txt")])
    assert report.failed == 0 and report.new + report.duplicates == 2
    for ev in events_of(store):
        assert ev["corroboration"] == 1


def test_two_outlets_end_to_end(store):
    report = ingest_paths(store, [str(CORPUS / "ledger_talks.txt"), str(CORPUS / "courier_talks.txt")])
    assert report.failed == 0 and report.new == 2
    with store.read() as conn:
        docs = {d["id"]: d["publisher"] for d in queries.documents(conn)}
        found = [f for f in [*queries.events(conn), *queries.roles(conn)]
                 if {e["document"] for e in f["evidence"]} == set(docs)]
    assert found, "no fact reported by both outlets"
    for f in found:
        assert f["corroboration"] == 2
        assert len(f["publishers"]) == 2


def test_confidence_formula():
    assert facts.item_confidence({"source": "reporter"}) == pytest.approx(0.9)
    assert facts.item_confidence({"source": "named"}) == pytest.approx(0.8)
    assert facts.item_confidence({"source": "anonymous", "hedged": True}) == pytest.approx(0.42)
    assert facts.item_confidence({"source": "anonymous", "carried": True}) == pytest.approx(0.57)
    # a named voice relayed by unnamed sources
    assert facts.item_confidence({"source": "anonymous", "chain": [{"source": "named"}]}) == pytest.approx(0.6 * 0.8 / 0.9)
    ev = [{"document": "d1", "publisher": "A", "text": "x one"}, {"document": "d2", "publisher": "B", "text": "y two"}]
    s = facts.score(ev, [{"source": "anonymous"}, {"source": "anonymous"}])
    assert s["corroboration"] == 2 and s["confidence"] == pytest.approx(0.84)
    assert not s["single_source"]
    s = facts.score(ev[:1], [{"source": "anonymous"}])
    assert s["single_source"] and s["confidence"] == pytest.approx(0.6)


def test_roles_from_two_publishers(store):
    def ext(text, publisher):
        art = Article(text=text, title=text[:20], publisher=publisher)
        return Extraction(article=art, sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                          actors=[Actor(key="p", type="person", name="Hadi Nasser", aliases=[Alias(name="Hadi Nasser")]),
                                  Actor(key="o", type="organization", name="Green Brigades",
                                        aliases=[Alias(name="Green Brigades")])],
                          roles=[Role(person="p", organization="o", title="commander", sentence=0)])
    writer.write(store, ext("Green Brigades commander Hadi Nasser spoke in Amman.", "Daily Herald"))
    writer.write(store, ext("Hadi Nasser, who commands the Green Brigades, was seen in Amman.", "Morning Post"))
    with store.read() as conn:
        (role,) = queries.roles(conn)
    assert role["corroboration"] == 2
