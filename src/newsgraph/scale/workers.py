"""Extraction in N worker processes on one machine, results back in input order.

    for ext in extract_parallel(articles, workers=2): writer.write(store, ext)

Each worker is a *spawned* process (no fork after the parent's threads or open database
connections) that loads the spaCy pipeline once and streams the batches it is given through
``nlp.pipe``. The parent sends small batches of articles and keeps at most ``workers * depth``
batches in flight, so memory stays flat however long the input is: nothing holds the corpus.
Extractions travel back pickled (pydantic models pickle their fields; nothing is re-validated).

An article whose extraction raises comes back as :class:`Failed` (the others of its batch are
extracted again one by one), so one bad document never stops the batch.

spaCy's string store grows with every new word a worker sees (measured: +15% RSS over 800 articles),
so a worker retires after ``RECYCLE`` batches and a fresh one takes its place (a model load, ~2 s, per
2,000 articles): memory stays flat over any length of input.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import queue
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..model import Article, Extraction

BATCH = 4  # articles per message: big enough to amortise the queue, small enough to balance the load
DEPTH = 3  # batches in flight per worker
RECYCLE = 500  # batches a worker extracts before it is replaced by a fresh process


@dataclass
class Failed:
    """An article whose extraction raised: its label and the reason."""

    article: Article
    message: str

    @property
    def label(self) -> str:
        return self.article.label


def extract_batch(pipeline, articles: list[Article]) -> list[Extraction | Failed]:
    """Extract a batch through ``nlp.pipe``; if that raises, one by one so the culprit is isolated."""
    try:
        return list(pipeline.extract_many(articles))
    except Exception:  # noqa: BLE001 - isolate below
        out: list[Extraction | Failed] = []
        for art in articles:
            try:
                out.append(pipeline.extract(art))
            except Exception as exc:  # noqa: BLE001 - reported per article
                out.append(Failed(art, f"extraction failed: {exc.__class__.__name__}: {exc}"))
        return out


def _worker(inq, outq, batch_size: int, recycle: int = RECYCLE) -> None:  # pragma: no cover - child process
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker: no oversubscription
    from ..nlp import Pipeline

    try:
        pipeline = Pipeline(batch_size=batch_size)
    except Exception as exc:  # noqa: BLE001 - the parent raises it
        outq.put((-1, pickle.dumps(RuntimeError(f"worker could not load the pipeline: {exc}"))))
        return
    import gc  # this process only extracts: its model is long-lived (see cli.core.freeze_model)

    gc.collect()
    gc.freeze()
    for _ in range(recycle):
        item = inq.get()
        if item is None:
            return
        seq, payload = item
        arts = pickle.loads(payload)
        outq.put((seq, pickle.dumps(extract_batch(pipeline, arts), protocol=pickle.HIGHEST_PROTOCOL)))
    outq.put((-2, b""))  # retiring: the parent starts a fresh worker


def extract_parallel(articles: Iterable[Article], workers: int, *, batch: int | None = None,
                     depth: int = DEPTH, start_method: str = "spawn",
                     recycle: int | None = None) -> Iterator[Extraction | Failed]:
    """Extractions of ``articles`` in input order, computed by ``workers`` processes."""
    batch, recycle = batch or BATCH, recycle or RECYCLE
    ctx: Any = mp.get_context(start_method)  # a SpawnContext or ForkContext: both have Process
    inq, outq = ctx.Queue(), ctx.Queue()
    procs = []
    started = 0

    def start_worker() -> None:
        nonlocal started
        p = ctx.Process(target=_worker, args=(inq, outq, max(batch, 4), recycle), daemon=True,
                        name=f"newsgraph-extract-{started}")
        p.start()
        procs.append(p)
        started += 1

    for _ in range(workers):
        start_worker()
    it = iter(articles)
    sent = done = 0
    exhausted = False
    ready: dict[int, list] = {}
    limit = workers * depth

    def top_up() -> None:
        nonlocal sent, exhausted
        while not exhausted and sent - done < limit:
            chunk = list(islice(it, batch))
            if not chunk:
                exhausted = True
                return
            inq.put((sent, pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)))
            sent += 1

    try:
        top_up()
        while done < sent:
            while done not in ready:
                try:
                    seq, payload = outq.get(timeout=2.0)
                except queue.Empty:
                    dead = [p for p in procs if not p.is_alive() and p.exitcode != 0]
                    if dead:
                        raise RuntimeError(f"extraction worker {dead[0].name} died "
                                           f"(exit code {dead[0].exitcode})")
                    continue
                if seq == -2:  # a worker retired: reap it, start a fresh one
                    for p in [p for p in procs if not p.is_alive()]:
                        p.join()
                        procs.remove(p)
                    start_worker()
                    continue
                result = pickle.loads(payload)
                if seq < 0:
                    raise result
                ready[seq] = result
            results = ready.pop(done)
            done += 1
            top_up()  # keep the workers busy while the caller stores these
            yield from results
    finally:
        for _ in procs:
            inq.put(None)
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
        inq.close()
        outq.close()
        inq.cancel_join_thread()
        outq.cancel_join_thread()
