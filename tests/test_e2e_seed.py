"""The whole pipeline on the seed article: facts a reader can see in it."""
from __future__ import annotations

import pytest

from newsgraph.store import queries

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kb(seed_store):
    with seed_store.read() as c:
        ents = queries.entities(c, with_mentions=False)
        return {"entities": ents, "by_id": {e["id"]: e for e in ents}, "roles": queries.roles(c),
                "events": queries.events(c), "docs": queries.documents(c)}


def entity(kb, name):
    hits = [e for e in kb["entities"] if name in e["aliases"] or e["name"] == name]
    assert hits, f"no entity named {name}"
    return hits[0]


def test_e2e_seed_document_metadata(kb):
    (doc,) = kb["docs"]
    assert doc["published"] == "2023-11-07"
    assert doc["publisher"] == "Amwaj.media"
    assert doc["title"].startswith("Inside story")


def test_e2e_seed_fayyadh_chairs_the_pmu(kb):
    fay = entity(kb, "Falih Al-Fayyadh")
    assert fay["type"] == "person"
    roles = [r for r in kb["roles"] if r["person"] == fay["id"]]
    assert any(r["title"] == "chairman" and "Popular Mobilization Units" in kb["by_id"][r["organization"]]["aliases"]
               for r in roles), roles


def test_e2e_seed_people_and_groups_have_the_right_types(kb):
    assert entity(kb, "Qais Al-Khazali")["type"] == "person"
    assert entity(kb, "Quds Force")["type"] == "organization"
    assert entity(kb, "Tehran")["type"] == "location"


def test_e2e_seed_events_carry_sentences_and_attribution(kb):
    assert kb["events"]
    for e in kb["events"]:
        assert e["type"] in {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                             "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
        assert e["evidence"] and all(ev["text"] for ev in e["evidence"])
        assert e["attribution"]["source"] in ("reporter", "anonymous", "named")
