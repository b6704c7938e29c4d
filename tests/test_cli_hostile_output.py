"""What reaches the analyst's terminal: control characters escaped, one line per error however
narrow the pipe, a damaged store refused in one line, the store file whole when a command ends
(issue 13, items 5, 6, 9 and 11)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgraph.cli
from newsgraph.cli import app
from newsgraph.model import Actor, Article, Event, Extraction, Mention, Sentence
from newsgraph.service import open_store
from newsgraph.store import queries, writer

SRC = str(Path(newsgraph.cli.__file__).resolve().parents[2])
runner = CliRunner()


def ng(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command as a user runs it, stderr piped (Rich then assumes 80 columns)."""
    env = {**os.environ, "PYTHONPATH": SRC, "COLUMNS": ""}
    return subprocess.run([sys.executable, "-c", "from newsgraph.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


def _hostile_store(path: Path) -> str:
    """A store holding ESC sequences, as one written before input was cleaned (or loaded from a dump)."""
    name, other = "Hadi\x1b[2J Al-Amiri", "Badr\x1b]0;pwned\x07 Organization"
    text = f"{name} met {other} in Baghdad.\x1b[31m"
    art = Article.model_construct(text=text, title="t\x1b[1m", published=None, published_precision=None,
                                  url=None, publisher=None, origin="hand", notes=[])
    ext = Extraction.model_construct(
        article=art, sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
        actors=[Actor.model_construct(key="a1", type="person", subtype=None, name=name, aliases=[],
                                      titles=[]),
                Actor.model_construct(key="a2", type="organization", subtype=None, name=other, aliases=[],
                                      titles=[])],
        mentions=[Mention(start=0, end=len(name), text=name, sentence=0, actor="a1"),
                  Mention(start=len(name) + 5, end=len(name) + 5 + len(other), text=other, sentence=0,
                          actor="a2")],
        annotations=[], roles=[], ties=[], sentence_times=[None], warnings=[],
        events=[Event(type="CONSULT", source=["a1"], target=["a2"], sentence=0)])
    store = open_store(str(path))
    writer.write(store, ext)
    with store.read() as conn:
        eid = next(e["id"] for e in queries.entities(conn, with_mentions=False) if e["type"] == "person")
    store.close()
    return eid


def test_cli_show_and_events_escape_control_characters(tmp_path):
    db = tmp_path / "kb.db"
    eid = _hostile_store(db)
    for args in (["show", eid], ["events"], ["events", "--json"], ["actors"], ["actors", "--json"]):
        res = runner.invoke(app, ["--db", str(db), *args])
        assert res.exit_code == 0, res.output
        assert "\x1b" not in res.output and "\x07" not in res.output, args
    assert "Hadi\\x1b[2J Al-Amiri" in runner.invoke(app, ["--db", str(db), "show", eid]).output


def test_cli_file_name_with_esc_and_newline_is_one_escaped_line(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    os.mkfifo(d / "x\x1b[2K\nfailed fake.txt")
    r = ng("--db", str(tmp_path / "kb.db"), "ingest", str(d))
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("failed NG106: ")
    assert "\\x1b[2K\\nfailed fake.txt" in lines[0]
    assert "\x1b" not in r.stderr


def test_cli_damaged_store_is_refused_in_one_line_and_check_reports_it(tmp_path):
    db = tmp_path / "kb.db"
    _hostile_store(db)
    with open(db, "r+b") as fh:  # flip the bytes of a table page
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 3000)
    before = db.read_bytes()
    commands = (["actors"], ["export", "-o", str(tmp_path / "x.json")],
                ["ingest", str(tmp_path / "none.txt")])
    for args in commands:
        r = ng("--db", str(db), *args)
        assert r.returncode == 2 and "Traceback" not in r.stderr, args
        (line,) = r.stderr.splitlines()
        assert line.startswith("error NG203: ") and "newsgraph dump" in line
    assert db.read_bytes() == before, "nothing written into the damaged file"
    r = ng("--db", str(db), "check")
    assert r.returncode == 1 and "Traceback" not in r.stderr + r.stdout
    assert "problem storage: SQLite quick_check" in r.stderr


def test_cli_errors_are_not_wrapped_when_piped(tmp_path):
    long = tmp_path / ("a-rather-long-folder-name-" * 4) / "missing-article-with-a-long-name.txt"
    r = ng("--db", str(tmp_path / "kb.db"), "ingest", str(long))
    (line,) = r.stderr.splitlines()
    assert len(line) > 80 and line.startswith("failed NG105")


def test_cli_mysql_url_is_one_ng_line():
    r = ng("--db", "mysql://user@localhost/kb", "actors")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    (line,) = r.stderr.splitlines()
    assert line.startswith("error NG204: ")


def test_cli_store_file_is_whole_when_the_command_ends(tmp_path):
    """After a command the .db file alone holds every table: copying it is a backup."""
    db = tmp_path / "kb.db"
    _hostile_store(db)
    res = runner.invoke(app, ["--db", str(db), "actors"])
    assert res.exit_code == 0
    wal = Path(str(db) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    con = sqlite3.connect(copy)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    con.close()


@pytest.mark.parametrize("text", ["\x1b[31mred", "a\nb", "\u202eevil", "\x9b1m", "tab\there"])
def test_cli_esc_shows_every_control_character(text):
    from newsgraph.cli._app import esc

    out = esc(text)
    assert out.isprintable() and "\\" in out
