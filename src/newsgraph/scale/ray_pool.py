"""Extraction on a Ray cluster: an actor pool, one loaded pipeline per actor, results back in order.

    for ext in extract_with_ray(articles, address="local"): writer.write(store, ext)

``address`` is a Ray cluster address (``ray://head:10001``, ``head:6379``, ``auto``) or ``local``:
a private cluster on this machine (``num_cpus`` = the machine's cores, no dashboard, loopback
only), shut down afterwards. Each actor loads the spaCy pipeline once and extracts batches of
articles; the driver keeps a bounded number of batches in flight, so memory stays flat, and yields
the extractions in input order to the single writer (this process).
"""
from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from ..model import Article, Extraction
from .workers import Failed, extract_batch

BATCH = 4
DEPTH = 2  # batches in flight per actor


class _Extractor:  # decorated with ray.remote at run time
    def __init__(self) -> None:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from ..nlp import Pipeline

        self.pipeline = Pipeline()

    def extract(self, payload: bytes) -> bytes:
        arts = pickle.loads(payload)
        return pickle.dumps(extract_batch(self.pipeline, arts), protocol=pickle.HIGHEST_PROTOCOL)


def _init_ray(address: str, num_cpus: int | None):
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address == "local":
        # a single-node cluster on loopback only: Ray otherwise binds its servers to the machine's
        # address ("cluster mode"); this is the switch it uses on laptops
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    import ray
    from ray._private import ray_constants

    if address == "local":
        ray_constants.ENABLE_RAY_CLUSTER = False  # if ray was imported before the variable was set
    started = False
    if not ray.is_initialized():
        if address == "local":
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
        started = True
    return ray, started


def extract_with_ray(articles: Iterable[Article], address: str = "local", *, actors: int | None = None,
                     batch: int = BATCH, depth: int = DEPTH, num_cpus: int | None = None,
                     keep_running: bool = False) -> Iterator[Extraction | Failed]:
    """Extractions of ``articles`` in input order, computed by an actor pool on a Ray cluster.
    ``actors`` defaults to the cluster's CPUs. A cluster this call started is shut down at the end
    unless ``keep_running``."""
    ray, started = _init_ray(address, num_cpus)
    try:
        n = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        remote = ray.remote(num_cpus=1)(_Extractor)
        pool = [remote.remote() for _ in range(n)]
        it = iter(articles)
        inflight: deque = deque()  # object refs, in input order
        turn = 0
        exhausted = False

        def top_up() -> None:
            nonlocal turn, exhausted
            while not exhausted and len(inflight) < n * depth:
                chunk = list(islice(it, batch))
                if not chunk:
                    exhausted = True
                    return
                # round robin: each actor runs its calls in order, so a queue of `depth` per actor
                payload = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
                inflight.append(pool[turn % n].extract.remote(payload))
                turn += 1

        top_up()
        while inflight:
            ref = inflight.popleft()
            results = pickle.loads(ray.get(ref))
            top_up()
            yield from results
        for a in pool:
            ray.kill(a)
    finally:
        if started and not keep_running:
            ray.shutdown()
