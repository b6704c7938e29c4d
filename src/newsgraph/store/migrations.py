"""Versioned migrations, applied in order and recorded in ``schema_migrations``.

Each migration is a function of a connection inside the migration transaction. Add new ones at
the end; never change what one does to a store once it has shipped. Every table and index is
defined once, in ``store/schema.py``: migration 1 creates them all on a fresh store, and the later
ones only bring an older store up to that schema (create what it lacks, fill it, alter it).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, inspect, select

from ..ingest.minhash import signature
from . import schema


def _v1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)


def _v2_fulltext(conn: Connection) -> None:
    """Full-text search over sentences and names (SQLite FTS5; PostgreSQL uses an expression index)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts "
            "USING fts5(text, content='sentences', content_rowid='id')")
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS sentences_ai AFTER INSERT ON sentences BEGIN "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END")
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS sentences_ad AFTER DELETE ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); END")
        conn.exec_driver_sql("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_sentences_fts ON sentences "
            "USING gin (to_tsvector('english', text))")


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema", _v1_initial),
    (2, "full-text search", _v2_fulltext),
    (3, "near-duplicate signatures", lambda conn: _v3_minhashes(conn)),
    (4, "aliases by actor and name", lambda conn: _v4_alias_names(conn)),
    # later versions were allotted in blocks to parallel lines of work (migrate() applies each missing
    # version, whatever the highest): 20 read-side aggregates, 25 watching feeds, 30 date precision
    (20, "read-side aggregates", lambda conn: _v20_kb_aggregates(conn)),
    (25, "feeds, watch lists and alerts", lambda conn: _v25_watch(conn)),
    (30, "precision of the publication date", lambda conn: _v30_published_precision(conn)),
]


def _v25_watch(conn: Connection) -> None:
    """The watch tables (feeds, feed items, watch lists, alerts) in a store made before them."""
    for t in (schema.feeds, schema.feed_items, schema.watchlists, schema.watch_entries, schema.alert_seen,
              schema.alerts, schema.watch_state):
        t.create(conn, checkfirst=True)


def _v3_minhashes(conn: Connection) -> None:
    """MinHash signatures of stored documents, for near-duplicate detection across ingests: the
    tables of ``schema.py`` created where missing and filled for the documents already stored."""
    schema.document_minhashes.create(conn, checkfirst=True)
    schema.document_bands.create(conn, checkfirst=True)
    from .neardup import save  # the store's own module; imported here, as migrations is imported by it

    for did, text in conn.execute(select(schema.documents.c.id, schema.documents.c.text)).all():
        save(conn, did, signature(text))


def _v4_alias_names(conn: Connection) -> None:
    """An index of aliases by doc actor *and name*, so that resolution reads the names of a candidate
    entity (``resolve.store._ENTITY_NAMES``: distinct names over every doc actor of the entity) from the
    index alone. With the doc-actor index only, each alias row was fetched from the table: for an entity
    that many articles name, that read grew with the corpus and dominated storage time on long ingests
    (measured: 0.7 ms per article more for every 300 articles that repeat the same actors; half that
    with this index). The index is defined in ``schema.py``; this creates it on an older store."""
    for index in schema.aliases.indexes:
        if index.name == "ix_aliases_actor_name":
            index.create(conn, checkfirst=True)


def _v30_published_precision(conn: Connection) -> None:
    """documents.published_precision: a bare year ("2023") is stored as its first day with precision
    "year", not as a day nobody wrote. Stores made before it have day precision (NULL: unknown)."""
    cols = {c["name"] for c in inspect(conn).get_columns("documents")}
    if "published_precision" not in cols:
        conn.exec_driver_sql("ALTER TABLE documents ADD COLUMN published_precision VARCHAR(5)")


def _v20_kb_aggregates(conn: Connection) -> None:
    """The read side's aggregates (tables kb_*): created, then computed from the stored rows once;
    from then on the writer keeps them up to date."""
    from .aggregates import rebuild

    for t in schema.KB_TABLES:
        t.create(conn, checkfirst=True)
    # reading a page of facts looks up the near-duplicate copies of their documents by this column
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_documents_duplicate_of ON documents (duplicate_of)")
    rebuild(conn)


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    versions = conn.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(conn: Connection) -> list[int]:
    """Apply the migrations this store lacks; return their versions."""
    # the versions recorded, not the highest: migrations are numbered in blocks per line of work, so a
    # store may have a later block and lack an earlier migration
    have: set[int] = set()
    if inspect(conn).has_table("schema_migrations"):
        have = set(conn.execute(select(schema.schema_migrations.c.version)).scalars())
    applied = []
    for version, name, fn in MIGRATIONS:
        if version in have:
            continue
        if version == 1:
            schema.schema_migrations.create(conn, checkfirst=True)
        fn(conn)
        conn.execute(schema.schema_migrations.insert().values(
            version=version, name=name, applied_at=dt.datetime.now(dt.timezone.utc)))
        applied.append(version)
    return applied
