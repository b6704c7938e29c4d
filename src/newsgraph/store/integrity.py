"""Integrity of a knowledge base: ``check(store)`` lists every problem found, an empty list means clean.

What is checked (each problem names its check, what is wrong and how many rows):
- ``storage``: SQLite's own ``PRAGMA quick_check`` (pages, indexes, constraints of the file);
- ``foreign_keys``: every foreign key of the schema points at an existing row (checked with joins, so
  it holds on PostgreSQL too and for rows written while foreign keys were off);
- ``orphans``: entities no document mentions and no analyst's decision names (the writer drops them);
- ``consistency``: a fact, mention or alias whose sentence or actor belongs to another document;
  sentence offsets that do not cut the document's own text; sentence numbers with gaps;
  a current document (not superseded, not a near-duplicate) with no sentences (a half-written article);
  two current documents with the same URL (one article stored twice);
- ``fts``: the SQLite full-text index ``sentences_fts`` agrees with ``sentences`` (FTS5's own
  integrity-check against its content table, plus the row counts).

The checks only read; they run inside one read transaction, so a concurrent ingest does not make
them see half an article.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Table, and_, func, select, text
from sqlalchemy.exc import DBAPIError

from . import Store
from . import schema as s


@dataclass(frozen=True)
class Problem:
    check: str    # storage | foreign_keys | orphans | consistency | fts
    detail: str
    count: int = 1

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}" + (f" ({self.count} rows)" if self.count != 1 else "")


def check(store: Store) -> list[Problem]:
    """Every integrity problem of the store; [] when it is clean. A file too damaged to open a
    connection on is one ``storage`` problem."""
    try:
        with store.read() as conn:
            return check_conn(conn)
    except Exception as exc:  # noqa: BLE001 - the damage is the finding
        return [Problem("storage", f"cannot read the store: {_why(exc)}")]


def check_conn(conn: Connection) -> list[Problem]:
    """SQLite's quick_check first, then each check; a check that cannot run on a damaged file is a
    problem of its own (``storage``: "foreign_keys could not run: ..."), and the others still run."""
    problems: list[Problem] = []
    sqlite = conn.dialect.name == "sqlite"
    steps = [("storage", _storage)] if sqlite else []
    steps += [("foreign_keys", _foreign_keys), ("orphans", _orphans), ("consistency", _consistency)]
    if sqlite:
        steps.append(("fts", _fts))
    for name, step in steps:
        try:
            conn.exec_driver_sql("SAVEPOINT ng_check")  # PostgreSQL: a failed step must not end the rest
            problems += step(conn)
            conn.exec_driver_sql("RELEASE SAVEPOINT ng_check")
        except Exception as exc:  # noqa: BLE001 - reported as a problem, the next check runs
            try:
                conn.exec_driver_sql("ROLLBACK TO SAVEPOINT ng_check")
                conn.exec_driver_sql("RELEASE SAVEPOINT ng_check")
            except Exception:  # noqa: BLE001 - the file may refuse even that
                pass
            problems.append(Problem("storage", f"the {name} check could not run: {_why(exc)}"))
    return problems


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return f"{exc.__class__.__name__}: {str(orig if orig is not None else exc).splitlines()[0][:200]}"


def counts(conn: Connection) -> dict[str, int]:
    """Rows per table of the schema (the ``check`` command prints them)."""
    from .backup import tables

    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar() or 0 for t in tables(conn)}


# ------------------------------------------------------------------ checks
def _storage(conn: Connection) -> list[Problem]:
    rows = [" ".join(str(r[0]).split()) for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    if rows == ["ok"]:
        return []
    return [Problem("storage", f"SQLite quick_check: {r}") for r in rows[:20]]


def _foreign_keys(conn: Connection) -> list[Problem]:
    from .backup import tables

    out = []
    for table in tables(conn):  # the shared schema's tables and those other migrations made
        for fk in table.foreign_keys:
            col, target = fk.parent, fk.column
            ref = target.table.alias("ref")
            refcol = ref.c[target.name]
            n = conn.execute(
                select(func.count()).select_from(table.outerjoin(ref, refcol == col))
                .where(and_(col.is_not(None), refcol.is_(None)))).scalar()
            if n:
                out.append(Problem("foreign_keys", f"{table.name}.{col.name} points at a missing "
                                                   f"{target.table.name}.{target.name}", n))
    return out


def _orphans(conn: Connection) -> list[Problem]:
    used = select(s.doc_actors.c.entity_id)
    judged_a = select(s.judgements.c.entity_a).where(s.judgements.c.entity_a.is_not(None))
    judged_b = select(s.judgements.c.entity_b).where(s.judgements.c.entity_b.is_not(None))
    n = conn.execute(select(func.count()).select_from(s.entities).where(and_(
        s.entities.c.id.not_in(used), s.entities.c.id.not_in(judged_a),
        s.entities.c.id.not_in(judged_b)))).scalar()
    return [Problem("orphans", "entities that no document mentions and no decision names", n)] if n else []


def _cross_document(conn: Connection, table: Table, col: str, target: Table, what: str) -> list[Problem]:
    """Rows of ``table`` whose ``col`` points at a ``target`` row of another document."""
    n = conn.execute(select(func.count()).select_from(table.join(target, target.c.id == table.c[col]))
                     .where(target.c.document_id != table.c.document_id)).scalar()
    if not n:
        return []
    return [Problem("consistency", f"{table.name}.{col} points at {what} of another document", n)]


def _consistency(conn: Connection) -> list[Problem]:
    out: list[Problem] = []
    for t in s.FACT_TABLES:
        out += _cross_document(conn, t, "sentence_id", s.sentences, "a sentence")
        out += _cross_document(conn, t, "speaker_id", s.doc_actors, "an actor")
    out += _cross_document(conn, s.roles, "person_id", s.doc_actors, "an actor")
    out += _cross_document(conn, s.roles, "organization_id", s.doc_actors, "an actor")
    out += _cross_document(conn, s.ties, "source_id", s.doc_actors, "an actor")
    out += _cross_document(conn, s.ties, "target_id", s.doc_actors, "an actor")
    out += _cross_document(conn, s.events, "location_id", s.doc_actors, "an actor")
    out += _cross_document(conn, s.mentions, "sentence_id", s.sentences, "a sentence")
    out += _cross_document(conn, s.mentions, "doc_actor_id", s.doc_actors, "an actor")
    # event participants: the event's document is the actor's document
    n = conn.execute(select(func.count()).select_from(
        s.event_participants.join(s.events, s.events.c.id == s.event_participants.c.event_id)
        .join(s.doc_actors, s.doc_actors.c.id == s.event_participants.c.doc_actor_id))
        .where(s.events.c.document_id != s.doc_actors.c.document_id)).scalar()
    if n:
        out.append(Problem("consistency", "event_participants name an actor of another document", n))
    # aliases seen in a sentence: the sentence is in the actor's document
    n = conn.execute(select(func.count()).select_from(
        s.aliases.join(s.doc_actors, s.doc_actors.c.id == s.aliases.c.doc_actor_id)
        .join(s.sentences, s.sentences.c.id == s.aliases.c.sentence_id))
        .where(s.sentences.c.document_id != s.doc_actors.c.document_id)).scalar()
    if n:
        out.append(Problem("consistency", "aliases point at a sentence of another document", n))
    # current documents that hold no sentences: an article whose facts were never (or half) written
    current = and_(s.documents.c.superseded_by.is_(None), s.documents.c.duplicate_of.is_(None))
    n = conn.execute(select(func.count()).select_from(s.documents).where(and_(
        current, s.documents.c.id.not_in(select(s.sentences.c.document_id))))).scalar()
    if n:
        out.append(Problem("consistency", "current documents without any sentence", n))
    # the same URL stored twice as a current document
    dup = (select(s.documents.c.url).where(and_(s.documents.c.superseded_by.is_(None),
                                                 s.documents.c.url.is_not(None)))
           .group_by(s.documents.c.url).having(func.count() > 1))
    n = conn.execute(select(func.count()).select_from(dup.subquery())).scalar()
    if n:
        out.append(Problem("consistency", "URLs stored as more than one current document", n))
    out += _sentences(conn)
    return out


def _sentences(conn: Connection) -> list[Problem]:
    """Sentence numbers run 0..n-1 and each sentence's text is its document's text at its offsets."""
    gaps = conn.execute(select(func.count()).select_from(
        select(s.sentences.c.document_id).group_by(s.sentences.c.document_id)
        .having(func.max(s.sentences.c.idx) + 1 != func.count()).subquery())).scalar()
    out = [Problem("consistency", "documents whose sentence numbers have gaps", gaps)] if gaps else []
    bad = 0
    doc_text: tuple[str | None, str] = (None, "")
    rows = conn.execute(select(s.sentences.c.document_id, s.sentences.c.start, s.sentences.c.end,
                               s.sentences.c.text)
                        .order_by(s.sentences.c.document_id, s.sentences.c.idx))
    for did, start, end, stext in rows:
        if doc_text[0] != did:
            body = conn.execute(select(s.documents.c.text).where(s.documents.c.id == did)).scalar() or ""
            doc_text = (did, body)
        body = doc_text[1]
        if not (0 <= start <= end <= len(body)) or body[start:end] != stext:
            bad += 1
    if bad:
        out.append(Problem("consistency", "sentences whose offsets do not cut their document's text", bad))
    return out


def _fts(conn: Connection) -> list[Problem]:
    # count(*) always gives one row: scalar_one, never None
    has = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master "
        "WHERE name IN ('sentences_fts', 'sentences_fts_docsize')").scalar_one()
    if has < 2:
        return [Problem("fts", "the full-text index sentences_fts is missing")]
    out = []
    n_fts = conn.execute(text("SELECT count(*) FROM sentences_fts_docsize")).scalar_one()
    n_sent = conn.execute(select(func.count()).select_from(s.sentences)).scalar_one()
    if n_fts != n_sent:
        out.append(Problem("fts", f"the full-text index holds {n_fts} sentences, the store {n_sent}",
                           abs(n_fts - n_sent)))
    missing = conn.execute(text("SELECT count(*) FROM sentences WHERE id NOT IN "
                                "(SELECT id FROM sentences_fts_docsize)")).scalar()
    if missing:
        out.append(Problem("fts", "sentences missing from the full-text index", missing))
    extra = conn.execute(text("SELECT count(*) FROM sentences_fts_docsize WHERE id NOT IN "
                              "(SELECT id FROM sentences)")).scalar()
    if extra:
        out.append(Problem("fts", "index entries for sentences that no longer exist", extra))
    if not out:
        out += _fts_deep(conn)
    return out


def _fts_deep(conn: Connection) -> list[Problem]:
    """FTS5's own integrity-check: every indexed token against the content table. SQLite counts it as a
    write statement, so it waits at most two seconds for a running ingest, then is skipped (the row
    checks above still hold)."""
    timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    conn.exec_driver_sql("PRAGMA busy_timeout = 2000")
    try:
        conn.exec_driver_sql("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")
    except DBAPIError as exc:
        msg = str(exc.orig)
        if "locked" in msg or "busy" in msg:
            return []
        return [Problem("fts", f"the full-text index disagrees with the sentences: {msg[:120]}")]
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(timeout or 0)}")
    return []
