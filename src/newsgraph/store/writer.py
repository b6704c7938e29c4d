"""The one write path: an article is stored whole or not at all.

``write(store, extraction)`` stores an article in its own transaction, ``write_in`` in the caller's (an
ingest writes a group of articles per transaction, each in its own savepoint: ``service.store_group``),
with everything found in it, or nothing:
- the same content again (content hash) changes nothing -> "unchanged";
- the same URL with other text becomes a new version: the old document row (with its text) is
  kept and marked superseded, its extracted rows are replaced by the new version's -> "version";
- otherwise -> "new".
"""
from __future__ import annotations

import datetime as dt
import json
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, and_, bindparam, delete, func, select, update

from ..errors import StoreError
from ..model import Actor, Attribution, Extraction
from . import Store, insert_rows
from . import schema as s


class Resolver(Protocol):
    """Cross-article resolution as the writer needs it: the writer is given one (``Store.resolver``,
    set by ``newsgraph.open_store``; the implementation is ``resolve.store.RESOLVER``), so the store
    does not import ``resolve`` and ``resolve`` may import the store."""

    def fold(self, name: str) -> str: ...  # a name folded into the stored alias norm

    def note_judgements(self, conn: Connection) -> None: ...

    def resolving(self, conn: Connection, document_id: str, actors: list[Actor], *,
                  new_document: bool = False) -> AbstractContextManager[Any]: ...

    def resolve_actor(self, conn: Connection, actor: Actor, document_id: str) -> tuple[str, Any]: ...

    def split_names(self, conn: Connection, document_id: str) -> set[tuple[str, str]]: ...


@dataclass
class WriteResult:
    status: str  # new | unchanged | version | duplicate
    document_id: str
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def document_id(content_hash: str) -> str:
    return "d" + content_hash[:20]


_d = s.documents.c
# built once, values as parameters: compiled once and cached by SQLAlchemy, so the per-article
# lookups cost no statement compilation at ingest speed
_BY_HASH = select(_d.id).where(_d.content_hash == bindparam("chash"))
_CURRENT_BY_URL = (select(_d.id, _d.version)
                   .where(and_(_d.url == bindparam("url"), _d.superseded_by.is_(None)))
                   .order_by(_d.version.desc()).limit(1))


def write(store: Store, ext: Extraction, *, duplicate_of: str | None = None) -> WriteResult:
    with store.write() as conn:
        return write_in(conn, ext, duplicate_of=duplicate_of, resolver=store.resolver)


def known(store: Store, content_hash: str, conn: Connection | None = None) -> str | None:
    """The id of a stored document with this content, if any (cheap check before extraction).
    ``conn``: an open connection to ask on (a read connection costs more than the query)."""
    if conn is None:
        with store.read() as conn:
            return known(store, content_hash, conn)
    return conn.execute(_BY_HASH, {"chash": content_hash}).scalar()


def write_in(conn: Connection, ext: Extraction, *, duplicate_of: str | None = None,
             resolver: Resolver | None = None) -> WriteResult:
    if resolver is None:
        raise StoreError("this store was opened without a resolver, so it cannot store articles",
                         hint="open it with newsgraph.open_store")
    art = ext.article
    chash = art.content_hash
    did = document_id(chash)
    if conn.execute(_BY_HASH, {"chash": chash}).first():
        return WriteResult("unchanged", did)
    resolver.note_judgements(conn)
    previous = None
    if art.url:
        previous = conn.execute(_CURRENT_BY_URL, {"url": art.url}).first()
    now = dt.datetime.now(dt.timezone.utc)
    insert_rows(conn, s.documents, [dict(
        id=did, content_hash=chash, url=art.url, title=art.title, publisher=art.publisher,
        published=art.published, published_precision=art.published_precision, text=art.text,
        origin=art.origin, ingested_at=now,
        version=(previous.version + 1) if previous else 1, duplicate_of=duplicate_of,
        notes=json.dumps(art.notes) if art.notes else None)])
    status = "new"
    if previous:
        remove_facts(conn, previous.id)
        conn.execute(update(s.documents).where(s.documents.c.id == previous.id).values(superseded_by=did))
        status = "version"
    if duplicate_of:  # a near-duplicate copy: the document is kept, its facts are those of the first copy
        return WriteResult("duplicate", did)
    counts = _write_facts(conn, did, ext, resolver)
    # --- read-side aggregates (newsgraph.kb): counted in, in this transaction ---
    from . import aggregates
    aggregates.after_write(conn, did)
    # --- end of the read-side hook ---
    return WriteResult(status, did, counts)


# the tables whose new rows the writer must know the ids of (their children point at them)
_NUMBERED = (s.sentences, s.doc_actors, s.events, s.attributions)
_MAX_IDS = select(*(select(func.max(t.c.id)).scalar_subquery() for t in _NUMBERED))


class _Ids:
    """The ids an article's new rows take. SQLite's RETURNING does not say which row is which, so
    SQLAlchemy would send an ordered insert one row per statement (measured as the largest cost of
    storing an article). The writer holds SQLite's
    write lock for the whole transaction (BEGIN IMMEDIATE), so it numbers the rows itself as SQLite
    would, max(id) + 1 on, and sends them with their ids: one statement per table, and no assumption
    about how SQLite numbers a multi-row insert. The current maxima of all the numbered tables are
    read in one query, when the first of them is needed (after an old version's rows are removed);
    only this writer inserts into them until the transaction ends. PostgreSQL uses RETURNING."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.next: dict | None = None

    def insert(self, table, rows: list[dict]) -> list[int]:
        """Insert rows in one statement; their new ids, in the rows' order."""
        conn = self.conn
        if conn.dialect.name != "sqlite":
            return list(conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                                     rows).scalars().all())
        if self.next is None:
            self.next = {t: (m or 0) + 1 for t, m in zip(_NUMBERED, conn.execute(_MAX_IDS).one())}
        first = self.next[table]
        ids = list(range(first, first + len(rows)))
        self.next[table] = first + len(rows)
        insert_rows(conn, table, [{**row, "id": i} for row, i in zip(rows, ids)])
        return ids


def _write_facts(conn: Connection, did: str, ext: Extraction, resolver: Resolver) -> dict[str, int]:
    numbered = _Ids(conn)
    # sentences
    sent_ids: dict[int, int] = {}
    if ext.sentences:
        ids = numbered.insert(s.sentences, [{"document_id": did, "idx": x.index, "start": x.start,
                                               "end": x.end, "text": x.text} for x in ext.sentences])
        sent_ids = {x.index: i for x, i in zip(ext.sentences, ids)}
    # actors -> entities, resolved as one batch; then one statement for the doc_actors and one for
    # their names (a statement per actor was measured to cost more than the rest of storage)
    fold = resolver.fold
    ext = _reapply_splits(ext, resolver.split_names(conn, did), fold)
    with resolver.resolving(conn, did, ext.actors, new_document=True):
        resolved = [resolver.resolve_actor(conn, actor, did) for actor in ext.actors]
    actor_ids: dict[str, int] = {}
    if ext.actors:
        ids = numbered.insert(s.doc_actors, [dict(
            document_id=did, local_key=actor.key, entity_id=eid, type=actor.type, subtype=actor.subtype,
            name=actor.name, titles=json.dumps(actor.titles) if actor.titles else None,
            rule=match.rule if match else "new", score=match.score if match else None,
            explanation=match.explanation if match else "no stored entity matched")
            for actor, (eid, match) in zip(ext.actors, resolved)])
        alias_rows = []
        for actor, da_id in zip(ext.actors, ids):
            actor_ids[actor.key] = da_id
            alias_rows += [{"doc_actor_id": da_id, "name": a.name, "norm": fold(a.name), "kind": a.kind,
                            "sentence_id": sent_ids.get(a.sentence) if a.sentence is not None else None}
                           for a in actor.aliases] or [{"doc_actor_id": da_id, "name": actor.name,
                                                        "norm": fold(actor.name), "kind": "name",
                                                        "sentence_id": None}]
        insert_rows(conn, s.aliases, alias_rows)
    # mentions
    mrows = [{"document_id": did, "sentence_id": sent_ids[m.sentence], "doc_actor_id": actor_ids[m.actor],
              "start": m.start, "end": m.end, "text": m.text, "kind": m.kind}
             for m in ext.mentions if m.actor in actor_ids and m.sentence in sent_ids]
    if mrows:
        insert_rows(conn, s.mentions, mrows)
    # hedges and attributions
    hrows = [{"sentence_id": sent_ids[a.sentence], "start": h.start, "end": h.end, "text": h.text}
             for a in ext.annotations if a.sentence in sent_ids for h in a.hedges]
    if hrows:
        insert_rows(conn, s.hedges, hrows)
    _write_attributions(numbered, [(sent_ids[ann.sentence], att) for ann in ext.annotations
                                   if ann.sentence in sent_ids for att in ann.attributions], actor_ids)
    # facts, one multi-row statement per table (a per-row INSERT was measured to cost more than the
    # rest of storage)
    role_rows = [{**_fact(did, sent_ids[r.sentence], r.attribution, actor_ids),
                  "person_id": actor_ids[r.person], "organization_id": actor_ids[r.organization],
                  "title": r.title, "status": r.status, "since": r.since, "until": r.until,
                  "span_start": r.span.start if r.span else None, "span_end": r.span.end if r.span else None}
                 for r in ext.roles
                 if r.person in actor_ids and r.organization in actor_ids and r.sentence in sent_ids]
    if role_rows:
        insert_rows(conn, s.roles, role_rows)
    tie_rows = [{**_fact(did, sent_ids[t.sentence], t.attribution, actor_ids), "kind": t.kind,
                 "source_id": actor_ids[t.source], "target_id": actor_ids[t.target],
                 "span_start": t.span.start if t.span else None, "span_end": t.span.end if t.span else None}
                for t in ext.ties
                if t.source in actor_ids and t.target in actor_ids and t.sentence in sent_ids]
    if tie_rows:
        insert_rows(conn, s.ties, tie_rows)
    events = [e for e in ext.events if e.sentence in sent_ids]
    event_rows = [{**_fact(did, sent_ids[e.sentence], e.attribution, actor_ids), "type": e.type,
                   "cameo": e.cameo, "trigger": e.trigger.text if e.trigger else None,
                   "trigger_start": e.trigger.start if e.trigger else None,
                   "trigger_end": e.trigger.end if e.trigger else None,
                   "location_id": actor_ids.get(e.location or ""),
                   "time": e.time.value if e.time else None,
                   "time_precision": e.time.precision if e.time else None,
                   "time_text": e.time.text if e.time else None,
                   "time_inherited": bool(e.time and e.time.inherited),
                   "negated": e.negated} for e in events]
    parts = []
    if event_rows:
        ids = numbered.insert(s.events, event_rows)
        for e, event_id in zip(events, ids):
            seen = set()
            for side, keys in (("source", e.source), ("target", e.target)):
                pos = 0  # the order of the participants kept on this side
                for k in keys:
                    if k in actor_ids and (actor_ids[k], side) not in seen:
                        seen.add((actor_ids[k], side))
                        parts.append({"event_id": event_id, "doc_actor_id": actor_ids[k], "side": side,
                                      "position": pos})
                        pos += 1
    if parts:
        insert_rows(conn, s.event_participants, parts)
    n_roles, n_ties, n_events = len(role_rows), len(tie_rows), len(event_rows)
    return {"sentences": len(sent_ids), "actors": len(actor_ids), "mentions": len(mrows), "roles": n_roles,
            "ties": n_ties, "events": n_events}


def _reapply_splits(ext: Extraction, splits: set[tuple[str, str]], fold) -> Extraction:
    """An analyst split a name off an article actor of an earlier version of this document (Benzion
    Netanyahu off Benjamin's actor): the same name is carved out of this version's actor the same way, its
    aliases and mentions becoming an actor of their own (which the resolver puts where the split put it);
    the facts stay with the actor they were read for."""
    if not splits:
        return ext
    actors, moved = [], {}  # (actor key, folded name) -> the carved actor's key
    for a in ext.actors:
        main = fold(a.name)
        carve = {n for n in {fold(x.name) for x in a.aliases}
                 if (a.type, n) in splits and n != main}
        if not carve:
            actors.append(a)
            continue
        actors.append(a.model_copy(update={"aliases": [x for x in a.aliases if fold(x.name) not in carve]}))
        for n in sorted(carve):
            own = [x for x in a.aliases if fold(x.name) == n]
            key = f"{a.key}~split~{n}"
            moved[(a.key, n)] = key
            actors.append(Actor(key=key, type=a.type, subtype=a.subtype, name=own[0].name, aliases=own))
    if not moved:
        return ext
    mentions = [m.model_copy(update={"actor": moved[(m.actor, fold(m.text))]})
                if (m.actor, fold(m.text)) in moved else m for m in ext.mentions]
    return ext.model_copy(update={"actors": actors, "mentions": mentions})


def _fact(did: str, sid: int, att: Attribution, actor_ids: dict[str, int]) -> dict:
    return {"document_id": did, "sentence_id": sid, "source_kind": att.source,
            "speaker_id": actor_ids.get(att.speaker or ""), "source_text": att.source_text,
            "attribution_cue": att.cue, "hedged": att.hedged, "hedge_cue": att.hedge_cue,
            "carried": att.carried}


def _write_attributions(numbered: _Ids, items: list[tuple[int, Attribution]],
                        actor_ids: dict[str, int]) -> None:
    """The voices of the sentences, one statement per nesting level (outer voices first)."""
    level: list[tuple[int, Attribution, int | None]] = [(sid, att, None) for sid, att in items]
    while level:
        rows = [dict(
            sentence_id=sid, parent_id=parent, source_kind=att.source,
            speaker_id=actor_ids.get(att.speaker or ""),
            source_text=att.source_text, source_start=att.source_span.start if att.source_span else None,
            source_end=att.source_span.end if att.source_span else None, cue=att.cue,
            cue_start=att.cue_span.start if att.cue_span else None,
            cue_end=att.cue_span.end if att.cue_span else None,
            content_start=att.content_span.start if att.content_span else None,
            content_end=att.content_span.end if att.content_span else None, carried=att.carried)
            for sid, att, parent in level]
        ids = numbered.insert(s.attributions, rows)
        level = [(sid, inner, aid) for (sid, att, _p), aid in zip(level, ids) for inner in att.chain]


def remove_facts(conn: Connection, did: str) -> None:
    """Delete a document's extracted rows (not the document), children first; then entities left
    with no document and no analyst decision."""
    from . import aggregates  # read-side aggregates: count the old rows out first
    aggregates.on_remove(conn, did)
    sids = select(s.sentences.c.id).where(s.sentences.c.document_id == did)
    aids = select(s.doc_actors.c.id).where(s.doc_actors.c.document_id == did)
    eids = set(conn.execute(select(s.doc_actors.c.entity_id)
                            .where(s.doc_actors.c.document_id == did)).scalars())
    conn.execute(delete(s.event_participants).where(s.event_participants.c.event_id.in_(
        select(s.events.c.id).where(s.events.c.document_id == did))))
    for t in (s.events, s.roles, s.ties, s.mentions):
        conn.execute(delete(t).where(t.c.document_id == did))
    conn.execute(delete(s.attributions).where(s.attributions.c.sentence_id.in_(sids)))
    conn.execute(delete(s.hedges).where(s.hedges.c.sentence_id.in_(sids)))
    conn.execute(delete(s.aliases).where(s.aliases.c.doc_actor_id.in_(aids)))
    conn.execute(delete(s.doc_actors).where(s.doc_actors.c.document_id == did))
    conn.execute(delete(s.sentences).where(s.sentences.c.document_id == did))
    drop_orphans(conn, eids)


def drop_orphans(conn: Connection, entity_ids) -> None:
    for eid in entity_ids:
        used = conn.execute(select(func.count()).select_from(s.doc_actors)
                            .where(s.doc_actors.c.entity_id == eid)).scalar()
        judged = conn.execute(select(func.count()).select_from(s.judgements).where(
            (s.judgements.c.entity_a == eid) | (s.judgements.c.entity_b == eid))).scalar()
        if not used and not judged:
            conn.execute(delete(s.entity_keys).where(s.entity_keys.c.entity_id == eid))
            conn.execute(delete(s.entities).where(s.entities.c.id == eid))
