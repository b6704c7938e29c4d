"""Every kind of bad input gets a one-line error naming the document and the reason; the batch goes
on; the exit code says some failed; nothing already stored changes."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import BadFormat, BinaryInput, EmptyInput, MissingPath, TooLarge
from newsgraph.ingest import read_bytes, read_paths
from newsgraph.model import Article


def first(items):
    return list(items)[0]


@pytest.mark.parametrize("data,err", [
    (b"", EmptyInput),
    (b"   \n\n  ", EmptyInput),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, BinaryInput),
    (b"<html><body><nav>menu</nav></body></html>", BadFormat),
])
def test_ingest_bad_bytes_give_typed_errors(data, err):
    label = "doc.html" if data.startswith(b"<html") else "doc.txt"
    item = first(read_bytes(label, data))
    assert isinstance(item, err)
    assert label in str(item) and "\n" not in str(item)


def test_ingest_not_utf8_is_decoded_with_a_note():
    item = first(read_bytes("latin.txt", "Caf\u00e9 talks in Beirut were held by the minister.".encode("cp1252")))
    assert isinstance(item, Article)
    assert "Café" in item.text
    assert any("not UTF-8" in n and "cp1252" in n for n in item.notes)


def test_ingest_bad_json_lines_fail_alone(tmp_path):
    p = tmp_path / "f.jsonl"
    p.write_text('{"text": "Iran hosted talks."}\n{not json}\n{"title": "no text"}\n["a list"]\n'
                 '{"text": "Iraq rejected it.", "published": "the 45th of Nevuary"}\n', encoding="utf-8")
    items = list(read_paths([str(p)]))
    kinds = [type(x).__name__ for x in items]
    assert kinds == ["Article", "BadFormat", "BadFormat", "BadFormat", "Article"]
    assert "f.jsonl:2" in str(items[1]) and "not JSON" in str(items[1])
    assert "no `text`" in str(items[2])
    assert items[4].published is None and any("cannot use the publication date" in n for n in items[4].notes)


def test_ingest_unparseable_or_future_date_is_dropped_with_warning():
    item = first(read_bytes("d.txt", b"A title\n\nMarch 99, 20x4\n\nBody text about Mosul and its people.\n"))
    assert isinstance(item, Article) and item.published is None
    assert any("cannot use the date" in n for n in item.notes)
    item = first(read_bytes("f.jsonl", json.dumps({"text": "x y z", "published": "2999-01-01"}).encode()))
    assert item.published is None


def test_ingest_missing_path():
    item = first(read_paths(["/no/such/file.txt"]))
    assert isinstance(item, MissingPath) and "/no/such/file.txt" in str(item)


def test_ingest_huge_file_refused_without_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # 100 MB, sparse: cheap to make
        fh.seek(100 * 1024 * 1024 - 1)
        fh.write(b"x")
    item = first(read_paths([str(p)]))
    assert isinstance(item, TooLarge) and "huge.txt" in str(item)


def test_ingest_huge_json_line_fails_alone(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"text": "a " * 600_000}) + "\n" + json.dumps({"text": "Iran hosted talks."}) + "\n")
    items = list(read_paths([str(p)], max_bytes=1_000_000))
    assert isinstance(items[0], TooLarge) and isinstance(items[1], Article)


@pytest.mark.slow
def test_ingest_cli_batch_goes_on_and_exit_code_says_failed(tmp_path, pipeline):
    good = tmp_path / "good.txt"
    good.write_text("Iran hosted talks with Iraq in Tehran on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = tmp_path / "kb.db"
    runner = CliRunner()
    res = runner.invoke(app, ["--db", str(db), "ingest", str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"),
                              str(tmp_path / "bin.txt"), str(tmp_path / "missing.txt")])
    assert res.exit_code == 1, res.output
    assert "1 new" in res.output and "3 failed" in res.output
    # a second batch of only bad input changes nothing stored
    from newsgraph import open_store
    from newsgraph.store import queries

    s = open_store(str(db))
    with s.read() as c:
        before = queries.counts(c)
    res = runner.invoke(app, ["--db", str(db), "ingest", str(tmp_path / "empty.txt")])
    assert res.exit_code == 1
    with s.read() as c:
        assert queries.counts(c) == before
