"""Each CLI command, run as a user would through Typer's runner."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

from .conftest import SEED

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("cli") / "kb.db"
    res = runner.invoke(app, ["--db", str(db), "ingest", str(SEED)])
    assert res.exit_code == 0, res.output
    assert "1 new" in res.output
    return str(db)


def test_cli_ingest_twice_reports_unchanged(seed_db):
    res = runner.invoke(app, ["--db", seed_db, "ingest", str(SEED)])
    assert res.exit_code == 0 and "1 unchanged" in res.output


def test_cli_db_from_environment(tmp_path, monkeypatch, pipeline):
    monkeypatch.setenv("NEWSGRAPH_DB", str(tmp_path / "env.db"))
    f = tmp_path / "a.txt"
    f.write_text("Iran hosted talks with Syria in Tehran.", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(f)]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_cli_export_json_has_the_eval_shape(seed_db, tmp_path):
    out = tmp_path / "kb.json"
    res = runner.invoke(app, ["--db", seed_db, "export", "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert set(data) >= {"documents", "entities", "roles", "events"}
    doc = data["documents"][0]
    assert doc["published"] == "2023-11-07" and doc["publisher"] == "Amwaj.media"
    ent = data["entities"][0]
    assert set(ent) >= {"id", "type", "name", "aliases", "mentions"}
    ev = data["events"][0]
    assert set(ev) >= {"id", "type", "source", "target", "time", "attribution", "evidence"}
    assert set(ev["attribution"]) >= {"source", "speaker", "hedged", "cue"}


def test_cli_export_unknown_format_is_a_clear_error(seed_db, tmp_path):
    res = runner.invoke(app, ["--db", seed_db, "export", "--format", "docx", "-o", str(tmp_path / "x")])
    assert res.exit_code != 0
    assert "unknown export format" in str(res.exception or res.output)


def test_cli_actors_table_lists_people(seed_db):
    res = runner.invoke(app, ["--db", seed_db, "actors", "--type", "person"])
    assert res.exit_code == 0
    assert "Khamenei" in res.output and "person" in res.output
    res = runner.invoke(app, ["--db", seed_db, "actors", "--json"])
    rows = json.loads(res.output)
    assert all(r["type"] in ("person", "organization", "location", "group") for r in rows)


def test_cli_show_dossier_has_roles_and_evidence(seed_db):
    res = runner.invoke(app, ["--db", seed_db, "show", "Fayyadh"])
    assert res.exit_code == 0, res.output
    assert "Falih Al-Fayyadh" in res.output
    assert "chairman" in res.output.lower()
    assert "“" in res.output  # an evidence sentence is quoted


def test_cli_show_unknown_actor(seed_db):
    res = runner.invoke(app, ["--db", seed_db, "show", "Nobody Nowhere"])
    assert res.exit_code != 0
    assert "no actor called" in str(res.exception)


def test_cli_events_filters(seed_db):
    res = runner.invoke(app, ["--db", seed_db, "events", "--json"])
    allev = json.loads(res.output)
    assert allev
    t = allev[0]["type"]
    res = runner.invoke(app, ["--db", seed_db, "events", "--type", t, "--json"])
    assert {e["type"] for e in json.loads(res.output)} == {t}
    res = runner.invoke(app, ["--db", seed_db, "events", "--actor", "Khamenei", "--json"])
    some = json.loads(res.output)
    assert some and len(some) < len(allev)
    res = runner.invoke(app, ["--db", seed_db, "events", "--since", "2023", "--until", "2023-12", "--json"])
    for e in json.loads(res.output):
        assert e["time"] is None or e["time"] >= "2023"
