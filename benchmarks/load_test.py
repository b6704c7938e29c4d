"""A bounded load test of the local server: dossier and network endpoints under concurrent clients.

    .venv/bin/python benchmarks/load_test.py                       # builds a KB of 2,000 short articles
    .venv/bin/python benchmarks/load_test.py --db kb.db --clients 20 --requests 50

It builds (or takes with --db) a knowledge base, starts `newsgraph serve` on 127.0.0.1 on a free port,
runs CLIENTS threads x REQUESTS requests each (httpx, loopback only) against
  - /api/actors/{id}            an actor's dossier (actors drawn from the 200 most mentioned), and
  - /api/network                the whole network, plain or with a filter (as_of, min_confidence, type),
then stops the server and prints, per endpoint, p50 / p95 / max latency, requests per second and the
number of errors (any status other than 200, or a failed connection). Exit code 1 when any request failed.
Everything stops by itself: a fixed number of requests, a timeout on each, the server terminated at the end.
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# the CLI of the source tree this script sits in (not whichever newsgraph the environment installed)
NG_CMD = [sys.executable, "-c", "import sys; sys.path.insert(0, %r); from newsgraph.cli import main; "
          "sys.argv[0] = 'newsgraph'; main()" % str(ROOT / "src")]


def short_articles(n: int, seed: int = 42):
    """n short articles (3-5 sentences) with the synthetic corpus's names, roles and events."""
    from newsgraph.model import Article
    from newsgraph.scale import corpus

    import datetime as dt

    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        story = corpus._Story(rng)  # the corpus's sentence maker; its articles are full length
        text = " ".join(story.sentence() for _ in range(rng.randint(3, 5)))
        yield Article(text=text, title=story.title(), published=dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(330)),
                      publisher=story.outlet, url=f"https://load.example/{i:06d}", origin=f"load:{i}")


def build_kb(db: Path, n: int, workers: int) -> None:
    from newsgraph.service import ingest_items
    from newsgraph import open_store

    store = open_store(str(db))
    t0 = time.perf_counter()
    report = ingest_items(store, short_articles(n), workers=workers)
    dt_ = time.perf_counter() - t0
    print(f"built {db}: {report.new} new, {report.duplicates} near-duplicates, {report.failed} failed documents in "
          f"{dt_:.1f}s ({n / dt_:.1f} articles/s, {workers} worker(s)); entities {report.entities}, "
          f"events {report.events}, roles {report.roles}")
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([*NG_CMD, "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server did not start: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not answer within 120 s")


NETWORK_VARIANTS = ["/api/network", "/api/network?min_confidence=0.5", "/api/network?as_of=2023-06-30",
                    "/api/network?type=role&type=member_of", "/api/network?source=anonymous"]


def run_clients(base: str, clients: int, requests: int,
                choose: Callable[[random.Random, int, int], tuple[str, str]],
                timeout: float, seed: int) -> dict[str, list[tuple[float, int]]]:
    """The one client loop of the benchmarks: CLIENTS threads, each with its own connection, send
    REQUESTS requests one after the other; ``choose(rng, client, i)`` gives each request's (kind, path).
    Returns kind -> [(seconds, status)] (status -1: no answer within the timeout, or no connection)."""
    results: dict[str, list[tuple[float, int]]] = {}
    lock = threading.Lock()

    def client(k: int) -> None:
        rng = random.Random(seed + k)
        with httpx.Client(base_url=base, timeout=timeout) as c:
            for i in range(requests):
                kind, path = choose(rng, k, i)
                t0 = time.perf_counter()
                try:
                    status = c.get(path).status_code
                except httpx.HTTPError:
                    status = -1
                with lock:
                    results.setdefault(kind, []).append((time.perf_counter() - t0, status))

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_load(base: str, actor_ids: list[str], clients: int, requests: int, network_share: float,
             timeout: float, seed: int) -> dict[str, list[tuple[float, int]]]:
    def choose(rng: random.Random, _k: int, _i: int) -> tuple[str, str]:
        if rng.random() < network_share:
            return "network", rng.choice(NETWORK_VARIANTS)
        return "dossier", f"/api/actors/{rng.choice(actor_ids)}"

    return {"dossier": [], "network": [], **run_clients(base, clients, requests, choose, timeout, seed)}


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="an existing knowledge base (default: build one in a temporary folder)")
    ap.add_argument("--articles", type=int, default=2000, help="articles in the built knowledge base")
    ap.add_argument("--workers", type=int, default=2, help="extraction processes when building")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=50, help="requests per client")
    ap.add_argument("--network-share", type=float, default=0.2, help="share of requests for the network")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per request before it counts as an error")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    tmp = None
    if args.db:
        db = Path(args.db)
        if not db.exists():
            sys.exit(f"{db}: no such knowledge base")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="ng-load-")
        db = Path(tmp.name) / "kb.db"
        build_kb(db, args.articles, args.workers)

    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        stats = httpx.get(base + "/api/stats", timeout=60).json()["counts"]
        actors = httpx.get(base + "/api/actors", params={"limit": 200}, timeout=120).json()["actors"]
        ids = [a["id"] for a in actors]
        if not ids:
            sys.exit("the knowledge base has no actors")
        print(f"server {base} over {stats.get('documents')} documents, {stats.get('entities')} entities, "
              f"{stats.get('events')} events; {args.clients} clients x {args.requests} requests "
              f"({args.network_share:.0%} network)")
        t0 = time.perf_counter()
        results = run_load(base, ids, args.clients, args.requests, args.network_share, args.timeout, args.seed)
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp:
            tmp.cleanup()

    total_err = 0
    print(f"{'endpoint':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean ms':>8}")
    for kind, rows in results.items():
        lat = [r[0] * 1000 for r in rows]
        err = sum(1 for r in rows if r[1] != 200)
        total_err += err
        print(f"{kind:<10} {len(rows):>8} {err:>6} {pct(lat, 50):>8.0f} {pct(lat, 95):>8.0f} "
              f"{max(lat, default=float('nan')):>8.0f} {statistics.fmean(lat) if lat else float('nan'):>8.0f}")
    n = sum(len(r) for r in results.values())
    print(f"all        {n:>8} {total_err:>6}   {n / wall:.1f} requests/s over {wall:.1f}s")
    return 1 if total_err else 0


if __name__ == "__main__":
    sys.exit(main())
