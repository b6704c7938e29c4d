"""GETs never write (issue 17): every read route of the API runs no INSERT, UPDATE or DELETE and opens
no write transaction, even right after an ingest left actors whose contradictions are to be computed;
that work is done on the write path (the ingest itself, an analyst's decision), so a read finds the
contradictions already there. The knowledge base is written by benchmarks/kb_generate.py through the
store's write path (generated articles, no NLP)."""
from __future__ import annotations


import pytest
from sqlalchemy import event

WRITES = ("insert", "update", "delete", "replace", "create", "drop", "alter")


@pytest.fixture
def kb_store(generated_store):
    return generated_store(seed=11, articles=60, actors=80)


def _statements(store) -> list[str]:
    seen: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, _params, _context, _many):
        seen.append(statement)

    return seen


def _client(store):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    return TestClient(create_app(store, token="a-token-of-some-length"))


def test_api_get_routes_never_write(kb_store):
    from newsgraph.kb import read as kb

    with kb_store.read() as c:
        assert kb.dirty_actors(c, 0)[1] > 0  # written by the store, contradictions not computed
        top = kb.actors(c, limit=1)["actors"][0]
    client = _client(kb_store)
    seen = _statements(kb_store)
    writes: list[str] = []
    orig_write = kb_store.write
    kb_store.write = lambda: (_ for _ in ()).throw(AssertionError("a GET opened a write transaction"))
    try:
        paths = ["/api/stats", "/api/actors?limit=5", f"/api/actors/{top.id}", "/api/network",
                 "/api/network?since=2019&hedged=false", "/api/claims?limit=5", "/api/events?limit=5",
                 "/api/contradictions?limit=5", f"/api/search?q={top.name.split()[-1]}", "/api/documents",
                 "/api/suggestions", "/api/judgements",
                 f"/api/review/split-preview?entity={top.id}&name={top.name.split()[-1]}"]
        for path in paths:
            r = client.get(path)
            assert r.status_code == 200, (path, r.text[:300])
    finally:
        kb_store.write = orig_write
    writes = [x for x in seen if x.lstrip().split(None, 1)[0].lower() in WRITES]
    assert seen and not writes, writes[:3]


def test_contradictions_are_computed_on_the_write_path_not_by_a_read(kb_store):
    """An ingest (here the API's POST, through service.ingest_items) leaves the contradictions computed;
    the GET then only reads them."""
    from newsgraph.kb import read as kb

    with kb_store.read() as c:
        before = kb.contradictions(c, limit=1)
    assert before["total"] == 0 and before["pending_actors"] > 0
    client = _client(kb_store)
    r = client.post("/api/documents", headers={"Authorization": "Bearer a-token-of-some-length"},
                    json={"text": "A short note with no actors in it at all.", "title": "note",
                          "published": "2024-01-02"})
    assert r.status_code == 201, r.text
    seen = _statements(kb_store)
    page = client.get("/api/contradictions?limit=5").json()
    assert page["total"] > 0 and page["pending_actors"] < before["pending_actors"]
    assert not [x for x in seen if x.lstrip().split(None, 1)[0].lower() in WRITES]
