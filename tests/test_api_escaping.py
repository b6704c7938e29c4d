"""An article with <script> and <img onerror> in its title and body: the API gives it back as JSON text,
exactly as written, and never as HTML; an article can be written through the API with the token."""
from __future__ import annotations

import pytest

from .web_support import XSS_ARTICLE, XSS_TITLE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app
    from newsgraph import open_store

    store = open_store(str(tmp_path_factory.mktemp("xss") / "kb.db"))
    c = TestClient(create_app(store, token="a-token-for-the-tests"))
    body = XSS_ARTICLE.split("\n", 2)[2].rsplit("Content retrieved", 1)[0]
    r = c.post("/api/documents", json={"text": body, "title": XSS_TITLE, "published": "2024-03-05",
                                        "url": "https://example.org/news/harbour-visit", "publisher": "Example"},
               headers={"Authorization": "Bearer a-token-for-the-tests"})
    assert r.status_code == 201, r.text
    c.doc_id = r.json()["documents"][0]
    c.body = body
    yield c
    store.close()


def test_api_escaping_returns_markup_as_json_text(client):
    r = client.get(f"/api/documents/{client.doc_id}")
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    doc = r.json()
    assert doc["title"] == XSS_TITLE
    assert doc["text"] == client.body
    assert any("<script>window.__xss=4</script>" in s["text"] for s in doc["sentences"])
    listed = client.get("/api/documents").json()["documents"]
    assert [d["title"] for d in listed] == [XSS_TITLE]


def test_api_escaping_in_facts_and_search(client):
    events = client.get("/api/events").json()["events"]
    assert events
    assert any("<img src=x" in ev["text"] or "<script>" in ev["text"] for e in events for ev in e["evidence"])
    assert all(ev["title"] == XSS_TITLE for e in events for ev in e["evidence"])
    hits = client.get("/api/search", params={"q": "script xss"}).json()["sentences"]
    assert hits and all("<script>" in h["text"] or "xss" in h["text"] for h in hits)


def test_api_escaping_same_article_again_is_unchanged(client):
    r = client.post("/api/documents", json={"text": client.body, "title": XSS_TITLE, "published": "2024-03-05",
                                             "url": "https://example.org/news/harbour-visit", "publisher": "Example"},
                    headers={"Authorization": "Bearer a-token-for-the-tests"})
    assert r.status_code == 201 and r.json()["unchanged"] == 1 and r.json()["new"] == 0
