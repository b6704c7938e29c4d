"""The report reads through the one read side (issue 17): its facts are kb's facts for the actor under
one FactFilter (the same ids, the same evidence), as of a date too; it no longer builds the whole
knowledge base's facts. Generated articles (benchmarks/kb_generate.py) through the store's write path."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_report_facts_are_kb_facts_for_the_actor(generated_store):
    from newsgraph.kb import read as kb
    from newsgraph.kb.models import FactFilter
    from newsgraph.report import build_dossier, render_html

    st = generated_store(seed=3, articles=40, actors=60)
    with st.read() as c:
        top = kb.actors(c, limit=1)["actors"][0]
        d = build_dossier(c, top.id)
        for cat, key in (("role", "roles"), ("tie", "ties"), ("event", "events")):
            want = kb.facts(c, FactFilter(actor=top.id, category=cat), limit=10_000, order="asc")
            assert [f["id"] for f in d[key]] == [f["id"] for f in want["facts"]]
            assert len(d[key]) == want["total"]
        assert d["events"], "the most mentioned generated actor takes part in events"
        dates = sorted(f["date"] for f in d["events"] if f["date"])
        cut = dates[len(dates) // 2]
        early = build_dossier(c, top.id, as_of=cut)
        assert 0 < len(early["events"]) < len(d["events"])
        assert all(f["date"] is None or f["date"] <= cut for f in early["events"])
    page = render_html(d)
    assert f"Events ({len(d['events'])})" in page
    st.close()


def test_report_imports_no_other_read_path():
    tree = ast.parse((ROOT / "src" / "newsgraph" / "report.py").read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert "kb" in imported or "kb.read" in imported
    assert not imported & {"export.network", "export", "resolve", "resolve.lookup", "store.queries"}
