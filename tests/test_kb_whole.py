"""The exports read through the one read side: the same fact ids as the API, one FactFilter meaning,
and the filters the API used to answer from a whole-store cache (as of a date, a confidence, a
speaker) answered by kb with true totals."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newsgraph.kb import read as kb
from newsgraph.kb import whole
from newsgraph.kb.models import FactFilter

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value,expected", [
    ("2023", ("2023-01-01", "2023-12-31")),
    ("2023-06", ("2023-06-01", "2023-06-31")),
    ("2023-06-14", ("2023-06-14", "2023-06-14")),
    ("2023-06-14T10:00", ("2023-06-14", "2023-06-14")),
    (None, None), ("", None), ("early", None),
])
def test_partial_dates_are_ranges(value, expected):
    assert whole.date_range(value) == expected


def test_fact_date_prefers_event_time_over_publication():
    def fact(time=None, published="2023-11-07"):
        return {"time": time, "evidence": [{"published": published}]}

    assert whole.fact_date(fact(time="2020")) == "2020"
    assert whole.fact_date(fact()) == "2023-11-07"
    assert whole.fact_date(fact(published=None)) is None


def test_exports_import_no_read_path_of_their_own():
    for path in (ROOT / "src" / "newsgraph" / "export").glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        assert "queries" not in names and "store.queries" not in imported, path.name


def _everything(conn) -> list[dict]:
    total = kb.facts(conn, FactFilter(), limit=1)["total"]
    return kb.facts(conn, FactFilter(), limit=total)["facts"]


def test_export_facts_have_the_api_ids_and_a_filter_means_the_same(generated_store):
    st = generated_store(7, 40, 30)
    with st.read() as c:
        every = whole.knowledge_base(c)
        api = {f["id"] for f in _everything(c)}
        top = kb.actors(c, limit=1)["actors"][0]
        mine = kb.facts(c, FactFilter(actor=top.id, category="event"), limit=10_000)
        exported = whole.knowledge_base(c, FactFilter(actor=top.id, category="event"))
    ids = [f["id"] for k in ("roles", "ties", "events") for f in every[k]]
    assert len(ids) == len(set(ids)), "ids are unique in an export"
    assert {i.split(".")[0] for i in ids} == api, "an export states the facts the API lists, by the same ids"
    assert not exported["roles"] and not exported["ties"]
    assert {f["id"].split(".")[0] for f in exported["events"]} == {f["id"] for f in mine["facts"]}
    assert all(top.id in {*f["source"], *f["target"], f.get("location")} for f in exported["events"])
    assert top.id in {e["id"] for e in exported["entities"]}
    assert len(exported["entities"]) < len(every["entities"])


def test_speaker_confidence_and_as_of_are_paged_with_true_totals(generated_store):
    st = generated_store(11, 40, 30)
    with st.read() as c:
        facts = _everything(c)
        # speaker: every fact some voice of which is that named actor, and only those
        spoken: dict[str, set[str]] = {}
        for f in facts:
            for ev in f["evidence"]:
                if ev["attribution"].get("speaker"):
                    spoken.setdefault(ev["attribution"]["speaker"], set()).add(f["id"])
        assert spoken, "the generator writes named voices"
        who = max(spoken, key=lambda k: len(spoken[k]))
        page = kb.facts(c, FactFilter(speaker=who), limit=2)
        assert page["total"] == len(spoken[who]) and len(page["facts"]) == min(2, len(spoken[who]))
        assert {f["id"] for f in kb.facts(c, FactFilter(speaker=who), limit=1000)["facts"]} == spoken[who]

        # min_confidence: exactly the facts at least that confident, whatever their counts
        for m in (0.5, 0.7, 0.9):
            want = {f["id"] for f in facts if f["confidence"] >= m}
            got = kb.facts(c, FactFilter(min_confidence=m), limit=5)
            assert got["total"] == len(want) and "total_exact" not in got
            assert all(f["confidence"] >= m for f in got["facts"])
            assert {f["id"] for f in kb.facts(c, FactFilter(min_confidence=m), limit=5000)["facts"]} == want

        # as of a date: nothing published later is evidence, nothing dated later is listed
        pubs = sorted({ev["published"] for f in facts for ev in f["evidence"] if ev.get("published")})
        cut = pubs[len(pubs) // 2]
        then = kb.facts(c, FactFilter(as_of=cut), limit=5000)
        assert 0 < then["total"] < len(facts) and len(then["facts"]) == then["total"]
        for f in then["facts"]:
            assert all(not ev.get("published") or ev["published"] <= cut for ev in f["evidence"])
            assert f["date"] is None or f["date"][:10] <= cut
        exported = whole.knowledge_base(c, FactFilter(as_of=cut))
        assert {f["id"] for k in ("roles", "ties", "events") for f in exported[k]} >= \
            {f["id"] for f in then["facts"]} - {None}


def test_cli_export_takes_the_read_side_filters(generated_store, tmp_path):
    import json

    from typer.testing import CliRunner

    from newsgraph.cli import app

    st = generated_store(5, 30, 25)
    with st.read() as c:
        top = kb.actors(c, limit=1)["actors"][0]
        want = kb.facts(c, FactFilter(actor=top.id), limit=10_000)
    out = tmp_path / "actor.json"
    res = CliRunner().invoke(app, ["--db", st.url, "export", "-f", "json", "-o", str(out), "--actor", top.id])
    assert res.exit_code == 0, res.output
    got = json.loads(out.read_text())
    ids = {f["id"].split(".")[0] for k in ("roles", "ties", "events") for f in got[k]}
    assert ids == {f["id"] for f in want["facts"]} and len(ids) == want["total"]


def test_api_as_of_means_known_then_in_the_dossier_the_events_and_the_claims(generated_store):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    st = generated_store(13, 40, 30)
    with st.read() as c:
        top = kb.actors(c, limit=1)["actors"][0]
        pubs = sorted({ev["published"] for f in _everything(c) for ev in f["evidence"] if ev.get("published")})
    cut = pubs[len(pubs) // 2]
    client = TestClient(create_app(st, token="a-token-of-some-length"))
    d = client.get(f"/api/actors/{top.id}", params={"as_of": cut, "events_limit": 500}).json()
    events = client.get("/api/events", params={"as_of": cut, "actor": top.id, "limit": 5000}).json()
    assert d["events_page"]["total"] == events["total"] > 0
    assert {f["id"] for f in d["events"]} == {f["id"] for f in events["events"]}
    for f in d["events"] + d["roles"] + d["ties"] + events["events"]:
        assert all(not ev.get("published") or ev["published"] <= cut for ev in f["evidence"])
    claims = client.get("/api/claims", params={"min_confidence": 0.85, "limit": 3}).json()
    assert claims["total"] >= len(claims["claims"]) and all(f["confidence"] >= 0.85 for f in claims["claims"])


def test_as_of_totals_beyond_the_cap_are_a_lower_bound(generated_store, monkeypatch):
    st = generated_store(17, 30, 25)
    with st.read() as c:
        exact = kb.facts(c, FactFilter(as_of="2100"), limit=5)
    assert "total_exact" not in exact and exact["total"] > 5
    monkeypatch.setattr(kb, "AS_OF_COUNT_CAP", exact["total"] - 1)
    kb.CACHE.stamp = None  # a new cap: forget the totals counted under the old one
    with st.read() as c:
        capped = kb.facts(c, FactFilter(as_of="2100"), limit=5)
    assert capped["total_exact"] is False and capped["total"] == exact["total"] - 1
    assert [f["id"] for f in capped["facts"]] == [f["id"] for f in exact["facts"]]


def test_speaker_filter_starts_from_the_speaker_not_every_fact_row(generated_store):
    """A named actor's claims are found from its mentions and the speaker indexes: a plan that starts
    from kb_fact_rows reads every row of a category (0.5 s per page at 100,000 articles)."""
    from sqlalchemy import select

    from newsgraph.kb.read import _kf, fact_where

    st = generated_store(3, 10, 8)
    with st.read() as c:
        q = select(_kf.c.id).where(*fact_where(FactFilter(speaker="e-someone"))).limit(5)
        sql = str(q.compile(c, compile_kwargs={"literal_binds": True}))
        plan = " / ".join(r[-1] for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    for table in ("roles", "ties", "events"):
        assert f"ix_{table}_speaker" in plan, plan
    assert "SCAN kb_fact_rows" not in plan and "kb_fact_rows_1 (category=?)" not in plan, plan


def test_pending_actors_move_when_computing_finds_no_new_contradiction(generated_store):
    """The pending count is kept until the next write; computing actors with nothing to compare adds
    no contradiction and no sentence, yet the count the page shows must drop."""
    st = generated_store(5, 12, 10)
    with st.read() as c:
        before = kb.contradictions(c, limit=1)
        total = before["total"]
    with st.write() as c:
        kb.refresh_dirty(c)  # everything once
        c.execute(kb.s.kb_actors.update().values(dirty=True))  # all pending again, nothing new to find
    with st.read() as c:
        assert kb.contradictions(c, limit=1)["pending_actors"] > 0
    with st.write() as c:
        kb.refresh_dirty(c)
    with st.read() as c:
        after = kb.contradictions(c, limit=1)
    assert after["pending_actors"] == 0 and after["total"] >= total
