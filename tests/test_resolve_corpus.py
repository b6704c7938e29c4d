"""Resolution across articles, end to end: tests/corpus/same (the same people and groups under other
spellings, kunyas and acronyms in different articles) and tests/corpus/lookalike (shared words,
shared given names), ingested together with the seed article into one store."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsgraph.nlp.keys import fold

from .conftest import SEED, SHARED

CORPUS = Path(__file__).resolve().parent / "corpus"

SAME = {
    "qaani": ["Esmail Qa'ani", "Ismail Qaani", "Esmail Ghaani"],
    "soleimani": ["Qassem Suleimani", "Ghasem Soleimani", "Qasem Soleimani"],
    "muhandis": ["Abu Mahdi al-Mohandes", "Abu Mahdi el-Muhandis", "Abu Mahdi Al-Muhandis"],
    "muhammadawi": ["Abdulaziz al-Muhammadawi", "Abu Fadak al-Mohammedawi", "Abu Fadak", "Abdulaziz al-Mohammadawi"],
    "fayyadh": ["Falih al-Fayyadh", "Faleh al-Fayyad"],
    "khazali": ["Qais al-Khazali", "Qais Khazali"],
    "kh": ["Kata'ib Hezbollah", "Kataib Hizballah"],
    "aah": ["Asa'ib Ahl al-Haq", "Asaib Ahl al-Haq"],
    "pmu": ["Popular Mobilization Units", "PMU"],
}
LOOKALIKE = ["Ali Khamenei", "Ali al-Sistani", "Mojtaba Khamenei", "Hezbollah", "Kata'ib Hezbollah",
             "Harakat Hezbollah al-Nujaba", "Ammar al-Hakim", "Mohammed Baqir al-Hakim", "Al-Quds Brigades",
             "Quds Force"]


@pytest.fixture(scope="module")
def kb(tmp_path_factory, pipeline):
    from newsgraph.service import ingest_paths
    from newsgraph import open_store
    from newsgraph.store import queries

    store = open_store(str(tmp_path_factory.mktemp("corpus") / "kb.db"))
    report = ingest_paths(store, [str(CORPUS / "same"), str(CORPUS / "lookalike"), str(SEED)])
    assert report.failed == 0 and report.new == 8, report.errors
    with store.read() as conn:
        ents = queries.entities(conn, with_mentions=False)
    yield store, ents
    store.close()


def holders(ents, name: str) -> list[dict]:
    """Entities that go by this name (folded)."""
    f = fold(name)
    return [e for e in ents if f in {fold(a) for a in e["aliases"]}]


@pytest.mark.parametrize("who", sorted(SAME))
def test_one_actor_under_several_spellings_is_one_entity(kb, who):
    _, ents = kb
    found = {e["id"]: e for n in SAME[who] for e in holders(ents, n)}
    assert len(found) == 1, (who, [(e["name"], e["aliases"]) for e in found.values()])
    e = next(iter(found.values()))
    assert len(e["documents"]) >= 2
    assert sum(1 for n in SAME[who] if holders([e], n)) >= 2  # at least two spellings met on it


def test_the_groups_of_the_same_corpus_stay_distinct_from_each_other(kb):
    _, ents = kb
    ids = [holders(ents, names[0])[0]["id"] for names in SAME.values()]
    assert len(set(ids)) == len(ids)


def test_look_alike_names_stay_separate_entities(kb):
    _, ents = kb
    ids = {}
    for n in LOOKALIKE:
        h = holders(ents, n)
        assert len(h) == 1, (n, [x["name"] for x in h])
        ids[n] = h[0]["id"]
    assert len(set(ids.values())) == len(LOOKALIKE), ids


def test_every_cross_article_link_keeps_its_rule_score_and_explanation(kb):
    from sqlalchemy import select

    from newsgraph.store import schema as s

    store, _ = kb
    with store.read() as conn:
        rows = conn.execute(select(s.doc_actors.c.name, s.doc_actors.c.rule, s.doc_actors.c.score,
                                   s.doc_actors.c.explanation)).all()
    by_name = {r.name: r for r in rows}
    r = by_name["Kataib Hizballah"]
    assert r.rule == "full_name" and r.score >= 0.9 and "Kata" in r.explanation
    r = by_name["Abu Fadak al-Mohammedawi"]
    assert r.rule == "kunya" and "abu fadak" in r.explanation
    assert all(r.rule and r.explanation for r in rows)


def test_the_seed_actors_are_neither_merged_nor_fragmented_among_other_articles(kb):
    _, ents = kb
    gold = yaml.safe_load((SHARED / "eval" / "seed_gold.yaml").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for actor in gold["actors"]:
        if actor.get("type") not in ("person", "organization", "location"):
            continue
        found = {e["id"] for n in actor["names"] for e in holders(ents, n)}
        assert len(found) <= 1, (actor["id"], found)  # fragmented
        for eid in found:
            assert eid not in owner, (actor["id"], owner.get(eid))  # merged with another gold actor
            owner[eid] = actor["id"]
