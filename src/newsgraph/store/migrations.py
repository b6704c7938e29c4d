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
    # 41-49: the writer's cost (issue 15)
    (41, "entities joined by a full name", lambda conn: _v41_named_in_full(conn)),
    # 50-59: the read side at 100,000 articles (issue 17)
    (50, "an actor's facts by category from one index", lambda conn: _v50_actor_fact_category(conn)),
    (51, "actor names in a full-text index", lambda conn: _v51_actor_names_fts(conn)),
    (52, "the names each actor goes by, counted", lambda conn: _v52_actor_name_counts(conn)),
    (53, "actors of a type by mentions", lambda conn: _v53_actor_type_mentions(conn)),
    (54, "merge suggestions kept on write", lambda conn: _v54_suggestions(conn)),
    (55, "a document's facts by document", lambda conn: _v55_fact_rows_by_document(conn)),
    (56, "links by kind and by voice", lambda conn: _v56_links_by_kind_and_voice(conn)),
    # 80-89: the read side's last gaps (issue 17, session 6)
    (80, "facts by speaker", lambda conn: _v80_facts_by_speaker(conn)),
    (81, "contradictions by date", lambda conn: _v81_contradictions_by_date(conn)),
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


def _v41_named_in_full(conn: Connection) -> None:
    """A partial index of doc_actors by entity for the rule "named_in_full": resolution asks, for each
    stored person a new full name rivals, whether a full name joined it (``resolve.store._JOINED_IN_FULL``);
    with the entity index alone that read fetched every doc_actor row of the entity to test its rule, a
    cost that grows with the articles naming it. The index is defined in ``schema.py``; this creates it
    on an older store."""
    for index in schema.doc_actors.indexes:
        if index.name == "ix_doc_actors_named_in_full":
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


def _v50_actor_fact_category(conn: Connection) -> None:
    """kb_fact_actors.category, copied from kb_facts, and an index (entity, category, date, fact): a
    dossier's or a timeline's count and page of an actor's facts are read from the index alone. Before,
    each of the actor's facts was looked up in kb_facts for its category: a dossier of a much-named
    actor cost 0.4 s at 8,000 articles and grew with the store. Filled for the facts already there."""
    cols = {c["name"] for c in inspect(conn).get_columns("kb_fact_actors")}
    if "category" not in cols:
        conn.exec_driver_sql("ALTER TABLE kb_fact_actors ADD COLUMN category VARCHAR(10)")
    conn.exec_driver_sql("UPDATE kb_fact_actors SET category = (SELECT kb_facts.category FROM kb_facts "
                         "WHERE kb_facts.id = kb_fact_actors.fact_id) WHERE category IS NULL")
    for index in schema.kb_fact_actors.indexes:
        index.create(conn, checkfirst=True)


def _v51_actor_names_fts(conn: Connection) -> None:
    """Actors' folded names in a full-text index (SQLite FTS5 over kb_actors.names, kept by triggers):
    a name search reads the index instead of scanning every actor (``names LIKE '%x%'`` cost 0.2 s at
    8,000 articles, per query and per count). PostgreSQL keeps the LIKE (no FTS5)."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS kb_actors_fts "
                         "USING fts5(names, content='kb_actors', content_rowid='rowid')")
    conn.exec_driver_sql("CREATE TRIGGER IF NOT EXISTS kb_actors_ai AFTER INSERT ON kb_actors BEGIN "
                         "INSERT INTO kb_actors_fts(rowid, names) VALUES (new.rowid, new.names); END")
    conn.exec_driver_sql("CREATE TRIGGER IF NOT EXISTS kb_actors_ad AFTER DELETE ON kb_actors BEGIN "
                         "INSERT INTO kb_actors_fts(kb_actors_fts, rowid, names) "
                         "VALUES ('delete', old.rowid, old.names); END")
    conn.exec_driver_sql("CREATE TRIGGER IF NOT EXISTS kb_actors_au AFTER UPDATE OF names ON kb_actors "
                         "WHEN old.names IS NOT new.names BEGIN "
                         "INSERT INTO kb_actors_fts(kb_actors_fts, rowid, names) "
                         "VALUES ('delete', old.rowid, old.names); "
                         "INSERT INTO kb_actors_fts(rowid, names) VALUES (new.rowid, new.names); END")
    conn.exec_driver_sql("INSERT INTO kb_actors_fts(kb_actors_fts) VALUES ('rebuild')")


def _v52_actor_name_counts(conn: Connection) -> None:
    """kb_actor_names: each name an actor goes by with its count and first sighting, kept on write, so
    that a dossier does not group every alias row of the actor (0.05 s for a much-named actor at 8,000
    articles, growing with the store). Filled from the stored aliases."""
    schema.kb_actor_names.create(conn, checkfirst=True)
    conn.exec_driver_sql(
        "INSERT INTO kb_actor_names (entity_id, name, n, first) "
        "SELECT doc_actors.entity_id, aliases.name, count(*), min(aliases.id) FROM aliases "
        "JOIN doc_actors ON doc_actors.id = aliases.doc_actor_id "
        "WHERE NOT EXISTS (SELECT 1 FROM kb_actor_names k WHERE k.entity_id = doc_actors.entity_id) "
        "GROUP BY doc_actors.entity_id, aliases.name")


def _v53_actor_type_mentions(conn: Connection) -> None:
    """Indexes of actors by type and mentions (the actor list of one type, most mentioned first, reads
    its page from the index instead of sorting every actor of the type) and by (dirty, prominence):
    the actors whose contradictions are to be computed, counted and taken most prominent first from
    the index (their count was a join over every actor's facts, 0.7 s at 8,000 articles)."""
    for index in schema.kb_actors.indexes:
        if index.name in ("ix_kb_actors_type_mentions", "ix_kb_actors_dirty"):
            index.create(conn, checkfirst=True)


def _v54_suggestions(conn: Connection) -> None:
    """kb_suggestions (merge suggestions, kept on write) and kb_state. They are filled by
    ``resolve.suggestions.ensure_built`` when ``newsgraph.open_store`` opens the store (the store does
    not import resolution); until then the suggestions list is empty and says so."""
    schema.kb_suggestions.create(conn, checkfirst=True)
    schema.kb_state.create(conn, checkfirst=True)


def _v55_fact_rows_by_document(conn: Connection) -> None:
    """An index of kb_fact_rows by document: a document's facts (the document view) and the rows a new
    version counts out (``aggregates.on_remove``) are found by key, not by reading every fact row."""
    for index in schema.kb_fact_rows.indexes:
        if index.name == "ix_kb_fact_rows_document":
            index.create(conn, checkfirst=True)


def _v56_links_by_kind_and_voice(conn: Connection) -> None:
    """Indexes of kb_links by kind and by (voice, hedging): the first request of a network filtered by
    event type or by source read every link of the store (1.7-2.1 s at 30,600 articles); it now reads
    the links of that kind or voice."""
    for index in schema.kb_links.indexes:
        if index.name in ("ix_kb_links_kind", "ix_kb_links_voice"):
            index.create(conn, checkfirst=True)


def _v80_facts_by_speaker(conn: Connection) -> None:
    """Indexes of roles, ties and events by speaker: the claims a named actor makes (``FactFilter.speaker``,
    ``/api/claims?speaker=``) are found by key instead of grouping every fact of the store."""
    for table in (schema.roles, schema.ties, schema.events):
        for index in table.indexes:
            if (index.name or "").endswith("_speaker"):
                index.create(conn, checkfirst=True)


def _v81_contradictions_by_date(conn: Connection) -> None:
    """Indexes of kb_contradictions by date (and by kind and date): a page of contradictions, newest
    first, is read from the index instead of sorting every contradiction of the store per request."""
    for index in schema.kb_contradictions.indexes:
        if index.name in ("ix_kb_contradictions_date", "ix_kb_contradictions_kind_date"):
            index.create(conn, checkfirst=True)


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
