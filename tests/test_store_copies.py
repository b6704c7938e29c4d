"""A wire story run by a second site is linked to the first copy: its sentences are evidence of the
same facts, never a second source."""
from __future__ import annotations

import pytest

from newsgraph.model import Article
from newsgraph.service import ingest_items
from newsgraph.store import queries

pytestmark = pytest.mark.slow

STORY = ("Iraqi Prime Minister Ahmed Jaber met militia commander Karim Al-Saadi in Baghdad on Monday to discuss "
         "the withdrawal of armed groups from the city centre. Saadi later rejected the government's plan, "
         "saying his fighters would stay until the elections. The talks lasted several hours and ended without "
         "a joint statement, according to officials in both camps. Analysts said the meeting showed the limits "
         "of the government's reach over the armed factions that grew out of the war against the Islamic State.")


def test_store_copy_sentences_are_evidence_not_a_second_source(store, pipeline):
    ingest_items(store, [Article(text=STORY, title="Talks in Baghdad", url="https://wire.example/a",
                                 publisher="Wire A")])
    copy = STORY.replace("on Monday", "on Monday, 4 March") + " (Reporting by staff.)"
    rep = ingest_items(store, [Article(text=copy, title="Baghdad talks", url="https://site.example/b",
                                       publisher="Site B")])
    assert rep.duplicates == 1
    with store.read() as c:
        evs = queries.events(c)
        docs = {d["id"]: d for d in queries.documents(c)}
    assert evs
    (copy_id,) = [d for d, v in docs.items() if v["duplicate_of"]]
    with_copy = [e for e in evs if any(ev["document"] == copy_id for ev in e["evidence"])]
    assert with_copy, "the copy's sentences should be evidence"
    for e in with_copy:
        assert e["corroboration"] == 1
        for ev in e["evidence"]:
            if ev["document"] == copy_id:
                assert copy[ev["start"]:ev["end"]] == ev["text"]
