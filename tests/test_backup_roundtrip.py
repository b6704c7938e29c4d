"""dump/load: an exact copy of a knowledge base, analysts' merge, split and alias decisions included."""
from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.model import Article
from newsgraph.resolve import judgements as J
from newsgraph.service import ingest_items
from newsgraph import open_store
from newsgraph.store import queries
from newsgraph.store.backup import dump, load
from newsgraph.store.integrity import check

ARTICLES = [
    ("Militia talks", "Hadi Al-Amiri, the head of the Badr Organization, met Iranian officials in Baghdad on Monday. "
     "Sources told reporters that Amiri reportedly rejected a proposal from Tehran."),
    ("Brigade statement", "Kata'ib Hezbollah said on Tuesday that it attacked a US base near Erbil. "
     "The group's spokesman, Jafar Al-Husseini, denied any role of Iran."),
    ("Minister visits", "Iraqi Prime Minister Mohammed Shia Al-Sudani visited Tehran, where he met Ayatollah Ali "
     "Khamenei. Al-Sudani is said to have asked for help."),
    ("Follow-up", "Badr leader Hadi al-Ameri criticised the government in Basra. Jafar al-Husseini threatened "
     "further attacks on US forces, according to a statement."),
]


def user_tables(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'sentences_fts%' AND name NOT LIKE 'kb_actors_fts%' "  # derived indexes
            "AND name != 'schema_migrations'"))
    finally:
        con.close()


STAMPS = {"contradictions_refreshed"}  # kb_state: how often this store's reads were refreshed, not data


def data_rows(path, table: str) -> list[tuple]:
    rows = table_rows(path, table)
    return [r for r in rows if r[0] not in STAMPS] if table == "kb_state" else rows


def table_rows(path, table: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    finally:
        con.close()


def fts_hits(path, word: str) -> list[int]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", (word,)))
    finally:
        con.close()


@pytest.fixture(scope="module")
def judged_kb(tmp_path_factory, pipeline):
    """A small knowledge base with every kind of analyst decision in it (one of them undone)."""
    path = tmp_path_factory.mktemp("backup") / "kb.db"
    store = open_store(str(path))
    report = ingest_items(store, [Article(text=t, title=ti, url=f"https://news.example/{i}", origin=f"a{i}")
                                  for i, (ti, t) in enumerate(ARTICLES)])
    assert report.new == len(ARTICLES), report.errors
    with store.read() as conn:
        ents = {e["name"]: e for e in queries.entities(conn, with_mentions=False)}
    people = sorted(n for n, e in ents.items() if e["type"] == "person")
    assert len(people) >= 3, people
    done = []
    with store.write() as conn:
        multi = [n for n in people if len(ents[n]["aliases"]) > 1]
        if multi:  # split off one of the names of an actor that has several
            e = ents[multi[0]]
            other = next(a for a in e["aliases"] if a != e["name"])
            try:
                done.append(J.split(conn, e["id"], other, author="analyst1", reason="two men"))
            except Exception as exc:  # noqa: BLE001  (every actor of it may go by that name)
                if exc.__class__.__name__ != "JudgementError":
                    raise
        a, b = people[0], people[1]
        done.append(J.merge(conn, ents[a]["id"], ents[b]["id"], author="analyst1", reason="same man", force=True))
        done.append(J.alias_add(conn, ents[a]["id"], "Abu Test", author="analyst2", reason="kunya"))
        c = people[-1]
        done.append(J.alias_add(conn, ents[c]["id"], "The Undone", author="analyst2"))
        J.undo(conn, done[-1]["judgement"], author="analyst3")
    with store.read() as conn:
        assert len(J.list_judgements(conn)) >= 3
    yield store, path
    store.close()


def test_backup_dump_load_copies_every_table_exactly(judged_kb, tmp_path):
    store, path = judged_kb
    out = tmp_path / "kb.ngdump.gz"
    counts = dump(store, out)
    assert counts["judgements"] >= 3 and counts["documents"] == len(ARTICLES)
    copy_path = tmp_path / "copy.db"
    copy = open_store(str(copy_path))
    loaded = load(copy, out)
    assert loaded == counts
    tables = user_tables(path)
    assert tables == user_tables(copy_path)
    assert {"judgements", "documents", "entities", "doc_actors", "sentences"} <= set(tables)
    for t in tables:  # every row of every table, ids included
        assert data_rows(path, t) == data_rows(copy_path, t), t
    assert check(copy) == []
    # the full-text index was rebuilt with the sentences
    for word in ("Baghdad", "Tehran", "attacks"):
        assert fts_hits(path, word) == fts_hits(copy_path, word) != []
    # the loaded store answers as the original: entities with analysts' aliases, judgements listed
    with store.read() as c1, copy.read() as c2:
        assert queries.entities(c1) == queries.entities(c2)
        assert J.list_judgements(c1) == J.list_judgements(c2)
        assert any("Abu Test" in e["aliases"] for e in queries.entities(c2, with_mentions=False))
    # and a dump of the copy holds the same rows as the first dump
    again = tmp_path / "again.gz"
    dump(copy, again)
    # the header has a time, and the end record the checksum of the lines with the header
    body = lambda p: [ln for ln in gzip.open(p, "rt").read().splitlines()[1:-1]]  # noqa: E731
    assert body(out) == body(again)
    copy.close()


def test_backup_decisions_still_apply_after_load(judged_kb, tmp_path):
    """An undo of a merge made before the dump works on the loaded copy."""
    store, _ = judged_kb
    out = tmp_path / "kb.gz"
    dump(store, out)
    copy = open_store(str(tmp_path / "copy.db"))
    load(copy, out)
    with copy.write() as conn:
        merge = next(j for j in J.list_judgements(conn) if j["kind"] == "same" and not j.get("undone_at"))
        res = J.undo(conn, merge["id"], author="analyst4")
    assert res["undone"] and res["moved_back"] >= 1
    assert check(copy) == []
    copy.close()


def test_backup_load_refuses_a_non_empty_store_and_bad_files(judged_kb, tmp_path):
    store, path = judged_kb
    out = tmp_path / "kb.gz"
    dump(store, out)
    with pytest.raises(ConfigError, match="not empty"):
        load(store, out)
    # a truncated dump changes nothing
    lines = gzip.open(out, "rt").read().splitlines()
    cut = tmp_path / "cut.gz"
    with gzip.open(cut, "wt") as fh:
        fh.write("\n".join(lines[: len(lines) // 2]) + "\n")
    empty = open_store(str(tmp_path / "empty.db"))
    with pytest.raises(ConfigError, match="truncated"):
        load(empty, cut)
    bad = tmp_path / "bad.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(ConfigError):
        load(empty, bad)
    with pytest.raises(ConfigError, match="not a newsgraph dump"):
        with gzip.open(bad, "wt") as fh:
            fh.write(json.dumps({"format": "other"}) + "\n")
        load(empty, bad)
    with empty.read() as conn:
        assert sum(queries.counts(conn).values()) == 0
    # --replace empties the store first, in the same transaction: the same rows again
    before = {t: table_rows(path, t) for t in user_tables(path)}
    load(store, out, replace=True)
    assert check(store) == []
    assert {t: table_rows(path, t) for t in user_tables(path)} == before
    empty.close()


def test_backup_cli_dump_and_load(judged_kb, tmp_path):
    store, path = judged_kb
    out = tmp_path / "cli.gz"
    ng = [str(Path(sys.executable).parent / "newsgraph")]
    r = subprocess.run(ng + ["--db", str(path), "dump", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "judgements" in r.stdout
    target = tmp_path / "cli.db"
    r = subprocess.run(ng + ["--db", str(target), "load", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(ng + ["--db", str(target), "check"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "clean" in r.stdout, r.stdout + r.stderr
    r = subprocess.run(ng + ["--db", str(target), "load", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "not empty" in r.stderr


@pytest.mark.postgres
def test_backup_moves_a_knowledge_base_to_postgresql_and_back(judged_kb, tmp_path, pipeline):
    """Portable: SQLite -> dump -> PostgreSQL -> dump -> SQLite gives the same rows; the PostgreSQL
    copy takes new articles (its id sequences were moved past the loaded ids)."""
    from .test_postgres_store import create_pg_database, drop_pg_database, pg_available

    if not pg_available():
        pytest.skip("NEWSGRAPH_SKIP_PG=1")
    store, path = judged_kb
    first = tmp_path / "first.gz"
    dump(store, first)
    url = create_pg_database()
    try:
        pg = open_store(url)
        load(pg, first)
        assert check(pg) == []
        second = tmp_path / "second.gz"
        dump(pg, second)
        back_path = tmp_path / "back.db"
        back = open_store(str(back_path))
        load(back, second)
        for t in user_tables(path):
            assert data_rows(path, t) == data_rows(back_path, t), t
        back.close()
        report = ingest_items(pg, [Article(text="Hadi Al-Amiri met Muqtada Al-Sadr in Najaf on Sunday.",
                                           title="after load", url="https://news.example/new")])
        assert report.new == 1, report.errors
        assert check(pg) == []
        pg.close()
    finally:
        drop_pg_database(url)
