"""Reads: the knowledge base as plain dicts, shared by the CLI, the exports and the API.

Facts come back grouped: the same role or event reported in several sentences or articles is
one fact with several evidence items (see :mod:`newsgraph.store.facts`)."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, and_, func, select

from ..errors import NotFound
from . import schema as s
from .facts import group_events, group_roles, group_ties


def documents(conn: Connection, *, include_superseded: bool = False) -> list[dict]:
    d = s.documents.c
    q = select(d.id, d.title, d.published, d.url, d.publisher, d.origin, d.version, d.ingested_at,
               d.superseded_by, d.duplicate_of).order_by(d.ingested_at, d.id)
    if not include_superseded:
        q = q.where(s.documents.c.superseded_by.is_(None))
    return [_doc_row(r) for r in conn.execute(q)]


def _doc_row(r) -> dict:
    return {"id": r.id, "title": r.title, "published": r.published.isoformat() if r.published else None,
            "url": r.url, "publisher": r.publisher, "origin": r.origin, "version": r.version,
            "superseded_by": r.superseded_by, "duplicate_of": r.duplicate_of}


def document(conn: Connection, did: str) -> dict:
    r = conn.execute(select(s.documents).where(s.documents.c.id == did)).first()
    if r is None:
        raise NotFound(f"no document {did!r}")
    out = _doc_row(r)
    out["text"] = r.text
    out["sentences"] = [dict(idx=x.idx, start=x.start, end=x.end, text=x.text, id=x.id) for x in conn.execute(
        select(s.sentences).where(s.sentences.c.document_id == did).order_by(s.sentences.c.idx))]
    out["mentions"] = [dict(start=m.start, end=m.end, text=m.text, kind=m.kind, entity=m.entity_id)
                       for m in conn.execute(
                           select(s.mentions, s.doc_actors.c.entity_id)
                           .join(s.doc_actors, s.doc_actors.c.id == s.mentions.c.doc_actor_id)
                           .where(s.mentions.c.document_id == did).order_by(s.mentions.c.start))]
    return out


def entities(conn: Connection, ids: list[str] | None = None, *, with_mentions: bool = True) -> list[dict]:
    """Entities with every name form (extracted and analysts'), mention counts and mentions."""
    q = select(s.entities).order_by(s.entities.c.id)
    if ids is not None:
        q = q.where(s.entities.c.id.in_(ids))
    ents = {r.id: {"id": r.id, "type": r.type, "subtype": r.subtype, "name": r.name, "aliases": [],
                   "alias_sources": [], "mentions": [], "mention_count": 0, "documents": set()}
            for r in conn.execute(q)}
    if not ents:
        return []
    keys = list(ents)
    removed = _removed_aliases(conn, keys)
    for eid, name, norm, kind, did, sidx in conn.execute(
            select(s.doc_actors.c.entity_id, s.aliases.c.name, s.aliases.c.norm, s.aliases.c.kind,
                   s.doc_actors.c.document_id, s.sentences.c.idx)
            .join(s.aliases, s.aliases.c.doc_actor_id == s.doc_actors.c.id)
            .outerjoin(s.sentences, s.sentences.c.id == s.aliases.c.sentence_id)
            .where(s.doc_actors.c.entity_id.in_(keys)).order_by(s.aliases.c.id)):
        e = ents[eid]
        if (eid, norm) in removed:  # the norm the writer stored is the folded name
            continue
        if name not in e["aliases"]:
            e["aliases"].append(name)
        e["alias_sources"].append({"name": name, "kind": kind, "document": did, "sentence": sidx})
    for eid, name in conn.execute(select(s.judgements.c.entity_a, s.judgements.c.name).where(and_(
            s.judgements.c.kind == "alias_add", s.judgements.c.undone_at.is_(None),
            s.judgements.c.entity_a.in_(keys)))):
        if name not in ents[eid]["aliases"]:
            ents[eid]["aliases"].append(name)
        ents[eid]["alias_sources"].append({"name": name, "kind": "analyst", "document": None,
                                           "sentence": None})
    mq = (select(s.doc_actors.c.entity_id, s.mentions.c.text, s.mentions.c.document_id, s.mentions.c.start,
                 s.mentions.c.end, s.mentions.c.kind)
          .join(s.mentions, s.mentions.c.doc_actor_id == s.doc_actors.c.id)
          .where(s.doc_actors.c.entity_id.in_(keys)).order_by(s.mentions.c.document_id, s.mentions.c.start))
    for eid, text, did, start, end, kind in conn.execute(mq):
        e = ents[eid]
        e["mention_count"] += 1
        e["documents"].add(did)
        if with_mentions:
            e["mentions"].append({"text": text, "document": did, "start": start, "end": end, "kind": kind})
    for e in ents.values():
        e["documents"] = sorted(e["documents"])
    return list(ents.values())


def _removed_aliases(conn: Connection, keys: list[str]) -> set[tuple[str, str]]:
    j = s.judgements.c
    return {(eid, norm) for eid, norm in conn.execute(select(j.entity_a, j.norm).where(and_(
        j.kind == "alias_remove", j.undone_at.is_(None), j.entity_a.in_(keys))))}


def find_entity(conn: Connection, name_or_id: str, norm: str | None = None) -> dict:
    """An entity by id, exact name, or folded name form; the most mentioned when several.

    ``norm``: the name folded as resolution folds it (``nlp.keys.fold``), to find it among the
    stored alias norms; the read side takes it from the caller, so the store does not import the
    resolver. Without it an alias is found by its exact name, case aside."""
    row = conn.execute(select(s.entities.c.id).where(s.entities.c.id == name_or_id)).scalar()
    if row:
        return entities(conn, [row])[0]
    alias_match = (s.aliases.c.norm == norm if norm is not None
                   else func.lower(s.aliases.c.name) == name_or_id.lower())
    ids = set(conn.execute(select(s.doc_actors.c.entity_id)
                           .join(s.aliases, s.aliases.c.doc_actor_id == s.doc_actors.c.id)
                           .where(alias_match)).scalars())
    ids |= set(conn.execute(select(s.entities.c.id)
                            .where(func.lower(s.entities.c.name) == name_or_id.lower())).scalars())
    if not ids:
        raise NotFound(f"no actor called {name_or_id!r}", hint="`newsgraph actors` lists them")
    found = entities(conn, sorted(ids), with_mentions=False)
    return max(found, key=lambda e: e["mention_count"])


# ---------------------------------------------------------------- facts
def _fact_base(t, conn: Connection):
    return (select(t, s.sentences.c.text.label("sentence_text"), s.sentences.c.start.label("sentence_start"),
                   s.sentences.c.end.label("sentence_end"), s.sentences.c.idx.label("sentence_idx"),
                   s.documents.c.publisher, s.documents.c.url, s.documents.c.title.label("doc_title"),
                   s.documents.c.published)
            .join(s.sentences, s.sentences.c.id == t.c.sentence_id)
            .join(s.documents, s.documents.c.id == t.c.document_id)
            .where(s.documents.c.superseded_by.is_(None)))


def _actor_entities(conn: Connection, actor_ids: set[int]) -> dict[int, str]:
    if not actor_ids:
        return {}
    return dict(conn.execute(select(s.doc_actors.c.id, s.doc_actors.c.entity_id)
                             .where(s.doc_actors.c.id.in_(sorted(actor_ids)))).all())


def _evidence(r) -> dict:
    return {"document": r.document_id, "sentence": r.sentence_idx, "text": r.sentence_text,
            "start": r.sentence_start, "end": r.sentence_end, "publisher": r.publisher, "url": r.url,
            "title": r.doc_title, "published": r.published.isoformat() if r.published else None}


def _attribution(r, amap: dict[int, str]) -> dict:
    return {"source": r.source_kind, "speaker": amap.get(r.speaker_id) if r.speaker_id else None,
            "source_text": r.source_text, "hedged": bool(r.hedged),
            "cue": r.hedge_cue if r.hedged else r.attribution_cue, "attribution_cue": r.attribution_cue,
            "hedge_cue": r.hedge_cue, "carried": bool(r.carried)}


def _by_ids(conn: Connection, t, ids: list[int] | None) -> list:
    """The rows of a fact table, all of them or these ids (read in chunks)."""
    if ids is None:
        return list(conn.execute(_fact_base(t, conn).order_by(t.c.id)).all())
    out: list = []
    ids = sorted(set(ids))
    for i in range(0, len(ids), 500):
        out += conn.execute(_fact_base(t, conn).where(t.c.id.in_(ids[i:i + 500])).order_by(t.c.id)).all()
    return out


def role_rows(conn: Connection, ids: list[int] | None = None) -> list[dict]:
    """Role rows (all, or these row ids), each with its evidence; ``row`` is the row's id."""
    rows = _by_ids(conn, s.roles, ids)
    amap = _actor_entities(conn, {x for r in rows
                                  for x in (r.person_id, r.organization_id, r.speaker_id) if x})
    return _with_copies(conn, [
        {"row": r.id, "person": amap[r.person_id], "organization": amap[r.organization_id], "title": r.title,
         "status": r.status, "since": r.since, "until": r.until, "attribution": _attribution(r, amap),
         "evidence": _evidence(r)} for r in rows])


def tie_rows(conn: Connection, ids: list[int] | None = None) -> list[dict]:
    rows = _by_ids(conn, s.ties, ids)
    amap = _actor_entities(conn, {x for r in rows for x in (r.source_id, r.target_id, r.speaker_id) if x})
    return _with_copies(conn, [{"row": r.id, "kind": r.kind, "source": amap[r.source_id],
                                "target": amap[r.target_id], "attribution": _attribution(r, amap),
                                "evidence": _evidence(r)} for r in rows])


def event_rows(conn: Connection, *, types: list[str] | None = None, since: str | None = None,
               until: str | None = None, ids: list[int] | None = None) -> list[dict]:
    if ids is not None:
        rows = _by_ids(conn, s.events, ids)
    else:
        q = _fact_base(s.events, conn)
        if types:
            q = q.where(s.events.c.type.in_(types))
        rows = list(conn.execute(q.order_by(s.events.c.id)).all())
    parts: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"source": [], "target": []})
    ids = [r.id for r in rows]
    for i in range(0, len(ids), 500):
        ep = s.event_participants.c
        for ev, aid, side in conn.execute(select(ep.event_id, ep.doc_actor_id, ep.side)
                                          .where(ep.event_id.in_(ids[i:i + 500]))
                                          .order_by(ep.event_id, ep.position)):
            parts[ev][side].append(aid)
    amap = _actor_entities(conn, {x for p in parts.values() for side in p.values() for x in side}
                           | {x for r in rows for x in (r.location_id, r.speaker_id) if x})
    # the names of the places, for the place precision of the event records (store/facts.py)
    loc_ids = sorted({amap[r.location_id] for r in rows if r.location_id and r.location_id in amap})
    loc_names: dict[str, str] = {}
    for i in range(0, len(loc_ids), 500):
        loc_names.update(conn.execute(select(s.entities.c.id, s.entities.c.name)
                                      .where(s.entities.c.id.in_(loc_ids[i:i + 500]))).all())
    out = []
    for r in rows:
        if since and (r.time or "") < since[:len(r.time or "")] if r.time else False:
            continue
        if until and r.time and r.time[:len(until)] > until:
            continue
        out.append({"row": r.id, "type": r.type, "cameo": r.cameo, "trigger": r.trigger,
                    "source": _unique(amap[a] for a in parts[r.id]["source"]),
                    "target": _unique(amap[a] for a in parts[r.id]["target"]),
                    "location": amap.get(r.location_id) if r.location_id else None,
                    "location_name": loc_names.get(amap.get(r.location_id, "")) if r.location_id else None,
                    "time": r.time, "time_precision": r.time_precision, "time_text": r.time_text,
                    "time_inherited": bool(r.time_inherited),
                    "negated": bool(r.negated), "attribution": _attribution(r, amap),
                    "evidence": _evidence(r)})
    return _with_copies(conn, out)


def _with_copies(conn: Connection, rows: list[dict]) -> list[dict]:
    """Add each fact's evidence in the near-duplicate copies of its document.

    A copy (another site's run of the same wire story, ``documents.duplicate_of``) is not extracted
    again; where its text carries the same sentence, that sentence is evidence too, marked
    ``copy_of``. Grouping (store/facts.py) counts the same sentence text as one source, so a copy
    never raises corroboration."""
    if not rows:
        return rows
    d = s.documents
    firsts = sorted({r["evidence"]["document"] for r in rows})
    has_copies: list[str] = []
    for i in range(0, len(firsts), 500):  # by the index on duplicate_of (migration 20), not a scan
        has_copies += conn.execute(select(d.c.duplicate_of).distinct().where(
            d.c.duplicate_of.in_(firsts[i:i + 500]), d.c.superseded_by.is_(None))).scalars()
    has_copies = sorted(set(has_copies))
    copies: dict[str, list] = defaultdict(list)
    for i in range(0, len(has_copies), 500):  # only the copies of these facts' documents, texts read once
        for r in conn.execute(select(d.c.id, d.c.duplicate_of, d.c.text, d.c.publisher, d.c.url, d.c.title,
                                     d.c.published).where(d.c.duplicate_of.in_(has_copies[i:i + 500]),
                                                          d.c.superseded_by.is_(None)).order_by(d.c.id)):
            copies[r.duplicate_of].append(r)
    if not copies:
        return rows
    out = list(rows)
    for row in rows:
        ev = row["evidence"]
        for c in copies.get(ev["document"], ()):
            at = c.text.find(ev["text"]) if ev["text"] else -1
            if at < 0:
                continue
            out.append({**row, "evidence": {
                "document": c.id, "sentence": None, "text": ev["text"], "start": at,
                "end": at + len(ev["text"]),
                "publisher": c.publisher, "url": c.url, "title": c.title,
                "published": c.published.isoformat() if c.published else None, "copy_of": ev["document"]}})
    return out


def _unique(xs) -> list:
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def roles(conn: Connection) -> list[dict]:
    return group_roles(role_rows(conn))


def ties(conn: Connection) -> list[dict]:
    return group_ties(tie_rows(conn))


def events(conn: Connection, *, actor: str | None = None, types: list[str] | None = None,
           since: str | None = None, until: str | None = None) -> list[dict]:
    evs = group_events(event_rows(conn, types=types, since=since, until=until))
    if actor:
        evs = [e for e in evs if actor in e["source"] or actor in e["target"]]
    return evs


def counts(conn: Connection) -> dict[str, int]:
    out = {}
    for name, t in (("documents", s.documents), ("sentences", s.sentences), ("entities", s.entities),
                    ("mentions", s.mentions), ("roles", s.roles), ("ties", s.ties), ("events", s.events),
                    ("aliases", s.aliases), ("judgements", s.judgements)):
        out[name] = conn.execute(select(func.count()).select_from(t)).scalar() or 0
    return out


__all__ = ["documents", "document", "entities", "find_entity", "roles", "ties", "events", "counts",
           "role_rows", "tie_rows", "event_rows"]
