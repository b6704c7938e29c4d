"""The one read side: every list, dossier, network and search the CLI, the API and the report show.

Reads page over the aggregates (:mod:`newsgraph.store.aggregates`) with SQL, so their cost grows with
the page, not with the knowledge base; the facts a page shows are then read with their evidence and
grouped by :mod:`newsgraph.store.facts` (corroboration, confidence, independent sources), the same
functions the exports use. A fact's id is the hash of its content key, stable across ingests.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import numpy  # noqa: F401  (loaded with the server, not on the first network request)
from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    false,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)

from ..errors import NotFound
from ..nlp.keys import all_keys, fold
from ..store import facts as factlib
from ..store import queries
from ..store import schema as s
from . import whole
from .models import Actor, FactFilter

ACTOR_TYPES = ("person", "organization", "location", "group")
TYPE_WORDS = {
    "person": "person",
    "organization": "organisation",
    "location": "place",
    "group": "group",
    "other": "other",
}
_ka, _kf, _kfa, _kfr = s.kb_actors, s.kb_facts, s.kb_fact_actors, s.kb_fact_rows


# ---------------------------------------------------------------- a small cache, emptied on any write
class ReadCache:
    """Results of the costlier whole-KB reads (network, histograms), valid until the store changes.
    The stamp is a few indexed maxima: any write (document, decision, undo) moves one of them."""

    def __init__(self, size: int = 256):
        self.size = size
        self.stamp: tuple | None = None
        self.data: dict[Any, Any] = {}
        self.lock = threading.Lock()
        self.running: dict[Any, threading.Event] = {}

    @staticmethod
    def stamp_of(conn: Connection) -> tuple:
        j = s.judgements
        # every write adds sentences (a new version too: its sentences are new rows), so the largest
        # sentence id moves on any ingest; maxima of primary keys are read from the index, not the table
        return tuple(
            conn.execute(
                select(
                    select(func.max(s.sentences.c.id)).scalar_subquery(),
                    select(func.max(j.c.id)).scalar_subquery(),
                    select(func.max(j.c.undone_at)).scalar_subquery(),
                    select(func.count()).select_from(s.kb_contradictions).scalar_subquery(),
                    select(s.kb_state.c.value).where(s.kb_state.c.key == _REFRESHED).scalar_subquery(),
                )
            ).one()
        )

    def get(self, conn: Connection, key: Any, compute):
        # the store is part of the stamp: two stores in one process (a library user's, the tests') can
        # have the same maxima, and must never be given each other's results
        stamp = (conn.engine.url.render_as_string(hide_password=False), *self.stamp_of(conn))
        while True:
            with self.lock:
                if stamp != self.stamp:
                    self.stamp, self.data = stamp, {}
                if key in self.data:
                    return self.data[key]
                # one computation per key at a time: concurrent requests for a value not yet known wait
                # for the first one instead of each computing it (20 clients asking one cold filtered
                # network took 42 s at p95, every thread summing the same links)
                busy = self.running.get((stamp, key))
                if busy is None:
                    busy = self.running[(stamp, key)] = threading.Event()
                    break
            busy.wait(timeout=120)
            with self.lock:
                if self.stamp == stamp and key in self.data:
                    return self.data[key]
            # the first computation failed or the store changed: compute here
            return compute()
        try:
            value = compute()
            with self.lock:
                if self.stamp == stamp:
                    if len(self.data) >= self.size:
                        self.data.pop(next(iter(self.data)))
                    self.data[key] = value
            return value
        finally:
            with self.lock:
                self.running.pop((stamp, key), None)
            busy.set()


CACHE = ReadCache()


# ---------------------------------------------------------------- actors
def _actor(r) -> Actor:
    word = TYPE_WORDS.get(r.type, r.type)
    return Actor(
        id=r.entity_id,
        name=r.name,
        type=r.type,
        label=f"{r.name} ({word})",
        mentions=r.mentions,
        documents=r.documents,
        degree=r.degree,
        prominence=r.prominence,
        first_seen=r.first_seen,
        last_seen=r.last_seen,
        names=[n for n in (r.names or "").split(" | ") if n],
    )


def _variant_ids(conn: Connection, q: str) -> list[str]:
    """Entities filed under the query's blocking keys: spelling variants (Qassem ~ Qasem ~ Ghasem)."""
    keys: set[str] = set()
    for typ in ("person", "organization"):
        keys |= all_keys([q], typ, lookup=True)
    if not keys:
        return []
    return list(
        conn.execute(
            select(s.entity_keys.c.entity_id)
            .where(s.entity_keys.c.key.in_(sorted(keys)))
            .distinct()
            .limit(500)
        ).scalars()
    )


def _not_actors():
    """Entities an analyst said are no actor (judgement not_actor, not undone): kept out of every list."""
    j = s.judgements
    return select(j.c.entity_a).where(j.c.kind == "not_actor", j.c.undone_at.is_(None))


def _actor_where(conn: Connection, type_: str | None, q: str | None) -> list:
    cond = [
        # without a type: "type || ''", so that SQLite walks the index of mentions (or of the name
        # matches) in order instead of every actor of the four types, sorted
        _ka.c.type.concat("").in_(ACTOR_TYPES) if not type_ else _ka.c.type == type_,
        _ka.c.mentions > 0,
        _ka.c.entity_id.notin_(_not_actors()),
    ]
    if q:
        variants = _variant_ids(conn, q)
        by_name = _names_match(conn, q)
        cond.append(or_(by_name, _ka.c.entity_id.in_(variants)) if variants else by_name)
    return cond


def _names_match(conn: Connection, q: str) -> ColumnElement[bool]:
    """Actors with a folded name containing the query's words (each as a word prefix): from the
    full-text index of names on SQLite (migration 51), a LIKE elsewhere."""
    norm = fold(q)
    if conn.dialect.name == "sqlite":
        from sqlalchemy import Integer, literal_column, text

        from .search import fts_query

        fq = fts_query(norm)
        if fq:
            hits = (
                text("SELECT rowid FROM kb_actors_fts WHERE kb_actors_fts MATCH :nq")
                .bindparams(nq=fq)
                .columns(rowid=Integer)
                .subquery()
            )
            return literal_column("kb_actors.rowid").in_(select(hits.c.rowid))
    like = "%" + norm.replace("%", "").replace("_", " ") + "%"
    return _ka.c.names.like(like)


def actors(
    conn: Connection,
    *,
    type_: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    facets: bool = False,
    sort: str = "mentions",
) -> dict:
    """Actors, most mentioned (or most prominent) first, with the true total (and counts by type)."""
    cond = _actor_where(conn, type_, q)
    total = CACHE.get(conn, ("actors-total", type_, q),
                      lambda: conn.execute(select(func.count()).select_from(_ka).where(*cond)).scalar() or 0)
    key = _ka.c.prominence if sort == "prominence" else _ka.c.mentions
    rows = conn.execute(
        select(_ka).where(*cond).order_by(key.desc(), _ka.c.entity_id).limit(limit).offset(offset)
    ).all()
    out: dict = {"total": total, "offset": offset, "limit": limit, "actors": [_actor(r) for r in rows]}
    if facets:
        fc = _actor_where(conn, None, q)
        out["facets"] = CACHE.get(conn, ("actor-facets", q), lambda: {
            "type": {
                t: n
                for t, n in conn.execute(select(_ka.c.type, func.count()).where(*fc).group_by(_ka.c.type))
            }
        })
    return out


def find_actor(conn: Connection, ref: str) -> Actor:
    """An actor by id (a merged id answers with the actor it was merged into), by a name it goes by
    (minus the names an analyst removed), or by a spelling variant (resolve.lookup); a name several
    actors go by is an error listing them, unless exactly one has it as its main name.
    The one way names are resolved for reading (the CLI's show, the API's dossier)."""
    from ..errors import AmbiguousName
    from ..resolve.lookup import candidates

    ids = candidates(conn, ref)
    rows = conn.execute(select(_ka).where(_ka.c.entity_id.in_(ids)).order_by(_ka.c.prominence.desc())).all() \
        if ids else []
    if not rows:
        raise NotFound(f"no actor called {ref!r}", hint="`newsgraph actors` or `newsgraph search` lists them")
    if len(rows) > 1:
        exact = [r for r in rows if r.name.lower() == ref.strip().lower()]
        if len(exact) != 1:
            raise AmbiguousName(f"{ref!r} names several actors: " + ", ".join(
                f"{r.entity_id} ({r.type}, {r.name})" for r in rows[:8]))
        rows = exact
    return _actor(rows[0])


def refs(conn: Connection, ids: set[str]) -> dict[str, dict]:
    """id -> {name, type, label} for the entities a response names."""
    out: dict[str, dict] = {}
    ids_l = sorted(i for i in ids if i)
    for i in range(0, len(ids_l), 500):
        for r in conn.execute(
            select(s.entities.c.id, s.entities.c.name, s.entities.c.type, s.entities.c.subtype).where(
                s.entities.c.id.in_(ids_l[i : i + 500])
            )
        ):
            out[r.id] = {
                "name": r.name,
                "type": r.type,
                "subtype": r.subtype,
                "label": f"{r.name} ({TYPE_WORDS.get(r.type, r.type)})",
            }
    return out


# ---------------------------------------------------------------- facts
def _date_bounds(flt: FactFilter) -> list:
    cond = []
    lo = whole.date_range(flt.since)
    hi = whole.date_range(flt.until)
    if lo:
        cond.append(_kf.c.date >= lo[0][: len("yyyy-mm-dd")])
    if hi:
        cond.append(_kf.c.date <= hi[1])
    return cond


def fact_where(flt: FactFilter) -> list:
    """The filter as SQL conditions on kb_facts (one meaning per field: see FactFilter)."""
    cond: list = []
    if flt.category:
        cond.append(_kf.c.category == flt.category)
    if flt.kinds:
        cond.append(_kf.c.kind.in_(flt.kinds))
    cond += _date_bounds(flt)
    if flt.sources:
        cond.append(or_(*(getattr(_kf.c, k) > 0 for k in flt.sources)))
    if flt.hedged is True:
        cond.append(_kf.c.hedged >= _kf.c.evidence)
    elif flt.hedged is False:
        cond.append(_kf.c.hedged < _kf.c.evidence)
    if flt.single_source is not None:
        cond.append(_kf.c.documents <= 1 if flt.single_source else _kf.c.documents > 1)
    if flt.anonymous_only is not None:
        cond.append(
            _kf.c.anonymous >= _kf.c.evidence if flt.anonymous_only else _kf.c.anonymous < _kf.c.evidence
        )
    if flt.negated is not None:
        cond.append(_kf.c.negated == flt.negated)
    if flt.actor:
        cond.append(_kf.c.id.in_(select(_kfa.c.fact_id).where(_kfa.c.entity_id == flt.actor)))
    if flt.speaker:
        cond.append(_kf.c.id.in_(_spoken_by(flt.speaker)))
    if flt.as_of:
        cond += _known_on(flt.as_of)
    if flt.min_confidence is not None:
        cond.append(_may_reach(flt.min_confidence))
    return cond


def _spoken_by(entity_id: str):
    """The facts at least one of whose voices is this named actor: its mentions (doc_actors by entity),
    the extracted rows they speak (the index of each fact table on speaker_id, migration 80), and those
    rows' facts by kb_fact_rows' key (category, row_id). Written as nested INs so that SQLite starts
    from the speaker: as a join it started from kb_fact_rows' key prefix (category) and read every
    row of the category (the most-named actor's claims: 0.47 s counted, 0.51 s a page at 100,000
    articles, each time; 0.13 s and 0.17-0.23 s this way)."""
    fr = s.kb_fact_rows
    said = select(s.doc_actors.c.id).where(s.doc_actors.c.entity_id == entity_id)
    return union(*(
        select(fr.c.fact_id).where(
            fr.c.category == cat, fr.c.row_id.in_(select(t.c.id).where(t.c.speaker_id.in_(said)))
        )
        for cat, t in (("role", s.roles), ("tie", s.ties), ("event", s.events))
    ))


def _known_on(as_of: str) -> list:
    """Facts known on a date: dated by then, and stated by at least one current document published by
    then (or undated)."""
    r = whole.date_range(as_of)
    cut = r[1] if r else as_of
    fr, d = s.kb_fact_rows, s.documents
    said = (
        select(fr.c.fact_id)
        .join(d, d.c.id == fr.c.document_id)
        .where(fr.c.fact_id == _kf.c.id, or_(d.c.published.is_(None), d.c.published <= literal(cut, String)))
    )
    return [or_(_kf.c.date.is_(None), _kf.c.date <= cut), said.exists()]


def _may_reach(m: float) -> ColumnElement[bool]:
    """Facts whose confidence can be ``m`` or more, from their counts: a fact's confidence combines the
    best item of each independent source (store.facts), an item is at most its voice's base (0.9
    reporter, 0.8 named, 0.6 anonymous; times 0.7 when every voice hedges), and there are at most as
    many independent sources as documents. Exact confidences are then read for these only."""
    from ..store.facts import BASE, CAP, HEDGE_FACTOR

    kf = _kf.c
    voices = (
        (kf.reporter > 0, BASE["reporter"]),
        (and_(kf.reporter == 0, kf.named > 0), BASE["named"]),
        (and_(kf.reporter == 0, kf.named == 0), BASE["anonymous"]),
    )
    cases = []
    for voice, base in voices:
        for hedge, factor in ((kf.hedged < kf.evidence, 1.0), (kf.hedged >= kf.evidence, HEDGE_FACTOR)):
            best = base * factor
            n = next((n for n in range(1, 200) if round(min(CAP, 1 - (1 - best) ** n), 3) >= m), None)
            if n is not None:
                cases.append(and_(voice, hedge, kf.documents >= n))
    return or_(*cases) if cases else false()


def load_facts(conn: Connection, fact_ids: list[str], *, as_of: str | None = None) -> list[dict]:
    """These facts with their evidence, grouped and scored by store.facts, in the order asked.
    A fact's id is its kb id (content hash). ``as_of``: from the evidence published by then, as the
    facts stood on that date (:func:`newsgraph.kb.whole.as_of_facts`)."""
    if not fact_ids:
        return []
    keys: dict[str, list[int]] = defaultdict(list)
    fact_of: dict[tuple[str, int], str] = {}
    for cat, rid, fid in conn.execute(
        select(_kfr.c.category, _kfr.c.row_id, _kfr.c.fact_id).where(_kfr.c.fact_id.in_(fact_ids))
    ):
        keys[cat].append(rid)
        fact_of[(cat, rid)] = fid
    grouped: list[tuple[str, str, dict]] = []
    readers: dict[str, tuple[Callable[..., list[dict]], Callable[[list[dict]], list[dict]]]] = {
        "role": (queries.role_rows, factlib.group_roles),
        "tie": (queries.tie_rows, factlib.group_ties),
        "event": (queries.event_rows, factlib.group_events),
    }
    for cat, (rows_of, group) in readers.items():
        if not keys.get(cat):
            continue
        per_fact: dict[str, list[dict]] = defaultdict(list)
        for r in whole.known_by(rows_of(conn, ids=keys[cat]), as_of):
            per_fact[fact_of[(cat, r["row"])]].append(r)
        for fid, rows in per_fact.items():  # one fact's rows: store.facts scores them (sources, confidence)
            grouped += [(cat, fid, f) for f in whole.as_of_facts(cat, group(rows), as_of)[:1]]
    by_id: dict[str, dict] = {}
    for cat, fid, f in grouped:
        f = whole.present(f)
        f.pop("row", None)
        f["id"], f["category"] = fid, cat
        f["label"] = _label(cat, f)
        by_id.setdefault(fid, f)
    return [by_id[i] for i in fact_ids if i in by_id]


def _label(cat: str, f: dict) -> str:
    if cat == "role":
        return f"{f['title']} ({f['status']})"
    if cat == "tie":
        return f["kind"].replace("_", " ")
    return f["type"].lower() + (" (denied / not)" if f.get("negated") else "")


def facts(
    conn: Connection,
    flt: FactFilter,
    *,
    limit: int = 50,
    offset: int = 0,
    order: str = "desc",
    histogram: bool = False,
    entities: bool = True,
) -> dict:
    """A page of facts for the filter, newest first (or oldest), with the true total (and, unless
    ``entities`` is False, the entities the page names).

    An actor's facts by category and date are counted and paged from the index of kb_fact_actors
    alone (their cost grows with that actor's facts, not with the store); other filters read kb_facts,
    their totals kept until the next write (:data:`CACHE`). A confidence is known once a fact's evidence
    is read: ``min_confidence`` reads the facts whose counts allow it (:func:`_may_reach`), at most
    :data:`CONFIDENCE_CHECKS` of them; beyond, ``total_exact`` is false and the total a lower bound; the
    same for the facts known ``as_of`` a date beyond :data:`AS_OF_COUNT_CAP`."""
    by_actor = _by_actor_index(flt)
    cond = [] if by_actor else fact_where(flt)  # an actor's pages read kb_fact_actors' index alone
    exact = True
    page: list[dict] | None = None
    if flt.min_confidence is not None:
        passing, exact = CACHE.get(conn, ("confident", flt.key(), order),
                                   lambda: _confident(conn, flt, cond, order))
        total, ids = len(passing), passing[offset : offset + limit]
    elif by_actor:
        total, ids = _actor_facts(conn, flt, limit=limit, offset=offset, order=order)
    else:
        if flt.as_of:
            # known on a date: each fact's evidence is looked up (its documents' publication dates), so
            # the total is counted up to AS_OF_COUNT_CAP (821,115 facts took 6 s at 100,000 articles)
            capped = select(_kf.c.id).where(*cond).limit(AS_OF_COUNT_CAP + 1).subquery()
            n = CACHE.get(conn, ("facts-total", flt.key()),
                          lambda: conn.execute(select(func.count()).select_from(capped)).scalar() or 0)
            total, exact = min(n, AS_OF_COUNT_CAP), n <= AS_OF_COUNT_CAP
        else:
            total = CACHE.get(
                conn,
                ("facts-total", flt.key()),
                lambda: conn.execute(select(func.count()).select_from(_kf).where(*cond)).scalar() or 0,
            )
        col = _kf.c.date.desc() if order == "desc" else _kf.c.date.asc()
        ids = list(
            conn.execute(
                select(_kf.c.id).where(*cond).order_by(col, _kf.c.id).limit(limit).offset(offset)
            ).scalars()
        )
    page = load_facts(conn, ids, as_of=flt.as_of)
    out: dict = {
        "total": total,
        "offset": offset,
        "limit": limit,
        "facts": page,
        "entities": refs(conn, ids_in(page)) if entities else {},
    }
    if not exact:
        out["total_exact"] = False
    if histogram:
        out["histogram"] = CACHE.get(conn, ("hist", flt.key()), lambda: _histogram(conn, flt, cond))
    return out


CONFIDENCE_CHECKS = 5000  # facts whose confidence is read per filter, at most (see facts)
AS_OF_COUNT_CAP = 10_000  # facts counted as known on a date, at most (see facts)


def _confident(conn: Connection, flt: FactFilter, cond: list, order: str) -> tuple[list[str], bool]:
    """The ids of the facts at least ``flt.min_confidence`` confident, in the page order, among the
    first CONFIDENCE_CHECKS candidates; and whether those were all the candidates."""
    col = _kf.c.date.desc() if order == "desc" else _kf.c.date.asc()
    cand = list(
        conn.execute(
            select(_kf.c.id).where(*cond).order_by(col, _kf.c.id).limit(CONFIDENCE_CHECKS + 1)
        ).scalars()
    )
    exact = len(cand) <= CONFIDENCE_CHECKS
    m = flt.min_confidence or 0.0
    out: list[str] = []
    for i in range(0, min(len(cand), CONFIDENCE_CHECKS), 500):
        out += [f["id"] for f in load_facts(conn, cand[i : i + 500], as_of=flt.as_of) if f["confidence"] >= m]
    return out, exact


_INDEXED = {"actor", "category", "since", "until"}


def _by_actor_index(flt: FactFilter) -> bool:
    """Can the filter be answered from kb_fact_actors' index (an actor, a category, dates)?"""
    return bool(flt.actor) and all(
        v in (None, []) for k, v in flt.model_dump().items() if k not in _INDEXED
    )


def _actor_fact_cond(flt: FactFilter) -> list:
    cond: list = [_kfa.c.entity_id == flt.actor]
    if flt.category:
        cond.append(_kfa.c.category == flt.category)
    lo, hi = whole.date_range(flt.since), whole.date_range(flt.until)
    if lo:
        cond.append(_kfa.c.date >= lo[0][: len("yyyy-mm-dd")])
    if hi:
        cond.append(_kfa.c.date <= hi[1])
    return cond


def _actor_facts(conn: Connection, flt: FactFilter, *, limit: int, offset: int, order: str
                 ) -> tuple[int, list[str]]:
    """(total, one page of fact ids) of an actor's facts, from the index (entity, category, date, fact).
    An actor on two sides of one fact (a source and the location) has two rows: counted once."""
    cond = _actor_fact_cond(flt)
    # the count reads every index entry of the actor's facts (48,000 events for the most named actor at
    # 100,000 articles): kept until the next write, as the other totals; the page below reads its rows
    total = CACHE.get(
        conn,
        ("actor-facts-total", flt.key()),
        lambda: conn.execute(select(func.count(func.distinct(_kfa.c.fact_id))).where(*cond)).scalar() or 0,
    )
    col = _kfa.c.date.desc() if order == "desc" else _kfa.c.date.asc()
    ids: list[str] = []
    skip = offset
    # walk the index in date order, a few rows past the page (an actor on two sides of one fact, its
    # place and a participant, is rare: its two rows are adjacent or near)
    chunk = limit + offset + 10
    start = 0
    seen: set[str] = set()
    while len(ids) < limit:
        rows = list(
            conn.execute(
                select(_kfa.c.fact_id).where(*cond).order_by(col, _kfa.c.fact_id).limit(chunk).offset(start)
            ).scalars()
        )
        for fid in rows:
            if fid in seen:
                continue
            seen.add(fid)
            if skip:
                skip -= 1
                continue
            ids.append(fid)
            if len(ids) >= limit:
                break
        if len(rows) < chunk:
            break
        start += chunk
    return total, ids


def _histogram(conn: Connection, flt: FactFilter, cond: list) -> dict[str, int]:
    if _by_actor_index(flt):  # an actor's facts per month, from the index
        m = func.substr(_kfa.c.date, 1, 7)
        return {
            k: n
            for k, n in conn.execute(
                select(m, func.count(func.distinct(_kfa.c.fact_id)))
                .where(*_actor_fact_cond(flt), _kfa.c.date.isnot(None))
                .group_by(m)
                .order_by(m)
            )
            if k
        }
    month = func.substr(_kf.c.date, 1, 7)
    return {
        m: n
        for m, n in conn.execute(
            select(month, func.count()).where(*cond, _kf.c.date.isnot(None)).group_by(month).order_by(month)
        )
        if m
    }


def ids_in(fs: list[dict]) -> set[str]:
    """The entity ids facts name (sides, locations, named speakers)."""
    out: set[str] = set()
    for f in fs:
        for k in ("person", "organization", "source", "target", "location"):
            v = f.get(k)
            if isinstance(v, list):
                out.update(v)
            elif v:
                out.add(v)
        voices = [f.get("attribution") or {}] + [ev.get("attribution") or {} for ev in f.get("evidence", [])]
        for att in voices:
            if att.get("speaker"):
                out.add(att["speaker"])
    return out


# ---------------------------------------------------------------- dossier
def dossier(
    conn: Connection,
    ref: str,
    *,
    roles_limit: int = 20,
    events_limit: int = 25,
    events_offset: int = 0,
    flt: FactFilter | None = None,
) -> dict:
    """An actor's dossier (:class:`~newsgraph.kb.models.Dossier`): names, roles over time, ties, and one
    page of events (``events_page``: its total, offset, limit and the events per month)."""
    actor = find_actor(conn, ref)
    base = (flt or FactFilter()).model_copy(update={"actor": actor.id})
    roles = facts(conn, base.model_copy(update={"category": "role"}), limit=roles_limit, order="asc",
                  entities=False)
    ties = facts(conn, base.model_copy(update={"category": "tie"}), limit=roles_limit, entities=False)
    events = facts(
        conn,
        base.model_copy(update={"category": "event"}),
        limit=events_limit,
        offset=events_offset,
        histogram=True,
        entities=False,
    )
    names = name_forms(conn, actor)
    # the entities the three pages name, looked up together
    ents = refs(conn, ids_in(roles["facts"] + ties["facts"] + events["facts"]) | {actor.id})
    return {
        "actor": actor,
        "names": names,
        "roles": roles["facts"],
        "roles_total": roles["total"],
        "ties": ties["facts"],
        "ties_total": ties["total"],
        "events": events["facts"],
        "events_page": {k: events[k] for k in ("total", "offset", "limit", "histogram")},
        "entities": ents,
    }


def name_forms(conn: Connection, actor: Actor, *, seen: int = 3) -> list[dict]:
    """Each name the actor goes by, how many times it was written down (``count``) and where the first
    few sightings are (``seen``): a long list of sightings stays behind its count."""
    da, al, st, d = s.doc_actors, s.aliases, s.sentences, s.documents
    kn = s.kb_actor_names  # kept on write (store.aggregates): no grouping of the actor's alias rows
    rows = conn.execute(
        select(kn.c.name, kn.c.n, kn.c.first)
        .where(kn.c.entity_id == actor.id)
        .order_by(kn.c.n.desc(), kn.c.name)
        .limit(50)
    ).all()
    kinds = defaultdict(set)
    out = []
    # the first sighting of each name (key lookups, in one query); the rest stay behind the count
    firsts: dict[int, list] = defaultdict(list)
    for x in conn.execute(
        select(al.c.id, al.c.kind, da.c.document_id, st.c.idx, st.c.text, d.c.title)
        .join(da, da.c.id == al.c.doc_actor_id)
        .join(d, d.c.id == da.c.document_id)
        .outerjoin(st, st.c.id == al.c.sentence_id)
        .where(al.c.id.in_([r.first for r in rows if r.first is not None]))
    ):
        firsts[x.id].append(x)
    for r in rows:
        sights = firsts.get(r.first, [])
        for x in sights:
            kinds[r.name].add(x.kind)
        out.append(
            {
                "name": r.name,
                "count": int(r.n),
                "kinds": sorted(kinds[r.name]),
                "seen": [
                    {"document": x.document_id, "sentence": x.idx, "text": x.text, "title": x.title}
                    for x in sights
                ],
            }
        )
    for j in conn.execute(
        select(s.judgements.c.name).where(
            s.judgements.c.kind == "alias_add",
            s.judgements.c.undone_at.is_(None),
            s.judgements.c.entity_a == actor.id,
        )
    ).scalars():
        out.append({"name": j, "count": 0, "kinds": ["analyst"], "seen": []})
    out.sort(key=lambda n: (n["name"] != actor.name, -n["count"]))
    return out


# ---------------------------------------------------------------- network
def network(
    conn: Connection,
    flt: FactFilter | None = None,
    *,
    top: int = 150,
    expand: list[str] | None = None,
    per_node: int = 6,
) -> dict:
    """The top actors by prominence for the filters, with their strongest links among themselves;
    ``expand``: also these actors' strongest neighbours. Without filters it reads kb_pairs and
    kb_actors (already summed); with filters it sums kb_links for them (cached until the next write)."""
    flt = flt or FactFilter()
    key = ("net", flt.key(), top, tuple(sorted(expand or ())), per_node)
    return CACHE.get(conn, key, lambda: _network(conn, flt, top, expand or [], per_node))


def _link_filter(flt: FactFilter) -> list:
    L = s.kb_links
    cond: list = []
    if flt.kinds:
        ks = [
            k if ":" in k or k == "role" else (f"tie:{k}" if k.islower() else f"event:{k}") for k in flt.kinds
        ]
        cond.append(L.c.kind.in_(ks))
    if flt.category:
        cond.append(L.c.kind.like(f"{flt.category}%"))
    lo, hi = whole.date_range(flt.since), whole.date_range(flt.until)
    if lo:
        cond.append(L.c.month >= lo[0][:7])
    if hi:
        cond.append(L.c.month <= hi[1][:7])
    if flt.sources:
        cond.append(L.c.source_kind.in_(flt.sources))
    if flt.hedged is not None:
        cond.append(L.c.hedged == flt.hedged)
    return cond


def _network(conn: Connection, flt: FactFilter, top: int, expand: list[str], per_node: int) -> dict:
    filtered = any(v not in (None, [], False) for k, v in flt.model_dump().items() if k != "actor")
    if not filtered:
        # "type || ''": the top N read from the index of prominence, not every actor sorted
        live = [
            _ka.c.type.concat("").in_(ACTOR_TYPES),
            _ka.c.degree > 0,
            _ka.c.entity_id.notin_(_not_actors()),
        ]
        total = conn.execute(select(func.count()).select_from(_ka).where(*live)).scalar() or 0
        rows = conn.execute(select(_ka).where(*live).order_by(_ka.c.prominence.desc()).limit(top)).all()
        weight = {r.entity_id: r.degree for r in rows}
        ids = list(weight)
        P = s.kb_pairs
        cand = _pairs(conn, P, ids, [])
    else:
        L = s.kb_links
        cond = _link_filter(flt)
        # each actor's links for the filters, summed, ranked and counted in SQL: the rows leaving the
        # database are the page's, not one per linked actor (22,307 at 10,000 articles, all read and
        # summed in Python)
        ends = union_all(
            select(L.c.a.label("e"), L.c.weight.label("w")).where(*cond),
            select(L.c.b.label("e"), L.c.weight.label("w")).where(*cond),
        ).subquery()
        deg_q = select(ends.c.e, func.sum(ends.c.w).label("w")).group_by(ends.c.e).subquery()
        live = [
            _ka.c.type.in_(ACTOR_TYPES),
            _ka.c.entity_id.notin_(_not_actors()),
        ]
        ranked_q = (
            select(deg_q.c.e, deg_q.c.w, func.count().over().label("n"))
            .join(_ka, _ka.c.entity_id == deg_q.c.e)
            .where(*live)
            .order_by((_ka.c.mentions + 2 * deg_q.c.w).desc(), deg_q.c.e)
            .limit(top)
        )
        got = conn.execute(ranked_q).all()
        total = got[0].n if got else 0
        ids = [r.e for r in got]
        weight = {r.e: int(r.w) for r in got}
        cand = _pairs(conn, L, ids, cond)
    shown = set(ids)
    for e in expand:
        P = s.kb_pairs
        for a, b, kind, w in conn.execute(
            select(P.c.a, P.c.b, P.c.kind, P.c.weight)
            .where(or_(P.c.a == e, P.c.b == e))
            .order_by(P.c.weight.desc())
            .limit(25)
        ):
            shown |= {a, b}
            cand.append((a, b, kind, int(w)))
    # the strongest links: each node's per_node heaviest, so that no node is a hairball's centre
    cand = [c for c in cand if c[0] in shown and c[1] in shown]
    by_node: dict[str, list] = defaultdict(list)
    for c in sorted(cand, key=lambda c: -c[3]):
        by_node[c[0]].append(c)
        by_node[c[1]].append(c)
    keep = {}
    for n, cs in by_node.items():
        for c in cs[:per_node]:
            keep[(c[0], c[1], c[2])] = c
    nodes_rows = {}
    ids_l = sorted(shown)
    for i in range(0, len(ids_l), 500):
        for row in conn.execute(select(_ka).where(_ka.c.entity_id.in_(ids_l[i : i + 500]))):
            nodes_rows[row.entity_id] = row
    nodes = []
    for e in sorted(shown, key=lambda e: -(nodes_rows[e].prominence if e in nodes_rows else 0)):
        hit = nodes_rows.get(e)
        if hit is None or hit.type not in ACTOR_TYPES:
            continue
        a = _actor(hit)
        nodes.append(
            {
                "id": e,
                "name": a.name,
                "label": a.label,
                "type": a.type,
                "mentions": a.mentions,
                "prominence": a.prominence,
                "weight": int(weight.get(e, a.degree)),
            }
        )
    have = {n["id"] for n in nodes}
    edges = [
        {
            "id": f"{a}>{b}:{k}",
            "source": a,
            "target": b,
            "kind": k.split(":", 1)[-1],
            "category": k.split(":", 1)[0],
            "weight": w,
        }
        for (a, b, k), (_a, _b, _k, w) in keep.items()
        if a in have and b in have
    ]
    _positions(nodes, edges)
    return {"nodes": nodes, "edges": edges, "total_actors": int(total), "top": top}


def _positions(nodes: list[dict], edges: list[dict], iterations: int = 50) -> None:
    """Positions for the shown graph, computed here (seeded: a view looks the same each time) so that
    the browser draws without a layout pass on its main thread. A plain force-directed layout
    (Fruchterman-Reingold) in numpy: heavier links pull closer; a few hundred nodes take milliseconds."""
    import numpy as np

    n = len(nodes)
    if not n:
        return
    index = {x["id"]: i for i, x in enumerate(nodes)}
    A = np.zeros((n, n))
    for e in edges:
        i, j = index.get(e["source"]), index.get(e["target"])
        if i is not None and j is not None and i != j:
            w = 1.0 + min(e["weight"], 50) ** 0.5
            A[i, j] += w
            A[j, i] += w
    rng = np.random.default_rng(17)
    x, y = (rng.random(n) - 0.5), (rng.random(n) - 0.5)
    k2 = 1.0 / n
    k = k2**0.5
    step = 0.1
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        d2 = np.maximum(dx * dx + dy * dy, 1e-4)
        force = k2 / d2 - A * np.sqrt(d2) / k  # repulsion minus attraction, over the distance
        fx = (dx * force).sum(1) - 0.05 * x  # a little gravity: components stay near the centre
        fy = (dy * force).sum(1) - 0.05 * y
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-4)
        scale = np.minimum(length, step) / length
        x += fx * scale
        y += fy * scale
        step -= 0.1 / (iterations + 1)
    pos = np.stack([x, y], 1)
    pos -= pos.mean(0)
    scale = 900.0 / max(float(np.abs(pos).max()), 1e-6)
    for node, (px, py) in zip(nodes, pos):
        node["x"], node["y"] = round(float(px * scale), 1), round(float(py * scale), 1)


def _pairs(conn: Connection, T, ids: list[str], cond: list) -> list[tuple[str, str, str, int]]:
    """Links among these actors (a and b both in ids), summed by kind."""
    out = []
    for i in range(0, len(ids), 500):
        q = (
            select(T.c.a, T.c.b, T.c.kind, func.sum(T.c.weight))
            .where(T.c.a.in_(ids[i : i + 500]), T.c.b.in_(ids), *cond)
            .group_by(T.c.a, T.c.b, T.c.kind)
        )
        out += [(a, b, k, int(w)) for a, b, k, w in conn.execute(q)]
    return out


# ---------------------------------------------------------------- contradictions
def refresh_contradictions(conn: Connection, entity_ids: list[str]) -> int:
    """Recompute the contradictions among each of these actors' facts (store.facts.contradictions over
    the events it is a source of, of the types it is said not to have done or to deny, and the roles
    it holds or that are held in it); written to kb_contradictions. Returns how many were found."""
    found = 0
    for eid in entity_ids:
        conn.execute(s.kb_contradictions.delete().where(s.kb_contradictions.c.entity_id == eid))
        neg_kinds = set(
            conn.execute(
                select(_kf.c.kind)
                .join(_kfa, _kfa.c.fact_id == _kf.c.id)
                .where(
                    _kfa.c.entity_id == eid,
                    _kfa.c.side == "source",
                    _kfa.c.category == "event",
                    or_(_kf.c.negated.is_(True), _kf.c.kind == "REJECT"),
                )
                .distinct()
            ).scalars()
        )
        ev_ids: list[str] = []
        if neg_kinds:
            q = (
                select(_kf.c.id)
                .join(_kfa, _kfa.c.fact_id == _kf.c.id)
                .where(_kfa.c.entity_id == eid, _kfa.c.side == "source", _kfa.c.category == "event")
            )
            if "REJECT" not in neg_kinds:
                q = q.where(_kf.c.kind.in_(sorted(neg_kinds)))
            ev_ids = list(conn.execute(q.limit(3000)).scalars())
        role_ids = list(
            conn.execute(
                select(_kf.c.id)
                .join(_kfa, _kfa.c.fact_id == _kf.c.id)
                .where(
                    _kfa.c.entity_id == eid,
                    _kfa.c.side.in_(("person", "organization")),
                    _kfa.c.category == "role",
                )
                .limit(3000)
            ).scalars()
        )
        if not ev_ids and len(role_ids) < 2:
            conn.execute(_ka.update().where(_ka.c.entity_id == eid).values(dirty=False))
            continue
        loaded = load_facts(conn, ev_ids + role_ids)
        evs = [f for f in loaded if f["category"] == "event"]
        rls = [f for f in loaded if f["category"] == "role"]
        for f in evs + rls:  # store.facts works on the unpresented shape
            f["attributions"] = [ev["attribution"] for ev in f["evidence"]]
        rows = {}
        for c in factlib.contradictions(rls, evs):
            a, b = c["a"], c["b"]
            cid = _contradiction_id(c)
            date = max((ev.get("published") or "") for side in (a, b) for ev in side["evidence"]) or None
            rows[cid] = {
                "id": cid,
                "entity_id": eid,
                "kind": c["kind"],
                "date": date,
                "body": json.dumps({"reason": c["reason"], "a": a, "b": b}, default=str),
            }
        if rows:
            existing = set(
                conn.execute(
                    select(s.kb_contradictions.c.id).where(s.kb_contradictions.c.id.in_(list(rows)))
                ).scalars()
            )
            new = [r for k, r in rows.items() if k not in existing]
            if new:
                conn.execute(s.kb_contradictions.insert(), new)
            found += len(new)
        conn.execute(_ka.update().where(_ka.c.entity_id == eid).values(dirty=False))
    return found


def _contradiction_id(c: dict) -> str:
    import hashlib

    def side(x: dict) -> tuple:
        return tuple((ev.get("document"), ev.get("sentence")) for ev in x["evidence"])

    pair = sorted([(c["a"].get("id"), side(c["a"])), (c["b"].get("id"), side(c["b"]))], key=repr)
    return "c" + hashlib.sha1(repr((c["kind"], pair)).encode()).hexdigest()[:16]


def dirty_actors(conn: Connection, limit: int) -> tuple[list[str], int]:
    """Actors written since their contradictions were computed: up to ``limit`` of them, the most
    prominent first, and how many there are (both from the index on (dirty, prominence))."""
    cond = [_ka.c.dirty.is_(True)]
    n = conn.execute(select(func.count()).select_from(_ka).where(*cond)).scalar() or 0
    ids = (
        list(
            conn.execute(
                select(_ka.c.entity_id).where(*cond).order_by(_ka.c.prominence.desc()).limit(limit)
            ).scalars()
        )
        if limit
        else []
    )
    return ids, n


def refresh_dirty(conn: Connection, limit: int | None = None, *, budget: float | None = None) -> int:
    """:func:`_refresh_dirty`, then a new ``kb_state`` stamp when any actor was done: marking actors
    clean may add no contradiction and no sentence, and the counts kept until the next write
    (``pending_actors``) must still move (:meth:`ReadCache.stamp_of` reads the stamp)."""
    before = _dirty_ids(conn, 1)
    left = _refresh_dirty(conn, limit, budget=budget)
    if before:
        st = s.kb_state
        n = conn.execute(select(st.c.value).where(st.c.key == _REFRESHED)).scalar()
        conn.execute(st.delete().where(st.c.key == _REFRESHED))
        conn.execute(st.insert().values(key=_REFRESHED, value=str(int(n or 0) + 1)))
    return left


_REFRESHED = "contradictions_refreshed"  # kb_state key: times pending actors were computed (a stamp)


def _refresh_dirty(conn: Connection, limit: int | None = None, *, budget: float | None = None) -> int:
    """Recompute the contradictions of up to ``limit`` dirty actors (all when None), the most prominent
    first, stopping once ``budget`` seconds are spent; the number left. Actors with nothing to compare
    (no denial, fewer than two roles) are found a batch at a time (:func:`_nothing_to_compare`) and
    marked clean together; the others are recomputed one by one."""
    import time

    t0 = time.perf_counter()
    done = 0
    while limit is None or done < limit:
        step = 500 if limit is None else min(500, limit - done)
        ids = _dirty_ids(conn, step)
        if not ids:
            break
        trivial = _nothing_to_compare(conn, ids)
        if trivial:
            quiet = sorted(trivial)
            conn.execute(s.kb_contradictions.delete().where(s.kb_contradictions.c.entity_id.in_(quiet)))
            conn.execute(_ka.update().where(_ka.c.entity_id.in_(quiet)).values(dirty=False))
            done += len(quiet)
        for eid in ids:
            if eid in trivial:
                continue
            refresh_contradictions(conn, [eid])
            done += 1
            if budget is not None and time.perf_counter() - t0 > budget:
                return dirty_actors(conn, 0)[1]
        if budget is not None and time.perf_counter() - t0 > budget:
            break
    return dirty_actors(conn, 0)[1]


def _dirty_ids(conn: Connection, limit: int) -> list[str]:
    """Up to ``limit`` dirty actors, the most prominent first (from the index on (dirty, prominence)),
    without counting them all (a count per batch read 211,794 index entries each time at 100,000)."""
    return list(
        conn.execute(
            select(_ka.c.entity_id).where(_ka.c.dirty.is_(True)).order_by(_ka.c.prominence.desc()).limit(limit)
        ).scalars()
    )


def _nothing_to_compare(conn: Connection, ids: list[str]) -> set[str]:
    """Of these actors, those no contradiction can involve as :func:`refresh_contradictions` computes
    them: not the source of a negated event or a rejection, and holding (or staffed in) fewer than two
    roles. Two grouped queries for the batch instead of three per actor."""
    fa = _kfa
    denies = set(
        conn.execute(
            select(fa.c.entity_id)
            .join(_kf, _kf.c.id == fa.c.fact_id)
            .where(
                fa.c.entity_id.in_(ids),
                fa.c.category == "event",
                fa.c.side == "source",
                or_(_kf.c.negated.is_(True), _kf.c.kind == "REJECT"),
            )
            .distinct()
        ).scalars()
    )
    roles = set(
        conn.execute(
            select(fa.c.entity_id)
            .where(
                fa.c.entity_id.in_(ids), fa.c.category == "role", fa.c.side.in_(("person", "organization"))
            )
            .group_by(fa.c.entity_id)
            .having(func.count() >= 2)
        ).scalars()
    )
    return set(ids) - denies - roles


REFRESH_AFTER_WRITE = 2.0  # seconds a write spends on the contradictions of the actors it touched


def refresh_pending(store: Any, budget: float = REFRESH_AFTER_WRITE) -> int:
    """On the write path, after an ingest or an analyst's decision (never in a read): recompute the
    contradictions of the actors written since, most prominent first, for up to ``budget`` seconds,
    in one write transaction. Returns how many are left (listed as ``pending_actors``; ``newsgraph
    contradictions`` computes them all)."""
    from ..errors import StoreBusy

    try:
        with store.write() as conn:
            return refresh_dirty(conn, budget=budget)
    except StoreBusy:  # another writer holds the store: the next write (or the CLI) does it
        with store.read() as conn:
            return dirty_actors(conn, 0)[1]


def contradictions(
    conn: Connection, *, actor: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0
) -> dict:
    """A page of contradictions (both sides with their evidence), grouped counts by kind, true total.
    ``pending_actors``: actors written since their contradictions were last computed (the write path
    recomputes a few, :func:`refresh_pending`; ``newsgraph contradictions`` all of them). A read only."""
    C = s.kb_contradictions
    cond = []
    if actor:
        cond.append(or_(C.c.entity_id == actor, C.c.body.like(f'%"{actor}"%')))
    # counts by kind and the total are kept until the next write (CACHE); a page is read newest first
    # from the index on (date, id) or (kind, date, id) (migration 81), not sorted per request
    groups = CACHE.get(conn, ("contradiction-groups", actor), lambda: {
        k: n for k, n in conn.execute(select(C.c.kind, func.count()).where(*cond).group_by(C.c.kind))
    })
    if kind:
        cond.append(C.c.kind == kind)
    total = CACHE.get(conn, ("contradictions-total", actor, kind),
                      lambda: conn.execute(select(func.count()).select_from(C).where(*cond)).scalar() or 0)
    rows = conn.execute(
        select(C).where(*cond).order_by(C.c.date.desc(), C.c.id.desc()).limit(limit).offset(offset)
    ).all()
    items = []
    ids: set[str] = set()
    for r in rows:
        body = json.loads(r.body)
        items.append(
            {
                "id": r.id,
                "kind": r.kind,
                "reason": body["reason"],
                "actor": r.entity_id,
                "a": body["a"],
                "b": body["b"],
            }
        )
        ids |= ids_in([body["a"], body["b"]]) | {r.entity_id}
    # kept until the next write like the totals: counting the pending actors read the index on
    # (dirty, prominence) per request (211,694 entries, 11-16 ms at 100,000 articles)
    pending = CACHE.get(conn, ("contradictions-pending",), lambda: dirty_actors(conn, 0)[1])
    return {
        "total": total,
        "offset": offset,
        "limit": limit,
        "contradictions": items,
        "groups": groups,
        "entities": refs(conn, ids),
        "pending_actors": pending,
    }


# ---------------------------------------------------------------- search
def search(
    conn: Connection,
    q: str,
    *,
    type_: str | None = None,
    publisher: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source_kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict:
    """Actors (names and spelling variants) and sentences (full text), each paged with its total;
    facets: actor types; sentences by publisher, year and the voice of the facts they state."""
    acts = actors(conn, type_=type_, q=q, limit=limit, offset=offset, facets=True)
    sents = _sentences(
        conn,
        q,
        publisher=publisher,
        since=since,
        until=until,
        source_kind=source_kind,
        limit=limit,
        offset=offset,
    )
    return {"query": q, "actors": acts, "sentences": sents}


FACET_SAMPLE = 5000
COUNT_CAP = 10_000  # sentences counted per search, at most (see total_exact)


def _sentences(
    conn: Connection,
    q: str,
    *,
    publisher: str | None,
    since: str | None,
    until: str | None,
    source_kind: str | None,
    limit: int,
    offset: int,
) -> dict:
    from sqlalchemy import Integer, text

    from .search import fts_query, sentences

    d, st = s.documents, s.sentences
    empty = {"total": 0, "offset": offset, "limit": limit, "items": [], "facets": {}}
    if conn.dialect.name != "sqlite":
        items = sentences(conn, q, limit=limit)
        return dict(empty, total=len(items), items=items)
    fq = fts_query(q)
    if not fq:
        return empty
    cond: list[ColumnElement[bool]] = [d.c.superseded_by.is_(None)]
    if publisher:
        cond.append(d.c.publisher == publisher)
    lo, hi = whole.date_range(since), whole.date_range(until)
    if lo:
        cond.append(d.c.published >= lo[0])
    if hi:
        cond.append(d.c.published <= hi[1])
    if source_kind:
        cond.append(st.c.id.in_(select(s.events.c.sentence_id).where(s.events.c.source_kind == source_kind)))
    # without a filter on documents, the newest COUNT_CAP + 1 matches are taken from the full-text index
    # (in row id order, it stops there) and counted and sampled: two common words matched 152,601
    # sentences at 10,000 articles, all of which the count and the facets read; with a filter
    # the matches are read until COUNT_CAP pass it. Beyond, "total_exact" is false, the total a lower bound
    plain = not (publisher or since or until or source_kind)
    match = (
        text(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH :q"
            + (" ORDER BY rowid DESC LIMIT :cap" if plain else "")
        )
        .bindparams(**({"q": fq, "cap": COUNT_CAP + 1} if plain else {"q": fq}))
        .columns(rowid=Integer)
        .subquery()
    )
    fkey = ("search", q, publisher, since, until, source_kind)
    capped = (
        select(st.c.id).join(d, d.c.id == st.c.document_id)
        .where(st.c.id.in_(select(match.c.rowid)), *cond).limit(COUNT_CAP + 1).subquery()
    )

    def _count() -> tuple[int, bool]:
        n = conn.execute(select(func.count()).select_from(capped)).scalar() or 0
        if n > COUNT_CAP:
            return COUNT_CAP, False
        if plain:  # the index had more matches than were read: what passed is a lower bound
            raw = conn.execute(select(func.count()).select_from(match)).scalar() or 0
            return n, raw <= COUNT_CAP
        return n, True

    counted, exact = CACHE.get(conn, fkey + ("total",), _count)
    rows = _newest_matches(conn, fq, cond, limit=limit, offset=offset)
    items = [
        {
            "document": r.document_id,
            "sentence": r.idx,
            "start": r.start,
            "end": r.end,
            "text": r.text,
            "title": r.title,
            "publisher": r.publisher,
            "url": r.url,
            "published": r.published.isoformat() if r.published else None,
        }
        for r in rows
    ]
    sample = (
        select(st.c.id.label("sid"), d.c.publisher, d.c.published)
        .join(d, d.c.id == st.c.document_id)
        .where(st.c.id.in_(select(match.c.rowid)), *cond)
        .limit(FACET_SAMPLE)
        .subquery()
    )
    def _facets() -> dict:
        pubs: Counter = Counter()
        years: Counter = Counter()
        for p, pd in conn.execute(select(sample.c.publisher, sample.c.published)):
            pubs[p or "?"] += 1
            years[str(pd)[:4] if pd else "?"] += 1
        return {"publisher": dict(pubs.most_common(20)), "year": dict(sorted(years.items()))}

    facets = CACHE.get(conn, fkey + ("facets",), _facets)
    return {
        "total": counted,
        "total_exact": exact,
        "offset": offset,
        "limit": limit,
        "items": items,
        "facets": facets,
        "facet_sample": min(counted, FACET_SAMPLE),
    }


def _newest_matches(conn: Connection, fq: str, cond: list, *, limit: int, offset: int) -> list:
    """A page of the sentences matching the full-text query, the most recently stored first: the
    index's row ids are read newest first, a chunk at a time, and joined to their documents (for the
    filters) until the page is full, so a page costs what it shows, not what matches."""
    from sqlalchemy import text

    d, st = s.documents, s.sentences
    out: list = []
    skip, start = offset, 0
    chunk = max(4 * (limit + offset), 200)
    while len(out) < limit:
        ids = [r[0] for r in conn.execute(
            text("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH :q ORDER BY rowid DESC "
                 "LIMIT :n OFFSET :o"), {"q": fq, "n": chunk, "o": start})]
        if not ids:
            break
        got = {
            r.id: r
            for r in conn.execute(
                select(st.c.id, st.c.document_id, st.c.idx, st.c.start, st.c.end, st.c.text, d.c.title,
                       d.c.publisher, d.c.published, d.c.url)
                .join(d, d.c.id == st.c.document_id)
                .where(st.c.id.in_(ids), *cond)
            )
        }
        for i in ids:
            if i not in got:
                continue
            if skip:
                skip -= 1
                continue
            out.append(got[i])
            if len(out) >= limit:
                break
        if len(ids) < chunk:
            break
        start += chunk
    return out


__all__ = [
    "actors",
    "find_actor",
    "facts",
    "load_facts",
    "dossier",
    "network",
    "contradictions",
    "refresh_contradictions",
    "refresh_pending",
    "search",
    "refs",
    "ids_in",
    "CACHE",
    "FactFilter",
    "and_",
]
