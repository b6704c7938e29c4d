"""The actor network written with a networkx writer (GraphML, GEXF): the graph is the read side's
(:func:`newsgraph.kb.whole.actor_graph`), with the characters XML allows."""
from __future__ import annotations

from pathlib import Path

from ..kb.models import FactFilter
from ..kb.whole import actor_graph
from ..store import Store
from .chars import xml_graph


def write_graph(store: Store, path: Path, writer, flt: FactFilter | None = None) -> Path:
    """Build the actor network (every actor, with a filter the facts it keeps) and write it, atomically."""
    with store.read() as conn:
        graph = actor_graph(conn, flt, isolated=True)
    tmp = path.with_name(path.name + ".tmp")
    writer(xml_graph(graph), tmp, encoding="utf-8", prettyprint=True)  # only characters XML allows
    tmp.replace(path)
    return path
