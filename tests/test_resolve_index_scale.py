"""The in-memory index (newsgraph.resolve.matcher) and the blocking that keeps resolution fast."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from newsgraph.resolve.matcher import Index

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "resolve_bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("resolve_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_spelling_variants_across_articles_become_one_entity_each():
    idx = Index()
    seen = {}
    for t, names, who in [
        ("person", ["Esmail Qa'ani", "Qa'ani"], "qaani"),
        ("person", ["Qasem Soleimani"], "soleimani"),
        ("organization", ["Popular Mobilization Units", "PMU"], "pmu"),
        ("person", ["Ismail Qaani"], "qaani"),
        ("person", ["Qassem Suleimani", "Suleimani"], "soleimani"),
        ("organization", ["PMU"], "pmu"),
        ("person", ["Esmail Ghaani"], "qaani"),
        ("person", ["Ghasem Soleimani"], "soleimani"),
        ("organization", ["Popular Mobilisation Units"], "pmu"),
    ]:
        eid, _ = idx.resolve(t, names)
        seen.setdefault(who, set()).add(eid)
    assert all(len(v) == 1 for v in seen.values()), seen
    assert len({next(iter(v)) for v in seen.values()}) == 3


def test_look_alikes_stay_apart():
    idx = Index()
    ids = [idx.resolve(t, n)[0] for t, n in [
        ("organization", ["Hezbollah"]), ("organization", ["Kata'ib Hezbollah"]),
        ("organization", ["Harakat Hezbollah al-Nujaba"]), ("person", ["Ali Khamenei"]),
        ("person", ["Ali al-Sistani"]), ("person", ["Mojtaba Khamenei"]), ("person", ["Hezbollah"]),
    ]]
    assert len(set(ids)) == len(ids)


def test_a_one_word_name_is_left_alone_when_two_stored_people_share_it():
    idx = Index()
    a, _ = idx.resolve("person", ["Ammar al-Hakim"])
    b, _ = idx.resolve("person", ["Mohammed Baqir al-Hakim"])
    c, m = idx.resolve("person", ["Hakim"])
    assert c not in (a, b) and m is None


def test_blocking_scores_few_candidates_per_name_as_the_index_grows():
    bench = _bench()
    small, large = bench.run(1500, 5), bench.run(6000, 5)
    # candidates scored per name stay near constant when the index grows fourfold
    assert small["scored_per_name"] < 3 and large["scored_per_name"] < 3
    assert large["scored_per_name"] < 2 * small["scored_per_name"]
    # most generated actors end up as one entity each (what is left is one-word names shared by
    # several people, which the resolver leaves apart on purpose)
    assert large["fragmented"] < 0.25 and large["merged"] < 0.15
    assert large["cpu"] < 30
