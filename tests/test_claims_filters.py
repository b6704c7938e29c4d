"""`newsgraph claims` filters on the seed: by source kind, hedging, confidence, single unnamed source
and actor; every claim shows its voice, confidence and evidence."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from newsgraph.cli import app


def claims(seed_store, *args: str) -> list[dict]:
    res = CliRunner().invoke(app, ["--db", seed_store.url, "claims", "--json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_every_claim_has_voice_confidence_and_evidence(seed_store):
    everything = claims(seed_store)
    assert everything
    for f in everything:
        assert f["attribution"]["source"] in ("reporter", "anonymous", "named")
        assert 0 < f["confidence"] <= 0.99
        assert f["corroboration"] >= 1 and f["evidence"] and all(ev["text"] for ev in f["evidence"])
    kinds = {f["attribution"]["source"] for f in everything}
    assert {"reporter", "anonymous"} <= kinds  # the seed rests largely on unnamed sources


def test_source_and_hedge_filters(seed_store):
    anon = claims(seed_store, "--source", "anonymous")
    # one meaning everywhere (CLI and API): at least one voice of that kind states the fact
    assert anon and all(any(ev["attribution"]["source"] == "anonymous" for ev in f["evidence"]) for f in anon)
    hedged = claims(seed_store, "--source", "anonymous", "--hedged")  # every voice hedges
    assert hedged and all(all(ev["attribution"]["hedged"] for ev in f["evidence"]) for f in hedged)
    firm = claims(seed_store, "--not-hedged")  # at least one voice does not hedge
    assert all(any(not ev["attribution"]["hedged"] for ev in f["evidence"]) for f in firm)
    assert len(hedged) < len(anon)


def test_confidence_and_single_source(seed_store):
    high = claims(seed_store, "--min-confidence", "0.85")
    assert high and all(f["confidence"] >= 0.85 for f in high)
    single = claims(seed_store, "--single-source")
    assert single
    for f in single:
        assert f["corroboration"] == 1
        assert all(ev["attribution"]["source"] == "anonymous" for ev in f["evidence"])


def test_actor_filter_and_text_output(seed_store):
    mine = claims(seed_store, "--actor", "Khamenei")
    assert mine
    res = CliRunner().invoke(app, ["--db", seed_store.url, "claims", "--actor", "Khamenei", "--source", "anonymous"])
    assert res.exit_code == 0
    assert "confidence" in res.stdout and "anonymous" in res.stdout
    bad = CliRunner().invoke(app, ["--db", seed_store.url, "claims", "--source", "rumour"])
    assert bad.exit_code != 0
