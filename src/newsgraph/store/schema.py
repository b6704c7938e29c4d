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
    text,
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
    # migration 41: the entities a full name joined (rule resolve.match.NAMED_IN_FULL), read by resolution
    # for each rival of a full name, from this small partial index instead of every doc_actor row of the
    # entity; only a query naming that rule as a literal can use it, so no other query's plan changes
    Index("ix_doc_actors_named_in_full", "entity_id", sqlite_where=text("rule = 'named_in_full'"),
          postgresql_where=text("rule = 'named_in_full'")),
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
    Index("ix_roles_speaker", "speaker_id"),  # migration 80: the facts a named actor states
)

ties = Table(
    "ties", metadata, *_fact_columns(),
    Column("kind", String(20), nullable=False),
    Column("source_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("target_id", Integer, ForeignKey("doc_actors.id", ondelete="CASCADE"), nullable=False),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Index("ix_ties_document", "document_id"),
    Index("ix_ties_speaker", "speaker_id"),
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
    Index("ix_events_speaker", "speaker_id"),
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
    Column("kind", String(20), nullable=False),  # same | not_same | alias_add | alias_remove | not_actor
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

# ---------------------------------------------------------------- watching feeds
feeds = Table(  # an outlet followed, with the state a polite poller keeps
    "feeds", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("name", String(300)),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("last_poll", DateTime(timezone=True)),
    Column("last_ok", DateTime(timezone=True)),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("failures", Integer, nullable=False, default=0),  # failed polls in a row
    Column("total_failures", Integer, nullable=False, default=0),
    Column("item_failures", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("ingested", Integer, nullable=False, default=0),  # items ingested from this feed
)

feed_items = Table(  # every item seen, so that a poll never fetches or ingests one twice
    "feed_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("key", Text, nullable=False),  # the item's link, else its guid
    Column("url", Text),
    Column("title", Text),
    Column("content_hash", String(64)),
    Column("document_id", String(40)),
    Column("status", String(20), nullable=False),  # new | version | unchanged | duplicate | failed
    Column("error", Text),
    Column("attempts", Integer, nullable=False, default=1),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("feed_id", "key"),
    Index("ix_feed_items_url", "url"),
    Index("ix_feed_items_hash", "content_hash"),
)

watchlists = Table(  # a named list of actors with the rules its alerts follow
    "watchlists", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("min_confidence", Float, nullable=False, default=0.0),
    Column("source_kinds", String(60)),  # comma-separated reporter,named,anonymous; NULL: all
    Column("hedged", String(10), nullable=False, default="any"),  # any | only | no
    Column("corroborated_only", Boolean, nullable=False, default=False),
    Column("webhook", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

watch_entries = Table(  # an actor watched by its entity; merges are followed through the judgements
    "watch_entries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("list_id", Integer, ForeignKey("watchlists.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("list_id", "entity_id"),
)

alert_seen = Table(  # the alert cursor: per list, the facts already alerted on (or there when watching began)
    "alert_seen", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("list_id", Integer, ForeignKey("watchlists.id", ondelete="CASCADE"), nullable=False),
    Column("fact_key", Text, nullable=False),  # canonical JSON of the fact's content (see watch/alerts.py)
    Column("corroboration", Integer, nullable=False, default=1),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("list_id", "fact_key"),
)

alerts = Table(  # one new fact about one watched actor, with its evidence and delivery state
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(40), nullable=False, unique=True),
    Column("list_id", Integer, ForeignKey("watchlists.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("kind", String(20), nullable=False),  # role | status | event | tie | contradiction | corroborated
    Column("fact_key", Text, nullable=False),
    Column("statement", Text, nullable=False),
    Column("detail", Text, nullable=False),  # JSON: sentence, source, confidence, evidence links
    Column("confidence", Float, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt", DateTime(timezone=True)),
    Column("delivery_error", Text),
    Index("ix_alerts_created", "created_at"),
)

watch_state = Table(  # small named values: the digest's cursor
    "watch_state", metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text),
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

# ---------------------------------------------------------------- the read side's aggregates (newsgraph.kb)
# Kept up to date by the writer (store.aggregates.on_write / on_remove) and by analysts' decisions
# (store.aggregates.refresh); rebuilt from the rows above by `newsgraph kb-rebuild`. Nothing here is a
# source of truth: every figure can be recomputed from the extracted rows.
kb_actors = Table(  # one row per entity: how prominent it is
    "kb_actors", metadata,
    Column("entity_id", String(40), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name", Text, nullable=False),
    # folded names, " | "-joined: search and spelling variants
    Column("names", Text, nullable=False, default=""),
    Column("mentions", Integer, nullable=False, default=0),
    Column("documents", Integer, nullable=False, default=0),
    # evidence items of facts linking it to another actor
    Column("degree", Integer, nullable=False, default=0),
    Column("prominence", Float, nullable=False, default=0.0),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Column("dirty", Boolean, nullable=False, default=True),  # contradictions to recompute
    Index("ix_kb_actors_prominence", "prominence"),
    Index("ix_kb_actors_type_prominence", "type", "prominence"),
    Index("ix_kb_actors_mentions", "mentions"),
    Index("ix_kb_actors_type_mentions", "type", "mentions"),  # migration 53
    Index("ix_kb_actors_dirty", "dirty", "prominence"),  # migration 53: contradictions to compute
)

kb_facts = Table(  # one row per fact (rows with the same content key); id = hash of that key
    "kb_facts", metadata,
    Column("id", String(24), primary_key=True),
    Column("category", String(10), nullable=False),  # role | tie | event
    Column("kind", String(200), nullable=False),  # PLOVER type, tie kind, or role title
    Column("negated", Boolean, nullable=False, default=False),
    Column("date", String(10)),  # earliest fact date: event time, role start, else publication
    Column("last_date", String(10)),
    Column("evidence", Integer, nullable=False, default=0),
    Column("reporter", Integer, nullable=False, default=0),  # evidence items by voice
    Column("named", Integer, nullable=False, default=0),
    Column("anonymous", Integer, nullable=False, default=0),
    Column("hedged", Integer, nullable=False, default=0),  # evidence items that hedge
    Column("documents", Integer, nullable=False, default=0),
    Index("ix_kb_facts_date", "category", "date"),
    Index("ix_kb_facts_all_date", "date"),
)

kb_fact_rows = Table(  # which extracted row states which fact, with its own date, voice and hedging
    "kb_fact_rows", metadata,
    Column("category", String(10), primary_key=True),
    Column("row_id", Integer, primary_key=True),
    Column("fact_id", String(24), nullable=False),
    Column("document_id", String(40), nullable=False),
    Column("month", String(7), nullable=False),
    Column("source_kind", String(20), nullable=False),
    Column("hedged", Boolean, nullable=False),
    Index("ix_kb_fact_rows_fact", "fact_id"),
    Index("ix_kb_fact_rows_document", "document_id"),  # migration 55: a document's facts
)

kb_fact_actors = Table(
    "kb_fact_actors", metadata,
    Column("fact_id", String(24), primary_key=True),
    Column("entity_id", String(40), primary_key=True),
    Column("side", String(12), primary_key=True),  # source | target | location | person | organization
    Column("date", String(10)),  # the fact's date, copied: an actor's facts by date from the index alone
    Column("category", String(10)),  # the fact's category, copied (migration 50): an actor's roles, ties
    # or events, counted and paged newest first from this index alone, whatever the size of the store
    Index("ix_kb_fact_actors_entity", "entity_id", "date"),
    Index("ix_kb_fact_actors_entity_category", "entity_id", "category", "date", "fact_id"),
)

kb_links = Table(  # edge weights: evidence items linking a to b, by kind, month, voice and hedging
    "kb_links", metadata,
    Column("a", String(40), primary_key=True),
    Column("b", String(40), primary_key=True),
    Column("kind", String(200), primary_key=True),  # "event:ASSAULT", "tie:member_of", "role"
    Column("month", String(7), primary_key=True),
    Column("source_kind", String(20), primary_key=True),
    Column("hedged", Boolean, primary_key=True),
    Column("weight", Integer, nullable=False, default=0),
    Index("ix_kb_links_b", "b"),
    Index("ix_kb_links_month", "month"),
    # migration 56: a network filtered by kind, or by voice and hedging, sums only the links it keeps
    Index("ix_kb_links_kind", "kind", "month"),
    Index("ix_kb_links_voice", "source_kind", "hedged", "month"),
)

kb_pairs = Table(  # kb_links summed over month, voice and hedging: the unfiltered network
    "kb_pairs", metadata,
    Column("a", String(40), primary_key=True),
    Column("b", String(40), primary_key=True),
    Column("kind", String(200), primary_key=True),
    Column("weight", Integer, nullable=False, default=0),
    Index("ix_kb_pairs_b", "b"),
)

kb_contradictions = Table(  # contradictions found among an actor's facts (store.facts.contradictions)
    "kb_contradictions", metadata,
    Column("id", String(24), primary_key=True),  # hash of (kind, both sides' evidence)
    Column("entity_id", String(40), nullable=False),  # the actor whose facts were compared
    Column("kind", String(20), nullable=False),
    Column("date", String(10)),
    Column("body", Text, nullable=False),  # JSON: reason, a, b (both sides with their evidence)
    Index("ix_kb_contradictions_entity", "entity_id"),
    Index("ix_kb_contradictions_kind", "kind"),
    Index("ix_kb_contradictions_date", "date", "id"),  # migration 81: pages newest first, from the index
    Index("ix_kb_contradictions_kind_date", "kind", "date", "id"),
)

kb_actor_names = Table(  # each name an actor goes by, how often it was written down, its first sighting
    "kb_actor_names", metadata,
    Column("entity_id", String(40), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("n", Integer, nullable=False, default=0),  # alias rows with this name
    Column("first", Integer),  # the first alias row's id (its sentence: where it was first seen)
    Index("ix_kb_actor_names_count", "entity_id", "n"),
)

kb_suggestions = Table(  # merge suggestions, kept on write by resolve.suggestions (migration 54)
    "kb_suggestions", metadata,
    Column("id", String(100), primary_key=True),  # "A~B", the two entity ids in order
    Column("a", String(40), nullable=False),
    Column("b", String(40), nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of explanations
    Index("ix_kb_suggestions_score", "score"),
    Index("ix_kb_suggestions_a", "a"),
    Index("ix_kb_suggestions_b", "b"),
)

kb_state = Table(  # what the read side has computed once (e.g. "suggestions": "built")
    "kb_state", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

KB_TABLES = (kb_actors, kb_facts, kb_fact_rows, kb_fact_actors, kb_links, kb_pairs, kb_contradictions,
             kb_actor_names)
