"""The read side at scale (issue 17): read latencies over a generated knowledge base, one client and
twenty, on loopback, with a fixed number of requests (bounded).

    PYTHONPATH=src .venv/bin/python benchmarks/kb_bench.py --articles 100000 --db bench100k.db

1. builds (or reuses: the store file is the cache) a knowledge base of N generated articles through the
   store's write path (``benchmarks/kb_generate.py``); when it was built without aggregates, rebuilds
   them and reports the time (the aggregates from scratch);
2. starts ``newsgraph serve`` on 127.0.0.1 and measures, per endpoint, p50 / p95 / max with one client,
   then with CLIENTS clients: actor list, dossier of the most and of a median-mentioned actor, network
   top 150, claims page, contradictions page, timeline page, search;
3. prints the store's size on disk. Exit code 1 when a request failed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kb_generate import ensure  # noqa: E402
from load_test import free_port, pct, run_clients, start_server  # noqa: E402


def endpoints(base: str) -> dict[str, list[str]]:
    """The paths to ask, per endpoint (a few variants each, drawn at random)."""
    top = httpx.get(base + "/api/actors", params={"limit": 1}, timeout=300).json()
    n = top["total"]
    first = top["actors"][0]
    median = httpx.get(base + "/api/actors", params={"limit": 1, "offset": n // 200}, timeout=300).json()[
        "actors"
    ][0]
    word = first["name"].split()[-1]
    return {
        "actors": [
            "/api/actors?limit=50",
            "/api/actors?limit=50&type=person",
            "/api/actors?limit=50&offset=50",
        ],
        "dossier top": [f"/api/actors/{first['id']}"],
        "dossier median": [f"/api/actors/{median['id']}"],
        "network": [
            "/api/network",
            "/api/network?since=2023&until=2023",
            "/api/network?type=ASSAULT",
            "/api/network?hedged=false&source=anonymous",
        ],
        "claims": [
            "/api/claims?limit=50",
            "/api/claims?limit=50&source=anonymous",
            "/api/claims?limit=50&anonymous_only=true&single_source=true",
            "/api/claims?limit=50&offset=500",
        ],
        "contradictions": ["/api/contradictions?limit=50", "/api/contradictions?limit=50&kind=role_holder"],
        "timeline": [
            "/api/events?limit=50&order=desc&histogram=true",
            "/api/events?limit=50&since=2022&until=2022",
            f"/api/events?limit=50&order=desc&actor={first['id']}",
        ],
        "search": [
            f"/api/search?q={word}",
            "/api/search?q=reconstruction%20budget",
            f"/api/search?q={word}&offset=20",
        ],
    }


def measure(
    base: str, eps: dict[str, list[str]], clients: int, per_client: int, timeout: float, seed: int
) -> dict:
    """Each client asks the endpoints in turn (a variant drawn at random): load_test's client loop."""
    names = list(eps)

    def choose(rng: random.Random, k: int, i: int) -> tuple[str, str]:
        kind = names[(i + k) % len(names)]
        return kind, rng.choice(eps[kind])

    return {k: [] for k in eps} | run_clients(base, clients, per_client, choose, timeout, seed)


def report(title: str, res: dict) -> tuple[int, list[dict]]:
    print(
        f"\n{title}\n{'endpoint':<16} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    )
    errors = 0
    rows = []
    for kind, xs in res.items():
        lat = [x[0] * 1000 for x in xs]
        err = sum(1 for x in xs if x[1] != 200)
        errors += err
        rows.append(
            {
                "endpoint": kind,
                "requests": len(xs),
                "errors": err,
                "p50": round(pct(lat, 50)),
                "p95": round(pct(lat, 95)),
                "max": round(max(lat, default=0)),
            }
        )
        print(
            f"{kind:<16} {len(xs):>8} {err:>6} {pct(lat, 50):>8.0f} {pct(lat, 95):>8.0f} "
            f"{max(lat, default=0):>8.0f}"
        )
    return errors, rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path("bench100k.db"))
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=40, help="requests per client with CLIENTS clients")
    ap.add_argument("--single", type=int, default=160, help="requests with one client")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument(
        "--existing",
        action="store_true",
        help="measure the store at --db as it is (e.g. a build that was stopped part-way)",
    )
    ap.add_argument("--contradictions-seconds", type=float, default=120.0,
                    help="compute contradictions (most prominent actors first) this long before measuring")
    a = ap.parse_args()
    if a.existing:
        import sqlite3

        meta_path = a.db.with_name(a.db.name + ".json")
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        with sqlite3.connect(a.db) as raw:
            meta["articles"] = raw.execute("SELECT count(*) FROM documents").fetchone()[0]
            # a build stopped part-way wrote its aggregates as it went (kb_generate's default)
            has_kb = raw.execute("SELECT name FROM sqlite_master WHERE name = 'kb_actors'").fetchone()
            if has_kb and raw.execute("SELECT 1 FROM kb_actors LIMIT 1").fetchone():
                meta.setdefault("aggregates_on_write", True)
    else:
        meta = ensure(a.db, a.articles)
    print(f"knowledge base {a.db}: {json.dumps(meta)}")
    from newsgraph.kb import read as kb
    from newsgraph.service import open_store

    t0 = time.perf_counter()
    store = open_store(str(a.db))  # migrations (a store made before them gets its aggregates here)
    meta["open_and_migrate_seconds"] = round(time.perf_counter() - t0, 1)
    if not meta.get("aggregates_on_write"):
        from newsgraph.store import aggregates

        t0 = time.perf_counter()
        with store.write() as conn:
            aggregates.rebuild(conn)
        meta["aggregates_seconds"] = round(time.perf_counter() - t0, 1)
        meta["aggregates_on_write"] = True
        print(f"aggregates from scratch: {meta['aggregates_seconds']}s")
    t0 = time.perf_counter()
    with store.write() as conn:
        left = kb.refresh_dirty(conn, budget=a.contradictions_seconds)
    meta["contradictions_seconds"] = round(time.perf_counter() - t0, 1)
    meta["contradictions_pending"] = left
    with store.read() as conn:
        meta["contradictions"] = kb.contradictions(conn, limit=1)["total"]
    print(f"store opened (and migrated) in {meta['open_and_migrate_seconds']}s; contradictions computed for "
          f"{meta['contradictions_seconds']}s: {meta['contradictions']} found, {left} actors left")
    store.close()
    size = sum(p.stat().st_size for p in a.db.parent.glob(a.db.name + "*") if not p.name.endswith(".json"))
    port = free_port()
    server = start_server(a.db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        eps = endpoints(base)
        # warm: each variant asked once (opens the files; the totals and filtered networks kept until
        # the next write are computed), so that the figures are those of a server that has been up
        cold: dict[str, float] = {}
        for paths in eps.values():
            for path in paths:
                t0 = time.perf_counter()
                httpx.get(base + path, timeout=a.timeout)
                cold[path] = round((time.perf_counter() - t0) * 1000)
        meta["first_request_ms"] = cold
        t0 = time.perf_counter()
        one = measure(base, eps, 1, a.single, a.timeout, 1)
        t1 = time.perf_counter()
        many = measure(base, eps, a.clients, a.requests, a.timeout, 2)
        t2 = time.perf_counter()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    e1, r1 = report(f"one client ({a.single} requests, {a.single / (t1 - t0):.1f}/s)", one)
    e2, r2 = report(
        f"{a.clients} clients ({a.clients * a.requests} requests, "
        f"{a.clients * a.requests / (t2 - t1):.1f}/s)",
        many,
    )
    print("\nfirst request of each variant (ms; totals and filtered networks are kept until a write):")
    for path, ms in meta["first_request_ms"].items():
        print(f"  {ms:>7} {path}")
    print(f"\nstore on disk: {size / 1e9:.2f} GB")
    if a.json:
        a.json.write_text(json.dumps({"meta": meta, "size_bytes": size, "one": r1, "many": r2}, indent=1))
    return 1 if e1 + e2 else 0


if __name__ == "__main__":
    sys.exit(main())
