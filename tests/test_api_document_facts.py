"""The document view lists every fact stated in it with the same shape: both sides are lists."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsgraph.api.app import create_app

pytestmark = pytest.mark.slow


def test_api_document_facts_have_list_sides(seed_store):
    client = TestClient(create_app(seed_store))
    listing = client.get("/api/documents").json()
    (doc,) = listing["documents"] if isinstance(listing, dict) else listing
    facts = client.get(f"/api/documents/{doc['id']}").json()["facts"]
    kinds = {f["category"] for f in facts}
    assert {"role", "event", "tie"} <= kinds
    for f in facts:
        if f["category"] in ("tie", "event"):
            assert isinstance(f["source"], list) and isinstance(f["target"], list), f
