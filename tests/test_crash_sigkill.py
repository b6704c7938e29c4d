"""Crash safety: an ingest of a few hundred articles is SIGKILLed ten times in a row, each time at
another random point (during start-up, or after a random number of stored articles plus a random
part of the next one). After every kill the store is clean (`check` finds nothing) and holds no
article twice; a last run then completes the batch: every article is in, once, and
`newsgraph check` reports a clean store."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

NG = str(Path(sys.executable).parent / "newsgraph")
N = 200

PEOPLE = ["Hadi Al-Amiri", "Qais Al-Khazali", "Falih Al-Fayyadh", "Akram Al-Kaabi", "Abu Fadak", "Jafar Al-Husseini",
          "Mohammed Shia Al-Sudani", "Muqtada Al-Sadr", "Nouri Al-Maliki", "Esmail Qaani", "Ali Khamenei"]
GROUPS = ["the Badr Organization", "Kata'ib Hezbollah", "Asa'ib Ahl Al-Haq", "the Popular Mobilization Forces",
          "Harakat Hezbollah Al-Nujaba", "the Sadrist Movement", "the Quds Force"]
PLACES = ["Baghdad", "Tehran", "Basra", "Erbil", "Najaf", "Karbala", "Damascus", "Beirut", "Mosul"]
VERBS = ["met", "criticised", "praised", "threatened", "accused", "visited", "called"]


def articles(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(PEOPLE, 2)
        g, p = rng.choice(GROUPS), rng.choice(PLACES)
        text = (f"{a}, a leader of {g}, {rng.choice(VERBS)} {b} in {p} on day {i}. "
                f"Sources told reporters that {b} reportedly rejected {rng.randint(2, 99)} demands.")
        out.append({"title": f"Report {i}: {a} in {p}", "url": f"https://news.example/{i}",
                    "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": text})
    return out


@pytest.fixture(scope="module")
def crash(tmp_path_factory) -> dict:
    arts = articles(N)
    folder = tmp_path_factory.mktemp("crash")
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in arts))
    db = folder / "kb.db"
    return {"feed": feed, "db": db, "arts": arts, "env": dict(os.environ, NEWSGRAPH_DB=str(db)), "kills": []}


def stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def documents(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT url, title, superseded_by FROM documents").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("run", range(10))
def test_crash_sigkill_leaves_a_clean_store(crash, run):
    from newsgraph import open_store
    from newsgraph.store.integrity import check

    db, rng = crash["db"], random.Random(1000 + run)
    before = stored(db)
    proc = subprocess.Popen([NG, "ingest", str(crash["feed"])], env=crash["env"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if run % 4 == 0:  # during start-up: opening (or creating) the store, loading the model
        delay = rng.uniform(0.05, 1.2)
        time.sleep(delay)
        where = f"{delay:.2f}s after start"
    else:  # mid-batch: after a random number of new articles, plus part of the next one
        share = max(2, (int(N * 0.85) - before) // (10 - run))
        target = before + rng.randint(1, share)
        deadline = time.monotonic() + 180
        while stored(db) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.04))
        where = f"after {target} stored articles"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"the ingest ended before the kill ({where})"
    crash["kills"].append(where)
    after = stored(db)
    assert before <= after < N, where
    if not db.exists():
        return
    store = open_store(str(db))
    try:
        assert check(store) == [], where
    finally:
        store.close()
    rows = documents(db)
    assert len({r[0] for r in rows}) == len(rows), f"an article stored twice ({where})"
    assert all(r[2] is None for r in rows), f"an article stored again as a new version ({where})"


def test_crash_rerun_after_the_kills_ingests_every_article_once(crash):
    env = crash["env"]
    before = stored(crash["db"])
    done = subprocess.run([NG, "ingest", str(crash["feed"])], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{N - before} new" in done.stdout.replace("\n", " "), (before, done.stdout)
    chk = subprocess.run([NG, "check", "--json"], env=env, capture_output=True, text=True, timeout=120)
    report = json.loads(chk.stdout)
    assert chk.returncode == 0 and report["clean"], (crash["kills"], report["problems"])
    rows = documents(crash["db"])
    assert len(rows) == N                                          # every article is in ...
    assert sorted(r[0] for r in rows) == sorted(a["url"] for a in crash["arts"])  # ... each once
    assert {r[1] for r in rows} == {a["title"] for a in crash["arts"]}
    assert all(r[2] is None for r in rows)
    assert report["counts"]["sentences"] >= N
