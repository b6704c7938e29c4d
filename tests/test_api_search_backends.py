"""Full-text search on both stores: SQLite FTS5 and PostgreSQL to_tsvector give the same answers."""
from __future__ import annotations

import pytest

from .test_postgres_store import backend_store  # noqa: F401  (fixture: a fresh store on each backend)
from .web_support import HEDGED_ARTICLE, ingest_texts

pytestmark = pytest.mark.slow


def test_api_search_finds_sentences_and_actors_on_each_backend(backend_store, tmp_path, pipeline):  # noqa: F811
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    ingest_texts(backend_store, tmp_path / "in", {"hedged.txt": HEDGED_ARTICLE})
    c = TestClient(create_app(backend_store))
    hits = c.get("/api/search", params={"q": "copper tariffs"}).json()
    assert [h["text"] for h in hits["sentences"]] == [
        "Lundgren is said to have threatened Ibarra with new tariffs on copper."]
    assert hits["sentences"][0]["title"] == "Harbour talks stall as ministers trade blame"
    names = [a["name"] for a in c.get("/api/search", params={"q": "lundgren"}).json()["actors"]]
    assert any("Lundgren" in n for n in names)
    assert c.get("/api/search", params={"q": "submarine"}).json()["sentences"] == []
    for q in ['"', "NEAR(a b)", "a OR", "*", "text:foo", "-x", "^", "'; drop table sentences; --"]:
        assert c.get("/api/search", params={"q": q}).status_code == 200
    assert c.get("/api/search", params={"q": "copper"}).json()["sentences"], "the table is still there"
