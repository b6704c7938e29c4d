"""Concurrency on one SQLite store (WAL): the server answers while an ingest writes; two ingests at
once serialise (or one is refused with NG202); nothing is lost or stored twice either way."""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from newsgraph.errors import StoreBusy
from newsgraph.model import Article
from newsgraph.service import ingest_items
from newsgraph import open_store
from newsgraph.resolve.store import RESOLVER
from newsgraph.store import Store, writer
from newsgraph.store.backup import dump, load
from newsgraph.store.integrity import check

from .test_crash_sigkill import articles

NG = str(Path(sys.executable).parent / "newsgraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_feed(path: Path, arts: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in arts))
    return path


def urls_in(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT url FROM documents")]
    finally:
        con.close()


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([NG, "--db", str(db), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server did not start: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not answer within 60 s")


def test_concurrency_server_answers_while_an_ingest_writes(tmp_path, pipeline):
    db = tmp_path / "kb.db"
    arts = articles(60, seed=11)
    rest = write_feed(tmp_path / "rest.jsonl", arts[10:])
    first = open_store(str(db))
    assert ingest_items(first, [Article(text=a["text"], title=a["title"], url=a["url"]) for a in arts[:10]]).new == 10
    first.close()
    port = free_port()
    server = start_server(db, port)
    results: list[tuple[str, int, float, int]] = []
    stop = threading.Event()

    def client(paths: list[str]) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as c:
            i = 0
            while not stop.is_set():
                p = paths[i % len(paths)]
                t0 = time.perf_counter()
                r = c.get(p)
                n = r.json()["counts"]["documents"] if p == "/api/stats" and r.status_code == 200 else -1
                results.append((p, r.status_code, time.perf_counter() - t0, n))
                i += 1
                stop.wait(0.02)

    try:
        threads = [threading.Thread(target=client, args=(["/api/stats", "/api/network", "/api/actors?limit=20"],)),
                   threading.Thread(target=client, args=(["/api/stats", "/api/events?limit=50"],))]
        for t in threads:
            t.start()
        proc = subprocess.Popen([NG, "--db", str(db), "ingest", str(rest)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        # a dump taken mid-ingest is a consistent snapshot: whole articles only
        deadline = time.monotonic() + 300
        while len(urls_in(db)) < 20 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        snapshot = tmp_path / "mid.gz"
        live = open_store(str(db))
        dump(live, snapshot)
        live.close()
        out, err = proc.communicate(timeout=600)
        ingest = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        stop.set()
        for t in threads:
            t.join(timeout=60)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    assert len(results) >= 10, "the clients hardly got an answer while the ingest ran"
    bad = [r for r in results if r[1] != 200]
    assert not bad, bad[:5]
    slowest = max(r[2] for r in results)
    assert slowest < 15, f"a read waited {slowest:.1f}s for the writer"
    seen = [r[3] for r in results if r[3] >= 0]
    assert seen and min(seen) >= 10 and max(seen) <= 60
    assert len(set(seen)) > 1, "the server never saw the ingest's progress"
    assert sorted(urls_in(db)) == sorted(a["url"] for a in arts)
    copy = open_store(str(tmp_path / "copy.db"))
    n = load(copy, snapshot)["documents"]
    assert 20 <= n <= 60 and check(copy) == []
    copy.close()


def test_concurrency_two_ingests_at_once_lose_and_double_nothing(tmp_path):
    db = tmp_path / "kb.db"
    arts = articles(60, seed=23)
    a = write_feed(tmp_path / "a.jsonl", arts[:40])
    b = write_feed(tmp_path / "b.jsonl", arts[20:])  # 20 articles in both
    env = dict(os.environ, NEWSGRAPH_DB=str(db))
    open_store(str(db)).close()  # the store exists before both start
    procs = [subprocess.Popen([NG, "ingest", str(f)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in (a, b)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err), f in zip(procs, outs, (a, b)):
        if p.returncode != 0:  # refused: it must say so clearly, and a rerun completes it
            assert "NG202" in err, err[-2000:]
            assert subprocess.run([NG, "ingest", str(f)], env=env, capture_output=True, timeout=600).returncode == 0
    stored = urls_in(db)
    assert sorted(stored) == sorted(x["url"] for x in arts), "an article is missing or stored twice"
    new = sum(int(out.split(" new,")[0].split()[-1]) for out, _ in outs)
    assert new <= len(arts)
    store = open_store(str(db))
    try:
        assert check(store) == []
    finally:
        store.close()


def test_concurrency_busy_store_refuses_with_a_clear_message_and_loses_nothing(tmp_path, pipeline):
    db = tmp_path / "kb.db"
    open_store(str(db)).close()
    impatient = Store(f"sqlite:///{db}", busy_timeout=0.3, resolver=RESOLVER)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        ext = pipeline.extract(Article(text="Hadi Al-Amiri met Iranian officials in Baghdad.", title="busy"))
        t0 = time.perf_counter()
        with pytest.raises(StoreBusy) as err:
            writer.write(impatient, ext)
        assert time.perf_counter() - t0 < 10
        assert err.value.code == "NG202" and "locked by another writer" in str(err.value)
        assert "retry" in str(err.value)
        # in a batch, the busy article is one failed document with that message; the batch goes on
        report = ingest_items(impatient, [Article(text="Qais Al-Khazali spoke in Basra.", title="busy 2")])
        assert report.failed == 1 and "NG202" in report.errors[0]
        # reads are not blocked by the writer (WAL)
        with impatient.read() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # once the other writer is done, the same articles go in: nothing was lost
    assert writer.write(impatient, ext).status == "new"
    report = ingest_items(impatient, [Article(text="Qais Al-Khazali spoke in Basra.", title="busy 2")])
    assert report.new == 1
    assert check(impatient) == []
    impatient.close()
