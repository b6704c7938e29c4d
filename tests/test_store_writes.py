"""The store: idempotent ingest, new versions of a URL, rollback of a failed article."""
from __future__ import annotations

import pytest

from newsgraph.model import Article
from newsgraph.service import ingest_items, ingest_paths
from newsgraph.store import queries

from .conftest import SEED

pytestmark = pytest.mark.slow

TEXT = ("Militia commander Karim Al-Saadi met Iraqi Prime Minister Ahmed Jaber in Baghdad on Monday. "
        "Saadi later rejected the government's plan, officials said.")


def query_plan(store, statement) -> str:
    """SQLite's plan for a resolution read of two entity ids, its steps joined."""
    with store.read() as c:
        sql = str(statement.params(ids=["e1", "e2"]).compile(
            dialect=c.dialect, compile_kwargs={"literal_binds": True}))
        return " | ".join(r[-1] for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def counts(store):
    with store.read() as c:
        return queries.counts(c)


def test_store_seed_twice_changes_nothing(store, pipeline):
    r1 = ingest_paths(store, [str(SEED)])
    assert r1.new == 1 and r1.failed == 0
    before = counts(store)
    assert before["entities"] > 20 and before["events"] > 0 and before["roles"] > 0
    r2 = ingest_paths(store, [str(SEED)])
    assert r2.new == 0 and r2.unchanged == 1
    assert counts(store) == before


def test_store_same_url_changed_text_is_a_new_version(store, pipeline):
    ingest_items(store, [Article(text=TEXT, url="https://n.example/a", title="A")])
    first = counts(store)
    changed = TEXT.replace("Monday", "Tuesday")
    rep = ingest_items(store, [Article(text=changed, url="https://n.example/a", title="A")])
    assert rep.versions == 1
    after = counts(store)
    assert after["documents"] == 2  # the old text is kept ...
    assert after["mentions"] == first["mentions"]  # ... but its facts are not doubled
    assert after["events"] == first["events"]
    with store.read() as c:
        docs = queries.documents(c)
        assert len(docs) == 1 and docs[0]["version"] == 2
        assert len(queries.documents(c, include_superseded=True)) == 2


def test_store_every_fact_points_at_its_sentence(seed_store):
    with seed_store.read() as c:
        for f in queries.roles(c) + queries.events(c):
            for ev in f["evidence"]:
                assert ev["text"] and ev["document"]
                doc = queries.document(c, ev["document"])
                assert doc["text"][ev["start"]:ev["end"]] == ev["text"]


def test_store_migrations_are_recorded_and_rerun_safely(tmp_path):
    from newsgraph import open_store
    from newsgraph.store.migrations import MIGRATIONS

    s = open_store(str(tmp_path / "m.db"))
    s.close()
    s = open_store(str(tmp_path / "m.db"))  # opening again applies nothing twice
    with s.read() as c:
        versions = [r[0] for r in c.exec_driver_sql("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m[0] for m in MIGRATIONS]


def test_store_ids_stay_with_their_rows_across_versions(store, pipeline):
    """Rows written in one statement per table get their own ids: after a new version deletes the newest
    rows and more articles follow, every fact still shows its own sentence and the store checks clean."""
    from newsgraph.store import integrity

    other = ("Commander Ahmed Karim accused the Sunni bloc of blocking the budget, aides said. "
             "The bloc's leader Omar Hassan denied the charge in Basra on Tuesday.")
    ingest_items(store, [Article(text=other, url="https://n.example/b", title="B"),
                         Article(text=TEXT, url="https://n.example/a", title="A")])
    ingest_items(store, [Article(text=TEXT.replace("Monday", "Sunday"), url="https://n.example/a", title="A"),
                         Article(text=other.replace("Tuesday", "Friday"), url="https://n.example/c", title="C")])
    assert integrity.check(store) == []
    with store.read() as c:
        facts = queries.roles(c) + queries.events(c)
        assert len({ev["document"] for f in facts for ev in f["evidence"]}) == 3  # B, A's new version and C
        for f in facts:
            for ev in f["evidence"]:
                assert queries.document(c, ev["document"])["text"][ev["start"]:ev["end"]] == ev["text"]
        # each row's id is its own: triggers and mentions lie in the sentence they point at, and a name
        # mention is one of the names its actor goes by
        events = c.exec_driver_sql("SELECT e.trigger_start, e.trigger_end, s.start, s.end FROM events e "
                                   "JOIN sentences s ON s.id = e.sentence_id").all()
        mentions = c.exec_driver_sql("SELECT m.start, m.end, s.start, s.end FROM mentions m "
                                     "JOIN sentences s ON s.id = m.sentence_id").all()
        assert events and mentions
        assert all(ss <= a and b <= se for a, b, ss, se in events + mentions)
        names = c.exec_driver_sql("SELECT m.text, (SELECT group_concat(a.name, '|') FROM aliases a "
                                  "WHERE a.doc_actor_id = m.doc_actor_id) FROM mentions m WHERE m.kind = 'name'").all()
        assert names and all(text in aliases.split("|") for text, aliases in names)


def test_candidate_names_are_read_from_the_alias_index(tmp_path):
    """Resolution reads a candidate entity's names from an index (migration 4), not alias row by alias
    row: that read otherwise grows with every article that names the entity. A store made before the
    index existed gets it when it is opened."""
    import sqlite3

    from newsgraph.resolve.store import _ENTITY_NAMES
    from newsgraph import open_store

    path = str(tmp_path / "old.db")
    s = open_store(path)
    assert "COVERING INDEX ix_aliases_actor_name" in query_plan(s, _ENTITY_NAMES)
    with s.write() as c:  # as a store from before migration 4
        c.exec_driver_sql("DROP INDEX ix_aliases_actor_name")
        c.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 4")
    s.close()
    with sqlite3.connect(path) as raw:
        assert not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'ix_aliases_actor_name'").fetchall()
    s = open_store(path)
    assert "COVERING INDEX ix_aliases_actor_name" in query_plan(s, _ENTITY_NAMES)
    s.close()


def test_whether_a_full_name_joined_an_entity_is_read_from_its_partial_index(tmp_path):
    """Resolution asks, for each stored person a new full name rivals, whether a full name joined it: that
    read uses the partial index of migration 41 (doc_actors of that rule, by entity), not every doc_actor
    row of the entity, and a store made before the index gets it when opened. Only a doc_actor of that
    rule is in it: the answer is the same."""
    import sqlite3

    from newsgraph import open_store
    from newsgraph.resolve.match import NAMED_IN_FULL
    from newsgraph.resolve.store import _JOINED_IN_FULL

    path = str(tmp_path / "old.db")
    s = open_store(path)
    assert "ix_doc_actors_named_in_full" in query_plan(s, _JOINED_IN_FULL)
    with s.write() as c:
        c.exec_driver_sql("INSERT INTO documents (id, content_hash, text, ingested_at, version) "
                          "VALUES ('d1', 'h1', 'x', '2026-01-01', 1)")
        rules = [("e1", "new"), ("e1", "exact"), ("e2", "new"), ("e2", NAMED_IN_FULL)]
        for i, (eid, rule) in enumerate(rules):
            c.exec_driver_sql("INSERT INTO entities (id, type, name, created_at) VALUES (?, 'person', ?, "
                              "'2026-01-01') ON CONFLICT DO NOTHING", (eid, eid))
            c.exec_driver_sql("INSERT INTO doc_actors (document_id, local_key, entity_id, type, name, rule) "
                              "VALUES ('d1', ?, ?, 'person', ?, ?)", (f"a{i}", eid, eid, rule))
        assert set(c.execute(_JOINED_IN_FULL, {"ids": ["e1", "e2"]}).scalars()) == {"e2"}
        c.exec_driver_sql("DROP INDEX ix_doc_actors_named_in_full")  # as a store from before migration 41
        c.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 41")
    s.close()
    with sqlite3.connect(path) as raw:
        assert not raw.execute("SELECT 1 FROM sqlite_master "
                               "WHERE name = 'ix_doc_actors_named_in_full'").fetchall()
    s = open_store(path)
    assert "ix_doc_actors_named_in_full" in query_plan(s, _JOINED_IN_FULL)
    with s.read() as c:
        assert set(c.execute(_JOINED_IN_FULL, {"ids": ["e1", "e2"]}).scalars()) == {"e2"}
    s.close()
