"""Shared fixtures. The spaCy model is loaded once per session (``pipeline``)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
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
