"""An actor known only by its surname in earlier articles is named in full later (issue 16): the full name
joins it when no other stored person has that surname, with its rule and explanation; when another person
of that surname arrives, the surname alone is ambiguous again and the entity is parted (the actors named
in full go to an entity of their own), in the store and in the in-memory index alike. Hand-made
extractions, names and sentences written for these tests."""
from __future__ import annotations

from sqlalchemy import select

from newsgraph import open_store
from newsgraph.model import Actor, Alias, Article, Extraction, Mention, Sentence
from newsgraph.resolve import suggestions as sg
from newsgraph.resolve.matcher import Index
from newsgraph.store import aggregates, writer
from newsgraph.store import schema as s


def put(store, url: str, text: str, *actors: tuple[str, str]) -> None:
    acts, mentions = [], []
    for i, (t, n) in enumerate(actors):
        acts.append(Actor(key=f"a{i}", type=t, name=n, aliases=[Alias(name=n)]))
        at = text.find(n)
        mentions.append(Mention(start=at, end=at + len(n), text=n, sentence=0, actor=f"a{i}"))
    writer.write(store, Extraction(article=Article(text=text, url=url, title=url),
                                   sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                                   actors=acts, mentions=mentions))


def entities(store) -> dict[str, tuple[str, str | None]]:
    """url -> (entity id, rule) of its one actor."""
    da, d = s.doc_actors, s.documents
    with store.read() as c:
        return {url: (eid, rule) for url, eid, rule in c.execute(
            select(d.c.url, da.c.entity_id, da.c.rule).join(d, d.c.id == da.c.document_id)
            .where(d.c.superseded_by.is_(None)))}


def kb_tables(store) -> dict:
    with store.read() as c:
        return {t.name: sorted(tuple(r) for r in c.execute(select(*[x for x in t.c if x.name != "dirty"])))
                for t in s.KB_TABLES if t is not s.kb_contradictions}


def test_a_surname_named_in_full_later_is_one_actor_until_another_person_has_it(tmp_path):
    store = open_store(str(tmp_path / "kb.db"))
    put(store, "u1", "Varnholt opened the new bridge at Lindau.", ("person", "Varnholt"))
    put(store, "u2", "Varnholt thanked the builders in Kehl.", ("person", "Varnholt"))
    put(store, "u3", "Ilse Varnholt, the mayor, spoke in Talheim.", ("person", "Ilse Varnholt"))
    got = entities(store)
    assert got["u1"][0] == got["u2"][0] == got["u3"][0] and got["u3"][1] == "named_in_full"

    put(store, "u4", "Bernd Varnholt sold his bakery in Wyhl.", ("person", "Bernd Varnholt"))
    got = entities(store)
    # "Varnholt" may now be Ilse or Bernd: the earlier articles stay with the surname, each full name apart
    assert got["u1"][0] == got["u2"][0]
    assert len({got["u1"][0], got["u3"][0], got["u4"][0]}) == 3
    assert got["u3"][1] == "new"
    with store.read() as c:
        _n, items = sg.suggestions(c)
    pairs = {frozenset((i.a["name"], i.b["name"])) for i in items}
    assert frozenset(("Varnholt", "Ilse Varnholt")) in pairs and frozenset(("Varnholt", "Bernd Varnholt")) in pairs
    # the read side followed the parting: it equals a rebuild from scratch
    kept = kb_tables(store)
    with store.write() as c:
        aggregates.rebuild(c)
    assert kb_tables(store) == kept
    store.close()


def test_the_in_memory_index_parts_the_same_way():
    idx = Index()
    a, _ = idx.resolve("person", ["Varnholt"])
    b, m = idx.resolve("person", ["Ilse Varnholt"])
    assert b == a and m is not None and m.rule == "named_in_full"
    c, _ = idx.resolve("person", ["Bernd Varnholt"])
    assert len({idx.entity_of(0), idx.entity_of(1), idx.entity_of(2)}) == 3 and idx.entity_of(0) == a
    assert "Ilse Varnholt" not in idx.names(a) and c not in (a, idx.entity_of(1))


def _ext(url: str, text: str, type_: str, name: str) -> Extraction:
    at = text.find(name)
    return Extraction(article=Article(text=text, url=url, title=url),
                      sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                      actors=[Actor(key="a0", type=type_, name=name, aliases=[Alias(name=name)])],
                      mentions=[Mention(start=at, end=at + len(name), text=name, sentence=0, actor="a0")])


def test_parting_inside_one_write_group_leaves_the_read_side_a_rebuild_gives(tmp_path):
    """An ingest writes its articles in groups with the aggregates counted in once per group: an entity
    parted by the group's last article must leave what a rebuild from scratch gives."""
    from newsgraph.service import IngestReport, store_group

    store = open_store(str(tmp_path / "kb.db"))
    exts = [_ext("u1", "Varnholt opened the new bridge at Lindau.", "person", "Varnholt"),
            _ext("u2", "Varnholt thanked the builders in Kehl.", "person", "Varnholt"),
            _ext("u3", "Ilse Varnholt, the mayor, spoke in Talheim.", "person", "Ilse Varnholt"),
            _ext("u4", "Bernd Varnholt sold his bakery in Wyhl.", "person", "Bernd Varnholt")]
    store_group(store, [(e, None, None) for e in exts], IngestReport())
    got = entities(store)
    assert got["u1"][0] == got["u2"][0] and len({got["u1"][0], got["u3"][0], got["u4"][0]}) == 3
    kept = kb_tables(store)
    with store.write() as c:
        aggregates.rebuild(c)
    assert kb_tables(store) == kept
    store.close()
