"""newsgraph throughput against bare spaCy, worker scaling, memory, and where the time goes.

    .venv/bin/python benchmarks/run.py                    # 2,000 generated articles, every phase
    .venv/bin/python benchmarks/run.py --articles 200     # quicker
    .venv/bin/python benchmarks/run.py --articles 10000 --phases memory    # memory over a long ingest

Phases (``--phases``, comma-separated; default all but memory):
  bare      spaCy ``nlp.pipe`` over the texts (same model package, same batch size): articles/s, tokens/s
  single    newsgraph ingest of the same texts in this process into a fresh SQLite store; the ratio to
            bare spaCy, and the time per stage (spaCy model, each pipeline stage, near-duplicate check,
            storage), measured by wrapping each step with a timer, and the time spent inside nlp.pipe's
            iteration measured directly, against bare spaCy's
  workers   the same ingest with extraction in 1 and in 2 worker processes (one writer: this process)
  memory    RSS of the writer and of each worker sampled over the ingest (2 workers): peak and growth
  resolve   resolution time at 10k and 100k entities (benchmarks/resolve_bench.py)
  ratio     bare and single (no per-step timers) in turn, ``--rounds`` times, each round in the other
            order, each ingest into a fresh store: the CPU ratio of each round and their median. One
            pair of runs on a shared machine moves by +-0.07 (bare spaCy alone from 3.6 to 4.5 articles
            per CPU second from one run to the next); the median of rounds in turn is the figure to quote

The corpus is generated (newsgraph.scale.corpus): news-length articles (about 450-1,300 words) with
many people, organisations and places, quotes, attributed and hedged claims. Rates are given in wall
time and in CPU time of this process: on a shared machine the wall figures are noisy (the load average
is printed), the CPU ones much less so.
"""
from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core per process, for spaCy as for newsgraph: comparable CPU times

from newsgraph.model import Article  # noqa: E402
from newsgraph.scale.corpus import generate  # noqa: E402


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """Resident memory (VmRSS) or its peak (VmHWM) of a process, in MB. (ru_maxrss is no use for the
    workers: a child starts with its parent's maximum.)"""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_store(tmp: str, name: str):
    from newsgraph import open_store

    return open_store(os.path.join(tmp, f"{name}.db"))


class Clock:
    """Wall and CPU time of this process."""

    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.w, time.process_time() - self.c


def load(n: int, seed: int) -> list[Article]:
    return list(generate(n, seed))


# ------------------------------------------------------------------ bare spaCy
def bench_bare(arts: list[Article], batch: int) -> dict:
    import spacy

    from newsgraph.nlp.pipeline import prepare
    from newsgraph.settings import MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE)
    list(nlp.pipe([prepare(a.text) for a in arts[:batch]], batch_size=batch))  # warm up
    gc.collect()
    gc.freeze()  # the model out of the collector's view, as for the ingest (cli.core.freeze_model)
    tokens = 0
    with Clock() as t:
        for doc in nlp.pipe((prepare(a.text) for a in arts), batch_size=batch):
            tokens += len(doc)
    gc.unfreeze()
    del nlp
    gc.collect()
    return {"wall": t.wall, "cpu": t.cpu, "tokens": tokens, "n": len(arts)}


def bench_learned(arts: list[Article], batch: int) -> dict:
    """The cost of the learned components over parsed articles: the cue classifier (every candidate
    token of an article scored at once) and the uncertainty detector (every sentence scored)."""
    from newsgraph.nlp import attribution, load_model
    from newsgraph.nlp.context import ArticleContext
    from newsgraph.nlp.pipeline import prepare

    nlp = load_model()
    m = attribution.cue_model()
    docs = list(nlp.pipe((prepare(a.text) for a in arts), batch_size=batch))
    cue_cpu = hedge_cpu = 0.0
    for art, doc in zip(arts, docs):
        ctx = ArticleContext(article=art, doc=doc)
        t = time.process_time()
        if m is not None:
            attribution.cue_scores(ctx.tokens, m)
        cue_cpu += time.process_time() - t
        t = time.process_time()
        for sent in ctx.sentences:
            attribution._learned_hedge(ctx, sent, [])
        hedge_cpu += time.process_time() - t
    return {"n": len(arts), "cues": cue_cpu, "hedge": hedge_cpu}


# ------------------------------------------------------------------ single process, with a per-step breakdown
class StepTimer:
    """Wraps functions with cumulative CPU-time timers (module attribute patching, undone afterwards)."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self.undo: list = []

    def wrap(self, owner, attr: str, label: str) -> None:
        fn = getattr(owner, attr)
        spent = self.spent
        spent.setdefault(label, 0.0)

        def timed(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[label] += time.process_time() - t

        setattr(owner, attr, timed)
        self.undo.append((owner, attr, fn))

    def wrap_iter(self, owner, attr: str, label: str) -> None:
        """Like ``wrap`` for a generator function: the time spent in each step of the iteration."""
        fn = getattr(owner, attr)
        spent = self.spent
        spent.setdefault(label, 0.0)

        def timed(*a, **k):
            it = fn(*a, **k)
            while True:
                t = time.process_time()
                try:
                    item = next(it)
                except StopIteration:
                    spent[label] += time.process_time() - t
                    return
                spent[label] += time.process_time() - t
                yield item

        setattr(owner, attr, timed)
        self.undo.append((owner, attr, fn))

    def restore(self) -> None:
        for owner, attr, fn in reversed(self.undo):
            setattr(owner, attr, fn)
        self.undo.clear()


def bench_single(arts: list[Article], tmp: str, breakdown: bool, name: str = "single") -> dict:
    from newsgraph import service
    from newsgraph.cli.core import freeze_model
    from newsgraph.nlp import pipeline as pl
    from newsgraph.store import neardup, writer

    freeze_model()  # loaded once, outside the timing, as for bare spaCy; frozen as `newsgraph ingest` does
    # warmed up outside the timing, as bare spaCy is (its first batch): the stages' lexicons, gazetteers
    # and weights load on first use, and a store's first transaction sets it up
    warm = fresh_store(tmp, f"{name}-warm-up")
    service.ingest_items(warm, iter(arts[:16]))
    warm.close()
    store = fresh_store(tmp, name)
    timer = StepTimer()
    if breakdown:
        class _Timed:
            def __init__(self, stage):
                self.stage, self.__name__ = stage, stage.__name__.rsplit(".", 1)[-1]

            def run(self, ctx):
                t = time.process_time()
                try:
                    return self.stage.run(ctx)
                finally:
                    timer.spent["stage " + self.__name__] = timer.spent.get("stage " + self.__name__, 0.0) + \
                        time.process_time() - t

        stages = pl.STAGES
        pl.STAGES = tuple(_Timed(s) for s in stages)
        timer.undo.append((pl, "STAGES", stages))
        timer.wrap_iter(pl.Pipeline, "extract_many", "  extraction: spaCy and the stages")
        timer.wrap(pl.Pipeline, "run_stages", "  extraction: the stages")
        timer.wrap(pl.ArticleContext, "to_extraction", "records (pydantic)")
        timer.wrap(pl.ArticleContext, "__post_init__", "context set-up")
        timer.wrap(service, "store_group", "storage: write, resolve, aggregates")
        timer.wrap(writer, "write_in", "  of which writing each article")
        timer.wrap(writer, "known", "storage: known-content check")
        timer.wrap(service, "signature", "near-duplicates: MinHash")  # service imported the name
        timer.wrap(neardup.NearDuplicates, "match", "near-duplicates: LSH query")
        timer.wrap(neardup, "save", "near-duplicates: save")
        from newsgraph.kb import read as kbread
        timer.wrap(kbread, "refresh_pending", "contradictions after the ingest (2 s at most)")
        from newsgraph.resolve import store as rstore
        timer.wrap(rstore.RESOLVER, "resolve_actor", "  of which resolution")  # the writer's resolver
    try:
        with Clock() as t:
            rep = service.ingest_items(store, iter(arts))
    finally:
        timer.restore()
        store.close()
    assert rep.failed == 0, rep.errors[:3]
    return {"wall": t.wall, "cpu": t.cpu, "n": len(arts), "new": rep.new, "dups": rep.duplicates,
            "entities": rep.entities, "events": rep.events, "steps": timer.spent, "peak": peak_mb()}


# ------------------------------------------------------------------ worker processes
def bench_workers(arts: list[Article], tmp: str, workers: int) -> dict:
    import multiprocessing as mp

    from newsgraph.scale.workers import extract_parallel
    from newsgraph.service import IngestReport, store_extraction

    store = fresh_store(tmp, f"w{workers}")
    report = IngestReport()
    first = None
    child_peak = 0.0
    with Clock() as t:
        for i, ext in enumerate(extract_parallel(iter(arts), workers=workers), 1):
            if first is None:
                first = (time.perf_counter(), i)
            store_extraction(store, ext, report)
            if i % 10 == 0 or i == len(arts):
                child_peak = max([child_peak] + [rss_mb(p.pid, "VmHWM") for p in mp.active_children()])
    store.close()
    steady = (len(arts) - first[1]) / (time.perf_counter() - first[0]) if first and len(arts) > first[1] else 0.0
    return {"wall": t.wall, "n": len(arts), "new": report.new, "failed": report.failed, "steady": steady,
            "child_peak": child_peak, "peak": peak_mb()}


def bench_memory(n: int, seed: int, tmp: str, workers: int, live: bool = False) -> dict:
    """A long ingest streamed from the generator (nothing holds the corpus), RSS sampled."""
    import multiprocessing as mp

    from newsgraph.scale.workers import extract_parallel
    from newsgraph.service import IngestReport, store_extraction

    store = fresh_store(tmp, "memory")
    report = IngestReport()
    samples = []
    step = max(1, n // 20)
    child_peak = 0.0
    with Clock() as t:
        for i, ext in enumerate(extract_parallel(generate(n, seed), workers=workers), 1):
            store_extraction(store, ext, report)
            if i % step == 0:
                kids = mp.active_children()
                child_peak = max([child_peak] + [rss_mb(p.pid, "VmHWM") for p in kids])
                samples.append((i, rss_mb(), [rss_mb(p.pid) for p in kids], time.perf_counter()))
                if live:  # a long run shows its progress as it goes
                    print(f"  ... {i} articles, writer {samples[-1][1]:.0f} MB, workers "
                          + " ".join(f"{k:.0f}" for k in samples[-1][2]) + " MB", flush=True)
    store.close()
    return {"wall": t.wall, "n": n, "new": report.new, "samples": samples, "child_peak": child_peak,
            "peak": rss_mb("self", "VmHWM")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch", type=int, default=16, help="nlp.pipe batch size of the bare run (the ingest batches 16)")
    ap.add_argument("--phases", default="bare,learned,single,workers,resolve")
    ap.add_argument("--no-breakdown", action="store_true", help="no per-step timers in the single-process run")
    ap.add_argument("--memory-workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the ratio phase")
    args = ap.parse_args()
    phases = set(args.phases.split(","))
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

    print(f"newsgraph benchmark · {args.articles} generated articles · {os.cpu_count()} cores · "
          f"load average {os.getloadavg()[0]:.1f} at start (a busy machine makes wall figures noisy)")
    arts = load(args.articles, args.seed) if phases - {"memory", "resolve"} else []
    if arts:
        words = sum(len(a.text.split()) for a in arts)
        print(f"corpus: {words / len(arts):.0f} words per article on average, {words:,} words in all")
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="ngbench-") as tmp:
        if "bare" in phases:
            b = out["bare"] = bench_bare(arts, args.batch)
            print(f"\nbare spaCy nlp.pipe: {b['n'] / b['wall']:.2f} articles/s, {b['tokens'] / b['wall']:,.0f} tokens/s "
                  f"(wall); {b['n'] / b['cpu']:.2f} articles/s per CPU second")
        if "ratio" in phases and arts:
            ratios = []
            for r in range(args.rounds):
                order = ("bare", "single") if r % 2 == 0 else ("single", "bare")
                cpu = {}
                for kind in order:
                    if kind == "bare":
                        cpu[kind] = bench_bare(arts, args.batch)["cpu"]
                    else:
                        cpu[kind] = bench_single(arts, tmp, False, name=f"ratio{r}")["cpu"]
                ratios.append(cpu["bare"] / cpu["single"])
                print(f"round {r + 1} ({' then '.join(order)}): bare {1000 * cpu['bare'] / len(arts):.1f} ms/article, "
                      f"ingest {1000 * cpu['single'] / len(arts):.1f} ms/article (CPU): ratio {ratios[-1]:.3f}")
            out["ratio"] = statistics.median(ratios)
            print(f"ratio to bare spaCy, median of {len(ratios)} rounds (CPU): {out['ratio']:.3f}   target >= 0.65")
        if "learned" in phases and arts:
            n = min(len(arts), 300)
            lc = out["learned"] = bench_learned(arts[:n], args.batch)
            print(f"\nlearned components over {n} articles (CPU): cue classifier "
                  f"{1000 * lc['cues'] / n:.1f} ms/article; uncertainty detector "
                  f"{1000 * lc['hedge'] / n:.1f} ms/article")
        if "single" in phases:
            s = out["single"] = bench_single(arts, tmp, not args.no_breakdown)
            print(f"\nnewsgraph ingest, 1 process, fresh SQLite store: {s['n'] / s['wall']:.2f} articles/s (wall), "
                  f"{s['n'] / s['cpu']:.2f} per CPU second · {s['new']} stored, {s['dups']} near-duplicates, "
                  f"{s['entities']} doc actors, {s['events']} events · peak RSS {s['peak']:.0f} MB")
            if "bare" in out:
                b = out["bare"]
                print(f"ratio to bare spaCy: {b['wall'] / s['wall']:.2f} (wall), {b['cpu'] / s['cpu']:.2f} (CPU)   "
                      f"target >= 0.65")
            if s["steps"]:
                total = s["cpu"]
                spent = {k: v for k, v in s["steps"].items() if v > 0}
                ours = sum(v for k, v in spent.items() if not k.startswith("  "))
                print("where the ingest's time goes (CPU time of this process, robust to a busy machine):")
                print(f"  {'spaCy model (nlp.pipe) and reading, by difference':<44} {total - ours:7.1f} s "
                      f"{100 * (total - ours) / total:5.1f} %")
                model = spent.pop("  extraction: spaCy and the stages", 0.0) - spent.pop("  extraction: the stages", 0.0)
                for k, v in sorted(spent.items(), key=lambda kv: -kv[1]):
                    print(f"  {k:<44} {v:7.1f} s {100 * v / total:5.1f} %   {1000 * v / s['n']:6.1f} ms/article")
                if model:
                    # measured directly (time inside nlp.pipe's iteration, tokenising included), not by difference
                    line = (f"spaCy inside the ingest (time in nlp.pipe's iteration, with newsgraph's entity patterns): "
                            f"{1000 * model / s['n']:.1f} ms/article")
                    if "bare" in out:
                        bare_ms = 1000 * out["bare"]["cpu"] / out["bare"]["n"]
                        line += f"; bare spaCy {bare_ms:.1f} ms/article ({100 * (model / s['n'] * 1000 / bare_ms - 1):+.0f} %)"
                    print(line)
        if "workers" in phases:
            res = {}
            for w in (1, 2):
                r = res[w] = bench_workers(arts, tmp, w)
                assert r["failed"] == 0
                print(f"\n{w} worker{'s' if w > 1 else ''} + 1 writer: {r['n'] / r['wall']:.2f} articles/s (wall, "
                      f"incl. start-up), {r['steady']:.2f} articles/s after the first result · writer peak RSS "
                      f"{r['peak']:.0f} MB, worker peak RSS {r['child_peak']:.0f} MB")
            print(f"2 workers / 1 worker: {res[1]['wall'] / res[2]['wall']:.2f}x (wall), "
                  f"{res[2]['steady'] / max(res[1]['steady'], 1e-9):.2f}x (steady)   target >= 1.6x")
            out["workers"] = res
        if "memory" in phases:
            m = bench_memory(args.articles, args.seed, tmp, args.memory_workers, live=args.articles >= 2000)
            print(f"\nmemory over {m['n']} articles, {args.memory_workers} workers: {m['n'] / m['wall']:.2f} articles/s")
            prev = None
            for i, main_rss, kids, t in m["samples"]:
                rate = f" · {(i - prev[0]) / (t - prev[1]):5.2f} articles/s" if prev else ""
                prev = (i, t)
                print(f"  after {i:>6}: writer {main_rss:6.0f} MB · workers " + " ".join(f"{k:5.0f}" for k in kids)
                      + " MB" + rate)
            print(f"peak RSS: writer {m['peak']:.0f} MB, worker {m['child_peak']:.0f} MB   target < 1024 MB, flat"
                  + ("" if phases == {"memory"} else " (the writer's figure includes the phases run before)"))
        if "resolve" in phases:
            script = ROOT / "benchmarks" / "resolve_bench.py"
            print("\nresolution at 10k and 100k entities:")
            if script.exists():
                subprocess.run([sys.executable, str(script)], check=False)
            else:
                print("  benchmarks/resolve_bench.py is not there")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
