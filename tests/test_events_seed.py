"""Events on the seed article, end to end through the store and the JSON export: the facts an
analyst reads in it, and the F1 floor on its gold reading (shared/eval/score.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsgraph.export import json_export

from .conftest import SHARED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def export(seed_store):
    return json_export.build(seed_store)


def _named(export, ids):
    by_id = {e["id"]: e for e in export["entities"]}
    return {n for i in ids for n in [by_id[i]["name"], *by_id[i]["aliases"]]}


def _find(export, etype, words):
    return [e for e in export["events"] if e["type"] == etype
            and any(words in x["text"] for x in e["evidence"])]


def test_events_seed_drone_strike(export):
    (ev,) = _find(export, "ASSAULT", "drone strike")
    assert "US" in _named(export, ev["source"])
    assert {"Soleimani", "Abu Mahdi Al-Muhandis"} & _named(export, ev["target"])
    assert "Baghdad" in _named(export, [ev["location"]])
    assert ev["cameo"].startswith("1")
    assert ev["time"].startswith("2020")


def test_events_seed_three_men_pressure_the_iranians(export):
    (ev,) = _find(export, "REQUEST", "jointly pressure")
    assert {"Khazali", "Walai"} <= _named(export, ev["source"])
    assert "Iran" in _named(export, ev["target"])


def test_events_seed_plan_to_end_presence_is_a_threat(export):
    evs = _find(export, "THREATEN", "plans to end the US presence")
    assert evs and not _find(export, "ASSAULT", "plans to end the US presence")
    assert any("Kata’ib Hezbollah" in _named(export, e["source"]) for e in evs)


def test_events_seed_iraqis_stand_for_the_listed_attendees(export):
    (ev,) = _find(export, "SUPPORT", "expressed gratitude")
    assert {"Qais Al-Khazali", "Falih Al-Fayyadh", "Haidar Al-Gharawi"} <= _named(export, ev["source"])
    assert "Iran" in _named(export, ev["target"])


def test_events_seed_f1_floor(export, tmp_path):
    out = tmp_path / "seed.json"
    out.write_text(json.dumps(export), encoding="utf-8")
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout.splitlines()[0])
    assert scores["events"]["f1"] >= 0.70, scores["events"]
