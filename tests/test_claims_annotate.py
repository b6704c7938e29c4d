"""`newsgraph annotate`: one JSON object per sentence, offsets into the text as ingested, nothing stored."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.ingest import read_paths

CORPUS = Path(__file__).parent / "corpus_claims"


def run_annotate(*args: str):
    res = CliRunner().invoke(app, ["annotate", *args])
    return res, [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def check_offsets(rows: list[dict], text: str) -> None:
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
        for e in r["entities"]:
            assert set(e) >= {"start", "end", "text", "type"}
            assert text[e["start"]:e["end"]] == e["text"]
            assert r["start"] <= e["start"] < e["end"] <= r["end"]
        for h in r["hedges"]:
            assert text[h["start"]:h["end"]] == h["text"]
        for a in r["attributions"]:
            assert set(a) >= {"cue", "source", "content"}
            for part in ("cue", "source", "content"):
                sp = a[part]
                if part == "source" and sp["start"] is None:  # an unstated source ("a curfew was announced")
                    assert sp["end"] is None
                    continue
                assert text[sp["start"]:sp["end"]] == sp["text"], (part, sp)
            assert a["source"]["kind"] in ("reporter", "anonymous", "named")


def test_annotate_text_file_shape_and_offsets(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = CORPUS / "ledger_talks.txt"
    res, rows = run_annotate(str(path))
    assert res.exit_code == 0, res.output
    (article,) = list(read_paths([str(path)]))
    assert {r["document"] for r in rows} == {article.url}
    check_offsets(rows, article.text)
    assert [r["sentence"] for r in rows] == list(range(len(rows)))
    told = next(r for r in rows if "two diplomats told" in r["text"])
    (att,) = told["attributions"]
    assert att["cue"]["text"] == "told" and att["source"]["text"] == "two diplomats"
    assert att["source"]["kind"] == "anonymous"
    said = next(r for r in rows if "also said to" in r["text"])
    assert [h["text"] for h in said["hedges"]] == ["are also said to"]
    assert said["effective"]["source"] == "anonymous" and said["effective"]["carried"]
    learned = rows[0]
    assert learned["effective"]["source"] == "reporter"
    assert any(e["type"] == "person" for e in learned["entities"])
    assert not list(tmp_path.iterdir())  # nothing stored


def test_annotate_jsonl_offsets_are_into_the_body(tmp_path):
    body = ("Rebels shelled the airport on Sunday, the army said. "
            "The governor is said to have fled, according to two residents.")
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"text": body, "title": "Airport shelled", "publisher": "Daily Wire"}) + "\n"
                   + "not json\n", encoding="utf-8")
    res, rows = run_annotate(str(src), "--format", "jsonl")
    assert res.exit_code == 1  # the bad line is reported, the good one annotated
    assert len(rows) == 2
    check_offsets(rows, body)
    assert rows[0]["document"] == "Airport shelled"
    second = rows[1]
    assert second["effective"]["source"] == "anonymous" and second["effective"]["hedged"]
    (att,) = second["attributions"]
    assert att["cue"]["text"] == "according to" and att["source"]["text"] == "two residents"
