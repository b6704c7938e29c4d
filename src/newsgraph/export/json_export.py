"""The JSON export (shape in shared/eval/README.md): documents, entities with aliases and mentions,
roles, ties and events, each fact with its attribution, confidence and evidence, read through the one
read side (:func:`newsgraph.kb.whole.knowledge_base`: fact ids are the API's, a FactFilter narrows it)."""
from __future__ import annotations

import json
from pathlib import Path

from ..kb.models import FactFilter
from ..kb.whole import knowledge_base
from ..store import Store
from .chars import json_text


def build(store: Store, flt: FactFilter | None = None) -> dict:
    with store.read() as conn:
        kb = knowledge_base(conn, flt)
    for e in kb["entities"]:
        e.pop("documents", None)
    for f in (*kb["roles"], *kb["ties"], *kb["events"]):
        f.pop("attributions", None)
    return {k: kb[k] for k in ("documents", "entities", "roles", "ties", "events")}


def write(store: Store, path: Path, flt: FactFilter | None = None) -> Path:
    data = build(store, flt)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json_text(json.dumps(data, ensure_ascii=False, indent=1, default=str)), encoding="utf-8")
    tmp.replace(path)
    return path
