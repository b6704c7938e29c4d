"""GraphML export for Gephi (and anything networkx reads): actors as nodes, roles, ties and
events as edges, one per fact and actor pair, with kind, confidence, hedging, evidence count and the
first evidence sentence (see :mod:`newsgraph.export.network`)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..store import Store
from .network import write_graph


def write(store: Store, path: Path, *, as_of: str | None = None) -> Path:
    return write_graph(store, path, nx.write_graphml, as_of=as_of)
