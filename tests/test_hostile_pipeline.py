"""Hostile input through the whole road: reader -> pipeline -> writer -> store. Whatever a document
holds, the batch goes on, every stored row is sound (``integrity.check`` finds nothing) and every
offset cuts the stored text where the row says."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from newsgraph.errors import InputError
from newsgraph.ingest import read_bytes
from newsgraph.model import Article
from newsgraph.service import ingest_items
from newsgraph import open_store
from newsgraph.store import schema as s, writer
from newsgraph.store.integrity import check

from .test_hostile_readers import ARABIC, SPECIALS, WORDS, surrogates

PIPE_SETTINGS = settings(max_examples=50, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SENTENCES = ["Qais Al-Khazali, the secretary-general of Asa'ib Ahl Al-Haq, met Iranian officials in Baghdad.",
             "Sources told the newspaper that Kata'ib Hezbollah reportedly attacked a US base on Tuesday.",
             "The Iraqi prime minister rejected the proposal, according to a spokesman.",
             "Abu Fadak (أبو فدك) is said to have travelled to Tehran last year."]
piece = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(WORDS + ARABIC), st.sampled_from(SPECIALS),
                  st.text(st.one_of(st.characters(codec=None), surrogates), max_size=12),
                  st.integers(200, 2500).map(lambda n: ("word " * n)[: n * 4]),  # a long line
                  st.just(" "), st.just("\n"), st.just("\n\n"))
short_text = st.lists(piece, min_size=1, max_size=12).map("".join)


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    st_ = open_store(str(tmp_path_factory.mktemp("hostile") / "kb.db"))
    yield st_
    st_.close()


def assert_rows_sound(store, did: str, art: Article) -> None:
    with store.read() as conn:
        doc = conn.execute(select(s.documents).where(s.documents.c.id == did)).one()
        assert doc.text == art.text
        body = doc.text
        for r in conn.execute(select(s.sentences).where(s.sentences.c.document_id == did)):
            assert body[r.start:r.end] == r.text
        for r in conn.execute(select(s.mentions).where(s.mentions.c.document_id == did)):
            assert body[r.start:r.end] == r.text
        for t in s.FACT_TABLES:  # no fact without its sentence, in its own document
            for r in conn.execute(select(t.c.sentence_id, s.sentences.c.document_id)
                                  .join(s.sentences, s.sentences.c.id == t.c.sentence_id)
                                  .where(t.c.document_id == did)):
                assert r.document_id == did


@PIPE_SETTINGS
@given(raw=short_text, enc=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_hostile_pipeline_stores_sound_rows_or_reports_an_error(pipeline, kb, raw, enc):
    data = raw.encode(enc, "surrogatepass" if enc.startswith("utf") else "replace")
    for item in read_bytes("hostile.txt", data, "text"):
        if isinstance(item, InputError):
            assert "hostile.txt" in str(item)
            continue
        ext = pipeline.extract(item)
        for sent in ext.sentences:
            assert item.text[sent.start:sent.end] == sent.text
        res = writer.write(kb, ext)
        assert res.status in ("new", "unchanged", "version")
        if res.status != "unchanged":
            assert_rows_sound(kb, res.document_id, item)
    assert check(kb) == []


@settings(PIPE_SETTINGS, max_examples=10)
@given(texts=st.lists(short_text, min_size=2, max_size=4))
def test_hostile_batch_goes_on_past_bad_documents(pipeline, kb, texts):
    """A batch of hostile documents with good ones among them: every good one is stored, every bad
    one is counted as failed with its name, nothing raises."""
    items = []
    for i, raw in enumerate(texts):
        items.extend(read_bytes(f"doc{i}.txt", raw.encode("utf-8", "surrogatepass"), "text"))
    items.append(InputError("broken.txt: cannot read"))
    good = Article(text=f"{SENTENCES[0]} {len(texts)} {texts[0][:20]!r}", title="good one", origin="good.txt")
    items.append(good)
    report = ingest_items(kb, items)
    assert report.failed == sum(isinstance(i, InputError) for i in items)
    assert len(report.errors) == report.failed
    assert writer.known(kb, good.content_hash)
    assert check(kb) == []
