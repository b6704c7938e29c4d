"""The store on SQLite and on the real PostgreSQL server: ingest, idempotence, new versions, rollback,
and the same knowledge base from the same input on both backends.

PostgreSQL tests each get a fresh database (created through psycopg, dropped afterwards) on the
server at NEWSGRAPH_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test). They fail when the
server is down; set NEWSGRAPH_SKIP_PG=1 to skip them on a machine without one.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text

from newsgraph.model import Article
from newsgraph.service import ingest_items
from newsgraph import open_store
from newsgraph.store import queries, writer

from .conftest import PG_URL

pytestmark = pytest.mark.slow

ARTICLES = [
    Article(title="Talks in Baghdad", url="https://river-news.example/1", publisher="River News",
            text=("Iraqi Prime Minister Adnan Khalifa met Jordan's Foreign Minister Samir Haddad in Baghdad on "
                  "Sunday to discuss electricity imports. Khalifa said the two governments would sign an "
                  "agreement next month.\n\nThe Popular Unity Front accused the Ministry of Oil of diverting "
                  "public funds, according to a statement. Haddad later travelled to Amman.")),
    Article(title="Militia leader named", url="https://harbour-herald.example/2", publisher="Harbour Herald",
            text=("Karim Al-Zubaidi, the commander of the Dignity Brigades, rejected the government's plan, "
                   "officials said. Al-Zubaidi was appointed commander of the Dignity Brigades in 2019.\n\n"
                   "Gunmen attacked a checkpoint near Kirkuk on Tuesday, police said.")),
    Article(title="Protest in Basra", url="https://river-news.example/3", publisher="River News",
            text=("Protesters gathered outside the offices of the Basra provincial council, demanding the "
                  "resignation of Governor Walid Mansour. Mansour is said to have refused to meet them.")),
]


def pg_available() -> bool:
    return os.environ.get("NEWSGRAPH_SKIP_PG") != "1"


def create_pg_database() -> str:
    """A fresh database on the test server; returns its URL."""
    import psycopg

    name = f"ng_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url():
    if not pg_available():
        pytest.skip("NEWSGRAPH_SKIP_PG=1")
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_store(request, tmp_path):
    """A fresh, empty store on each backend."""
    if request.param == "sqlite":
        st = open_store(str(tmp_path / "kb.db"))
        yield st
        st.close()
        return
    if not pg_available():
        pytest.skip("NEWSGRAPH_SKIP_PG=1")
    url = create_pg_database()
    st = open_store(url)
    try:
        yield st
    finally:
        st.close()
        drop_pg_database(url)


def kb_digest(store) -> dict:
    """The knowledge base as comparable sets: documents, entities, roles, ties, events (each with its
    sentence and the entities taking part)."""
    with store.read() as c:
        q = lambda sql: sorted(tuple(r) for r in c.execute(text(sql)))  # noqa: E731
        return {
            "documents": q("SELECT id, content_hash, url, version, superseded_by, duplicate_of FROM documents"),
            "entities": q("SELECT id, type, name FROM entities"),
            "roles": q("SELECT r.document_id, p.entity_id, o.entity_id, r.title, r.status, r.source_kind, r.hedged, "
                       "s.text FROM roles r JOIN doc_actors p ON p.id = r.person_id "
                       "JOIN doc_actors o ON o.id = r.organization_id JOIN sentences s ON s.id = r.sentence_id"),
            "ties": q("SELECT t.document_id, t.kind, a.entity_id, b.entity_id, s.text FROM ties t "
                      "JOIN doc_actors a ON a.id = t.source_id JOIN doc_actors b ON b.id = t.target_id "
                      "JOIN sentences s ON s.id = t.sentence_id"),
            "events": q("SELECT e.document_id, e.type, e.negated, e.trigger, e.source_kind, e.hedged, s.text FROM events e "
                        "JOIN sentences s ON s.id = e.sentence_id"),
            "participants": q("SELECT e.document_id, e.type, e.trigger_start, p.side, d.entity_id FROM event_participants p "
                              "JOIN events e ON e.id = p.event_id JOIN doc_actors d ON d.id = p.doc_actor_id"),
            "mentions": q("SELECT m.document_id, m.start, m.\"end\", d.entity_id FROM mentions m "
                          "JOIN doc_actors d ON d.id = m.doc_actor_id"),
        }


def counts(store) -> dict:
    with store.read() as c:
        return queries.counts(c)


def test_postgres_store_ingest_keeps_every_fact_with_its_sentence(backend_store, pipeline):
    rep = ingest_items(backend_store, ARTICLES)
    assert rep.new == 3 and rep.failed == 0, rep.errors
    n = counts(backend_store)
    assert n["documents"] == 3 and n["entities"] >= 6 and n["events"] >= 1
    kb = kb_digest(backend_store)
    assert all(row[-1] for row in kb["events"] + kb["roles"])  # every fact has its sentence text


def test_postgres_store_same_input_twice_changes_nothing(backend_store, pipeline):
    ingest_items(backend_store, ARTICLES)
    before = kb_digest(backend_store)
    rep = ingest_items(backend_store, ARTICLES)
    assert rep.new == 0 and rep.unchanged == 3
    assert kb_digest(backend_store) == before


def test_postgres_store_same_url_new_text_is_a_new_version(backend_store, pipeline):
    ingest_items(backend_store, ARTICLES[:1])
    first = counts(backend_store)
    changed = ARTICLES[0].model_copy(update={"text": ARTICLES[0].text.replace("Sunday", "Monday")})
    rep = ingest_items(backend_store, [changed])
    assert rep.versions == 1 and rep.duplicates == 0
    after = counts(backend_store)
    assert after["documents"] == 2 and after["events"] == first["events"] and after["mentions"] == first["mentions"]
    with backend_store.read() as c:
        docs = queries.documents(c)
        assert len(docs) == 1 and docs[0]["version"] == 2


def test_postgres_store_failure_halfway_rolls_back_the_article(backend_store, pipeline, monkeypatch):
    ingest_items(backend_store, ARTICLES[2:])
    before = kb_digest(backend_store)
    ext = pipeline.extract(ARTICLES[1])
    real = writer._write_attributions

    def failing(conn, rows, actor_ids):
        # the power fails after the article's sentences, new entities and their keys, doc actors, names
        # and mentions are written, before its attributions and facts
        assert actor_ids
        raise RuntimeError("power cut")

    monkeypatch.setattr(writer, "_write_attributions", failing)
    with pytest.raises(RuntimeError):
        writer.write(backend_store, ext)
    assert kb_digest(backend_store) == before  # nothing of the half-written article is left
    monkeypatch.setattr(writer, "_write_attributions", real)
    assert writer.write(backend_store, ext).status == "new"


@pytest.mark.postgres
def test_postgres_store_gives_the_same_knowledge_base_as_sqlite(tmp_path, pg_url, pipeline):
    lite = open_store(str(tmp_path / "kb.db"))
    pg = open_store(pg_url)
    try:
        ingest_items(lite, ARTICLES)
        ingest_items(pg, ARTICLES)
        a, b = kb_digest(lite), kb_digest(pg)
        assert a["events"] and a == b
    finally:
        lite.close()
        pg.close()
