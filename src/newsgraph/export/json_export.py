"""The JSON export (shape in shared/eval/README.md): documents, entities with aliases and mentions,
roles, ties and events, each fact with its attribution, confidence and evidence."""
from __future__ import annotations

import json
from pathlib import Path

from ..store import Store, queries
from .chars import json_text


def build(store: Store) -> dict:
    with store.read() as conn:
        docs = queries.documents(conn)
        ents = queries.entities(conn)
        roles = queries.roles(conn)
        ties = queries.ties(conn)
        events = queries.events(conn)
    for e in ents:
        e.pop("documents", None)
    for f in (*roles, *ties, *events):
        f.pop("attributions", None)
    return {"documents": docs, "entities": ents, "roles": roles, "ties": ties, "events": events}


def write(store: Store, path: Path) -> Path:
    data = build(store)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json_text(json.dumps(data, ensure_ascii=False, indent=1, default=str)), encoding="utf-8")
    tmp.replace(path)
    return path
