"""A tampered dump is refused with NG501 naming the line, and nothing is loaded (issue 13: six kinds
of tampering ended in tracebacks, and a dump whose document text was changed loaded with exit 0)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.model import Actor, Article, Extraction, Mention, Sentence
from newsgraph.service import open_store
from newsgraph.store import queries, writer
from newsgraph.store.backup import dump, load


def _article(text: str) -> Extraction:
    art = Article(text=text, title="Talks", origin="hand")
    return Extraction(article=art, sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                      actors=[Actor(key="a1", type="person", name="Hadi Al-Amiri")],
                      mentions=[Mention(start=0, end=13, text="Hadi Al-Amiri", sentence=0, actor="a1")],
                      sentence_times=[None])


@pytest.fixture(scope="module")
def dumped(tmp_path_factory) -> list[dict]:
    d = tmp_path_factory.mktemp("dump")
    store = open_store(str(d / "kb.db"))
    writer.write(store, _article("Hadi Al-Amiri met officials in Baghdad on Monday."))
    writer.write(store, _article("Hadi Al-Amiri spoke in Basra on Tuesday."))
    dump(store, d / "kb.gz")
    store.close()
    return [json.loads(line) for line in gzip.open(d / "kb.gz", "rt", encoding="utf-8")]


def _write(path: Path, records: list, raw: dict[int, str] | None = None, *, resum: bool = True) -> Path:
    """The records as a dump (re-checksummed unless ``resum`` is False); ``raw`` puts text in as is."""
    import hashlib

    lines = [json.dumps(r, ensure_ascii=False) for r in records[:-1]]
    for i, text in (raw or {}).items():
        lines[i] = text
    end = dict(records[-1])
    if resum:
        h = hashlib.sha256()
        for line in lines:
            h.update(line.encode("utf-8", "surrogatepass"))
        end["sha256"] = h.hexdigest()
    with gzip.open(path, "wb") as fh:
        fh.write(("\n".join(lines + [json.dumps(end)]) + "\n").encode("utf-8", "surrogatepass"))
    return path


def _index(records: list, table: str) -> int:
    return next(i for i, r in enumerate(records) if r.get("t") == table)


def _tamper(records: list, kind: str) -> tuple[list, dict[int, str]]:
    recs = json.loads(json.dumps(records))
    raw: dict[int, str] = {}
    m = _index(recs, "mentions")
    if kind == "missing_foreign_key":
        recs[m]["r"]["sentence_id"] = 999_999
    elif kind == "huge_integer":
        recs[m]["r"]["start"] = 2 ** 70
    elif kind == "lone_surrogate":
        raw[m] = json.dumps(recs[m]).replace('"Hadi Al-Amiri"', '"Hadi \\ud800"', 1)
    elif kind == "duplicate_key":
        raw[m] = json.dumps(recs[m])[:-2] + ', "start": 3}}'
    elif kind == "duplicate_row":
        recs.insert(m + 1, recs[m])
        recs[-1]["rows"] += 1
        recs[0]["tables"]["mentions"] += 1
    elif kind == "missing_field":
        del recs[_index(recs, "documents")]["r"]["content_hash"]
    elif kind == "list_record":
        recs[m] = [recs[m]]
    return recs, raw


@pytest.mark.parametrize("kind", ["missing_foreign_key", "huge_integer", "lone_surrogate", "duplicate_key",
                                  "duplicate_row", "missing_field", "list_record"])
def test_backup_tampered_record_is_ng501_with_its_line(dumped, tmp_path, kind):
    recs, raw = _tamper(dumped, kind)
    path = _write(tmp_path / f"{kind}.gz", recs, raw)
    store = open_store(str(tmp_path / "new.db"))
    with pytest.raises(ConfigError) as err:
        load(store, path)
    assert err.value.code == "NG501" and f"{path}:" in str(err.value)
    assert "nothing was loaded" in str(err.value)
    with store.read() as conn:
        assert sum(queries.counts(conn).values()) == 0, "nothing half-loaded"
    store.close()


def test_backup_changed_text_is_refused_by_the_checksum(dumped, tmp_path):
    recs = json.loads(json.dumps(dumped))
    d = _index(recs, "documents")
    recs[d]["r"]["text"] = recs[d]["r"]["text"].replace("Monday", "Sunday")
    store = open_store(str(tmp_path / "new.db"))
    with pytest.raises(ConfigError, match="checksum"):
        load(store, _write(tmp_path / "changed.gz", recs, resum=False))
    with pytest.raises(ConfigError, match="no checksum"):
        stripped = json.loads(json.dumps(recs))
        stripped[-1].pop("sha256")
        load(store, _write(tmp_path / "nosum.gz", stripped, resum=False))
    assert load(store, _write(tmp_path / "ok.gz", dumped))["documents"] == 2, "an untouched dump loads"
    store.close()
