"""`newsgraph check`: a clean store is clean; each kind of damage is found and named."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.model import Article
from newsgraph.service import ingest_items
from newsgraph import open_store
from newsgraph.store.integrity import check

TEXTS = [
    "Hadi Al-Amiri, the head of the Badr Organization, met Iranian officials in Baghdad on Monday.",
    "Kata'ib Hezbollah said it attacked a US base near Erbil. Its spokesman denied any role of Iran.",
    "The Iraqi prime minister visited Tehran, where he met Ali Khamenei. He reportedly asked for help.",
]
NG = str(Path(sys.executable).parent / "newsgraph")


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory, pipeline) -> Path:
    path = tmp_path_factory.mktemp("integrity") / "clean.db"
    store = open_store(str(path))
    rep = ingest_items(store, [Article(text=t, title=f"t{i}", url=f"https://x.example/{i}") for i, t in enumerate(TEXTS)])
    assert rep.new == len(TEXTS)
    store.close()
    return path


@pytest.fixture
def damaged(clean_db, tmp_path):
    """A copy of the clean store and a raw sqlite3 connection to damage it (foreign keys off, as any
    outside tool would have them)."""
    path = tmp_path / "kb.db"
    src = sqlite3.connect(clean_db)
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.isolation_level = None
    yield path, dst
    dst.close()


def problems_of(path) -> list:
    store = open_store(str(path))
    try:
        return check(store)
    finally:
        store.close()


def test_integrity_clean_store_has_no_problem(clean_db):
    assert problems_of(clean_db) == []


def test_integrity_finds_a_dangling_foreign_key(damaged):
    path, con = damaged
    con.execute("UPDATE mentions SET doc_actor_id = 999999 WHERE id = (SELECT min(id) FROM mentions)")
    found = problems_of(path)
    assert any(p.check == "foreign_keys" and "mentions.doc_actor_id" in p.detail for p in found), found


def test_integrity_finds_an_orphan_entity(damaged):
    path, con = damaged
    con.execute("INSERT INTO entities (id, type, name, created_at) VALUES ('eorphan', 'person', 'Nobody', "
                "'2024-01-01 00:00:00')")
    found = problems_of(path)
    assert [p.check for p in found] == ["orphans"], found


def test_integrity_finds_the_fulltext_index_out_of_sync(damaged):
    path, con = damaged
    sid, text = con.execute("SELECT id, text FROM sentences ORDER BY id LIMIT 1").fetchone()
    con.execute("INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', ?, ?)", (sid, text))
    found = problems_of(path)
    assert any(p.check == "fts" for p in found), found


def test_integrity_finds_an_index_with_stale_words(damaged):
    """Same row count, other words: only FTS5's own integrity-check sees it."""
    path, con = damaged
    con.execute("DROP TRIGGER IF EXISTS sentences_au")
    sid, text = con.execute("SELECT id, text FROM sentences ORDER BY id LIMIT 1").fetchone()
    con.execute("INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', ?, ?)", (sid, text))
    con.execute("INSERT INTO sentences_fts(rowid, text) VALUES (?, ?)", (sid, "entirely different words here"))
    found = problems_of(path)
    assert any(p.check == "fts" for p in found), found


def test_integrity_finds_a_half_written_article(damaged):
    path, con = damaged
    con.execute("INSERT INTO documents (id, content_hash, text, ingested_at, version) VALUES "
                "('dhalf', 'h' || hex(randomblob(8)), 'Some text.', '2024-01-01 00:00:00', 1)")
    found = problems_of(path)
    assert any("without any sentence" in p.detail for p in found), found


def test_integrity_finds_offsets_that_do_not_cut_the_text(damaged):
    path, con = damaged
    con.execute("UPDATE sentences SET start = start + 1 WHERE id = (SELECT min(id) FROM sentences)")
    found = problems_of(path)
    assert any("offsets" in p.detail for p in found), found


def test_integrity_finds_facts_pointing_into_another_document(damaged):
    path, con = damaged
    other = con.execute("SELECT id FROM documents ORDER BY id DESC LIMIT 1").fetchone()[0]
    con.execute("UPDATE mentions SET document_id = ? WHERE id = (SELECT min(m.id) FROM mentions m "
                "JOIN sentences s ON s.id = m.sentence_id WHERE s.document_id != ?)", (other, other))
    found = problems_of(path)
    assert any(p.check == "consistency" and "another document" in p.detail for p in found), found


def test_integrity_finds_one_url_stored_twice(damaged):
    path, con = damaged
    con.execute("UPDATE documents SET url = 'https://x.example/same'")
    found = problems_of(path)
    assert any("URLs" in p.detail for p in found), found


def test_integrity_cli_exit_codes_and_json(clean_db, damaged):
    r = subprocess.run([NG, "--db", str(clean_db), "check"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "clean" in r.stdout, r.stdout + r.stderr
    path, con = damaged
    con.execute("INSERT INTO entities (id, type, name, created_at) VALUES ('eorphan', 'person', 'Nobody', "
                "'2024-01-01 00:00:00')")
    r = subprocess.run([NG, "--db", str(path), "check", "--json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["clean"] is False and out["problems"][0]["check"] == "orphans"
    assert out["counts"]["documents"] == len(TEXTS)
