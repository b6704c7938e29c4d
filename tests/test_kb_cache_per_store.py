"""The read side's cache of costly reads (network, histograms) belongs to one store: two stores open in
one process whose change stamps happen to agree are never given each other's results."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.slow  # the articles go through the NLP pipeline

ONE = ("The Harbour Authority accused Ola Nordmann of fraud in Bergen on Monday. "
       "Nordmann rejected the accusation.")
TWO = ("The River Council accused Kari Lundgren of bribery in Tromso on Monday. "
       "Lundgren rejected the accusation.")


def test_two_stores_with_the_same_stamp_get_their_own_network(tmp_path, pipeline):
    from newsgraph.kb import read as kb
    from newsgraph.kb.models import FactFilter
    from newsgraph.model import Article
    from newsgraph.service import ingest_items, open_store

    names = []
    stamps = []
    for i, text in enumerate((ONE, TWO)):
        store = open_store(str(tmp_path / f"kb{i}.db"))
        ingest_items(store, [Article(text=text, title=f"Story {i}", url=f"https://example.org/{i}",
                                     published=dt.date(2024, 5, 6))])
        with store.read() as conn:
            stamps.append(kb.ReadCache.stamp_of(conn))
            net = kb.network(conn, FactFilter(), top=150)
            names.append({n["name"] for n in net["nodes"]})
        store.close()
    assert stamps[0] == stamps[1], "the two stores were written alike, so their maxima agree"
    assert any("Nordmann" in n for n in names[0]) and not any("Nordmann" in n for n in names[1])
    assert any("Lundgren" in n for n in names[1])
