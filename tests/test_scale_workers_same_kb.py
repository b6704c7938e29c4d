"""Worker processes: an ingest with two workers (replaced by fresh ones as they retire) writes in
input order and gives the same knowledge base as one process; a document whose extraction
raises is reported and the rest of the batch goes on."""
from __future__ import annotations

import pytest

from newsgraph.model import Article
from newsgraph.nlp import pipeline as pipeline_module
from newsgraph.scale import workers
from newsgraph.scale.workers import Failed
from newsgraph.service import ingest_items
from newsgraph import open_store

from .test_postgres_concurrent_ingest import WEEK
from .test_postgres_store import kb_digest

pytestmark = pytest.mark.slow


def week_articles():
    return [Article(text=body, title=title, url=f"https://wire.example/{i}", publisher="Wire")
            for i, (title, body) in enumerate(WEEK)]


def test_scale_two_workers_give_the_same_knowledge_base(tmp_path, pipeline, monkeypatch):
    one, two = open_store(str(tmp_path / "one.db")), open_store(str(tmp_path / "two.db"))
    r1 = ingest_items(one, week_articles())
    # one article a message, and each worker retires after two messages (memory stays flat on long
    # runs): fresh workers take over mid-ingest and nothing is lost or reordered
    monkeypatch.setattr(workers, "BATCH", 1)
    monkeypatch.setattr(workers, "RECYCLE", 2)
    seen = []
    r2 = ingest_items(two, week_articles(), workers=2, progress=lambda label, outcome: seen.append(label))
    assert r1.new == r2.new == len(WEEK)
    assert seen == [a.url for a in week_articles()]  # written in input order
    # same entity ids (derived from the first document naming them), offsets, facts: same order, same extractions
    assert kb_digest(one) == kb_digest(two)


class _Boom:
    """A stage that breaks on one document."""

    @staticmethod
    def run(ctx):
        if "EXPLODE" in ctx.article.text:
            raise ValueError("stage broke")


def test_scale_a_failing_stage_is_a_warning_and_the_article_is_stored(tmp_path, pipeline, monkeypatch):
    """A stage that breaks on one article costs that stage's facts, not the article (issue 13)."""
    monkeypatch.setattr(pipeline_module, "STAGES", pipeline_module.STAGES + (_Boom,))
    arts = week_articles()[:3]
    arts.insert(1, Article(text="The council will EXPLODE with anger, Samir Haddad said.", title="bad one"))
    st = open_store(str(tmp_path / "kb.db"))
    rep = ingest_items(st, arts)
    assert rep.new == 4 and rep.failed == 0
    (warning,) = [w for w in rep.warnings if "stage broke" in w]
    assert warning.startswith("bad one: the _Boom stage failed")
    st.close()


def _broken_model(monkeypatch):
    """The model itself fails on one article (what no stage guard can keep)."""
    make_doc = pipeline_module.Pipeline.make_doc

    def broken(self, article):
        if "EXPLODE" in article.text:
            raise ValueError("model broke")
        return make_doc(self, article)

    monkeypatch.setattr(pipeline_module.Pipeline, "make_doc", broken)


def test_scale_a_failing_extraction_is_reported_and_the_rest_stored(tmp_path, pipeline, monkeypatch):
    _broken_model(monkeypatch)
    arts = week_articles()[:3]
    arts.insert(1, Article(text="The council will EXPLODE with anger, Samir Haddad said.", title="bad one"))
    st = open_store(str(tmp_path / "kb.db"))
    rep = ingest_items(st, arts)
    assert rep.new == 3 and rep.failed == 1
    assert rep.errors and rep.errors[0].startswith("bad one:") and "model broke" in rep.errors[0]
    st.close()


def test_scale_failed_is_what_workers_send_for_a_broken_article(pipeline, monkeypatch):
    from newsgraph.scale.workers import extract_batch

    _broken_model(monkeypatch)
    arts = [Article(text="Samir Haddad met Adnan Khalifa.", title="ok"),
            Article(text="Prices EXPLODE in Basra.", title="bad")]
    out = extract_batch(pipeline, arts)
    assert out[0].article.title == "ok" and not isinstance(out[0], Failed)
    assert isinstance(out[1], Failed) and "model broke" in out[1].message
