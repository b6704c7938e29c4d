"""The analyst has the last word: merge, split, alias add/remove, undo.

Decisions live in the ``judgements`` table, apart from extracted data, each with who, when and why.
They act on ``doc_actors`` (an actor as one document knows it): a merge re-points the doc_actors of
entity B at entity A, a split moves the doc_actors of an entity that go by a name to a new entity.
Facts point at doc_actors, so no fact is touched.

Each decision records what it moved by *document* (its URL, the same for every version) and name,
so that it survives re-extraction: when a new version of the document is ingested, the resolver
(:func:`newsgraph.resolve.store.decided_entity`) puts the same actor back where the analyst put it,
and the matcher never overrides it (a split also blocks the name from the old entity).
``undo`` reverses a decision and records when and by whom.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from ..errors import AmbiguousName, JudgementError, NotFound
from ..nlp.keys import fold
from ..store import schema as s
from ..store.aggregates import after_judgement
from .store import entity_names, live_entity, new_entity, rebuild_keys


def default_author() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser() or "unknown"
    except Exception:  # noqa: BLE001  (no user database in some containers)
        return "unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# ---------------------------------------------------------------- finding entities
def entity_ref(conn: Connection, ref: str) -> dict:
    """An entity by id (a merged id answers with the survivor), or by a name it goes by, or a spelling
    variant of one; an ambiguous name is an error listing the candidates."""
    from .lookup import candidates

    ids = candidates(conn, ref)
    rows = conn.execute(select(s.entities).where(s.entities.c.id.in_(ids))).all() if ids else []
    if not rows:
        raise NotFound(f"no actor called {ref!r}", hint="`newsgraph actors` lists them with their ids")
    if len(rows) > 1:
        raise AmbiguousName(f"{ref!r} names several actors: " + listing(rows))
    return dict(rows[0]._mapping)


def listing(rows) -> str:
    """Candidates as `id (type, name)`, for an ambiguity error."""
    return ", ".join(f"{r.id} ({r.type}, {r.name})" for r in rows[:8]) + (" ..." if len(rows) > 8 else "")


def _doc_actors(conn: Connection, entity_id: str) -> list[dict]:
    """The doc_actors of an entity with their documents' keys and every name they go by (folded)."""
    rows = conn.execute(select(s.doc_actors.c.id, s.doc_actors.c.document_id, s.doc_actors.c.type,
                               s.doc_actors.c.name, s.doc_actors.c.rule, s.doc_actors.c.score,
                               s.doc_actors.c.explanation, s.documents.c.url)
                        .join(s.documents, s.documents.c.id == s.doc_actors.c.document_id)
                        .where(s.doc_actors.c.entity_id == entity_id).order_by(s.doc_actors.c.id)).all()
    out = []
    for r in rows:
        names = [r.name] + list(conn.execute(
            select(s.aliases.c.name).where(s.aliases.c.doc_actor_id == r.id)).scalars())
        out.append({"doc_actor": r.id, "document": r.document_id, "doc_key": r.url or r.document_id,
                    "type": r.type, "names": sorted(set(names)), "norms": sorted({fold(n) for n in names}),
                    "main": fold(r.name),
                    "rule": r.rule, "score": r.score, "explanation": r.explanation})
    return out


def _record(conn: Connection, kind: str, *, entity_a: str | None, entity_b: str | None = None,
            name: str | None = None, detail: dict | None = None, author: str | None,
            reason: str | None) -> int:
    row = conn.execute(s.judgements.insert().returning(s.judgements.c.id).values(
        kind=kind, entity_a=entity_a, entity_b=entity_b, name=name, norm=fold(name) if name else None,
        detail=json.dumps(detail or {}), author=author or default_author(), reason=reason,
        created_at=_now())).one()
    return row.id


def _move(conn: Connection, doc_actor_ids: list[int], entity_id: str, explanation: str) -> None:
    if doc_actor_ids:
        conn.execute(update(s.doc_actors).where(s.doc_actors.c.id.in_(doc_actor_ids)).values(
            entity_id=entity_id, rule="analyst", score=1.0, explanation=explanation))


# ---------------------------------------------------------------- decisions
def _refreshes(fn):
    """A decision re-points actors: the read side's aggregates follow it in the same transaction, so
    every caller (CLI, API, suggestions) leaves the lists, dossiers and network right."""
    import functools

    @functools.wraps(fn)
    def run(conn: Connection, *args, **kwargs):
        out = fn(conn, *args, **kwargs)
        if isinstance(out, dict) and out.get("judgement") and not kwargs.get("dry_run"):
            after_judgement(conn, out["judgement"])
        return out

    return run


@_refreshes
def merge(conn: Connection, a: str, b: str, *, author: str | None = None, reason: str | None = None,
          force: bool = False) -> dict:
    """B is A: every doc_actor of B now points at A; B's names become A's; B is removed."""
    ea, eb = entity_ref(conn, a), entity_ref(conn, b)
    if ea["id"] == eb["id"]:
        raise JudgementError(f"{a!r} and {b!r} are already one actor ({ea['id']})")
    if ea["type"] != eb["type"] and not force:
        raise JudgementError(f"{ea['name']!r} is of type {ea['type']} and {eb['name']!r} "
                             f"of type {eb['type']}",
                             hint="add --force to merge them anyway")
    moved = _doc_actors(conn, eb["id"])
    names = entity_names(conn, [eb["id"]]).get(eb["id"], (eb["type"], [eb["name"]]))[1]
    b_row = {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in eb.items()}
    jid = _record(conn, "same", entity_a=ea["id"], entity_b=eb["id"], name=eb["name"],
                  detail={"moved": moved, "names": names, "b_entity": b_row}, author=author, reason=reason)
    _move(conn, [m["doc_actor"] for m in moved], ea["id"],
          f"analyst decision #{jid}: merged {eb['name']!r} into {ea['name']!r}")
    conn.execute(delete(s.entity_keys).where(s.entity_keys.c.entity_id == eb["id"]))
    conn.execute(delete(s.entities).where(s.entities.c.id == eb["id"]))
    rebuild_keys(conn, ea["id"])
    return {"judgement": jid, "kind": "same", "entity": ea["id"], "merged": eb["id"], "moved": len(moved)}


@_refreshes
def split(conn: Connection, entity: str, name: str, *, author: str | None = None, reason: str | None = None,
          dry_run: bool = False) -> dict:
    """The mentions of ENTITY that go by NAME are someone else: they move to a new entity, and the
    matcher never puts NAME in ENTITY again.

    An article actor whose own name is NAME moves whole (its facts with it). An article actor that
    only carries NAME among other names (the article's coreference joined two people: Benjamin and
    Benzion Netanyahu) keeps its facts and other mentions; only its mentions and aliases written NAME
    move, to a new article actor of the new entity. ``dry_run``: what would move, nothing written."""
    e = entity_ref(conn, entity)
    target = fold(name)
    rows = _doc_actors(conn, e["id"])
    whole = [r for r in rows if r["main"] == target]
    partial = [r for r in rows if r["main"] != target and target in r["norms"]]
    if not whole and not partial:
        names = sorted({n for r in rows for n in r["names"]})
        raise JudgementError(f"no actor of {e['name']!r} goes by {name!r}",
                             hint="its names: " + ", ".join(names[:12]))
    if len(whole) == len(rows):
        raise JudgementError(f"every actor of {e['name']!r} goes by {name!r}: nothing would be left",
                             hint="to rename or remove a name use `newsgraph alias remove`")
    plan = []
    for r in whole + partial:
        ms = conn.execute(select(s.mentions.c.id, s.mentions.c.text).where(
            s.mentions.c.doc_actor_id == r["doc_actor"])).all()
        moving = [m for m in ms if r in whole or fold(m.text) == target]
        plan.append({"doc_actor": r["doc_actor"], "document": r["document"], "doc_key": r["doc_key"],
                     "whole": r in whole, "mentions": [m.text for m in moving],
                     "mention_ids": [m.id for m in moving]})
    if dry_run:
        return {"dry_run": True, "entity": e["id"], "name": name, "moves": [
            {k: v for k, v in p.items() if k != "mention_ids"} for p in plan]}
    new_id = new_entity(conn, e["type"], e["subtype"], name,
                        seed=f"split|{e['id']}|{fold(name)}|{_now().isoformat()}")
    parts = []
    for p in plan:
        if p["whole"]:
            continue
        src = conn.execute(select(s.doc_actors).where(s.doc_actors.c.id == p["doc_actor"])).one()
        da = conn.execute(s.doc_actors.insert().returning(s.doc_actors.c.id).values(
            document_id=src.document_id, local_key=f"{src.local_key}~{new_id[:8]}", entity_id=new_id,
            type=src.type, subtype=src.subtype, name=name, titles=None, rule="analyst", score=1.0,
            explanation="split off")).scalar_one()
        alias_ids = [a.id for a in conn.execute(select(s.aliases.c.id, s.aliases.c.norm).where(
            s.aliases.c.doc_actor_id == src.id)) if a.norm == target]
        if not alias_ids:
            conn.execute(s.aliases.insert().values(doc_actor_id=da, name=name, norm=target, kind="name"))
        else:
            conn.execute(update(s.aliases).where(s.aliases.c.id.in_(alias_ids)).values(doc_actor_id=da))
        if p["mention_ids"]:
            conn.execute(update(s.mentions).where(s.mentions.c.id.in_(p["mention_ids"]))
                         .values(doc_actor_id=da))
        # doc_key, type and norms: a later version of the article is split the same way (writer, via
        # store.split_names and decided_entity)
        parts.append({"from": src.id, "to": da, "mentions": p["mention_ids"], "aliases": alias_ids,
                      "doc_key": p["doc_key"], "type": src.type, "norms": [target]})
    moved = [r for r in whole]
    jid = _record(conn, "not_same", entity_a=e["id"], entity_b=new_id, name=name,
                  detail={"moved": moved, "partial": parts}, author=author, reason=reason)
    _move(conn, [m["doc_actor"] for m in moved], new_id,
          f"analyst decision #{jid}: {name!r} is not {e['name']!r}")
    for part in parts:
        _move(conn, [part["to"]], new_id, f"analyst decision #{jid}: {name!r} is not {e['name']!r}")
    rebuild_keys(conn, e["id"])
    rebuild_keys(conn, new_id)
    return {"judgement": jid, "kind": "not_same", "entity": e["id"], "new_entity": new_id,
            "moved": len(moved), "moved_mentions": sum(len(p["mentions"]) for p in parts)}


def merge_many(conn: Connection, refs: list[str], *, author: str | None = None, reason: str | None = None,
               force: bool = False) -> list[dict]:
    """`merge A B C ...`: B, C ... are A, one judgement each (each undone on its own)."""
    if len(refs) < 2:
        raise JudgementError("a merge needs at least two actors")
    return [merge(conn, refs[0], r, author=author, reason=reason, force=force) for r in refs[1:]]


@_refreshes
def alias_add(conn: Connection, entity: str, name: str, *, author: str | None = None,
              reason: str | None = None) -> dict:
    e = entity_ref(conn, entity)
    if not name.strip():
        raise JudgementError("an alias cannot be empty")
    jid = _record(conn, "alias_add", entity_a=e["id"], name=name.strip(), author=author, reason=reason)
    rebuild_keys(conn, e["id"])
    return {"judgement": jid, "kind": "alias_add", "entity": e["id"], "name": name.strip()}


@_refreshes
def alias_remove(conn: Connection, entity: str, name: str, *, author: str | None = None,
                 reason: str | None = None) -> dict:
    e = entity_ref(conn, entity)
    names = entity_names(conn, [e["id"]]).get(e["id"], (e["type"], []))[1]
    if fold(name) not in {fold(n) for n in names}:
        raise JudgementError(f"{e['name']!r} does not go by {name!r}",
                             hint="its names: " + ", ".join(names[:12]))
    jid = _record(conn, "alias_remove", entity_a=e["id"], name=name.strip(), author=author, reason=reason)
    rebuild_keys(conn, e["id"])
    return {"judgement": jid, "kind": "alias_remove", "entity": e["id"], "name": name.strip()}


@_refreshes
def not_actor(conn: Connection, entity: str, *, author: str | None = None, reason: str | None = None) -> dict:
    """The entity is no actor (a misread phrase, a headline word): it leaves the lists and the network;
    its rows stay (provenance), and `undo` brings it back."""
    e = entity_ref(conn, entity)
    jid = _record(conn, "not_actor", entity_a=e["id"], name=e["name"], author=author, reason=reason)
    return {"judgement": jid, "kind": "not_actor", "entity": e["id"]}


@_refreshes
def undo(conn: Connection, judgement_id: int, *, author: str | None = None) -> dict:
    """Reverse a decision: a merge gives B its actors back, a split returns them, an alias change is
    dropped. The decision stays listed, marked undone (when, by whom)."""
    j = conn.execute(select(s.judgements).where(s.judgements.c.id == judgement_id)).first()
    if j is None:
        raise NotFound(f"no judgement #{judgement_id}", hint="`newsgraph judgements` lists them")
    if j.undone_at is not None:
        raise JudgementError(f"judgement #{judgement_id} was already undone on {j.undone_at:%Y-%m-%d %H:%M}")
    detail = json.loads(j.detail or "{}")
    conn.execute(update(s.judgements).where(s.judgements.c.id == j.id).values(
        undone_at=_now(), detail=json.dumps({**detail, "undone_by": author or default_author()})))
    moved_back = 0
    if j.kind == "same":
        b = detail.get("b_entity") or {}
        if not conn.execute(select(s.entities.c.id).where(s.entities.c.id == j.entity_b)).first():
            conn.execute(s.entities.insert().values(
                id=j.entity_b, type=b.get("type", "other"), subtype=b.get("subtype"),
                name=b.get("name") or j.name,
                created_at=dt.datetime.fromisoformat(b["created_at"]) if b.get("created_at") else _now()))
        src = live_entity(conn, j.entity_a)
        moved_back = _return(conn, detail.get("moved", []), src, j.entity_b, f"judgement #{j.id} undone")
        rebuild_keys(conn, j.entity_b)
        if src:
            rebuild_keys(conn, src)
    elif j.kind == "not_same":
        dst = live_entity(conn, j.entity_a)
        src = live_entity(conn, j.entity_b) if j.entity_b else None
        if dst is None:
            raise JudgementError(f"the entity {j.entity_a} of judgement #{j.id} no longer exists")
        moved_back = _return(conn, detail.get("moved", []), src, dst, f"judgement #{j.id} undone")
        for part in detail.get("partial", []):  # mentions split off an article actor go back to it
            if conn.execute(select(s.doc_actors.c.id).where(s.doc_actors.c.id == part["from"])).first():
                conn.execute(update(s.mentions).where(s.mentions.c.doc_actor_id == part["to"]).values(
                    doc_actor_id=part["from"]))
                conn.execute(update(s.aliases).where(s.aliases.c.doc_actor_id == part["to"]).values(
                    doc_actor_id=part["from"]))
                conn.execute(delete(s.doc_actors).where(s.doc_actors.c.id == part["to"]))
                moved_back += 1
        if src:  # later actors that went there only because of the split go back too
            later = [r["doc_actor"] for r in _doc_actors(conn, src) if r["main"] == j.norm]
            if later:
                conn.execute(update(s.doc_actors).where(s.doc_actors.c.id.in_(later)).values(
                    entity_id=dst, rule="analyst", score=1.0, explanation=f"judgement #{j.id} undone"))
                moved_back += len(later)
            _drop_if_empty(conn, src)
        rebuild_keys(conn, dst)
    elif j.entity_a and conn.execute(select(s.entities.c.id).where(s.entities.c.id == j.entity_a)).first():
        if j.kind == "alias_add":  # actors attached only because of this alias stand on their own again
            for r in _doc_actors(conn, j.entity_a):
                if r["rule"] == "analyst" \
                        and (r["explanation"] or "").startswith(f"analyst decision #{j.id}:"):
                    eid = new_entity(conn, r["type"], None, r["names"][0] if r["names"] else j.name,
                                     seed=f"undo|{j.id}|{r['doc_actor']}")
                    conn.execute(update(s.doc_actors).where(s.doc_actors.c.id == r["doc_actor"]).values(
                        entity_id=eid, rule="new", score=None, explanation=f"judgement #{j.id} undone"))
                    rebuild_keys(conn, eid)
                    moved_back += 1
        rebuild_keys(conn, j.entity_a)
    return {"judgement": j.id, "kind": j.kind, "undone": True, "moved_back": moved_back}


def _return(conn: Connection, moved: list[dict], src: str | None, dst: str, why: str) -> int:
    """Move back the doc_actors a decision moved: the same rows when they still exist, else the
    actors of later versions of the same documents that go by the same names."""
    if not src:
        return 0
    current = _doc_actors(conn, src)
    by_id = {c["doc_actor"]: c for c in current}
    n = 0
    for m in moved:
        if m["doc_actor"] in by_id:
            conn.execute(update(s.doc_actors).where(s.doc_actors.c.id == m["doc_actor"]).values(
                entity_id=dst, rule=m.get("rule"), score=m.get("score"), explanation=m.get("explanation")))
            n += 1
            by_id.pop(m["doc_actor"])
            continue
        for c in list(by_id.values()):
            if c["doc_key"] == m["doc_key"] and c["main"] in set(m["norms"]):
                conn.execute(update(s.doc_actors).where(s.doc_actors.c.id == c["doc_actor"]).values(
                    entity_id=dst, rule="analyst", score=1.0, explanation=why))
                n += 1
                by_id.pop(c["doc_actor"])
    return n


def _drop_if_empty(conn: Connection, entity_id: str) -> None:
    used = conn.execute(select(func.count()).select_from(s.doc_actors)
                        .where(s.doc_actors.c.entity_id == entity_id)).scalar()
    judged = conn.execute(select(func.count()).select_from(s.judgements).where(and_(
        s.judgements.c.undone_at.is_(None),
        or_(s.judgements.c.entity_a == entity_id, s.judgements.c.entity_b == entity_id)))).scalar()
    if not used and not judged:
        conn.execute(delete(s.entity_keys).where(s.entity_keys.c.entity_id == entity_id))
        conn.execute(delete(s.entities).where(s.entities.c.id == entity_id))


# ---------------------------------------------------------------- reading
def list_judgements(conn: Connection, *, include_undone: bool = True) -> list[dict]:
    q = select(s.judgements).order_by(s.judgements.c.id)
    if not include_undone:
        q = q.where(s.judgements.c.undone_at.is_(None))
    rows = conn.execute(q).all()
    ids = {x for r in rows for x in (r.entity_a, r.entity_b) if x}
    names = dict(conn.execute(select(s.entities.c.id, s.entities.c.name)
                              .where(s.entities.c.id.in_(sorted(ids)))).all()) if ids else {}
    out = []
    for r in rows:
        detail = json.loads(r.detail or "{}")
        b_name = names.get(r.entity_b) or (detail.get("b_entity") or {}).get("name")
        out.append({"id": r.id, "kind": r.kind, "entity_a": r.entity_a,
                    "entity_a_name": names.get(r.entity_a),
                    "entity_b": r.entity_b, "entity_b_name": b_name, "name": r.name, "author": r.author,
                    "reason": r.reason, "created_at": r.created_at.isoformat() if r.created_at else None,
                    "undone_at": r.undone_at.isoformat() if r.undone_at else None,
                    "undone_by": detail.get("undone_by"), "moved": len(detail.get("moved", []))})
    return out


def describe(j: dict) -> str:
    """One line for a judgement, as the CLI prints it."""
    a = f"{j['entity_a_name'] or '?'} [{j['entity_a']}]"
    if j["kind"] == "same":
        what = f"merge: {j['entity_b_name'] or j['name']} [{j['entity_b']}] is {a}"
    elif j["kind"] == "not_same":
        what = f"split: {j['name']!r} is not {a} (now {j['entity_b']})"
    elif j["kind"] == "alias_add":
        what = f"alias add: {a} also goes by {j['name']!r}"
    elif j["kind"] == "distinct":
        what = f"distinct: {j['entity_b_name'] or '?'} [{j['entity_b']}] is not {a} (suggestion rejected)"
    else:
        what = f"alias remove: {a} does not go by {j['name']!r}"
    return what
