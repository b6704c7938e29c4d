"""The JSON API over the seed knowledge base: what an analyst's client relies on."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(seed_store):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    return TestClient(create_app(seed_store))


def test_api_actors_lists_most_mentioned_first_with_aliases(client):
    body = client.get("/api/actors").json()
    actors = body["actors"]
    assert body["total"] >= len(actors) > 5
    counts = [a["mention_count"] for a in actors]
    assert counts == sorted(counts, reverse=True)
    assert all(a["type"] in ("person", "organization", "location", "group") for a in actors)
    people = client.get("/api/actors", params={"type": "person"}).json()["actors"]
    assert people and all(a["type"] == "person" for a in people)


def test_api_dossier_gives_names_where_seen_and_facts_with_evidence(client):
    actors = client.get("/api/actors", params={"type": "person"}).json()["actors"]
    top = actors[0]
    d = client.get(f"/api/actors/{top['id']}").json()
    assert d["actor"]["id"] == top["id"]
    assert d["names"] and all(n["seen"] for n in d["names"] if "analyst" not in n["kinds"])
    seen = d["names"][0]["seen"][0]
    assert seen["text"] and seen["title"] is not None
    facts = d["roles"] + d["ties"] + d["events"]
    assert facts, "the most mentioned person has facts"
    for f in facts:
        assert f["evidence"], "no fact without its sentence"
        for ev in f["evidence"]:
            assert ev["text"] and ev["document"] and 0 < ev["confidence"] <= 1
            assert ev["attribution"]["source"] in ("reporter", "anonymous", "named")
        assert 0 < f["confidence"] <= 0.99
    ids = {x for f in d["events"] for x in f["source"] + f["target"]}
    assert ids <= set(d["entities"]), "every referenced actor is named in the response"
    # the same dossier by a name form
    alias = d["names"][-1]["name"]
    assert client.get(f"/api/actors/{alias}").json()["actor"]["id"] == top["id"]


def test_api_events_filters_hedged_source_type_and_confidence(client):
    every = client.get("/api/events").json()["events"]
    assert every
    hedged = client.get("/api/events", params={"hedged": "true"}).json()["events"]
    firm = client.get("/api/events", params={"hedged": "false"}).json()["events"]
    assert len(hedged) + len(firm) == len(every)
    assert all(e["hedged"] for e in hedged) and not any(e["hedged"] for e in firm)
    anon = client.get("/api/events", params={"source": "anonymous"}).json()["events"]
    assert all(any(ev["attribution"]["source"] == "anonymous" for ev in e["evidence"]) for e in anon)
    t = every[0]["type"]
    typed = client.get("/api/events", params={"type": t}).json()["events"]
    assert typed and all(e["type"] == t for e in typed)
    strong = client.get("/api/events", params={"min_confidence": 0.85}).json()["events"]
    assert all(e["confidence"] >= 0.85 for e in strong) and len(strong) <= len(every)


def test_api_events_time_window_and_actor(client):
    every = client.get("/api/events").json()["events"]
    dated = [e for e in every if e["time"]]
    assert dated
    year = dated[0]["time"][:4]
    window = client.get("/api/events", params={"since": year, "until": year}).json()["events"]
    assert all(not e["date"] or e["date"][:4] == year for e in window)
    old = client.get("/api/events", params={"since": "1900", "until": "1901"}).json()["events"]
    assert all(not e["date"] for e in old)
    actor = next(x for e in every for x in e["source"] + e["target"])
    mine = client.get("/api/events", params={"actor": actor}).json()["events"]
    assert mine and all(actor in e["source"] + e["target"] + [e["location"]] for e in mine)


def test_api_network_nodes_have_prominence_and_edges_weights(client):
    g = client.get("/api/network").json()
    assert g["nodes"] and g["edges"]
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert all(0 <= n["prominence"] <= 1 for n in g["nodes"])
    assert max(n["prominence"] for n in g["nodes"]) > min(n["prominence"] for n in g["nodes"])
    assert all(e["weight"] >= 1 and e["category"] in ("role", "tie", "event") for e in g["edges"])
    # as of a date before anything was published, nothing is known
    assert client.get("/api/network", params={"as_of": "1999-01-01"}).json()["edges"] == []
    roles = client.get("/api/network", params={"type": "role"}).json()["edges"]
    assert roles and all(e["category"] == "role" for e in roles)


def test_api_search_finds_sentences_and_names(client):
    ev = client.get("/api/events").json()["events"][0]["evidence"][0]
    word = max(ev["text"].split(), key=len).strip(".,;:’'\"“”()")
    hits = client.get("/api/search", params={"q": word}).json()
    assert any(h["text"] == ev["text"] for h in hits["sentences"])
    actor = client.get("/api/actors").json()["actors"][0]
    hits = client.get("/api/search", params={"q": actor["name"].split()[-1].lower()}).json()
    assert actor["id"] in [a["id"] for a in hits["actors"]]
    # FTS5 syntax in user text is never interpreted
    for q in ['"', "NEAR(a b)", "a OR", "*", "text:foo", "-x", "^"]:
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200, (q, r.text)


def test_api_document_facts_point_at_their_sentences(client):
    doc_id = client.get("/api/documents").json()["documents"][0]["id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    text = doc["text"]
    assert doc["facts"] and doc["mentions"]
    sentences = {s["idx"]: s for s in doc["sentences"]}
    for f in doc["facts"]:
        assert text[f["start"]:f["end"]] == sentences[f["sentence"]]["text"]
        for a, b in f.get("triggers", []):
            assert f["start"] <= a < b <= f["end"]
    for m in doc["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["entity"] in doc["entities"]


def test_api_writes_need_the_token(seed_store, tmp_path):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    open_app = TestClient(create_app(seed_store))
    r = open_app.post("/api/documents", json={"text": "A short note."})
    assert r.status_code == 403 and r.json()["error"]["code"] == "NG603"
    locked = TestClient(create_app(seed_store, token="correct-horse-battery"))
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic correct-horse-battery"}):
        r = locked.post("/api/documents", json={"text": "A short note."}, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "NG602"


def test_api_sends_security_headers_and_no_cors(client):
    r = client.get("/api/stats", headers={"Origin": "https://evil.example"})
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in r.headers
    page = client.get("/")
    assert page.status_code == 200 and "<script>" not in page.text and "onload=" not in page.text
    assert client.get("/vendor/cytoscape.min.js").status_code in (200, 404)
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")


def test_api_sees_new_articles_without_a_restart(store, tmp_path, pipeline):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    from .web_support import HEDGED_ARTICLE, ingest_texts

    c = TestClient(create_app(store))
    assert c.get("/api/events").json()["total"] == 0
    assert c.get("/api/network").json()["edges"] == []
    ingest_texts(store, tmp_path / "in", {"hedged.txt": HEDGED_ARTICLE})  # another process would do the same
    events = c.get("/api/events").json()["events"]
    assert any("tariffs" in ev["text"] for e in events for ev in e["evidence"])
    assert c.get("/api/network").json()["edges"]


def test_api_claims_are_every_fact_with_its_voice(client):
    every = client.get("/api/claims").json()
    stats = {k: client.get(f"/api/{k}").json() for k in ("events",)}
    kinds = {c["category"] for c in every["claims"]}
    assert "event" in kinds and "role" in kinds
    assert sum(c["category"] == "event" for c in every["claims"]) == stats["events"]["total"]
    anon = client.get("/api/claims", params={"source": "anonymous"}).json()["claims"]
    assert anon and all(any(ev["attribution"]["source"] == "anonymous" for ev in c["evidence"]) for c in anon)
    hedged = client.get("/api/claims", params={"hedged": "true"}).json()["claims"]
    assert all(c["hedged"] and all(ev["attribution"]["hedged"] for ev in c["evidence"]) for c in hedged)
