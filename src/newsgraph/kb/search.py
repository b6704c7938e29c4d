"""Full-text search over sentences (SQLite FTS5 table ``sentences_fts``; PostgreSQL ``to_tsvector``) and
over actors' names (every alias, folded)."""
from __future__ import annotations

import re

from sqlalchemy import Connection, func, or_, select, text

from ..nlp.keys import fold
from ..store import schema as s

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(q: str) -> str | None:
    """User text as a safe FTS5 query: each word a quoted prefix term, all required.

    FTS5 syntax (quotes, NEAR, column filters, ``*``) in user text is never interpreted."""
    words = _WORD.findall(q)
    if not words:
        return None
    return " ".join('"' + w.replace('"', "") + '"*' for w in words[:12])


def sentences(conn: Connection, q: str, *, limit: int = 20) -> list[dict]:
    base = (select(s.sentences.c.id, s.sentences.c.document_id, s.sentences.c.idx, s.sentences.c.start,
                   s.sentences.c.end, s.sentences.c.text, s.documents.c.title, s.documents.c.publisher,
                   s.documents.c.published, s.documents.c.url)
            .join(s.documents, s.documents.c.id == s.sentences.c.document_id)
            .where(s.documents.c.superseded_by.is_(None)))
    if conn.dialect.name == "sqlite":
        fq = fts_query(q)
        if not fq:
            return []
        ids = [r[0] for r in conn.execute(
            text("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH :q ORDER BY rank LIMIT :n"),
            {"q": fq, "n": limit * 3})]
        if not ids:
            return []
        rows = {r.id: r for r in conn.execute(base.where(s.sentences.c.id.in_(ids)))}
        ordered = [rows[i] for i in ids if i in rows][:limit]
    elif conn.dialect.name == "postgresql":
        words = _WORD.findall(q)
        if not words:
            return []
        tsq = func.plainto_tsquery("english", " ".join(words))
        vec = func.to_tsvector("english", s.sentences.c.text)
        ordered = list(conn.execute(base.where(vec.op("@@")(tsq))
                                    .order_by(func.ts_rank(vec, tsq).desc()).limit(limit)))
    else:
        words = _WORD.findall(q)
        if not words:
            return []
        cond = [s.sentences.c.text.ilike(f"%{w}%") for w in words]
        ordered = list(conn.execute(base.where(*cond).limit(limit)))
    return [{"document": r.document_id, "sentence": r.idx, "start": r.start, "end": r.end, "text": r.text,
             "title": r.title, "publisher": r.publisher, "url": r.url,
             "published": r.published.isoformat() if r.published else None} for r in ordered]


def actors(conn: Connection, q: str, *, limit: int = 20) -> list[str]:
    """Actors one of whose names contains the folded query, then those the query is a spelling variant
    of (the resolver's folded keys: "Kataib Hizballah" finds Kataib Hezbollah)."""
    from ..resolve.lookup import by_variant

    found = _containing(conn, q, limit=limit)
    if len(found) < limit:
        found += sorted(by_variant(conn, q) - set(found))
    return found[:limit]


def _containing(conn: Connection, q: str, *, limit: int) -> list[str]:
    norm = fold(q)
    if not norm:
        return []
    like = "%" + norm.replace("\\", "").replace("%", "").replace("_", " ") + "%"
    ids = list(conn.execute(
        select(s.doc_actors.c.entity_id, func.count(s.aliases.c.id).label("n"))
        .join(s.aliases, s.aliases.c.doc_actor_id == s.doc_actors.c.id)
        .where(or_(s.aliases.c.norm.like(like), s.aliases.c.norm == norm))
        .group_by(s.doc_actors.c.entity_id).order_by(func.count(s.aliases.c.id).desc()).limit(limit)))
    return [r[0] for r in ids]
