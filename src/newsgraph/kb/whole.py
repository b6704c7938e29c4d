"""The whole knowledge base at once, for the exports (JSON, CSV, FtM, STIX, GraphML, GEXF): the same
facts the pages of :mod:`newsgraph.kb.read` show, with the same ids (the hash of each fact's content,
:func:`newsgraph.store.aggregates.fact_id`) and the same :class:`~newsgraph.kb.models.FactFilter`.

A filter is answered by the read side's own SQL (:func:`newsgraph.kb.read.fact_where` over the
aggregates), so a field means here what it means in the API and the CLI; a grouped record (reports
of one event across articles, ``store.facts.group_events``) is kept when one of the facts it groups
matches. ``as_of`` regroups the evidence known on that date (:func:`known_by`), ``min_confidence``
reads the grouped confidence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
from sqlalchemy import Connection, select

from ..store import queries
from ..store import schema as s
from ..store.facts import group_events, group_roles, group_ties, item_confidence
from .models import FactFilter

ACTOR_TYPES = ("person", "organization", "location")
_CATEGORIES = (("role", "roles"), ("tie", "ties"), ("event", "events"))


# ---------------------------------------------------------------- dates
def date_range(value: str | None) -> tuple[str, str] | None:
    """A partial ISO date as the (first, last) full dates it covers: "2023-06" -> 2023-06-01..2023-06-31."""
    if not value:
        return None
    v = str(value)[:10]
    parts = v.split("-")
    if not parts[0].isdigit():
        return None
    if len(parts) == 1:
        return f"{v}-01-01", f"{v}-12-31"
    if len(parts) == 2:
        return f"{v}-01", f"{v}-31"
    return v, v


def fact_date(f: dict) -> str | None:
    """When a fact happened or was first reported: event time, role start, else earliest publication."""
    if f.get("time"):
        return f["time"]
    if f.get("since"):
        return f["since"]
    pubs = sorted(e["published"] for e in f.get("evidence", []) if e.get("published"))
    return pubs[0] if pubs else None


def is_hedged(f: dict) -> bool:
    """A fact is hedged when every voice that states it hedges (its firmest voice does)."""
    return bool(f["attribution"].get("hedged"))


def present(f: dict) -> dict:
    """A fact for display: each evidence item carries its own voice and confidence."""
    f = dict(f)
    atts = f.pop("attributions", None) or [f["attribution"]] * len(f["evidence"])
    f["evidence"] = [dict(ev, attribution=att, confidence=round(item_confidence(att), 3))
                     for ev, att in zip(f["evidence"], atts)]
    f["hedged"] = is_hedged(f)
    f["date"] = fact_date(f)
    return f


# ---------------------------------------------------------------- as of a date
def known_by(rows: list[dict], as_of: str | None) -> list[dict]:
    """The rows whose evidence was published by ``as_of`` (undated evidence always counts)."""
    if not as_of:
        return rows
    r = date_range(as_of)
    cut = r[1] if r else as_of
    return [x for x in rows if not x["evidence"].get("published") or x["evidence"]["published"] <= cut]


def as_of_facts(category: str, grouped: list[dict], as_of: str | None) -> list[dict]:
    """Grouped facts as they stood on ``as_of``: events dated later and roles begun later drop out, a
    role whose end date had passed is ``former``."""
    cut = date_range(as_of)
    if not cut:
        return grouped
    if category == "event":
        return [e for e in grouped if _starts_by(e.get("time"), cut[1])]
    if category == "role":
        grouped = [r for r in grouped if _starts_by(r.get("since"), cut[1])]
        for r in grouped:
            u = date_range(r.get("until"))
            if u and u[1] < cut[0]:
                r["status"] = "former"
    return grouped


def _starts_by(value: str | None, last: str) -> bool:
    r = date_range(value)
    return r is None or r[0] <= last


# ---------------------------------------------------------------- everything, filtered
_READERS: dict[str, tuple[Callable[..., list[dict]], Callable[[list[dict]], list[dict]]]] = {
    "role": (queries.role_rows, group_roles),
    "tie": (queries.tie_rows, group_ties),
    "event": (queries.event_rows, group_events),
}


def _filtered(flt: FactFilter | None) -> bool:
    return flt is not None and any(
        v not in (None, []) for k, v in flt.model_dump().items() if k not in ("as_of", "min_confidence")
    )


def knowledge_base(conn: Connection, flt: FactFilter | None = None, *, mentions: bool = True) -> dict:
    """Documents, entities (with every name form, and their mentions unless ``mentions`` is False),
    roles, ties and events grouped with their evidence (``store.facts``), each fact's ``id`` its
    content hash (the id the API gives it). With a filter, only the facts it keeps and the entities
    they name."""
    from .read import fact_where

    wanted: set[str] | None = None
    if _filtered(flt):
        assert flt is not None
        cond = fact_where(flt.model_copy(update={"as_of": None, "min_confidence": None}))
        wanted = set(conn.execute(select(s.kb_facts.c.id).where(*cond)).scalars())
    as_of = flt.as_of if flt else None
    fact_of: dict[tuple[str, int], str] = {
        (c, r): f for c, r, f in conn.execute(
            select(s.kb_fact_rows.c.category, s.kb_fact_rows.c.row_id, s.kb_fact_rows.c.fact_id))
    }
    out: dict[str, Any] = {"documents": queries.documents(conn)}
    used: dict[str, int] = {}
    for cat, name in _CATEGORIES:
        rows_of, group = _READERS[cat]
        rows = known_by(rows_of(conn), as_of)
        for r in rows:  # which extracted row each evidence item is (for the fact ids), taken off below
            r["evidence"] = dict(r["evidence"], _row=r["row"])
        facts = []
        for f in as_of_facts(cat, group(rows), as_of):
            fids = {fact_of.get((cat, ev.pop("_row"))) for ev in f["evidence"]} - {None}
            if wanted is not None and not fids & wanted:
                continue
            if flt is not None and flt.min_confidence is not None and f["confidence"] < flt.min_confidence:
                continue
            first = fact_of.get((cat, f.pop("row")))
            fid = first or f["id"]
            used[fid] = used.get(fid, 0) + 1
            # one content key can be several records (reports of one event whose dates exclude each other)
            f["id"] = fid if used[fid] == 1 else f"{fid}.{used[fid]}"
            facts.append(f)
        out[name] = facts
    ents = queries.entities(conn, with_mentions=mentions)
    if wanted is not None or (flt is not None and flt.min_confidence is not None):
        from .read import ids_in

        named = ids_in([f for _c, name in _CATEGORIES for f in out[name]])
        ents = [e for e in ents if e["id"] in named]
    out["entities"] = ents
    return out


# ---------------------------------------------------------------- the actor network (GraphML, GEXF)
def actor_graph(conn: Connection, flt: FactFilter | None = None, *, isolated: bool = True,
                kb: dict | None = None) -> nx.MultiDiGraph:
    """The actor network as a networkx MultiDiGraph: actors as nodes (every person, organisation and
    place when ``isolated``), one edge per fact and actor pair, with kind, confidence, hedging, voice,
    evidence count and the first evidence sentence. Prominence of a node: half its weighted degree,
    half its mentions, each relative to the largest in the graph (0..1)."""
    kb = kb if kb is not None else knowledge_base(conn, flt, mentions=False)
    G = nx.MultiDiGraph()
    G.graph["as_of"] = (flt.as_of if flt else None) or ""

    def add_edge(src: str, tgt: str, f: dict, category: str, kind: str, label: str, eid: str) -> None:
        if src == tgt:
            return
        G.add_edge(src, tgt, key=eid, id=eid, fact=f["id"], category=category, kind=kind, label=label,
                   confidence=float(f["confidence"]), hedged=is_hedged(f),
                   source_kind=f["attribution"]["source"],
                   corroboration=int(f["corroboration"]), evidence=len(f["evidence"]),
                   weight=float(len(f["evidence"])), date=fact_date(f) or "",
                   negated=bool(f.get("negated", False)), sentence=f["evidence"][0]["text"],
                   document=f["evidence"][0]["document"])

    for f in kb["roles"]:
        add_edge(f["person"], f["organization"], f, "role", "role", f["title"], f["id"])
    for f in kb["ties"]:
        add_edge(f["source"], f["target"], f, "tie", f["kind"], f["kind"].replace("_", " "), f["id"])
    for f in kb["events"]:
        n = 0
        for a in f["source"]:
            for b in f["target"]:
                n += 1
                add_edge(a, b, f, "event", f["type"], f["type"] + (" (negated)" if f["negated"] else ""),
                         f"{f['id']}.{n}")
    ents = {e["id"]: e for e in kb["entities"]} if _filtered(flt) else \
        {e["id"]: e for e in queries.entities(conn, with_mentions=False)}
    if isolated:
        G.add_nodes_from(eid for eid, e in ents.items() if e["type"] in ACTOR_TYPES)
    for n in list(G.nodes):
        e = ents.get(n)
        if e is None:
            G.remove_node(n)
            continue
        G.nodes[n].update(id=n, label=e["name"], name=e["name"], type=e["type"],
                          subtype=e.get("subtype") or "",
                          mentions=int(e["mention_count"]), aliases="; ".join(e["aliases"]))
    _prominence(G)
    return G


def _prominence(G: nx.MultiDiGraph) -> None:
    if not G.number_of_nodes():
        return
    wdeg = dict(G.degree(weight="weight"))
    max_d = max(wdeg.values()) or 1.0
    max_m = max(G.nodes[n].get("mentions", 0) for n in G.nodes) or 1
    for n in G.nodes:
        G.nodes[n]["degree"] = int(G.degree(n))
        G.nodes[n]["weighted_degree"] = float(wdeg[n])
        G.nodes[n]["prominence"] = round(0.5 * wdeg[n] / max_d
                                         + 0.5 * G.nodes[n].get("mentions", 0) / max_m, 3)

