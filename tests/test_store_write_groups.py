"""An ingest writes its articles in groups, one transaction per group (service.store_group): the store
holds what one transaction per article leaves (the same facts, actors and read-side aggregates, a new
version inside the group included), and an article that fails in the writer is rolled back alone: the
others of its group are kept, the aggregates equal a rebuild, and the article goes in on the next
ingest. Articles written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from newsgraph.errors import StoreError
from newsgraph.model import Article

TEXTS = [
    ("https://example.test/1", "Mirela Vostrak, the mayor of Kelmora, met Tobias Renhalt in Dravik on Monday. "
     "Renhalt said the two cities would share a water plant."),
    ("https://example.test/2", "Tobias Renhalt, the governor of Ostria, accused the Kelmora Transit Authority "
     "of hiding repair costs. The authority denied the claim on Tuesday."),
    ("https://example.test/3", "Police in Dravik arrested two men after a protest outside the Ostria "
     "assembly, officials said. Mirela Vostrak called for calm."),
    ("https://example.test/1", "Mirela Vostrak, the mayor of Kelmora, met Tobias Renhalt in Dravik on Monday. "
     "Renhalt said the two cities would share a water plant and a bus depot."),  # a new version of 1
    ("https://example.test/4", "The Kelmora Transit Authority hired Anouk Belzer as its chief engineer. "
     "Belzer praised Mirela Vostrak for the new tram line."),
]


def _articles() -> list[Article]:
    return [Article(text=t, url=u, title=f"groups {i}", published=dt.date(2024, 3, 1 + i))
            for i, (u, t) in enumerate(TEXTS)]


def _state(store) -> dict:
    from newsgraph.store import schema as s

    tables = [t for t in s.KB_TABLES if t is not s.kb_contradictions]
    tables += [s.documents, s.entities, s.doc_actors, s.roles, s.events, s.ties, s.mentions, s.aliases]
    skip = {"dirty", "ingested_at", "created_at"}
    with store.read() as c:
        return {t.name: sorted(tuple(r) for r in c.execute(select(*[x for x in t.c if x.name not in skip])))
                for t in tables}


@pytest.fixture(scope="module")
def extracted(pipeline):
    return [pipeline.extract(a) for a in _articles()]


def test_a_group_leaves_what_one_transaction_per_article_leaves(tmp_path, extracted):
    from newsgraph import open_store
    from newsgraph.service import IngestReport, store_extraction, store_group

    one, grouped = open_store(str(tmp_path / "one.db")), open_store(str(tmp_path / "grouped.db"))
    r1, r2 = IngestReport(), IngestReport()
    for ext in extracted:
        assert store_extraction(one, ext, r1)
    store_group(grouped, [(ext, None, None) for ext in extracted], r2)
    assert (r2.new, r2.versions, r2.failed) == (r1.new, r1.versions, r1.failed) == (4, 1, 0)
    assert r2.documents == r1.documents
    a, b = _state(one), _state(grouped)
    assert a["kb_facts"] and a["kb_actors"] and a["kb_links"]
    assert a == b
    one.close()
    grouped.close()


def test_an_article_failing_in_the_writer_is_rolled_back_alone(tmp_path, extracted, monkeypatch):
    from newsgraph import open_store
    from newsgraph.service import IngestReport, store_group
    from newsgraph.store import aggregates, writer
    from newsgraph.store import schema as s
    from newsgraph.store.integrity import check

    store = open_store(str(tmp_path / "kb.db"))
    real = writer._write_facts

    def failing(conn, did, ext, resolver):
        counts = real(conn, did, ext, resolver)  # its rows are written, then it fails
        if ext.article.title == "groups 3":  # the new version: the group's earlier articles were
            # counted into the aggregates before its old rows were counted out, in the savepoint
            raise StoreError("the disk said no")
        return counts

    monkeypatch.setattr(writer, "_write_facts", failing)
    report, failed = IngestReport(), set()
    store_group(store, [(ext, None, None) for ext in extracted], report, failed=failed)
    assert report.failed == 1 and "example.test/1" in report.errors[0] and "the disk said no" in report.errors[0]
    assert (report.new, report.versions) == (4, 0)
    assert failed == {writer.document_id(extracted[3].article.content_hash)}
    with store.read() as c:
        titles = {t for (t,) in c.execute(select(s.documents.c.title))}
    assert "groups 3" not in titles and {"groups 0", "groups 1", "groups 2", "groups 4"} <= titles
    assert check(store) == []
    kept = _state(store)
    with store.write() as c:  # what the group kept equals a rebuild of the aggregates
        aggregates.rebuild(c)
    assert _state(store) == kept

    monkeypatch.setattr(writer, "_write_facts", real)
    again = IngestReport()
    store_group(store, [(extracted[3], None, None)], again)
    assert again.versions == 1 and again.failed == 0
    store.close()
