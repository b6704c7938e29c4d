"""A folder ingested through a local Ray cluster (an actor pool, one pipeline per actor) gives the
same entities, roles and events as a single-process ingest."""
from __future__ import annotations

import pytest

from newsgraph.service import ingest_paths
from newsgraph import open_store

from .test_postgres_concurrent_ingest import WEEK
from .test_postgres_store import kb_digest

pytestmark = pytest.mark.slow


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i, (title, body) in enumerate(WEEK):
        (d / f"{i:02d}.txt").write_text(f"{title}\n\nApril {i + 1}, 2024\n\n{body}\n")
    return d


def test_scale_ray_local_gives_the_same_knowledge_base(folder, tmp_path, pipeline):
    one = open_store(str(tmp_path / "one.db"))
    rep1 = ingest_paths(one, [str(folder)])
    ray_store = open_store(str(tmp_path / "ray.db"))
    rep2 = ingest_paths(ray_store, [str(folder)], ray="local")
    assert rep1.new == rep2.new == len(WEEK) and rep2.failed == 0, rep2.errors
    a, b = kb_digest(one), kb_digest(ray_store)
    assert a["entities"] and a["events"] and a["roles"]
    for table in ("entities", "roles", "ties", "events", "participants", "mentions"):
        assert b[table] == a[table], table
    one.close()
    ray_store.close()
