"""GraphML export for Gephi (and anything networkx reads): actors as nodes, roles, ties and
events as edges, one per fact and actor pair, with kind, confidence, hedging, evidence count and the
first evidence sentence (see :mod:`newsgraph.export.network`)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..store import Store
from .network import build_graph


def write(store: Store, path: Path, *, as_of: str | None = None) -> Path:
    with store.read() as conn:
        G = build_graph(conn, as_of=as_of, isolated=True)
    tmp = path.with_name(path.name + ".tmp")
    nx.write_graphml(G, tmp, encoding="utf-8", prettyprint=True)
    tmp.replace(path)
    return path
