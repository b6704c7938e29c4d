"""The actor network: actors as nodes, facts (roles, ties, events) as weighted edges, as of a date.

Shared by the API (``/api/network``), the GraphML and GEXF exports and the HTML report. Filters
apply to facts before they become edges:

- ``as_of``: only evidence published on or before that date counts (facts are regrouped, so the
  confidence is the one known then); events dated after it and roles that began after it drop out;
- ``since`` / ``until``: the fact's date (event time, role start, else the publication date)
  overlaps the window; partial dates (``2023``, ``2023-06``) are ranges;
- ``types``: PLOVER event types, tie kinds, or ``role``;
- ``sources``: at least one voice stating the fact is of that kind (reporter, anonymous, named);
- ``hedged``: ``True`` keeps facts only hedged voices state, ``False`` keeps facts at least one
  unhedged voice states;
- ``min_confidence``: the fact's confidence (see :mod:`newsgraph.store.facts`).

Prominence of a node is half its weighted degree, half its mentions, each relative to the
largest in the graph (0..1).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
from sqlalchemy import Connection

from ..store import queries
from ..store.facts import group_events, group_roles, group_ties, item_confidence

ACTOR_TYPES = ("person", "organization", "location")


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


def overlaps(value: str | None, since: str | None, until: str | None) -> bool:
    """Does a (partial) date fall in the window? Undated facts are kept."""
    r = date_range(value)
    if r is None:
        return True
    lo, hi = r
    s = date_range(since)
    u = date_range(until)
    if s and hi < s[0]:
        return False
    if u and lo > u[1]:
        return False
    return True


def fact_date(f: dict) -> str | None:
    """When a fact happened or was first reported: event time, role start, else earliest publication."""
    if f.get("time"):
        return f["time"]
    if f.get("since"):
        return f["since"]
    pubs = sorted(e["published"] for e in f.get("evidence", []) if e.get("published"))
    return pubs[0] if pubs else None


# ---------------------------------------------------------------- facts
def _known_by(rows: list[dict], as_of: str | None) -> list[dict]:
    if not as_of:
        return rows
    r = date_range(as_of)
    cut = r[1] if r else as_of
    return [r for r in rows if not r["evidence"].get("published") or r["evidence"]["published"] <= cut]


def load_facts(conn: Connection, *, as_of: str | None = None) -> dict[str, list[dict]]:
    """Roles, ties and events grouped into facts from the evidence known on ``as_of``."""
    roles = group_roles(_known_by(queries.role_rows(conn), as_of))
    ties = group_ties(_known_by(queries.tie_rows(conn), as_of))
    events = group_events(_known_by(queries.event_rows(conn), as_of))
    if as_of:
        cut = date_range(as_of)
        if cut:
            events = [e for e in events if _starts_by(e.get("time"), cut[1])]
            roles = [r for r in roles if _starts_by(r.get("since"), cut[1])]
            for r in roles:
                u = date_range(r.get("until"))
                if u and u[1] < cut[0]:
                    r["status"] = "former"
    return {"roles": roles, "ties": ties, "events": events}


def _starts_by(value: str | None, last: str) -> bool:
    r = date_range(value)
    return r is None or r[0] <= last


def is_hedged(f: dict) -> bool:
    """A fact is hedged when every voice that states it hedges (its firmest voice does)."""
    return bool(f["attribution"].get("hedged"))


def source_kinds(f: dict) -> set[str]:
    return {a.get("source") for a in f.get("attributions", [f["attribution"]])}


def keep_fact(f: dict, *, kind: str, since: str | None = None, until: str | None = None,
              types: Iterable[str] | None = None, sources: Iterable[str] | None = None,
              hedged: bool | None = None, min_confidence: float | None = None) -> bool:
    if types:
        wanted = {t.lower() for t in types}
        if kind.lower() not in wanted:
            return False
    if sources and not (source_kinds(f) & set(sources)):
        return False
    if hedged is not None and is_hedged(f) != hedged:
        return False
    if min_confidence and f.get("confidence", 0) < min_confidence:
        return False
    return overlaps(fact_date(f), since, until)


def filter_events(events: list[dict], *, actor: str | None = None, types: Iterable[str] | None = None,
                  since: str | None = None, until: str | None = None, sources: Iterable[str] | None = None,
                  hedged: bool | None = None, min_confidence: float | None = None) -> list[dict]:
    out = []
    for e in events:
        if actor and actor not in e["source"] and actor not in e["target"] and actor != e.get("location"):
            continue
        if keep_fact(e, kind=e["type"], since=since, until=until, types=types, sources=sources, hedged=hedged,
                     min_confidence=min_confidence):
            out.append(e)
    return out


def present(f: dict) -> dict:
    """A fact for display: each evidence item carries its own voice and confidence."""
    f = dict(f)
    atts = f.pop("attributions", None) or [f["attribution"]] * len(f["evidence"])
    f["evidence"] = [dict(ev, attribution=att, confidence=round(item_confidence(att), 3))
                     for ev, att in zip(f["evidence"], atts)]
    f["hedged"] = is_hedged(f)
    f["date"] = fact_date(f)
    return f


# ---------------------------------------------------------------- the graph
def build_graph(conn: Connection, *, as_of: str | None = None, since: str | None = None,
                until: str | None = None, types: Iterable[str] | None = None,
                sources: Iterable[str] | None = None, hedged: bool | None = None,
                min_confidence: float | None = None,
                isolated: bool = False, facts: dict[str, list[dict]] | None = None) -> nx.MultiDiGraph:
    """The actor network as a networkx MultiDiGraph (one edge per fact and actor pair).

    ``facts``: what :func:`load_facts` gives for ``as_of``, when the caller has it already."""
    facts = facts if facts is not None else load_facts(conn, as_of=as_of)
    types = [t for t in types or [] if t]
    sources = [s for s in sources or [] if s]
    G = nx.MultiDiGraph()
    G.graph["as_of"] = as_of or ""

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

    flt: dict[str, Any] = dict(since=since, until=until, types=types, sources=sources, hedged=hedged,
                               min_confidence=min_confidence)
    for f in facts["roles"]:
        if keep_fact(f, kind="role", **flt):
            add_edge(f["person"], f["organization"], f, "role", "role", f["title"], f["id"])
    for f in facts["ties"]:
        if keep_fact(f, kind=f["kind"], **flt):
            add_edge(f["source"], f["target"], f, "tie", f["kind"], f["kind"].replace("_", " "), f["id"])
    for f in facts["events"]:
        if not keep_fact(f, kind=f["type"], **flt):
            continue
        n = 0
        for s in f["source"]:
            for t in f["target"]:
                n += 1
                add_edge(s, t, f, "event", f["type"], f["type"] + (" (negated)" if f["negated"] else ""),
                         f"{f['id']}.{n}")
    ents = {e["id"]: e for e in queries.entities(conn, with_mentions=False)}
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


def graph_json(G: nx.MultiDiGraph) -> dict:
    nodes = [dict(G.nodes[n]) for n in G.nodes]
    nodes.sort(key=lambda d: (-d["prominence"], d["name"]))
    edges = [dict(d, source=u, target=v) for u, v, d in G.edges(data=True)]
    return {"as_of": G.graph.get("as_of") or None, "nodes": nodes, "edges": edges}


def write_graph(store, path, writer, *, as_of: str | None = None):
    """Build the actor network and write it with a networkx writer (GraphML, GEXF), atomically."""
    with store.read() as conn:
        graph = build_graph(conn, as_of=as_of, isolated=True)
    from .chars import xml_graph

    tmp = path.with_name(path.name + ".tmp")
    writer(xml_graph(graph), tmp, encoding="utf-8", prettyprint=True)  # only characters XML allows
    tmp.replace(path)
    return path
