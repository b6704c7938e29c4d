"""Merge suggestions: pairs of stored entities the matcher came close to merging but did not.

The resolver fails safe: a weak match that is not the only candidate, a full name against an
entity known only by a surname another stored person has too, a bare given name, makes a new entity.
Those near misses are what an analyst should look at, with the reasons. They are kept on write in
``kb_suggestions``: when an article gives an entity a name it did not have (a new entity too), when
an old version's names go, and when an analyst or the resolver re-points actors, the pairs involving
those entities are found again over the blocking keys (the same keys the resolver uses), from both
sides, in the same transaction (``store.aggregates.AFTER_CHANGE``); a read pages the table.
Accepting one is a merge (a ``same`` judgement), rejecting one a ``distinct`` judgement, and both
are ordinary decisions that `undo` reverses and re-extraction keeps (a rejected pair is recognised
by its entities and by their names).

A suggestion's id names its two entities (``A~B``), so that accepting it needs no other state.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

from ..errors import JudgementError, NotFound
from ..nlp.keys import all_keys, fold
from ..store import schema as s
from .judgements import _record, merge
from .match import THRESHOLD, Candidate, choose_with_near, score
from .store import entity_names, live_entity

SEP = "~"


@dataclass(frozen=True)
class Suggestion:
    id: str
    score: float
    reasons: list[str]
    a: dict
    b: dict
    side: str = ""  # the entity whose side it was found from (both sides may find it, with other reasons)

    def as_dict(self) -> dict:
        return {"id": self.id, "score": self.score, "reasons": self.reasons, "a": self.a, "b": self.b}


def _rejected(conn: Connection) -> tuple[set[frozenset[str]], set[frozenset[frozenset[str]]]]:
    """Pairs analysts said are two actors: by live entity ids, and by their names (so that a pair whose
    entities were rebuilt by re-extraction stays rejected)."""
    j = s.judgements
    by_id: set[frozenset[str]] = set()
    by_names: set[frozenset[frozenset[str]]] = set()
    for a, b, detail in conn.execute(select(j.c.entity_a, j.c.entity_b, j.c.detail).where(and_(
            j.c.kind == "distinct", j.c.undone_at.is_(None)))):
        la, lb = live_entity(conn, a) or a, live_entity(conn, b) or b
        by_id.add(frozenset((la, lb)))
        d = json.loads(detail or "{}")
        by_names.add(frozenset((frozenset(d.get("a_names", [])), frozenset(d.get("b_names", [])))))
    return by_id, by_names


def _norms(names: list[str]) -> frozenset[str]:
    return frozenset(fold(n) for n in names)


def _candidates(conn: Connection, etype: str, enames: list[str], owners: dict[str, set[str]]) -> set[str]:
    """The entities holding a blocking key of these names. ``owners``: the entities of each key read so
    far (:func:`_owners`), completed here with the keys not read yet."""
    keys = all_keys(enames, etype, lookup=True)
    owners.update(_owners(conn, [k for k in keys if k not in owners]))
    return set().union(*(owners[k] for k in keys))


def _owners(conn: Connection, keys) -> dict[str, set[str]]:
    """The entities holding each of these blocking keys, read together (a query per entity was the
    largest cost of keeping the suggestions on write)."""
    keys = sorted(set(keys))
    out: dict[str, set[str]] = {k: set() for k in keys}
    ek = s.entity_keys.c
    for i in range(0, len(keys), 500):
        for key, eid in conn.execute(select(ek.key, ek.entity_id).where(ek.key.in_(keys[i:i + 500]))):
            out[key].add(eid)
    return out


class _Read:
    """Entities read for one refresh, kept for its second pass (the store does not change in between):
    id -> (type, name) and id -> (type, names)."""

    def __init__(self) -> None:
        self.ents: dict[str, tuple[str, str]] = {}
        self.names: dict[str, tuple[str, list[str]]] = {}
        self.read: set[str] = set()  # the ids asked for (an id may be gone)

    def load(self, conn: Connection, eids) -> None:
        ids = sorted(set(eids) - self.read)
        self.read.update(ids)
        for i in range(0, len(ids), 500):
            self.ents.update((r.id, (r.type, r.name)) for r in conn.execute(
                select(s.entities.c.id, s.entities.c.type, s.entities.c.name)
                .where(s.entities.c.id.in_(ids[i:i + 500]))))
        if ids:
            self.names.update(entity_names(conn, ids))


def _find(conn: Connection, eids: list[str], rejected, *, involving: set[str] | None = None,
          read: _Read | None = None) -> tuple[dict[frozenset[str], Suggestion], set[str]]:
    """The suggestions found from these entities' side (only pairs with an entity of ``involving``
    when given), and every candidate looked at. ``read``: the entities read so far in this refresh."""
    rejected_ids, rejected_names = rejected
    read = read or _Read()
    read.load(conn, eids)
    ents, names = read.ents, read.names
    named = {eid: names.get(eid, (ents[eid][0], [ents[eid][1]])) for eid in eids if eid in ents}
    owners = _owners(conn, {k for etype, enames in named.values()
                            for k in all_keys(enames, etype, lookup=True)})
    found: dict[frozenset[str], Suggestion] = {}
    seen: set[str] = set()
    # each entity's candidates, and only pairs with an entity of ``involving`` wanted; the choice is
    # made among all the candidates (another person of that surname makes a surname alone ambiguous)
    looked: dict[str, tuple[set[str], set[str]]] = {}
    for eid in sorted(named):
        etype, enames = named[eid]
        cand_ids = _candidates(conn, etype, enames, owners) - {eid}
        wanted = cand_ids & involving if involving is not None and eid not in involving else cand_ids
        if wanted:
            looked[eid] = (cand_ids, wanted)
    # the candidates' names and entities read together (a query per entity cost as much as the rest)
    every = set().union(*(c for c, _w in looked.values()))
    read.load(conn, every)
    as_candidate = {c: Candidate(c, *names[c]) for c in every if c in names}  # each made once
    for eid, (cand_ids, wanted) in looked.items():
        etype, enames = named[eid]
        seen |= wanted
        if not any(_close(etype, enames, as_candidate[c]) for c in wanted if c in as_candidate):
            continue  # nothing to suggest: only a pair that matches over the threshold is suggested
        cands = [as_candidate[c] for c in sorted(cand_ids) if c in as_candidate]
        _best, near = choose_with_near(etype, enames, cands)
        for cid, m in near:
            pair = frozenset((eid, cid))
            if cid not in wanted or pair in rejected_ids:
                continue
            if frozenset((_norms(enames), _norms(names[cid][1]))) in rejected_names:
                continue
            a, b = sorted(pair)
            _keep(found, pair, Suggestion(f"{a}{SEP}{b}", round(m.score, 3), [m.explanation],
                                          _side(a, names, ents), _side(b, names, ents), side=eid))
        # two stored entities the matcher would merge now (they were kept apart by an article that
        # held both, or by the order they arrived in): suggested too
        for c in cands:
            pair = frozenset((eid, c.entity_id))
            if c.entity_id not in wanted or pair in found or pair in rejected_ids:
                continue
            sm = score(etype, enames, c.type, c.names)
            if sm is not None and not sm.weak and sm.score >= 0.9:
                a, b = sorted(pair)
                found[pair] = Suggestion(f"{a}{SEP}{b}", round(min(sm.score, 0.89), 3),
                                         [sm.explanation + "; kept apart when they were resolved"],
                                         _side(a, names, ents), _side(b, names, ents), side=eid)
    return found, seen


def _close(etype: str, enames: list[str], c: Candidate) -> bool:
    """The two match over the threshold (every suggestion is such a pair: a near miss of the choice, or
    a pair the matcher would merge now)."""
    m = score(etype, enames, c.type, c.names)
    return m is not None and m.score >= THRESHOLD


def _keep(found: dict[frozenset[str], Suggestion], pair: frozenset[str], x: Suggestion) -> None:
    """Keep a suggestion; a pair found from both sides keeps the reasons seen from its first entity, so that
    the writer (which looks from the entities an article changed) and a recomputation agree."""
    have = found.get(pair)
    if have is None or (x.side and have.side and x.side < have.side):
        found[pair] = x


def _store(conn: Connection, found: dict[frozenset[str], Suggestion]) -> None:
    rows = [{"id": x.id, "a": x.a["id"], "b": x.b["id"], "score": x.score, "reasons": json.dumps(x.reasons)}
            for x in found.values()]
    if rows:
        conn.execute(s.kb_suggestions.insert(), rows)


def refresh(conn: Connection, entity_ids: set[str] | None) -> None:
    """The suggestions involving these entities, found again (all of them when None). Called by the
    writer and by analysts' decisions in their transaction (``store.aggregates.AFTER_CHANGE``)."""
    K = s.kb_suggestions
    rejected = _rejected(conn)
    if entity_ids is None:
        conn.execute(K.delete())
        ids = sorted(conn.execute(select(s.entities.c.id)).scalars())
        found: dict[frozenset[str], Suggestion] = {}
        for i in range(0, len(ids), 2000):
            more, _seen = _find(conn, ids[i:i + 2000], rejected)
            for pair, x in more.items():
                _keep(found, pair, x)
        _store(conn, found)
        _mark_built(conn)
        return
    eids = sorted(entity_ids)
    for i in range(0, len(eids), 500):
        chunk = eids[i:i + 500]
        conn.execute(K.delete().where(K.c.a.in_(chunk) | K.c.b.in_(chunk)))
    read = _Read()
    found, seen = _find(conn, eids, rejected, read=read)
    others = sorted(seen - set(eids))
    if others:  # the same pairs seen from the other side (a near miss may be one-sided)
        more, _seen = _find(conn, others, rejected, involving=set(eids), read=read)
        for pair, x in more.items():
            _keep(found, pair, x)
    _store(conn, found)


def _mark_built(conn: Connection) -> None:
    st = s.kb_state
    conn.execute(st.delete().where(st.c.key == "suggestions"))
    conn.execute(st.insert().values(key="suggestions", value="built"))


def built(conn: Connection) -> bool:
    st = s.kb_state
    return conn.execute(select(st.c.value).where(st.c.key == "suggestions")).first() is not None


def ensure_built(store) -> None:
    """Fill kb_suggestions once, in a store made before they were kept on write (``newsgraph.open_store``
    calls it: opening a store is where migrations write too)."""
    with store.read() as conn:
        if built(conn):
            return
    with store.write() as conn:
        if not built(conn):
            refresh(conn, None)


def suggestions(conn: Connection, *, limit: int = 50, offset: int = 0) -> tuple[int, list[Suggestion]]:
    """(total, one page of suggestions), best score first: a read of what the writer keeps."""
    K = s.kb_suggestions
    total = conn.execute(select(func.count()).select_from(K)).scalar() or 0
    rows = conn.execute(select(K).order_by(K.c.score.desc(), K.c.id).limit(limit).offset(offset)).all()
    ids = sorted({r.a for r in rows} | {r.b for r in rows})
    ents = {r.id: (r.type, r.name) for r in conn.execute(
        select(s.entities.c.id, s.entities.c.type, s.entities.c.name).where(s.entities.c.id.in_(ids)))}
    names = {eid: (t, [n]) for eid, (t, n) in ents.items()}
    items = [Suggestion(r.id, r.score, json.loads(r.reasons), _side(r.a, names, ents),
                        _side(r.b, names, ents)) for r in rows if r.a in ents and r.b in ents]
    return total, items


def _side(eid: str, names: dict, ents: dict) -> dict:
    return {"id": eid, "name": ents[eid][1], "type": ents[eid][0]}


def _pair(conn: Connection, suggestion_id: str) -> tuple[str, str]:
    a, sep, b = suggestion_id.partition(SEP)
    if not sep or not a or not b:
        raise NotFound(f"no suggestion {suggestion_id!r}", hint="`newsgraph suggestions` lists them")
    la, lb = live_entity(conn, a), live_entity(conn, b)
    if la is None or lb is None:
        raise NotFound(f"no suggestion {suggestion_id!r}: one of its actors no longer exists")
    if la == lb:
        raise JudgementError(f"the actors of suggestion {suggestion_id!r} are already one ({la})")
    return la, lb


def accept(conn: Connection, suggestion_id: str, *, author: str | None = None,
           reason: str | None = None) -> dict:
    """The pair is one actor: merge B into A (the entity with more articles stays)."""
    a, b = _pair(conn, suggestion_id)
    count = {eid: conn.execute(select(s.doc_actors.c.id).where(s.doc_actors.c.entity_id == eid)).all()
             for eid in (a, b)}
    if len(count[b]) > len(count[a]):
        a, b = b, a
    return merge(conn, a, b, author=author, reason=reason or f"merge suggestion {suggestion_id} accepted")


def reject(conn: Connection, suggestion_id: str, *, author: str | None = None,
           reason: str | None = None) -> dict:
    """The pair are two actors: a ``distinct`` judgement, so the suggestion is not made again."""
    a, b = _pair(conn, suggestion_id)
    info = entity_names(conn, [a, b])
    jid = _record(conn, "distinct", entity_a=a, entity_b=b, name=None,
                  detail={"a_names": sorted(_norms(info.get(a, ("", []))[1])),
                          "b_names": sorted(_norms(info.get(b, ("", []))[1])), "suggestion": suggestion_id},
                  author=author, reason=reason or f"merge suggestion {suggestion_id} rejected")
    refresh(conn, {a, b})  # the pair is no longer suggested
    return {"judgement": jid, "kind": "distinct", "entity": a, "other": b}


def _register() -> None:
    from ..store import aggregates

    if refresh not in aggregates.AFTER_CHANGE:
        aggregates.AFTER_CHANGE.append(refresh)


_register()
