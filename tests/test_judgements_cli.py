"""The analyst's decisions through the CLI: merge, split, alias add|remove, judgements, undo.

Articles are written straight through the store's one write path (hand-made extractions), so these
tests exercise the resolver and the judgements without the NLP stages."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import JudgementError, NotFound
from newsgraph.model import Actor, Alias, Article, Extraction, Sentence
from newsgraph import open_store
from newsgraph.store import queries, writer

runner = CliRunner()


def put(store, url: str, text: str, *actors: tuple) -> None:
    """Store an article whose actors are (type, name, [other names])."""
    acts = [Actor(key=f"a{i}", type=t, name=n, aliases=[Alias(name=n)] + [Alias(name=x, kind="known_as") for x in more])
            for i, (t, n, *rest) in enumerate(actors) for more in [rest[0] if rest else []]]
    ext = Extraction(article=Article(text=text, url=url, title=url), sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                     actors=acts)
    writer.write(store, ext)


@pytest.fixture
def kb(tmp_path):
    db = str(tmp_path / "kb.db")
    store = open_store(db)
    yield db, store
    store.close()


def cli(db: str, *args: str):
    res = runner.invoke(app, ["--db", db, *args])
    return res


def ents(store) -> list[dict]:
    with store.read() as conn:
        return queries.entities(conn, with_mentions=False)


def entity_of(store, name: str) -> dict:
    found = [e for e in ents(store) if name in e["aliases"]]
    assert len(found) == 1, (name, found)
    return found[0]


def doc_rules(store) -> dict[str, tuple]:
    from sqlalchemy import select

    from newsgraph.store import schema as s
    with store.read() as conn:
        return {r.name: (r.entity_id, r.rule, r.explanation) for r in conn.execute(select(s.doc_actors))}


def test_merge_moves_every_mention_and_undo_gives_them_back(kb):
    db, store = kb
    put(store, "u1", "Jamal Jaafar Ibrahim met officials.", ("person", "Jamal Jaafar Ibrahim"))
    put(store, "u2", "Abu Mahdi al-Muhandis met officials.", ("person", "Abu Mahdi al-Muhandis"))
    assert entity_of(store, "Jamal Jaafar Ibrahim")["id"] != entity_of(store, "Abu Mahdi al-Muhandis")["id"]
    before = doc_rules(store)["Jamal Jaafar Ibrahim"]

    res = cli(db, "merge", "Abu Mahdi al-Muhandis", "Jamal Jaafar Ibrahim", "--author", "alice", "--reason", "real name")
    assert res.exit_code == 0, res.output
    e = entity_of(store, "Abu Mahdi al-Muhandis")
    assert "Jamal Jaafar Ibrahim" in e["aliases"]
    assert len([x for x in ents(store) if x["type"] == "person"]) == 1
    rules = doc_rules(store)
    assert rules["Jamal Jaafar Ibrahim"][0] == e["id"] and rules["Jamal Jaafar Ibrahim"][1] == "analyst"
    assert "#1" in rules["Jamal Jaafar Ibrahim"][2]

    listed = json.loads(cli(db, "judgements", "--json").output)
    assert listed[0]["kind"] == "same" and listed[0]["author"] == "alice" and listed[0]["reason"] == "real name"
    assert listed[0]["created_at"] and listed[0]["undone_at"] is None

    # a later article with either name goes to the merged entity
    put(store, "u3", "Jamal Jaafar Ibrahim spoke.", ("person", "Jamal Jaafar Ibrahim"))
    assert doc_rules(store)["Jamal Jaafar Ibrahim"][0] == e["id"]

    res = cli(db, "undo", "1", "--author", "bob")
    assert res.exit_code == 0, res.output
    from sqlalchemy import select

    from newsgraph.store import schema as s
    with store.read() as conn:
        u1 = conn.execute(select(s.doc_actors.c.entity_id, s.doc_actors.c.rule).join(
            s.documents, s.documents.c.id == s.doc_actors.c.document_id).where(s.documents.c.url == "u1")).one()
    assert u1.entity_id == before[0] and u1.rule == before[1]  # back where the matcher had it
    listed = json.loads(cli(db, "judgements", "--json").output)
    assert listed[0]["undone_at"] and listed[0]["undone_by"] == "bob"
    assert "in force" not in cli(db, "judgements").output


def test_split_moves_a_name_away_and_the_matcher_never_brings_it_back(kb):
    db, store = kb
    put(store, "u1", "Hamid al-Jazaeri spoke.", ("person", "Hamid al-Jazaeri"))
    put(store, "u2", "Hamed al-Jazairi spoke.", ("person", "Hamed al-Jazairi"))
    e = entity_of(store, "Hamid al-Jazaeri")
    assert "Hamed al-Jazairi" in e["aliases"]  # the matcher took them for one man

    res = cli(db, "split", e["id"], "Hamed al-Jazairi", "--reason", "a namesake")
    assert res.exit_code == 0, res.output
    assert "Hamed al-Jazairi" not in entity_of(store, "Hamid al-Jazaeri")["aliases"]
    other = entity_of(store, "Hamed al-Jazairi")
    assert other["id"] != e["id"]

    # the matcher would merge this name into the first entity again; the analyst's split wins
    put(store, "u3", "Hamed al-Jazairi spoke again.", ("person", "Hamed al-Jazairi"))
    assert entity_of(store, "Hamed al-Jazairi")["id"] == other["id"]
    assert doc_rules(store)["Hamid al-Jazaeri"][0] == e["id"]

    assert cli(db, "undo", "1").exit_code == 0
    back = entity_of(store, "Hamid al-Jazaeri")
    assert back["id"] == e["id"] and "Hamed al-Jazairi" in back["aliases"]
    assert len([x for x in ents(store) if x["type"] == "person"]) == 1


def test_alias_add_resolves_later_articles_and_undo_takes_it_back(kb):
    db, store = kb
    put(store, "u1", "Abdulaziz al-Muhammadawi spoke.", ("person", "Abdulaziz al-Muhammadawi"))
    res = cli(db, "alias", "add", "Abdulaziz al-Muhammadawi", "Abu Fadak", "--author", "carol")
    assert res.exit_code == 0, res.output
    e = entity_of(store, "Abdulaziz al-Muhammadawi")
    assert "Abu Fadak" in e["aliases"]
    put(store, "u2", "Abu Fadak spoke.", ("person", "Abu Fadak"))
    eid, rule, expl = doc_rules(store)["Abu Fadak"]
    assert eid == e["id"] and rule == "analyst" and "carol" in expl

    assert cli(db, "undo", "1").exit_code == 0
    assert "Abu Fadak" not in entity_of(store, "Abdulaziz al-Muhammadawi")["aliases"]
    assert doc_rules(store)["Abu Fadak"][0] != e["id"]  # the actor it brought in stands alone again


def test_alias_remove_hides_a_name_and_stops_it_matching(kb):
    db, store = kb
    put(store, "u1", "The Popular Mobilization Units, known as Hashd, deployed.",
        ("organization", "Popular Mobilization Units", ["PMU", "Hashd"]))
    res = cli(db, "alias", "remove", "Popular Mobilization Units", "Hashd", "--reason", "too vague")
    assert res.exit_code == 0, res.output
    e = entity_of(store, "Popular Mobilization Units")
    assert "Hashd" not in e["aliases"] and "PMU" in e["aliases"]
    put(store, "u2", "Hashd deployed.", ("organization", "Hashd"))
    assert doc_rules(store)["Hashd"][0] != e["id"]
    assert cli(db, "undo", "1").exit_code == 0
    assert "Hashd" in entity_of(store, "Popular Mobilization Units")["aliases"]


def test_author_defaults_to_the_user(kb, monkeypatch):
    db, store = kb
    monkeypatch.setenv("USER", "dana")
    put(store, "u1", "Hezbollah spoke.", ("organization", "Hezbollah"))
    assert cli(db, "alias", "add", "Hezbollah", "Hizbullah").exit_code == 0
    assert json.loads(cli(db, "judgements", "--json").output)[0]["author"] == "dana"


def test_bad_decisions_are_refused_with_a_reason(kb):
    db, store = kb
    put(store, "u1", "Hezbollah and Kata'ib Hezbollah and Ali Khamenei.",
        ("organization", "Hezbollah"), ("organization", "Kata'ib Hezbollah"), ("person", "Ali Khamenei"))
    res = cli(db, "merge", "Hezbollah", "Ali Khamenei")
    assert isinstance(res.exception, JudgementError) and "--force" in str(res.exception)
    res = cli(db, "undo", "42")
    assert isinstance(res.exception, NotFound)
    res = cli(db, "split", "Hezbollah", "Nujaba")
    assert isinstance(res.exception, JudgementError)
    res = cli(db, "split", "Hezbollah", "Hezbollah")
    assert isinstance(res.exception, JudgementError) and "nothing would be left" in str(res.exception)
    assert cli(db, "merge", "Hezbollah", "Kata'ib Hezbollah").exit_code == 0
    assert cli(db, "undo", "1").exit_code == 0
    res = cli(db, "undo", "1")
    assert isinstance(res.exception, JudgementError) and "already undone" in str(res.exception)
    put(store, "u2", "Ali Khamenei's namesake.", ("organization", "Ali Khamenei"))
    res = cli(db, "alias", "add", "Ali Khamenei", "Sayyed Ali")
    assert isinstance(res.exception, JudgementError) and "several" in str(res.exception)
