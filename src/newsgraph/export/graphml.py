"""GraphML export for Gephi (and anything networkx reads): actors as nodes, roles, ties and
events as edges, one per fact and actor pair, with kind, confidence, hedging, evidence count and the
first evidence sentence (:func:`newsgraph.kb.whole.actor_graph`)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..kb.models import FactFilter
from ..store import Store
from .network import write_graph


def write(store: Store, path: Path, flt: FactFilter | None = None) -> Path:
    return write_graph(store, path, nx.write_graphml, flt)
