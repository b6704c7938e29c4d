"""The database-backed resolution step: an article's actor -> a stored entity id."""
from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Connection, and_, select

from ..model import Actor
from ..store import schema as s
from .keys import fold, name_keys
from .match import THRESHOLD, MatchResult, score


def entity_names(conn: Connection, entity_ids: list[str]) -> dict[str, tuple[str, list[str]]]:
    """id -> (type, names) for the candidates, from their doc_actors' aliases and analysts' aliases."""
    out: dict[str, tuple[str, list[str]]] = {}
    if not entity_ids:
        return out
    for eid, etype, name in conn.execute(select(s.entities.c.id, s.entities.c.type, s.entities.c.name)
                                         .where(s.entities.c.id.in_(entity_ids))):
        out[eid] = (etype, [name])
    rows = conn.execute(select(s.doc_actors.c.entity_id, s.aliases.c.name)
                        .join(s.aliases, s.aliases.c.doc_actor_id == s.doc_actors.c.id)
                        .where(s.doc_actors.c.entity_id.in_(entity_ids)))
    for eid, name in rows:
        if eid in out and name not in out[eid][1]:
            out[eid][1].append(name)
    for eid, name in conn.execute(select(s.judgements.c.entity_a, s.judgements.c.name).where(and_(
            s.judgements.c.kind == "alias_add", s.judgements.c.undone_at.is_(None),
            s.judgements.c.entity_a.in_(entity_ids)))):
        if eid in out and name not in out[eid][1]:
            out[eid][1].append(name)
    return out


def blocked(conn: Connection, entity_id: str, names: list[str]) -> bool:
    """An analyst said one of these names is not this entity."""
    norms = [fold(n) for n in names]
    row = conn.execute(select(s.judgements.c.id).where(and_(
        s.judgements.c.kind == "not_same", s.judgements.c.undone_at.is_(None),
        s.judgements.c.entity_a == entity_id, s.judgements.c.norm.in_(norms))).limit(1)).first()
    return row is not None


def resolve_actor(conn: Connection, actor: Actor, document_id: str) -> tuple[str, MatchResult | None]:
    """The entity id for an article's actor: the best stored candidate over the threshold, or a new
    entity. Returns the id and the match that justified it (None for a new entity)."""
    names = actor.alias_names()
    keys = set().union(*(name_keys(n, actor.type) for n in names)) if names else set()
    cands: list[str] = []
    if keys:
        cands = sorted(set(conn.execute(select(s.entity_keys.c.entity_id)
                                        .where(s.entity_keys.c.key.in_(sorted(keys)))).scalars()))
    best: tuple[float, str, MatchResult] | None = None
    for eid, (etype, enames) in entity_names(conn, cands).items():
        m = score(actor.type, names, etype, enames)
        if m is None or m.score < THRESHOLD or blocked(conn, eid, names):
            continue
        if best is None or m.score > best[0]:
            best = (m.score, eid, m)
    if best:
        add_keys(conn, best[1], actor.type, names)
        return best[1], best[2]
    eid = "e" + hashlib.sha1(f"{actor.type}|{fold(actor.name)}|{document_id}".encode()).hexdigest()[:15]
    conn.execute(s.entities.insert().values(id=eid, type=actor.type, subtype=actor.subtype, name=actor.name,
                                            created_at=dt.datetime.now(dt.timezone.utc)))
    add_keys(conn, eid, actor.type, names)
    return eid, None


def add_keys(conn: Connection, entity_id: str, type_: str, names: list[str]) -> None:
    keys = set().union(*(name_keys(n, type_) for n in names)) if names else set()
    if not keys:
        return
    have = set(conn.execute(select(s.entity_keys.c.key).where(and_(
        s.entity_keys.c.entity_id == entity_id, s.entity_keys.c.key.in_(sorted(keys))))).scalars())
    new = [{"key": k, "entity_id": entity_id} for k in sorted(keys - have)]
    if new:
        conn.execute(s.entity_keys.insert(), new)
