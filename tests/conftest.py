"""Shared fixtures. The spaCy model is loaded once per session (``pipeline``)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared"))  # a worktree elsewhere: set it
SEED = SHARED / "seeds" / "000_ff3af8a6350a9149.txt"
PG_URL = os.environ.get("NEWSGRAPH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline(nlp):
    from newsgraph.nlp import Pipeline

    return Pipeline(nlp)


@pytest.fixture(scope="session")
def read_actors(nlp):
    """read_actors(text) -> the ArticleContext after the actor stage alone."""
    from newsgraph.model import Article
    from newsgraph.nlp import actors
    from newsgraph.nlp.context import ArticleContext
    from newsgraph.nlp.pipeline import prepare

    def run(text: str) -> ArticleContext:
        ctx = ArticleContext(article=Article(text=text), doc=nlp(prepare(text)))
        actors.run(ctx)
        return ctx

    return run


@pytest.fixture
def extract(pipeline):
    """extract(text, published="2023-11-07", **meta) -> Extraction of a hand-written article."""
    from newsgraph.model import Article

    def run(text: str, published: str | None = "2023-11-07", **meta):
        pub = dt.date.fromisoformat(published) if published else None
        return pipeline.extract(Article(text=text, published=pub, **meta))

    return run


@pytest.fixture
def store(tmp_path):
    from newsgraph import open_store

    s = open_store(str(tmp_path / "kb.db"))
    yield s
    s.close()


@pytest.fixture
def generated_store(tmp_path):
    """A small knowledge base written by benchmarks/kb_generate.py through the real write path (no
    NLP): ``generated_store(seed, articles, actors)``; closed after the test."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from kb_generate import Generator

    from newsgraph.service import open_store
    from newsgraph.store.writer import write

    opened = []

    def make(seed: int, articles: int, actors: int):
        gen = Generator(seed=seed, span=actors)
        st = open_store(str(tmp_path / f"kb{len(opened)}.db"))
        opened.append(st)
        for i in range(articles):
            write(st, gen.article(i))
        return st

    yield make
    for st in opened:
        st.close()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, pipeline):
    """A store holding the seed article, built once per session (read-only for tests)."""
    from newsgraph.service import ingest_paths
    from newsgraph import open_store

    s = open_store(str(tmp_path_factory.mktemp("seed") / "seed.db"))
    report = ingest_paths(s, [str(SEED)])
    assert report.new == 1, report.errors
    return s


def names_of(ext, key: str) -> set[str]:
    a = ext.actor(key)
    return set(a.alias_names())


def actor_named(ext, name: str):
    """The article actor that goes by ``name`` (any of its name forms), or None."""
    for a in ext.actors:
        if name in a.alias_names():
            return a
    return None



def _test_client_on_loopback() -> None:
    """Starlette's TestClient calls itself ``testserver`` and its peer ``testclient``; the server
    serves only this machine's names (no test-only name in the allowlist), so the tests' client
    asks as a browser on this machine does: Host 127.0.0.1, from 127.0.0.1. Set once, for the
    session (module-scoped fixtures build their clients before any function fixture runs)."""
    from fastapi.testclient import TestClient

    original = TestClient.__init__

    def init(self, app, *args, **kwargs):
        if not args:
            kwargs.setdefault("base_url", "http://127.0.0.1")
        kwargs.setdefault("client", ("127.0.0.1", 50000))
        original(self, app, *args, **kwargs)

    TestClient.__init__ = init  # type: ignore[method-assign]


_test_client_on_loopback()


def loopback_asgi(app):
    """The app as a client on this machine reaches it: for ASGI test transports that name their peer
    and host themselves (schemathesis: ``testclient`` / ``testserver``)."""

    async def wrapped(scope, receive, send):
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope.get("headers", []) if k != b"host"] + [(b"host", b"127.0.0.1")]
            scope = dict(scope, client=["127.0.0.1", 50000], headers=headers)
        await app(scope, receive, send)

    return wrapped
