"""The store's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

Facts never point at cross-article entities directly: they point at ``doc_actors`` (an actor as one
document knows it), and each doc_actor points at its ``entity``. Merging, splitting and
re-resolving entities re-points doc_actors and touches no fact; the resolver's reason for each
link is kept on the doc_actor (rule, score, explanation).
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(40), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("title", Text),
    Column("publisher", String(300)),
    Column("published", Date),
    Column("published_precision", String(5)),  # year | month | day (a bare "2023" is a year)
    Column("text", Text, nullable=False),
    Column("origin", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("superseded_by", String(40), ForeignKey("documents.id"), nullable=True),
    Column("duplicate_of", String(40), ForeignKey("documents.id"), nullable=True),
    Column("notes", Text),
    Index("ix_documents_url", "url"),
)

sentences = Table(
    "sentences", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("document_id", "idx"),
)

entities = Table(
    "entities", metadata,
    Column("id", String(40), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("subtype", String(40)),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

entity_keys = Table(  # blocking keys for resolution, derived from every name the entity goes by
    "entity_keys", metadata,
    Column("key", String(200), nullable=False),
    Column("entity_id", String(40), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    UniqueConstraint("key", "entity_id"),
    Index("ix_entity_keys_entity", "entity_id"),
)

doc_actors = Table(
    "doc_actors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("local_key", String(40), nullable=False),
    Column("entity_id", String(40), ForeignKey("entities.id"), nullable=False),
    Column("type", String(20), nullable=False),
    Column("subtype", String(40)),
    Column("name", Text, nullable=False),
    Column("titles", Text),
    Column("rule", String(60)),
    Column("score", Float),
    Column("explanation", Text),
    UniqueConstraint("document_id", "local_key"),
    Index("ix_doc_actors_entity", "entity_id"),
)

aliases = Table(
    "aliases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_actor_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("norm", String(300), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE")),
    Index("ix_aliases_actor", "doc_actor_id"),
    Index("ix_aliases_norm", "norm"),
    # resolution reads a candidate entity's names from this index alone (resolve.store._ENTITY_NAMES);
    # with the doc-actor index only, that read grew with the corpus (migration 4 adds it to older stores)
    Index("ix_aliases_actor_name", "doc_actor_id", "name"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("doc_actor_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Index("ix_mentions_actor", "doc_actor_id"),
    Index("ix_mentions_document", "document_id"),
)

hedges = Table(
    "hedges", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

attributions = Table(  # the voices of a sentence, nested ones pointing at their parent
    "attributions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", Integer, ForeignKey("attributions.id", ondelete="CASCADE")),
    Column("source_kind", String(20), nullable=False),
    Column("speaker_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE")),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content_start", Integer),
    Column("content_end", Integer),
    Column("carried", Boolean, nullable=False, default=False),
)


def _fact_columns() -> list[Column]:
    """What every fact carries: its sentence, who says it and how firmly."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
        Column("source_kind", String(20), nullable=False, default="reporter"),
        Column("speaker_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE")),
        Column("source_text", Text),
        Column("attribution_cue", Text),
        Column("hedged", Boolean, nullable=False, default=False),
        Column("hedge_cue", Text),
        Column("carried", Boolean, nullable=False, default=False),
    ]


roles = Table(
    "roles", metadata, *_fact_columns(),
    Column("person_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("organization_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("since", String(20)),
    Column("until", String(20)),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Index("ix_roles_document", "document_id"),
)

ties = Table(
    "ties", metadata, *_fact_columns(),
    Column("kind", String(20), nullable=False),
    Column("source_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("target_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Index("ix_ties_document", "document_id"),
)

events = Table(
    "events", metadata, *_fact_columns(),
    Column("type", String(20), nullable=False),
    Column("cameo", String(10)),
    Column("trigger", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("location_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE")),
    Column("time", String(20)),
    Column("time_precision", String(10)),
    Column("time_text", Text),
    Column("time_inherited", Boolean, nullable=False, default=False),
    Column("negated", Boolean, nullable=False, default=False),
    Index("ix_events_document", "document_id"),
    Index("ix_events_type", "type"),
)

event_participants = Table(
    "event_participants", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("doc_actor_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("side", String(10), nullable=False),  # source | target
    Column("position", Integer, nullable=False, default=0),
    UniqueConstraint("event_id", "doc_actor_id", "side"),
    Index("ix_participants_actor", "doc_actor_id"),
)

judgements = Table(  # analysts' decisions, apart from extracted data; never overridden by the matcher
    "judgements", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # same | not_same | alias_add | alias_remove
    Column("entity_a", String(40)),
    Column("entity_b", String(40)),
    Column("name", Text),
    Column("norm", String(300)),
    Column("detail", Text),  # JSON: what the decision moved, so that it can be undone
    Column("author", String(200), nullable=False),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("undone_at", DateTime(timezone=True)),
)

FACT_TABLES = (roles, ties, events)

# Near-duplicate detection (store.neardup): one MinHash signature per document and one indexed hash
# per LSH band, written in the transaction that stores the document (migration 3 fills them for
# stores made before them).
document_minhashes = Table(
    "document_minhashes", metadata,
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),  # ingest.minhash.NUM_PERM uint64 hash values
)
document_bands = Table(
    "document_bands", metadata,
    Column("key", BigInteger, nullable=False),  # hash of (band number, the band's hash values)
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Index("ix_document_bands_key", "key"),
    Index("ix_document_bands_document", "document_id"),
)
