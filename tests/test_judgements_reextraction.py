"""Analysts' decisions survive re-extraction: a new version of an article (same URL, changed text)
re-resolves its actors, and the resolver puts them back where the analyst said, never where the
automatic matcher would. Real articles through the real ingest path."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from newsgraph.resolve import judgements as J
from newsgraph import open_store
from newsgraph.store import queries
from newsgraph.store import schema as s

ARTICLE = """{title}

May {day}, 2024

{body}

Content retrieved from: https://example-news.test/{slug}.
"""

A1 = ("Militia founder honoured in Basra", 6, "jamal-basra",
      "Jamal al-Ibrahimi, an Iraqi militia founder, was honoured at a ceremony in Basra on Monday. "
      "Officials from the provincial council attended the event.")
A1_V2 = ("Militia founder honoured in Basra", 6, "jamal-basra",
         "Jamal al-Ibrahimi, an Iraqi militia founder, was honoured at a ceremony in Basra on Monday. "
         "Officials from the provincial council attended the event. The ceremony ended with a parade.")
A2 = ("Commander remembered in Baghdad", 7, "muhandis-baghdad",
      "Abu Mahdi al-Muhandis was remembered at a gathering in Baghdad on Tuesday. "
      "Veterans of the campaign against the Islamic State spoke about his role.")
B1 = ("Cleric speaks in Karbala", 8, "jazaeri-karbala",
      "Hamid al-Jazaeri, a cleric from Karbala, called for calm on Wednesday. He spoke after evening prayers.")
B2 = ("Businessman opens factory in Najaf", 9, "jazairi-najaf",
      "Hamed al-Jazairi, a businessman, opened a cement factory in Najaf on Thursday. "
      "The plant will employ three hundred workers.")
B2_V2 = ("Businessman opens factory in Najaf", 9, "jazairi-najaf",
         "Hamed al-Jazairi, a businessman, opened a cement factory in Najaf on Thursday. "
         "The plant will employ four hundred workers, the company said.")


def write(folder, name, art):
    title, day, slug, body = art
    p = folder / f"{name}.txt"
    p.write_text(ARTICLE.format(title=title, day=day, slug=slug, body=body), encoding="utf-8")
    return str(p)


@pytest.fixture
def kb(tmp_path, pipeline):
    store = open_store(str(tmp_path / "kb.db"))
    yield store, tmp_path
    store.close()


def ingest(store, *paths):
    from newsgraph.service import ingest_paths

    rep = ingest_paths(store, list(paths))
    assert rep.failed == 0, rep.errors
    return rep


def holder(store, name):
    with store.read() as conn:
        found = [e for e in queries.entities(conn, with_mentions=False) if name in e["aliases"]]
    assert len(found) == 1, (name, found)
    return found[0]


def actor_row(store, url_part, name):
    with store.read() as conn:
        return conn.execute(select(s.doc_actors.c.entity_id, s.doc_actors.c.rule, s.doc_actors.c.explanation)
                            .join(s.documents, s.documents.c.id == s.doc_actors.c.document_id)
                            .where(s.documents.c.url.contains(url_part), s.documents.c.superseded_by.is_(None),
                                   s.doc_actors.c.name == name)).one()


def test_a_merge_survives_a_new_version_and_can_be_undone(kb):
    store, tmp = kb
    ingest(store, write(tmp, "a1", A1), write(tmp, "a2", A2))
    jamal, muhandis = holder(store, "Jamal al-Ibrahimi"), holder(store, "Abu Mahdi al-Muhandis")
    assert jamal["id"] != muhandis["id"]  # the matcher cannot know his real name
    with store.write() as conn:
        r = J.merge(conn, "Abu Mahdi al-Muhandis", "Jamal al-Ibrahimi", author="alice", reason="his real name")

    rep = ingest(store, write(tmp, "a1v2", A1_V2))
    assert rep.versions == 1
    row = actor_row(store, "jamal-basra", "Jamal al-Ibrahimi")
    assert row.entity_id == muhandis["id"] and row.rule == "analyst" and f"#{r['judgement']}" in row.explanation
    assert "Jamal al-Ibrahimi" in holder(store, "Abu Mahdi al-Muhandis")["aliases"]

    with store.write() as conn:
        J.undo(conn, r["judgement"], author="alice")
    assert actor_row(store, "jamal-basra", "Jamal al-Ibrahimi").entity_id == jamal["id"]
    assert holder(store, "Jamal al-Ibrahimi")["id"] != holder(store, "Abu Mahdi al-Muhandis")["id"]


def test_a_split_survives_a_new_version_although_the_matcher_would_merge(kb):
    store, tmp = kb
    ingest(store, write(tmp, "b1", B1), write(tmp, "b2", B2))
    e = holder(store, "Hamid al-Jazaeri")
    assert "Hamed al-Jazairi" in e["aliases"]  # one man for the matcher: the spellings agree
    with store.write() as conn:
        r = J.split(conn, e["id"], "Hamed al-Jazairi", author="bob", reason="a cleric and a businessman")

    rep = ingest(store, write(tmp, "b2v2", B2_V2))
    assert rep.versions == 1
    row = actor_row(store, "jazairi-najaf", "Hamed al-Jazairi")
    assert row.entity_id == r["new_entity"] and row.rule == "analyst"
    assert holder(store, "Hamid al-Jazaeri")["id"] == e["id"]
    assert "Hamed al-Jazairi" not in holder(store, "Hamid al-Jazaeri")["aliases"]
    with store.read() as conn:
        listed = J.list_judgements(conn)
    assert [(j["kind"], j["author"], j["reason"]) for j in listed] == [("not_same", "bob", "a cleric and a businessman")]
    assert json.loads(json.dumps(listed))  # plain data
