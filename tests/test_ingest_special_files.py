"""Only regular files are read, and never more than the limit (issue 13: a FIFO hung the batch
forever, /dev/zero was read to a MemoryError, a file that vanished mid-batch was dropped silently)."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from newsgraph.errors import InputError, MissingPath, NotRegularFile, TooLarge
from newsgraph.ingest import read_paths
from newsgraph.model import Article

BODY = "Title {n}\n7 November 2023\n\nHadi Al-Amiri met Iranian officials in Baghdad on Monday, aides said.\n"


@pytest.fixture
def alarm():
    """Fail instead of hanging: a read that blocks is the bug."""
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("the read blocked")))
    signal.alarm(20)
    yield
    signal.alarm(0)


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for n in (1, 3):
        (d / f"a{n}.txt").write_text(BODY.format(n=n), encoding="utf-8")
    return d


def test_ingest_fifo_in_a_folder_is_ng106_and_the_files_after_it_are_read(tmp_path, alarm):
    d = _folder(tmp_path)
    os.mkfifo(d / "a2.fifo")
    items = list(read_paths([str(d)]))
    assert [type(x).__name__ for x in items] == ["Article", "NotRegularFile", "Article"]
    assert "a2.fifo" in str(items[1]) and "FIFO" in str(items[1]) and items[1].code == "NG106"


def test_ingest_dev_zero_is_refused_without_reading(tmp_path, alarm):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    for path in ("/dev/zero", str(tmp_path / "zero.txt")):
        (item,) = read_paths([path])
        assert isinstance(item, NotRegularFile) and "device" in str(item)


def test_ingest_file_that_vanishes_mid_batch_is_a_failure_of_its_own(tmp_path):
    d = _folder(tmp_path)
    items = read_paths([str(d)])
    first = next(items)
    (d / "a3.txt").unlink()  # listed with the folder, gone before its turn
    rest = list(items)
    assert isinstance(first, Article)
    assert len(rest) == 1 and isinstance(rest[0], MissingPath) and "a3.txt" in str(rest[0])


def test_ingest_unreadable_file_is_a_failure_of_its_own(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    d = _folder(tmp_path)
    (d / "a1.txt").chmod(0)
    items = list(read_paths([str(d)]))
    assert isinstance(items[0], InputError) and isinstance(items[1], Article)


def test_ingest_reads_at_most_limit_plus_one_bytes(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000, encoding="utf-8")
    (item,) = read_paths([str(p)], max_bytes=1000)
    assert isinstance(item, TooLarge) and item.code == "NG103"


def test_ingest_million_character_article_is_ng103():
    """Text over spaCy's max_length is refused by the model with NG103 (not spaCy's E088 paragraph)."""
    with pytest.raises(TooLarge, match="1,000,001 characters"):
        Article(text="a" * 1_000_001, origin="long.txt")
    assert len(Article(text="word " * 200_000, origin="ok.txt").text) == 1_000_000
