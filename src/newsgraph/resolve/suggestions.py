"""Merge suggestions: pairs of stored entities the matcher came close to merging but did not.

The resolver fails safe: a weak match that is not the only candidate, or a full name against an
entity known only by a surname, makes a new entity. Those near misses are what an analyst should
look at, with the reasons. They are found on demand over the blocking keys (the same keys the
resolver uses, so the cost grows with the entities, not with their pairs), never stored: accepting
one is a merge (a ``same`` judgement), rejecting one a ``distinct`` judgement, and both are
ordinary decisions that `undo` reverses and re-extraction keeps.

A suggestion's id names its two entities (``A~B``), so that accepting it needs no stored state.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, and_, select

from ..errors import JudgementError, NotFound
from ..nlp.keys import all_keys, fold
from ..store import schema as s
from .judgements import _record, merge
from .match import Candidate, choose_with_near, score
from .store import entity_names, live_entity

SEP = "~"


@dataclass(frozen=True)
class Suggestion:
    id: str
    score: float
    reasons: list[str]
    a: dict
    b: dict

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


def suggestions(conn: Connection, *, limit: int = 50, offset: int = 0) -> tuple[int, list[Suggestion]]:
    """(total, one page of suggestions), best score first."""
    ents = {r.id: (r.type, r.name) for r in conn.execute(select(s.entities.c.id, s.entities.c.type,
                                                                s.entities.c.name))}
    if not ents:
        return 0, []
    names = entity_names(conn, sorted(ents))
    keys: dict[str, set[str]] = {}
    for eid, k in conn.execute(select(s.entity_keys.c.entity_id, s.entity_keys.c.key)):
        keys.setdefault(k, set()).add(eid)
    rejected_ids, rejected_names = _rejected(conn)
    found: dict[frozenset[str], Suggestion] = {}
    for eid in sorted(ents):
        etype, enames = names.get(eid, (ents[eid][0], [ents[eid][1]]))
        cand_ids = {c for k in all_keys(enames, etype, lookup=True) for c in keys.get(k, ())} - {eid}
        if not cand_ids:
            continue
        cands = [Candidate(c, names[c][0], names[c][1]) for c in sorted(cand_ids) if c in names]
        _best, near = choose_with_near(etype, enames, cands)
        for cid, m in near:
            pair = frozenset((eid, cid))
            if pair in found or pair in rejected_ids:
                continue
            if frozenset((_norms(enames), _norms(names[cid][1]))) in rejected_names:
                continue
            a, b = sorted(pair)
            found[pair] = Suggestion(f"{a}{SEP}{b}", round(m.score, 3), [m.explanation],
                                     _side(a, names, ents), _side(b, names, ents))
        # two stored entities the matcher would merge now (they were kept apart by an article that
        # held both, or by the order they arrived in): suggested too
        for c in cands:
            pair = frozenset((eid, c.entity_id))
            if pair in found or pair in rejected_ids:
                continue
            sm = score(etype, enames, c.type, c.names)
            if sm is not None and not sm.weak and sm.score >= 0.9:
                a, b = sorted(pair)
                found[pair] = Suggestion(f"{a}{SEP}{b}", round(min(sm.score, 0.89), 3),
                                         [sm.explanation + "; kept apart when they were resolved"],
                                         _side(a, names, ents), _side(b, names, ents))
    items = sorted(found.values(), key=lambda x: (-x.score, x.id))
    return len(items), items[offset:offset + limit]


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
    return {"judgement": jid, "kind": "distinct", "entity": a, "other": b}
