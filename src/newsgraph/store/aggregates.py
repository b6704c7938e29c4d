"""The read side's aggregates, kept up to date on write so that no read rebuilds the knowledge base.

What is kept (tables ``kb_*`` in :mod:`newsgraph.store.schema`):

- ``kb_actors``: per entity, its mentions, documents, degree (evidence items of facts linking it to
  another actor) and prominence (``mentions + 2 * degree``), its folded names for search;
- ``kb_facts``: one row per fact, the extracted rows with the same content key (a role: person,
  organisation, title; a tie: kind, source, target; an event: type, sources, targets, negation),
  its id a hash of that key, so that a fact keeps its id whatever is ingested later;
- ``kb_fact_rows`` / ``kb_fact_actors``: which rows state a fact, which actors it involves;
- ``kb_links`` (edge weights by kind, month, voice and hedging) and ``kb_pairs`` (summed).

Why counts and not recomputation: the writer adds one article at a time, so each aggregate moves by
what that article states (:func:`on_write`); a new version first takes its old rows out
(:func:`on_remove`); an analyst's merge or split re-points actors, and :func:`refresh` recomputes
what involves the entities it touched. :func:`rebuild` recomputes everything from the extracted rows.
Grouping across articles with partly different participants (``store.facts.group_events``) is done
when facts are read, over the facts a page shows; these keys are exact.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Connection, and_, delete, func, select, text

from ..nlp.keys import fold
from . import _driver, insert_rows
from . import schema as s

_CHUNK = 500
NAMES_CAP = 1500  # characters of folded names kept per actor (search)


@dataclass
class FactRow:
    """One extracted row as the aggregates see it."""

    category: str  # role | tie | event
    row_id: int
    document_id: str
    kind: str
    negated: bool
    date: str | None
    source_kind: str
    hedged: bool
    sides: list[tuple[str, str]] = field(default_factory=list)  # (entity id, side)

    def key(self) -> tuple:
        by = defaultdict(list)
        for eid, side in self.sides:
            by[side].append(eid)
        return (
            self.category,
            self.kind.lower() if self.category == "role" else self.kind,
            self.negated,
            *(tuple(sorted(set(by[x]))) for x in sorted(by) if x != "location"),
        )

    def pairs(self) -> list[tuple[str, str]]:
        src = [e for e, sd in self.sides if sd in ("source", "person")]
        tgt = [e for e, sd in self.sides if sd in ("target", "organization")]
        return sorted({(a, b) for a in src for b in tgt if a != b})

    @property
    def link_kind(self) -> str:
        return "role" if self.category == "role" else f"{self.category}:{self.kind}"

    @property
    def month(self) -> str:
        return (self.date or "")[:7]


def fact_id(key: tuple) -> str:
    """A fact's id: a hash of its content key (category, kind, polarity, actors), stable across ingests."""
    return "f" + hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- what else follows a change
# Read-side tables kept by other packages (resolve.suggestions registers itself when imported, as the
# store does not import resolution): each is called in the same transaction with the entities whose
# names changed (new entities, new names, names gone with an old version) or that analysts re-pointed,
# or with None after a rebuild of everything.
AFTER_CHANGE: list[Callable[[Connection, set[str] | None], None]] = []


def _changed(conn: Connection, entity_ids: set[str] | None) -> None:
    if entity_ids is not None and not entity_ids:
        return
    for hook in AFTER_CHANGE:
        hook(conn, entity_ids)


# ---------------------------------------------------------------- reading extracted rows
def _pub(p) -> str | None:
    return p.isoformat() if p else None


def load_rows(
    conn: Connection, *, documents: Sequence[str] | None = None, rows: Sequence[tuple[str, int]] | None = None
) -> list[FactRow]:
    """The fact rows of these documents, or these (category, row id) rows; current versions only."""
    out: list[FactRow] = []
    by_cat: dict[str, list[int]] = defaultdict(list)
    for cat, rid in rows or ():
        by_cat[cat].append(rid)
    da = s.doc_actors
    for cat, t in (("role", s.roles), ("tie", s.ties), ("event", s.events)):
        if documents is not None:
            chunks = [("doc", list(documents[i : i + _CHUNK])) for i in range(0, len(documents), _CHUNK)]
        else:
            ids = sorted(set(by_cat.get(cat, ())))
            chunks = [("row", ids[i : i + _CHUNK]) for i in range(0, len(ids), _CHUNK)]  # type: ignore[misc]
        for how, chunk in chunks:
            if not chunk:
                continue
            cond: ColumnElement[bool] = t.c.document_id.in_(chunk) if how == "doc" else t.c.id.in_(chunk)
            cond = and_(cond, s.documents.c.superseded_by.is_(None))
            names = {
                "role": ("title", "since", "person_id", "organization_id"),
                "tie": ("kind", "source_id", "target_id"),
                "event": ("type", "time", "time_inherited", "negated", "location_id"),
            }[cat]
            extra = [t.c[n] for n in names]
            # in the order the rows were written (a batch of documents: the first document's rows first),
            # so that a fact's first-seen form (a role's title as written) is the one a document at a
            # time would have kept
            q = (
                select(t.c.id, t.c.document_id, t.c.source_kind, t.c.hedged, s.documents.c.published, *extra)
                .join(s.documents, s.documents.c.id == t.c.document_id)
                .where(cond)
                .order_by(t.c.id)
            )
            got = conn.execute(q).all()
            if not got:
                continue
            aids: set[int] = set()
            for r in got:
                if cat == "role":
                    aids |= {r.person_id, r.organization_id}
                elif cat == "tie":
                    aids |= {r.source_id, r.target_id}
                elif r.location_id:
                    aids.add(r.location_id)
            parts: dict[int, list[tuple[int, str]]] = defaultdict(list)
            if cat == "event":
                ep = s.event_participants
                for ev, aid, side in conn.execute(
                    select(ep.c.event_id, ep.c.doc_actor_id, ep.c.side).where(
                        ep.c.event_id.in_([r.id for r in got])
                    )
                ):
                    parts[ev].append((aid, side))
                    aids.add(aid)
            emap: dict[int, str] = (
                dict(conn.execute(select(da.c.id, da.c.entity_id).where(da.c.id.in_(sorted(aids)))).all())
                if aids
                else {}
            )
            for r in got:
                pub = _pub(r.published)
                if cat == "role":
                    sides = [(emap[r.person_id], "person"), (emap[r.organization_id], "organization")]
                    kind, neg, date = r.title, False, r.since or pub
                elif cat == "tie":
                    sides = [(emap[r.source_id], "source"), (emap[r.target_id], "target")]
                    kind, neg, date = r.kind, False, pub
                else:
                    sides = [(emap[a], sd) for a, sd in parts.get(r.id, ())]
                    if r.location_id:
                        sides.append((emap[r.location_id], "location"))
                    kind, neg = r.type, bool(r.negated)
                    date = r.time if r.time and not r.time_inherited else (pub or r.time)
                out.append(
                    FactRow(
                        cat,
                        r.id,
                        r.document_id,
                        kind,
                        neg,
                        (date or "")[:10] or None,
                        r.source_kind,
                        bool(r.hedged),
                        sides,
                    )
                )
    return out


# ---------------------------------------------------------------- SQL helpers (SQLite and PostgreSQL)
def _least(conn: Connection) -> tuple[str, str]:
    return ("min", "max") if conn.dialect.name == "sqlite" else ("least", "greatest")


def _many(conn: Connection, sql: str, params: list[dict]) -> None:
    """One statement over many rows. On SQLite the rows go to the driver's ``executemany`` as they are
    (named parameters, plain values): SQLAlchemy's handling of each row cost as much as SQLite's own
    upserts."""
    if not params:
        return
    if conn.dialect.name == "sqlite":
        _driver(conn, sql, params)
    else:
        conn.execute(text(sql), params)


# ---------------------------------------------------------------- adding and taking out fact rows
def add_rows(conn: Connection, rows: Iterable[FactRow]) -> set[str]:
    """Count these rows into the aggregates (rows not counted yet); the entities whose degree moved."""
    lo, hi = _least(conn)
    facts: dict[str, dict] = {}
    fact_rows: list[dict] = []
    fact_actors: dict[tuple, dict] = {}
    links: Counter = Counter()
    pairs: Counter = Counter()
    degree: Counter = Counter()
    for r in rows:
        fid = fact_id(r.key())
        f = facts.get(fid)
        if f is None:
            f = facts[fid] = {
                "id": fid,
                "category": r.category,
                "kind": r.kind[:200],
                "negated": r.negated,
                "date": r.date,
                "last_date": r.date,
                "evidence": 0,
                "reporter": 0,
                "named": 0,
                "anonymous": 0,
                "hedged": 0,
                "docs": set(),
            }
        f["evidence"] += 1
        f[r.source_kind if r.source_kind in ("reporter", "named", "anonymous") else "anonymous"] += 1
        f["hedged"] += int(r.hedged)
        f["docs"].add(r.document_id)
        if r.date and (not f["date"] or r.date < f["date"]):
            f["date"] = r.date
        if r.date and (not f["last_date"] or r.date > f["last_date"]):
            f["last_date"] = r.date
        fact_rows.append(
            {
                "category": r.category,
                "row_id": r.row_id,
                "fact_id": fid,
                "document_id": r.document_id,
                "month": r.month,
                "source_kind": r.source_kind,
                "hedged": r.hedged,
            }
        )
        for eid, side in r.sides:
            fa = fact_actors.setdefault(
                (fid, eid, side),
                {"fact_id": fid, "entity_id": eid, "side": side, "date": r.date, "category": r.category},
            )
            if r.date and (not fa["date"] or r.date < fa["date"]):
                fa["date"] = r.date
        for a, b in r.pairs():
            links[(a, b, r.link_kind, r.month, r.source_kind, r.hedged)] += 1
            pairs[(a, b, r.link_kind)] += 1
            degree[a] += 1
            degree[b] += 1
    for f in facts.values():
        f["documents"] = len(f.pop("docs"))
    _many(
        conn,
        f"""INSERT INTO kb_facts (id, category, kind, negated, date, last_date, evidence, reporter, named,
        anonymous, hedged, documents) VALUES (:id, :category, :kind, :negated, :date, :last_date, :evidence,
        :reporter, :named, :anonymous, :hedged, :documents)
        ON CONFLICT (id) DO UPDATE SET evidence = kb_facts.evidence + excluded.evidence,
        reporter = kb_facts.reporter + excluded.reporter, named = kb_facts.named + excluded.named,
        anonymous = kb_facts.anonymous + excluded.anonymous, hedged = kb_facts.hedged + excluded.hedged,
        documents = kb_facts.documents + excluded.documents,
        date = coalesce({lo}(kb_facts.date, excluded.date), kb_facts.date, excluded.date),
        last_date = coalesce({hi}(kb_facts.last_date, excluded.last_date), kb_facts.last_date,
                             excluded.last_date)""",
        list(facts.values()),
    )
    insert_rows(conn, s.kb_fact_rows, fact_rows)
    _many(
        conn,
        f"""INSERT INTO kb_fact_actors (fact_id, entity_id, side, date, category) VALUES (:fact_id,
        :entity_id, :side, :date, :category) ON CONFLICT (fact_id, entity_id, side) DO UPDATE SET
        date = coalesce({lo}(kb_fact_actors.date, excluded.date), kb_fact_actors.date, excluded.date)""",
        list(fact_actors.values()),
    )
    _bump_links(conn, links, pairs, degree, 1)
    return set(degree)


def _bump_links(conn: Connection, links: Counter, pairs: Counter, degree: Counter, sign: int) -> None:
    _many(
        conn,
        """INSERT INTO kb_links (a, b, kind, month, source_kind, hedged, weight)
        VALUES (:a, :b, :kind, :month, :source_kind, :hedged, :w)
        ON CONFLICT (a, b, kind, month, source_kind, hedged)
        DO UPDATE SET weight = kb_links.weight + excluded.weight""",
        [
            {"a": a, "b": b, "kind": k, "month": m, "source_kind": sk, "hedged": h, "w": sign * n}
            for (a, b, k, m, sk, h), n in links.items()
        ],
    )
    _many(
        conn,
        """INSERT INTO kb_pairs (a, b, kind, weight) VALUES (:a, :b, :kind, :w)
        ON CONFLICT (a, b, kind) DO UPDATE SET weight = kb_pairs.weight + excluded.weight""",
        [{"a": a, "b": b, "kind": k, "w": sign * n} for (a, b, k), n in pairs.items()],
    )
    _many(
        conn,
        "UPDATE kb_actors SET degree = degree + :n, prominence = mentions + 2 * (degree + :n) "
        "WHERE entity_id = :e",
        [{"e": e, "n": sign * n} for e, n in degree.items()],
    )
    if sign < 0:
        # the rows counted out and now empty, found by their keys: a WHERE on weight alone read every
        # row of kb_links (1.26 million at 100,000 articles: 0.4 s per new version or decision)
        _many(
            conn,
            """DELETE FROM kb_links WHERE a = :a AND b = :b AND kind = :kind AND month = :month
            AND source_kind = :source_kind AND hedged = :hedged AND weight <= 0""",
            [
                {"a": a, "b": b, "kind": k, "month": m, "source_kind": sk, "hedged": h}
                for (a, b, k, m, sk, h) in links
            ],
        )
        _many(
            conn,
            "DELETE FROM kb_pairs WHERE a = :a AND b = :b AND kind = :kind AND weight <= 0",
            [{"a": a, "b": b, "kind": k} for (a, b, k) in pairs],
        )


def remove_rows(conn: Connection, keys: Sequence[tuple[str, int]]) -> set[str]:
    """Take these (category, row id) rows out of the aggregates; the entities whose degree moved."""
    fr = s.kb_fact_rows
    got: list = []
    by_cat: dict[str, list[int]] = defaultdict(list)
    for cat, rid in keys:
        by_cat[cat].append(rid)
    for cat, ids in by_cat.items():
        for i in range(0, len(ids), _CHUNK):
            got += conn.execute(
                select(fr).where(fr.c.category == cat, fr.c.row_id.in_(ids[i : i + _CHUNK]))
            ).all()
    if not got:
        return set()
    fids = sorted({r.fact_id for r in got})
    sides: dict[str, list[tuple[str, str]]] = defaultdict(list)
    cats: dict[str, tuple[str, str]] = {}
    for i in range(0, len(fids), _CHUNK):
        for fid, eid, side in conn.execute(
            select(s.kb_fact_actors.c.fact_id, s.kb_fact_actors.c.entity_id, s.kb_fact_actors.c.side).where(
                s.kb_fact_actors.c.fact_id.in_(fids[i : i + _CHUNK])
            )
        ):
            sides[fid].append((eid, side))
        for fid, cat, kind in conn.execute(
            select(s.kb_facts.c.id, s.kb_facts.c.category, s.kb_facts.c.kind).where(
                s.kb_facts.c.id.in_(fids[i : i + _CHUNK])
            )
        ):
            cats[fid] = (cat, kind)
    links: Counter = Counter()
    pairs: Counter = Counter()
    degree: Counter = Counter()
    dec: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set] = defaultdict(set)
    for r in got:
        cat, kind = cats.get(r.fact_id, (r.category, ""))
        probe = FactRow(
            cat,
            r.row_id,
            r.document_id,
            kind,
            False,
            None,
            r.source_kind,
            bool(r.hedged),
            sides.get(r.fact_id, []),
        )
        d = dec[r.fact_id]
        d["evidence"] += 1
        d[r.source_kind if r.source_kind in ("reporter", "named", "anonymous") else "anonymous"] += 1
        d["hedged"] += int(bool(r.hedged))
        docs[r.fact_id].add(r.document_id)
        for a, b in probe.pairs():
            links[(a, b, probe.link_kind, r.month, r.source_kind, bool(r.hedged))] += 1
            pairs[(a, b, probe.link_kind)] += 1
            degree[a] += 1
            degree[b] += 1
    _many(
        conn,
        """UPDATE kb_facts SET evidence = evidence - :evidence, reporter = reporter - :reporter,
        named = named - :named, anonymous = anonymous - :anonymous, hedged = hedged - :hedged,
        documents = documents - :documents WHERE id = :id""",
        [
            {
                "id": fid,
                "evidence": d["evidence"],
                "reporter": d["reporter"],
                "named": d["named"],
                "anonymous": d["anonymous"],
                "hedged": d["hedged"],
                "documents": len(docs[fid]),
            }
            for fid, d in dec.items()
        ],
    )
    for cat, ids in by_cat.items():
        for i in range(0, len(ids), _CHUNK):
            conn.execute(delete(fr).where(fr.c.category == cat, fr.c.row_id.in_(ids[i : i + _CHUNK])))
    for i in range(0, len(fids), _CHUNK):
        gone = list(
            conn.execute(
                select(s.kb_facts.c.id).where(
                    s.kb_facts.c.id.in_(fids[i : i + _CHUNK]), s.kb_facts.c.evidence <= 0
                )
            ).scalars()
        )
        if gone:
            conn.execute(delete(s.kb_fact_actors).where(s.kb_fact_actors.c.fact_id.in_(gone)))
            conn.execute(delete(s.kb_facts).where(s.kb_facts.c.id.in_(gone)))
    _bump_links(conn, links, pairs, degree, -1)
    return set(degree)


# ---------------------------------------------------------------- actors
def update_actors(conn: Connection, entity_ids: Iterable[str]) -> None:
    """Recompute these entities' rows in kb_actors from the store (mentions, documents, names, dates);
    degree is recomputed from kb_pairs. Entities that no longer exist lose their row."""
    ids = sorted(set(entity_ids))
    da, e, m, d = s.doc_actors, s.entities, s.mentions, s.documents
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        conn.execute(delete(s.kb_actors).where(s.kb_actors.c.entity_id.in_(chunk)))
        conn.execute(delete(s.kb_actor_names).where(s.kb_actor_names.c.entity_id.in_(chunk)))
        ents = {r.id: r for r in conn.execute(select(e.c.id, e.c.type, e.c.name).where(e.c.id.in_(chunk)))}
        if not ents:
            continue
        forms = [
            {"entity_id": eid, "name": name, "n": int(n), "first": first}
            for eid, name, n, first in conn.execute(
                select(da.c.entity_id, s.aliases.c.name, func.count(), func.min(s.aliases.c.id))
                .join(s.aliases, s.aliases.c.doc_actor_id == da.c.id)
                .where(da.c.entity_id.in_(chunk))
                .group_by(da.c.entity_id, s.aliases.c.name)
            )
        ]
        if forms:
            conn.execute(s.kb_actor_names.insert(), forms)
        live = da.c.document_id.in_(select(d.c.id).where(d.c.superseded_by.is_(None)))
        stats = {
            r.entity_id: r
            for r in conn.execute(
                select(
                    da.c.entity_id,
                    func.count(func.distinct(da.c.document_id)).label("docs"),
                    func.min(d.c.published).label("first"),
                    func.max(d.c.published).label("last"),
                )
                .join(d, d.c.id == da.c.document_id)
                .where(da.c.entity_id.in_(chunk), live)
                .group_by(da.c.entity_id)
            )
        }
        mentions: dict[str, int] = dict(
            conn.execute(
                select(da.c.entity_id, func.count(m.c.id))
                .join(m, m.c.doc_actor_id == da.c.id)
                .where(da.c.entity_id.in_(chunk), live)
                .group_by(da.c.entity_id)
            ).all()
        )
        names: dict[str, list[str]] = defaultdict(list)
        for eid, norm in conn.execute(
            select(da.c.entity_id, s.aliases.c.norm)
            .distinct()
            .join(s.aliases, s.aliases.c.doc_actor_id == da.c.id)
            .where(da.c.entity_id.in_(chunk))
        ):
            names[eid].append(norm)
        deg: Counter = Counter()
        for col in (s.kb_pairs.c.a, s.kb_pairs.c.b):
            for eid, w in conn.execute(
                select(col, func.sum(s.kb_pairs.c.weight)).where(col.in_(chunk)).group_by(col)
            ):
                deg[eid] += int(w or 0)
        rows = []
        for eid, r in ents.items():
            st = stats.get(eid)
            mc = int(mentions.get(eid, 0))
            rows.append(
                {
                    "entity_id": eid,
                    "type": r.type,
                    "name": r.name,
                    "names": _names_text([fold(r.name), *names.get(eid, [])]),
                    "mentions": mc,
                    "documents": int(st.docs) if st else 0,
                    "degree": deg[eid],
                    "prominence": float(mc + 2 * deg[eid]),
                    "first_seen": _pub(st.first) if st else None,
                    "last_seen": _pub(st.last) if st else None,
                    "dirty": True,
                }
            )
        conn.execute(s.kb_actors.insert(), rows)


def _names_text(norms: Iterable[str]) -> str:
    out, size = [], 0
    for n in dict.fromkeys(x for x in norms if x):
        if size + len(n) > NAMES_CAP:
            break
        out.append(n)
        size += len(n) + 3
    return " | ".join(out)


def _names_added(names: str, by_document: dict[int, list[str]]) -> str:
    """An actor's folded names with each document's new names added, one document after the other."""
    for i in sorted(by_document):
        names = _names_text([*names.split(" | "), *by_document[i]])
    return names


def _add_document_actors(conn: Connection, dids: Sequence[str]) -> None:
    """Count new documents' actors in (an upsert per entity: cheaper than recomputing them). Documents
    counted in together (:func:`batched`) leave the rows a document at a time would: counts add up,
    and each actor's folded names take the documents' new names in their order."""
    da, m, d = s.doc_actors, s.mentions, s.documents
    per: dict[str, dict] = {}
    order = {did: i for i, did in enumerate(dids)}
    for i in range(0, len(dids), _CHUNK):
        chunk = list(dids[i : i + _CHUNK])
        mentions = (
            select(da.c.entity_id, da.c.document_id, func.count(m.c.id).label("n"))
            .outerjoin(m, m.c.doc_actor_id == da.c.id)
            .where(da.c.document_id.in_(chunk))
            .group_by(da.c.entity_id, da.c.document_id)
            .subquery()
        )
        for r in conn.execute(
            select(mentions.c.entity_id, mentions.c.n, d.c.published).join(
                d, d.c.id == mentions.c.document_id
            )
        ):
            pub = _pub(r.published)
            e = per.setdefault(r.entity_id, {"n": 0, "docs": 0, "first": pub, "last": pub, "names": {}})
            e["n"] += int(r.n)
            e["docs"] += 1
            if pub and (not e["first"] or pub < e["first"]):
                e["first"] = pub
            if pub and (not e["last"] or pub > e["last"]):
                e["last"] = pub
        key = (da.c.document_id, da.c.entity_id, s.aliases.c.norm, s.aliases.c.name)
        for did, eid, norm, name, n, first in conn.execute(
            select(*key, func.count(), func.min(s.aliases.c.id))
            .join(s.aliases, s.aliases.c.doc_actor_id == da.c.id)
            .where(da.c.document_id.in_(chunk))
            .group_by(*key)
            .order_by(*key)
        ):
            if eid in per:
                per[eid]["names"].setdefault(order[did], []).append(norm)
                forms = per[eid].setdefault("forms", {})
                got = forms.get(name)
                forms[name] = (got[0] + int(n), min(got[1], first)) if got else (int(n), first)
    if not per:
        return
    ids = sorted(per)
    have: dict[str, str] = {}
    for i in range(0, len(ids), _CHUNK):
        have.update(
            conn.execute(
                select(s.kb_actors.c.entity_id, s.kb_actors.c.names).where(
                    s.kb_actors.c.entity_id.in_(ids[i : i + _CHUNK])
                )
            ).all()
        )
    missing = [eid for eid in ids if eid not in have]
    ents: dict = {}
    for i in range(0, len(missing), _CHUNK):
        ents.update(
            (r.id, r)
            for r in conn.execute(
                select(s.entities.c.id, s.entities.c.type, s.entities.c.name).where(
                    s.entities.c.id.in_(missing[i : i + _CHUNK])
                )
            )
        )
    if ents:
        conn.execute(
            s.kb_actors.insert(),
            [
                {
                    "entity_id": eid,
                    "type": r.type,
                    "name": r.name,
                    "names": fold(r.name),
                    "mentions": 0,
                    "documents": 0,
                    "degree": 0,
                    "prominence": 0.0,
                    "first_seen": per[eid]["first"],
                    "last_seen": per[eid]["last"],
                    "dirty": True,
                }
                for eid, r in ents.items()
            ],
        )
        have.update({eid: fold(r.name) for eid, r in ents.items()})
    known: set[tuple[str, str]] = set()
    for i in range(0, len(ids), _CHUNK):
        known.update(
            (r[0], r[1])
            for r in conn.execute(
                select(s.kb_actor_names.c.entity_id, s.kb_actor_names.c.name).where(
                    s.kb_actor_names.c.entity_id.in_(ids[i : i + _CHUNK])
                )
            )
        )
    conn.info.setdefault("kb_names_changed", set()).update(
        eid for eid, e in per.items() if any((eid, name) not in known for name in e.get("forms", {}))
    )
    lo, hi = _least(conn)
    _many(
        conn,
        f"""INSERT INTO kb_actor_names (entity_id, name, n, first) VALUES (:e, :name, :n, :first)
        ON CONFLICT (entity_id, name) DO UPDATE SET n = kb_actor_names.n + excluded.n,
        first = {lo}(kb_actor_names.first, excluded.first)""",
        [
            {"e": eid, "name": name, "n": n, "first": first}
            for eid, e in per.items()
            for name, (n, first) in e.get("forms", {}).items()
        ],
    )
    _many(
        conn,
        f"""UPDATE kb_actors SET mentions = mentions + :n, documents = documents + :docs,
        prominence = mentions + :n + 2 * degree, names = :names, dirty = :dirty,
        first_seen = coalesce({lo}(first_seen, :first), first_seen, :first),
        last_seen = coalesce({hi}(last_seen, :last), last_seen, :last) WHERE entity_id = :e""",
        [
            {
                "e": eid,
                "n": e["n"],
                "docs": e["docs"],
                "first": e["first"],
                "last": e["last"],
                "dirty": True,
                "names": _names_added(have.get(eid) or "", e["names"]),
            }
            for eid, e in per.items()
            if eid in have
        ],
    )


# ---------------------------------------------------------------- the hooks
def on_write(conn: Connection, dids: Sequence[str]) -> None:
    """The writer stored these documents (new ones or new versions): count them in."""
    _add_document_actors(conn, dids)
    add_rows(conn, load_rows(conn, documents=dids))
    _changed(conn, conn.info.pop("kb_names_changed", set()))


@contextlib.contextmanager
def batched(conn: Connection) -> Iterator[None]:
    """Within this block, in one write transaction, the documents the writer stores are counted in
    together when the block ends (one set of statements for the batch instead of one per article, and
    the merge suggestions of the entities they changed found once): an ingest's write groups
    (``service.store_group``) and bulk loads (``benchmarks/kb_generate.py``). The aggregates are
    exact when the block ends, the same rows as a document at a time, and the transaction commits
    after it."""
    conn.info["kb_batch"] = []
    try:
        yield
        _flush(conn)
    finally:
        conn.info.pop("kb_batch", None)


_PENDING = ("kb_batch", "kb_refresh_actors", "kb_names_changed")  # what a transaction holds for the upkeep


def held(conn: Connection) -> dict:
    """What this transaction holds for the aggregates so far (the documents of a :func:`batched` block
    not counted in yet, the actors to recompute): taken before a savepoint, so that an article rolled
    back to it takes back what it added (:func:`put_back`)."""
    return {k: type(v)(v) for k in _PENDING if (v := conn.info.get(k)) is not None}


def put_back(conn: Connection, kept: dict) -> None:
    """The state :func:`held` took, again (the article after it was rolled back)."""
    for k in _PENDING:
        if k in kept:
            conn.info[k] = kept[k]
        else:
            conn.info.pop(k, None)


def _flush(conn: Connection) -> None:
    pending = conn.info.get("kb_batch")
    if pending:
        on_write(conn, list(pending))
        pending.clear()
    refresh_actors = conn.info.pop("kb_refresh_actors", None)
    if refresh_actors:
        update_actors(conn, refresh_actors)
        _changed(conn, set(refresh_actors))


def after_write(conn: Connection, did: str) -> None:
    """The writer's one call: count document ``did`` in, and recompute the actors an old version
    counted out (its entities may have lost mentions, or have gone). Inside :func:`batched`, the
    document is counted in with the rest of the batch when the block ends; a new version is counted
    in at once, with the documents before it, so that its old actors are recomputed where a document
    at a time recomputes them (before the next documents add their names)."""
    if conn.info.get("kb_off"):
        return
    if conn.info.get("kb_batch") is not None:
        conn.info["kb_batch"].append(did)
        if conn.info.get("kb_refresh_actors"):
            _flush(conn)
        return
    on_write(conn, [did])
    pending = conn.info.pop("kb_refresh_actors", None)
    if pending:
        update_actors(conn, pending)
        _changed(conn, set(pending))


def on_remove(conn: Connection, did: str) -> None:
    """The writer is about to remove document ``did``'s extracted rows (an old version): count them out."""
    if conn.info.get("kb_off"):
        return
    _flush(conn)  # a batch counts its documents in before any of them is counted out
    keys = [
        (r.category, r.row_id)
        for r in conn.execute(
            select(s.kb_fact_rows.c.category, s.kb_fact_rows.c.row_id).where(
                s.kb_fact_rows.c.document_id == did
            )
        )
    ]
    remove_rows(conn, keys)
    eids = set(
        conn.execute(select(s.doc_actors.c.entity_id).where(s.doc_actors.c.document_id == did)).scalars()
    )
    conn.info.setdefault("kb_refresh_actors", set()).update(eids)


def refresh(conn: Connection, entity_ids: Iterable[str]) -> None:
    """Analysts re-pointed the actors of these entities (merge, split, undo): recompute every fact that
    involved them before or involves them now, and their actor rows."""
    eids = sorted({e for e in entity_ids if e})
    if not eids:
        return
    fa, fr, da = s.kb_fact_actors, s.kb_fact_rows, s.doc_actors
    keys: set[tuple[str, int]] = set()
    for i in range(0, len(eids), _CHUNK):
        chunk = eids[i : i + _CHUNK]
        fids = select(fa.c.fact_id).where(fa.c.entity_id.in_(chunk))
        keys |= {
            (r.category, r.row_id)
            for r in conn.execute(select(fr.c.category, fr.c.row_id).where(fr.c.fact_id.in_(fids)))
        }
        aids = select(da.c.id).where(da.c.entity_id.in_(chunk))
        keys |= {
            ("role", r)
            for r in conn.execute(
                select(s.roles.c.id).where(
                    (s.roles.c.person_id.in_(aids)) | (s.roles.c.organization_id.in_(aids))
                )
            ).scalars()
        }
        keys |= {
            ("tie", r)
            for r in conn.execute(
                select(s.ties.c.id).where((s.ties.c.source_id.in_(aids)) | (s.ties.c.target_id.in_(aids)))
            ).scalars()
        }
        keys |= {
            ("event", r)
            for r in conn.execute(
                select(s.event_participants.c.event_id).where(s.event_participants.c.doc_actor_id.in_(aids))
            ).scalars()
        }
        keys |= {
            ("event", r)
            for r in conn.execute(select(s.events.c.id).where(s.events.c.location_id.in_(aids))).scalars()
        }
    ordered = sorted(keys)
    touched = remove_rows(conn, ordered)
    touched |= add_rows(conn, load_rows(conn, rows=ordered))
    update_actors(conn, set(eids) | touched)
    conn.execute(s.kb_contradictions.delete().where(s.kb_contradictions.c.entity_id.in_(eids)))
    _changed(conn, set(eids))


def after_judgement(conn: Connection, judgement_id: int) -> None:
    """An analyst's decision (or its undo) re-pointed actors: refresh what involves the entities it
    touched (both sides, the entities its moved actors belong to now, and any made by the undo)."""
    import json

    j = conn.execute(select(s.judgements).where(s.judgements.c.id == judgement_id)).first()
    if j is None:
        return
    eids = {j.entity_a, j.entity_b}
    moved = [m.get("doc_actor") for m in json.loads(j.detail or "{}").get("moved", []) if isinstance(m, dict)]
    da = s.doc_actors
    for i in range(0, len(moved), _CHUNK):
        eids |= set(conn.execute(select(da.c.entity_id).where(da.c.id.in_(moved[i : i + _CHUNK]))).scalars())
    eids |= set(
        conn.execute(
            select(da.c.entity_id).where(da.c.explanation.like(f"%judgement #{judgement_id} undone%"))
        ).scalars()
    )
    refresh(conn, {e for e in eids if e})


def rebuild(conn: Connection, *, batch: int = 2000, progress=None) -> dict[str, int]:
    """Recompute every aggregate from the extracted rows (after a migration, or to check them)."""
    for t in s.KB_TABLES:
        conn.execute(delete(t))
    dids = list(
        conn.execute(
            select(s.documents.c.id).where(s.documents.c.superseded_by.is_(None)).order_by(s.documents.c.id)
        ).scalars()
    )
    n_rows = 0
    for i in range(0, len(dids), batch):
        rows = load_rows(conn, documents=dids[i : i + batch])
        _ensure_actors(conn, {e for r in rows for e, _ in r.sides})
        add_rows(conn, rows)
        n_rows += len(rows)
        if progress:
            progress(min(i + batch, len(dids)), len(dids))
    ents = list(conn.execute(select(s.entities.c.id)).scalars())
    for i in range(0, len(ents), 5000):
        update_actors(conn, ents[i : i + 5000])
    _changed(conn, None)
    return {"documents": len(dids), "fact_rows": n_rows, "actors": len(ents)}


def _ensure_actors(conn: Connection, eids: set[str]) -> None:
    """Placeholder actor rows, so that degree updates have a row to land on (rebuild fills them in)."""
    if not eids:
        return
    ids = sorted(eids)
    have = set()
    for i in range(0, len(ids), _CHUNK):
        have |= set(
            conn.execute(
                select(s.kb_actors.c.entity_id).where(s.kb_actors.c.entity_id.in_(ids[i : i + _CHUNK]))
            ).scalars()
        )
    new = [
        {
            "entity_id": e,
            "type": "other",
            "name": e,
            "names": "",
            "mentions": 0,
            "documents": 0,
            "degree": 0,
            "prominence": 0.0,
            "dirty": True,
        }
        for e in ids
        if e not in have
    ]
    if new:
        conn.execute(s.kb_actors.insert(), new)


__all__ = [
    "FactRow",
    "fact_id",
    "load_rows",
    "add_rows",
    "remove_rows",
    "update_actors",
    "on_write",
    "batched",
    "held",
    "put_back",
    "on_remove",
    "refresh",
    "rebuild",
]
