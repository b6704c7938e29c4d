"""The analyst's decisions do exactly what they say: split by name (with a dry run), multi-merge, a
merged id that answers with the survivor, alias remove out of look-ups, variant search, and merge
suggestions accepted or rejected for good. Hand-made extractions through the one write path, with
sentences written for these tests."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from newsgraph import open_store
from newsgraph.kb import search
from newsgraph.cli import app
from newsgraph.errors import AmbiguousName
from newsgraph.model import Actor, Alias, Article, Extraction, Mention, Sentence
from newsgraph.resolve import lookup
from newsgraph.resolve import suggestions as sg
from newsgraph.store import schema as s
from newsgraph.store import writer

runner = CliRunner()


def put(store, url: str, text: str, *actors: tuple, title: str | None = None) -> None:
    """Store an article whose actors are (type, name, [other names]); each name written in the text
    is a mention of its actor."""
    acts, mentions = [], []
    for i, (t, n, *rest) in enumerate(actors):
        names = [n, *(rest[0] if rest else [])]
        acts.append(Actor(key=f"a{i}", type=t, name=n,
                          aliases=[Alias(name=n)] + [Alias(name=x, kind="known_as") for x in names[1:]]))
        for x in names:
            at = text.find(x)
            if at >= 0:
                mentions.append(Mention(start=at, end=at + len(x), text=x, sentence=0, actor=f"a{i}"))
    ext = Extraction(article=Article(text=text, url=url, title=title or url),
                     sentences=[Sentence(index=0, start=0, end=len(text), text=text)], actors=acts, mentions=mentions)
    writer.write(store, ext)


@pytest.fixture
def kb(tmp_path):
    db = str(tmp_path / "kb.db")
    store = open_store(db)
    yield db, store
    store.close()


def cli(db: str, *args: str):
    return runner.invoke(app, ["--db", db, *args])


def entity(store, name: str) -> dict:
    with store.read() as conn:
        return lookup.find_entity(conn, name)


def test_split_moves_only_the_mentions_of_that_name_and_dry_run_shows_them(kb):
    db, store = kb
    text = "Benjamin Netanyahu spoke of Benzion Netanyahu, his late father."
    put(store, "u1", text, ("person", "Benjamin Netanyahu", ["Benzion Netanyahu"]))
    put(store, "u2", "Benjamin Netanyahu met ministers.", ("person", "Benjamin Netanyahu"))
    e = entity(store, "Benjamin Netanyahu")
    res = cli(db, "split", e["id"], "Benzion Netanyahu", "--dry-run")
    assert res.exit_code == 0, res.output
    assert "dry run" in res.output and "1 mention(s)" in res.output and "Benzion Netanyahu" in res.output
    assert "Benzion Netanyahu" in entity(store, "Benjamin Netanyahu")["aliases"]  # nothing changed

    res = cli(db, "split", e["id"], "Benzion Netanyahu")
    assert res.exit_code == 0, res.output
    ben, father = entity(store, "Benjamin Netanyahu"), entity(store, "Benzion Netanyahu")
    assert ben["id"] == e["id"] and father["id"] != e["id"]
    assert "Benzion Netanyahu" not in ben["aliases"]
    assert {m["text"] for m in father["mentions"]} == {"Benzion Netanyahu"}
    assert "Benjamin Netanyahu" in {m["text"] for m in ben["mentions"]}
    assert len(ben["documents"]) == 2  # Benjamin keeps his mention in the first article


def test_a_split_by_name_holds_for_a_new_version_of_the_article(kb):
    """The analyst split Benzion off the actor that also held Benjamin; a corrected version of that article
    comes in with the same joined actor: Benzion's mentions go to Benzion again, Benjamin keeps his."""
    db, store = kb
    text = "Benjamin Netanyahu spoke of Benzion Netanyahu, his late father."
    put(store, "u1", text, ("person", "Benjamin Netanyahu", ["Benzion Netanyahu"]))
    put(store, "u2", "Benjamin Netanyahu met ministers.", ("person", "Benjamin Netanyahu"))
    e = entity(store, "Benjamin Netanyahu")
    assert cli(db, "split", e["id"], "Benzion Netanyahu").exit_code == 0
    father = entity(store, "Benzion Netanyahu")

    put(store, "u1", text + " Benzion Netanyahu was a historian.",
        ("person", "Benjamin Netanyahu", ["Benzion Netanyahu"]))
    ben, again = entity(store, "Benjamin Netanyahu"), entity(store, "Benzion Netanyahu")
    assert again["id"] == father["id"] and ben["id"] == e["id"]
    assert "Benzion Netanyahu" not in ben["aliases"]
    with store.read() as conn:
        rows = conn.execute(select(s.doc_actors.c.entity_id, s.doc_actors.c.name, s.doc_actors.c.rule)
                            .join(s.documents, s.documents.c.id == s.doc_actors.c.document_id)
                            .where(s.documents.c.url == "u1", s.documents.c.superseded_by.is_(None))).all()
        texts = {r.name: [m for (m,) in conn.execute(
            select(s.mentions.c.text).join(s.doc_actors, s.doc_actors.c.id == s.mentions.c.doc_actor_id)
            .where(s.doc_actors.c.entity_id == r.entity_id,
                   s.mentions.c.document_id == conn.execute(
                       select(s.documents.c.id).where(s.documents.c.url == "u1",
                                                      s.documents.c.superseded_by.is_(None))).scalar()))]
            for r in rows}
    carved = {(r.entity_id, r.rule) for r in rows if r.name == "Benzion Netanyahu"}
    assert carved == {(father["id"], "analyst")}
    assert set(texts["Benzion Netanyahu"]) == {"Benzion Netanyahu"}
    assert set(texts["Benjamin Netanyahu"]) == {"Benjamin Netanyahu"}


def test_merge_several_at_once_and_a_merged_id_answers_with_the_survivor(kb):
    db, store = kb
    put(store, "u1", "Abu Ali spoke.", ("person", "Abu Ali al-Askari"))
    put(store, "u2", "Kataib official spoke.", ("person", "Jaafar al-Husseini"))
    put(store, "u3", "A spokesman spoke.", ("person", "Mohammed Mohi"))
    a, b, c = (entity(store, n)["id"] for n in ("Abu Ali al-Askari", "Jaafar al-Husseini", "Mohammed Mohi"))
    res = cli(db, "merge", a, b, c, "--reason", "one spokesman, three names")
    assert res.exit_code == 0, res.output
    assert res.output.count("judgement #") == 2
    for gone in (b, c):
        assert entity(store, gone)["id"] == a  # the merged id redirects
        assert cli(db, "show", gone).exit_code == 0
    assert {"Jaafar al-Husseini", "Mohammed Mohi"} <= set(entity(store, a)["aliases"])


def test_alias_remove_takes_the_name_out_of_look_ups(kb):
    db, store = kb
    put(store, "u1", "Popular Mobilization Units, or Hashd, marched.",
        ("organization", "Popular Mobilization Units", ["Hashd"]))
    e = entity(store, "Hashd")
    assert cli(db, "alias", "remove", e["id"], "Hashd").exit_code == 0
    res = cli(db, "show", "Hashd")
    assert res.exit_code != 0 and "NG301" in str(res.exception)


def test_variant_search_and_ambiguous_names(kb):
    db, store = kb
    put(store, "u1", "Kataib Hezbollah fired rockets.", ("organization", "Kataib Hezbollah"))
    with store.read() as conn:
        want = lookup.find_entity(conn, "Kataib Hezbollah")["id"]
        assert search.actors(conn, "Kataib Hizballah") == [want]
        assert search.actors(conn, "Kataeb Hezbollah") == [want]
        assert lookup.find_entity(conn, "Kata'ib Hizbullah")["id"] == want
    put(store, "u2", "Abu Ali al-Askari, known as Abu Ali, spoke.", ("person", "Abu Ali al-Askari", ["Abu Ali"]))
    put(store, "u3", "Abu Ali al-Basri, known as Abu Ali, spoke.", ("person", "Abu Ali al-Basri", ["Abu Ali"]))
    with store.read() as conn, pytest.raises(AmbiguousName) as err:
        lookup.find_entity(conn, "Abu Ali")
    assert "Abu Ali al-Askari" in str(err.value) and "Abu Ali al-Basri" in str(err.value)
    res = cli(db, "show", "Abu Ali")
    assert res.exit_code != 0 and "NG402" in str(res.exception)


def test_suggestion_accepted_and_one_rejected_both_survive_reextraction(kb):
    db, store = kb
    put(store, "u1", "Matteo spoke in Lindau.", ("person", "Matteo"))
    put(store, "u2", "Mateo spoke in Talheim.", ("person", "Mateo"))  # two given names spelled apart
    put(store, "u3", "Ilse Varnholt spoke in Kehl.", ("person", "Ilse Varnholt"))
    put(store, "u4", "Bernd Varnholt spoke in Wyhl.", ("person", "Bernd Varnholt"))
    put(store, "u5", "Varnholt spoke.", ("person", "Varnholt"))  # either of them
    res = cli(db, "suggestions", "--json")
    assert res.exit_code == 0, res.output
    items = json.loads(res.output)["items"]
    by_names = {frozenset((i["a"]["name"], i["b"]["name"])): i for i in items}
    given = by_names[frozenset(("Matteo", "Mateo"))]
    ilse = by_names[frozenset(("Varnholt", "Ilse Varnholt"))]
    assert given["reasons"] and 0 < given["score"] < 0.9

    res = cli(db, "suggestions", "--reject", given["id"], "--reason", "two players")
    assert res.exit_code == 0, res.output
    res = cli(db, "suggestions", "--accept", ilse["id"])
    assert res.exit_code == 0, res.output
    assert entity(store, "Varnholt")["id"] == entity(store, "Ilse Varnholt")["id"]

    # re-extraction: new versions of every article
    put(store, "u1", "Matteo spoke in Lindau on Monday.", ("person", "Matteo"))
    put(store, "u5", "Varnholt spoke on Monday.", ("person", "Varnholt"))
    with store.read() as conn:
        _total, left = sg.suggestions(conn)
    pairs = {frozenset((i.a["name"], i.b["name"])) for i in left}
    assert frozenset(("Matteo", "Mateo")) not in pairs
    assert entity(store, "Varnholt")["id"] == entity(store, "Ilse Varnholt")["id"]
    assert entity(store, "Matteo")["id"] != entity(store, "Mateo")["id"]


def test_suggestions_over_http(kb, tmp_path):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    _db, store = kb
    put(store, "u1", "Matteo spoke in Lindau.", ("person", "Matteo"))
    put(store, "u2", "Mateo spoke in Talheim.", ("person", "Mateo"))
    client = TestClient(create_app(store, token="t0ken"))
    body = client.get("/api/suggestions").json()
    assert body["total"] == 1 and body["items"][0]["reasons"]
    sid = body["items"][0]["id"]
    assert client.post(f"/api/suggestions/{sid}/accept").status_code in (401, 403)
    r = client.post(f"/api/suggestions/{sid}/accept", headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 200 and isinstance(r.json()["judgement"], int)
    assert client.get("/api/suggestions").json()["total"] == 0
