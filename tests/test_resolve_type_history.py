"""Typing by the knowledge base's own history of a name: an actor whose exact name the store already
holds, in several articles, as one actor of another type is that actor (the model's reading of one
article is overruled, and the link says why). Articles written for this test."""
from __future__ import annotations

import pytest

from newsgraph import open_store
from newsgraph.model import Actor
from newsgraph.resolve.store import resolve_actor
from newsgraph.store import schema as s

ARTICLE = """{title}

May {day}, 2024

{body}

Content retrieved from: https://example-news.test/{slug}.
"""


@pytest.fixture
def kb(tmp_path, pipeline):
    store = open_store(str(tmp_path / "kb.db"))
    yield store, tmp_path
    store.close()


def ingest(store, folder, arts):
    from newsgraph.service import ingest_paths

    paths = []
    for i, (title, slug, body) in enumerate(arts):
        p = folder / f"a{i}.txt"
        p.write_text(ARTICLE.format(title=title, day=i + 1, slug=slug, body=body), encoding="utf-8")
        paths.append(str(p))
    return ingest_paths(store, paths)


def entity_of(store, name):
    from sqlalchemy import select

    with store.read() as conn:
        return conn.execute(select(s.entities).where(s.entities.c.name == name)).mappings().all()


def test_a_name_known_as_an_organisation_in_several_articles_keeps_that_type(kb):
    store, tmp = kb
    ingest(store, tmp, [
        ("Farmers protest", "farmers-1", "The Tarsa Valley Cooperative said on Monday that its members would "
                                         "stop deliveries. The Tarsa Valley Cooperative represents 400 farms."),
        ("Deliveries stop", "farmers-2", "Deliveries stopped on Tuesday, the Tarsa Valley Cooperative said. "
                                         "The group wants higher prices."),
    ])
    orgs = entity_of(store, "Tarsa Valley Cooperative")
    assert len(orgs) == 1 and orgs[0]["type"] == "organization"
    with store.write() as conn:
        eid, m = resolve_actor(conn, Actor(key="a1", type="person", name="Tarsa Valley Cooperative"), "d-new")
    assert eid == orgs[0]["id"] and m is not None and m.rule == "type_history"
    # a one-word name is too thin for that: it stays the model's
    with store.write() as conn:
        eid, m = resolve_actor(conn, Actor(key="a2", type="person", name="Tarsa"), "d-new2")
    assert eid != orgs[0]["id"]
