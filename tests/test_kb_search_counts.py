"""A sentence search counts what it can afford: exact under the cap, a lower bound (total_exact false)
beyond, with or without a filter on documents."""
from __future__ import annotations

from newsgraph.kb import read as kb


def test_sentence_totals_are_exact_under_the_cap_and_a_lower_bound_beyond(generated_store, monkeypatch):
    st = generated_store(3, 30, 25)
    with st.read() as c:
        top = kb.actors(c, limit=1)["actors"][0]
        word = top.name.split()[-1]
        everything = kb.search(c, word, limit=5)["sentences"]
    assert everything["total_exact"] and everything["total"] > 6
    n = everything["total"]
    for cap in (n - 3, n, n + 1):
        monkeypatch.setattr(kb, "COUNT_CAP", cap)
        kb.CACHE.stamp = None  # a new cap: forget the totals counted under the old one
        with st.read() as c:
            got = kb.search(c, word, limit=5)["sentences"]
            pub = kb.search(c, word, limit=5, since="1900")["sentences"]  # a filter on documents
        for s in (got, pub):
            assert s["total_exact"] is (n <= cap)
            assert s["total"] == min(n, cap) and len(s["items"]) == 5
