"""Merge suggestions are kept on write (issue 17): the writer finds them for the entities an article
names anew, in its transaction; a read only pages the table (it used to recompute every pair per
request); what the writer keeps equals a recomputation from scratch; a rejected pair stays out after
the article is extracted again. Hand-made extractions, sentences written for these tests."""
from __future__ import annotations

from sqlalchemy import event, select

from newsgraph import open_store
from newsgraph.model import Actor, Alias, Article, Extraction, Mention, Sentence
from newsgraph.resolve import suggestions as sg
from newsgraph.store import schema as s
from newsgraph.store import writer


def put(store, url: str, text: str, *actors: tuple[str, str]) -> None:
    acts, mentions = [], []
    for i, (t, n) in enumerate(actors):
        acts.append(Actor(key=f"a{i}", type=t, name=n, aliases=[Alias(name=n)]))
        at = text.find(n)
        if at >= 0:
            mentions.append(Mention(start=at, end=at + len(n), text=n, sentence=0, actor=f"a{i}"))
    writer.write(store, Extraction(article=Article(text=text, url=url, title=url),
                                   sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                                   actors=acts, mentions=mentions))


def _rows(store) -> set[tuple]:
    K = s.kb_suggestions
    with store.read() as c:
        return {(r.id, r.score, r.reasons) for r in c.execute(select(K))}


def test_suggestions_are_kept_on_write_and_a_read_only_reads(tmp_path):
    store = open_store(str(tmp_path / "kb.db"))
    put(store, "u1", "Ilse Varnholt spoke in Lindau.", ("person", "Ilse Varnholt"))
    assert _rows(store) == set()
    put(store, "u2", "Bernd Varnholt spoke in Talheim.", ("person", "Bernd Varnholt"))
    put(store, "u3", "Varnholt spoke.", ("person", "Varnholt"))  # either of them
    kept = _rows(store)
    assert len(kept) == 2  # written by the writer, before anything was read
    with store.write() as c:  # what the writer kept equals a recomputation from scratch
        sg.refresh(c, None)
    assert _rows(store) == kept

    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with store.read() as c:
        total, items = sg.suggestions(c, limit=1)
    assert total == 2 and len(items) == 1 and items[0].reasons
    assert not [q for q in seen if "entity_keys" in q or q.lstrip().upper().startswith(("INSERT", "DELETE"))]
    store.close()


def test_a_rejected_suggestion_stays_out_after_reextraction_and_comes_back_on_undo(tmp_path):
    from newsgraph.resolve import judgements

    store = open_store(str(tmp_path / "kb.db"))
    put(store, "u1", "Matteo spoke in Lindau.", ("person", "Matteo"))
    put(store, "u2", "Mateo spoke in Talheim.", ("person", "Mateo"))
    with store.read() as c:
        _n, (item,) = sg.suggestions(c)
    with store.write() as c:
        jid = sg.reject(c, item.id, author="t")["judgement"]
    assert _rows(store) == set()
    put(store, "u1", "Matteo spoke in Lindau on Monday.", ("person", "Matteo"))  # a new version
    put(store, "u2", "Mateo spoke in Talheim on Monday.", ("person", "Mateo"))
    assert _rows(store) == set()
    with store.write() as c:
        judgements.undo(c, jid, author="t")
    with store.read() as c:
        total, items = sg.suggestions(c)
    assert total == 1 and {items[0].a["name"], items[0].b["name"]} == {"Matteo", "Mateo"}
    store.close()


def _extraction(url: str, text: str, *actors: tuple[str, str]) -> Extraction:
    acts = [Actor(key=f"a{i}", type=t, name=n, aliases=[Alias(name=n)]) for i, (t, n) in enumerate(actors)]
    return Extraction(article=Article(text=text, url=url, title=url),
                      sentences=[Sentence(index=0, start=0, end=len(text), text=text)], actors=acts)


def test_a_write_group_keeps_the_suggestions_of_a_recomputation(tmp_path):
    """The upkeep looks from the entities a group named anew and then from their candidates' side, on what
    it read once for both: the pairs found only from the other side (a surname alone stored before the
    group, its full-name rivals written in it) are kept, the same pairs as one article per transaction,
    and the same rows as a recomputation from scratch."""
    from newsgraph.service import IngestReport, store_extraction, store_group

    first = _extraction("u0", "Varnholt spoke in Lindau.", ("person", "Varnholt"))
    group = [
        _extraction("u1", "Ilse Varnholt spoke in Talheim.", ("person", "Ilse Varnholt")),
        _extraction("u2", "Bernd Varnholt and Matteo Quarin met.", ("person", "Bernd Varnholt"),
                    ("person", "Matteo Quarin")),
        _extraction("u3", "Mateo Quarin spoke.", ("person", "Mateo Quarin"), ("person", "Quarin")),
        _extraction("u4", "Ilse Varnholt spoke again.", ("person", "Ilse Varnholt"), ("person", "Varnholt")),
    ]
    one, grouped = open_store(str(tmp_path / "one.db")), open_store(str(tmp_path / "grouped.db"))
    for store in (one, grouped):
        assert store_extraction(store, first, IngestReport())
    for ext in group:
        assert store_extraction(one, ext, IngestReport())
    report = IngestReport()
    store_group(grouped, [(ext, None, None) for ext in group], report)
    assert report.new == 4 and not report.failed
    kept = _rows(grouped)
    assert len(kept) >= 2  # the bare surname against both full names at least
    assert {r[0] for r in kept} == {r[0] for r in _rows(one)}
    with grouped.write() as c:
        sg.refresh(c, None)
    assert _rows(grouped) == kept
    one.close()
    grouped.close()
