"""The database-backed resolution step: an article's actor -> a stored entity id.

Order of authority:
1. an analyst's decision about this actor (a merge or split that moved an actor of this document,
   by URL, so that it holds for every later version; an alias the analyst gave an entity) wins;
2. otherwise the matcher (:mod:`newsgraph.resolve.match`) over the candidates the blocking keys
   find, minus every entity an analyst said this name is *not* (split, alias removed);
3. otherwise a new entity.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import Connection, and_, delete, func, or_, select

from ..model import Actor
from ..store import schema as s
from .keys import WEAK_BLOCK_CAP, all_keys, fold, key_plan, tnorm
from .match import Candidate, MatchResult, choose


def _match_norm(name: str) -> str:
    return " ".join(tnorm(w) for w in fold(name).split())


NO_JUDGEMENTS = "newsgraph_no_judgements"


def note_judgements(conn: Connection) -> None:
    """Called by the writer at the start of its transaction: when no analyst decision is in force, the
    resolver skips its judgement queries for the rest of the transaction (writers are serialised and the
    write path adds no decision, so the answer cannot change under it)."""
    none = conn.execute(select(s.judgements.c.id).limit(1)).first() is None
    conn.info[NO_JUDGEMENTS] = conn.get_transaction() if none else None


def _judged(conn: Connection) -> bool:
    tx = conn.info.get(NO_JUDGEMENTS)
    return tx is None or tx is not conn.get_transaction()


def entity_names(conn: Connection, entity_ids: list[str]) -> dict[str, tuple[str, list[str]]]:
    """id -> (type, names) for the candidates: their doc_actors' names and aliases, names the analyst
    added or merged in, minus names the analyst removed."""
    out: dict[str, tuple[str, list[str]]] = {}
    if not entity_ids:
        return out
    ids = sorted(set(entity_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for eid, etype, name in conn.execute(select(s.entities.c.id, s.entities.c.type, s.entities.c.name)
                                             .where(s.entities.c.id.in_(chunk))):
            out[eid] = (etype, [name])
        rows = conn.execute(select(s.doc_actors.c.entity_id, s.aliases.c.name).distinct()
                            .join(s.aliases, s.aliases.c.doc_actor_id == s.doc_actors.c.id)
                            .where(s.doc_actors.c.entity_id.in_(chunk)))
        for eid, name in rows:
            if eid in out and name not in out[eid][1]:
                out[eid][1].append(name)
        removed: set[tuple[str, str]] = set()
        if not _judged(conn):
            continue
        for kind, eid, name, detail in conn.execute(
                select(s.judgements.c.kind, s.judgements.c.entity_a, s.judgements.c.name, s.judgements.c.detail)
                .where(and_(s.judgements.c.kind.in_(("alias_add", "alias_remove", "same")),
                            s.judgements.c.undone_at.is_(None), s.judgements.c.entity_a.in_(chunk)))
                .order_by(s.judgements.c.id)):
            if eid not in out:
                continue
            if kind == "alias_remove":
                removed.add((eid, fold(name)))
                continue
            extra = [name] if kind == "alias_add" else json.loads(detail or "{}").get("names", [])
            for n in extra:
                if n and n not in out[eid][1]:
                    out[eid][1].append(n)
        for eid, (etype, names) in list(out.items()):
            keep = [n for n in names if (eid, fold(n)) not in removed]
            out[eid] = (etype, keep or names[:1])
    return out


def blocked_entities(conn: Connection, entity_ids: list[str], names: list[str], main_name: str) -> set[str]:
    """The candidates an analyst said these names are not: a split (not_same) on any of the actor's
    names, or an alias the analyst removed that is the actor's main name."""
    if not entity_ids or not _judged(conn):
        return set()
    norms = {fold(n) for n in names}
    main = fold(main_name)
    out = set()
    for kind, eid, name in conn.execute(select(s.judgements.c.kind, s.judgements.c.entity_a, s.judgements.c.name).where(and_(
            s.judgements.c.kind.in_(("not_same", "alias_remove")), s.judgements.c.undone_at.is_(None),
            s.judgements.c.entity_a.in_(sorted(set(entity_ids)))))):
        n = fold(name or "")
        if (kind == "not_same" and n in norms) or (kind == "alias_remove" and n == main):
            out.add(eid)
    return out


def blocked(conn: Connection, entity_id: str, names: list[str]) -> bool:
    """An analyst said one of these names is not this entity."""
    return bool(blocked_entities(conn, [entity_id], names, names[0] if names else ""))


def doc_key(conn: Connection, document_id: str) -> str:
    """What identifies a document across its versions: its URL, else its id (cached for the transaction)."""
    tx = conn.get_transaction()
    cache = conn.info.get("newsgraph_doc_keys")
    if cache is None or cache[0] is not tx:
        cache = conn.info["newsgraph_doc_keys"] = (tx, {})
    if document_id not in cache[1]:
        url = conn.execute(select(s.documents.c.url).where(s.documents.c.id == document_id)).scalar()
        cache[1][document_id] = url or document_id
    return cache[1][document_id]


def live_entity(conn: Connection, entity_id: str) -> str | None:
    """The entity an id now stands for, following later merges; None when it is gone."""
    seen = set()
    eid = entity_id
    while eid and eid not in seen:
        seen.add(eid)
        if conn.execute(select(s.entities.c.id).where(s.entities.c.id == eid)).first():
            return eid
        eid = conn.execute(select(s.judgements.c.entity_a).where(and_(
            s.judgements.c.kind == "same", s.judgements.c.undone_at.is_(None), s.judgements.c.entity_b == eid))
            .order_by(s.judgements.c.id.desc()).limit(1)).scalar()
    return None


def decided_entity(conn: Connection, actor: Actor, document_id: str) -> tuple[str, MatchResult] | None:
    """The entity an analyst's decision puts this actor in, if any (the latest decision wins): a merge
    or split that moved this actor of this document (by URL, so every later version too), or an
    alias the analyst gave an entity that is this actor's name. One query."""
    if not _judged(conn):
        return None
    key = doc_key(conn, document_id)
    main = fold(actor.name)
    j = s.judgements
    rows = conn.execute(select(j.c.id, j.c.kind, j.c.entity_a, j.c.entity_b, j.c.detail, j.c.author, j.c.reason)
                        .where(and_(j.c.undone_at.is_(None), or_(
                            and_(j.c.kind.in_(("same", "not_same")), j.c.detail.contains(json.dumps(key))),
                            and_(j.c.kind == "alias_add", j.c.norm == main))))
                        .order_by(j.c.id.desc())).all()
    for r in rows:
        if r.kind == "alias_add":
            etype = conn.execute(select(s.entities.c.type).where(s.entities.c.id == r.entity_a)).scalar()
            if etype == actor.type:
                return r.entity_a, MatchResult(1.0, "analyst", f"analyst decision #{r.id}: {actor.name!r} is an "
                                                               f"alias given by {r.author}")
            continue
        for moved in json.loads(r.detail or "{}").get("moved", []):
            if moved.get("doc_key") == key and moved.get("type", actor.type) == actor.type \
                    and main in set(moved.get("norms", [])):
                target = r.entity_a if r.kind == "same" else r.entity_b
                eid = live_entity(conn, target) if target else None
                if eid:
                    verb = "merge" if r.kind == "same" else "split"
                    return eid, MatchResult(1.0, "analyst", f"analyst decision #{r.id} ({verb} by {r.author}"
                                                            f"{': ' + r.reason if r.reason else ''})")
    return None


def resolve_actor(conn: Connection, actor: Actor, document_id: str) -> tuple[str, MatchResult | None]:
    """The entity id for an article's actor: the best stored candidate over the threshold, or a new
    entity. Returns the id and the match that justified it (None for a new entity)."""
    names = [n for n in actor.alias_names() if n and n.strip()]
    decided = decided_entity(conn, actor, document_id)
    if decided:
        add_keys(conn, decided[0], actor.type, names)
        return decided
    cands, weak_ok = candidate_ids(conn, actor.type, names)
    found = None
    info: dict[str, tuple[str, list[str]]] = {}
    if cands:
        no = blocked_entities(conn, cands, names, actor.name)
        cands = [c for c in cands if c not in no]
        same_doc = set(conn.execute(select(s.doc_actors.c.entity_id).where(
            s.doc_actors.c.document_id == document_id)).scalars())
        info = entity_names(conn, cands)
        found = choose(actor.type, names, [Candidate(eid, etype, enames, eid in same_doc)
                                           for eid, (etype, enames) in info.items()], allow_weak=weak_ok)
    if found:
        add_keys(conn, found[0], actor.type, names + info.get(found[0], ("", []))[1])
        return found
    eid = new_entity(conn, actor.type, actor.subtype, actor.name, seed=document_id)
    add_keys(conn, eid, actor.type, names)
    return eid, None


def candidate_ids(conn: Connection, type_: str, names: list[str]) -> tuple[list[str], bool]:
    """The stored entities filed under the lookup keys of these names, and whether a weak match is
    still possible (not when a weak key is filed under more entities than the cap)."""
    strong, weak = key_plan(names, type_, lookup=True)
    weak_ok = True
    keys = set(strong)
    if weak:
        sizes = dict(conn.execute(select(s.entity_keys.c.key, func.count()).where(
            s.entity_keys.c.key.in_(sorted(weak))).group_by(s.entity_keys.c.key)).all())
        for k in weak:
            if sizes.get(k, 0) > WEAK_BLOCK_CAP:
                weak_ok = False
            else:
                keys.add(k)
    out: set[str] = set()
    ks = sorted(keys)
    for i in range(0, len(ks), 500):
        out.update(conn.execute(select(s.entity_keys.c.entity_id).distinct()
                                .where(s.entity_keys.c.key.in_(ks[i:i + 500]))).scalars())
    return sorted(out), weak_ok


def new_entity(conn: Connection, type_: str, subtype: str | None, name: str, *, seed: str) -> str:
    base = f"{type_}|{fold(name)}|{seed}"
    eid = "e" + hashlib.sha1(base.encode()).hexdigest()[:15]
    n = 0
    while conn.execute(select(s.entities.c.id).where(s.entities.c.id == eid)).first():
        n += 1
        eid = "e" + hashlib.sha1(f"{base}|{n}".encode()).hexdigest()[:15]
    conn.execute(s.entities.insert().values(id=eid, type=type_, subtype=subtype, name=name,
                                            created_at=dt.datetime.now(dt.timezone.utc)))
    return eid


def add_keys(conn: Connection, entity_id: str, type_: str, names: list[str]) -> None:
    keys = all_keys(names, type_, lookup=False)
    if not keys:
        return
    have = set(conn.execute(select(s.entity_keys.c.key).where(s.entity_keys.c.entity_id == entity_id)).scalars())
    new = [{"key": k, "entity_id": entity_id} for k in sorted(keys - have)]
    if new:
        conn.execute(s.entity_keys.insert(), new)


def rebuild_keys(conn: Connection, entity_id: str) -> None:
    """File an entity under exactly the keys of the names it now goes by."""
    info = entity_names(conn, [entity_id]).get(entity_id)
    conn.execute(delete(s.entity_keys).where(s.entity_keys.c.entity_id == entity_id))
    if info:
        keys = all_keys(info[1], info[0], lookup=False)
        if keys:
            conn.execute(s.entity_keys.insert(), [{"key": k, "entity_id": entity_id} for k in sorted(keys)])
