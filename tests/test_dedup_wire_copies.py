"""Near-duplicates: another site's copy of a wire story is linked to the first copy, not extracted
again, and counted once for corroboration; within one ingest and across ingests; on SQLite and
PostgreSQL. A new version of a URL and a different story on the same topic are not copies."""
from __future__ import annotations

import pytest

from newsgraph.model import Article
from newsgraph.ingest import minhash as dedup
from newsgraph.service import ingest_items
from newsgraph.store import queries

from .test_postgres_store import backend_store  # noqa: F401  (fixture: a fresh store on each backend)

pytestmark = pytest.mark.slow

STORY = ("Jordanian Foreign Minister Samir Haddad met Iraqi Prime Minister Adnan Khalifa in Baghdad on Sunday "
         "to discuss electricity imports and the reopening of the border crossing at Turaibil.\n\n"
         "Khalifa told reporters that the two governments would sign an agreement on power supplies next month. "
         "Haddad said Jordan was ready to export up to 150 megawatts to western Iraq before the summer.\n\n"
         "The Popular Unity Front accused the Ministry of Oil of diverting public funds, according to a statement "
         "issued in Baghdad. The ministry denied the charge.\n\n"
         "Haddad later travelled to Erbil, where he met officials of the Kurdistan Regional Government. "
         "Talks there focused on trade through the Ibrahim Khalil crossing and on the oil pipeline to Turkey.\n\n"
         "Iraq has suffered chronic power shortages since 2003, and demand peaks in the summer months, when "
         "temperatures in Baghdad often exceed 50 degrees Celsius. Protests over power cuts swept southern "
         "cities in 2018 and again in 2023.\n\n"
         "Analysts say the deal would reduce Iraq's dependence on Iranian gas, which Washington has pressed "
         "Baghdad to replace.")


def copy_of(text: str) -> str:
    """How another site runs the same wire story: the end trimmed, a credit added, a phrase changed."""
    paras = text.split("\n\n")
    del paras[-1]  # the last paragraph trimmed
    paras.append("(Reporting by agencies.)")
    return "\n\n".join(paras).replace("next month", "in the coming weeks")


ORIGINAL = Article(text=STORY, title="Jordan and Iraq discuss power", publisher="River News",
                   url="https://river-news.example/power")
COPY = Article(text=copy_of(STORY), title="Iraq, Jordan to sign power deal", publisher="Harbour Herald",
               url="https://harbour-herald.example/wire/881")
OTHER = Article(text=("Jordanian Foreign Minister Samir Haddad met Syrian envoy Faisal Darwish in Amman on Monday "
                      "to discuss refugees. Darwish said Damascus would guarantee the safety of those who "
                      "return, but Haddad said Jordan would not force anyone to leave. The Popular Unity Front "
                      "accused the Syrian government of arresting returnees, according to a statement."),
                title="Haddad meets Darwish", publisher="Atlas Report", url="https://atlas.example/refugees")


def test_dedup_signature_tells_a_copy_from_another_story():
    a, b, c = dedup.signature(STORY), dedup.signature(COPY.text), dedup.signature(OTHER.text)
    assert dedup.similarity(a, b) >= dedup.THRESHOLD
    assert dedup.similarity(a, c) < 0.3
    assert dedup.signature("Haddad met Khalifa.") is None  # too short to compare


def duplicates(store) -> dict[str, str]:
    with store.read() as c:
        return {d["id"]: d["duplicate_of"] for d in queries.documents(c) if d["duplicate_of"]}


def test_dedup_wire_copy_is_linked_not_extracted(backend_store, pipeline):  # noqa: F811
    rep = ingest_items(backend_store, [ORIGINAL, COPY, OTHER])
    assert rep.new == 2 and rep.duplicates == 1 and rep.failed == 0, rep.errors
    (copy_id, first_id), = duplicates(backend_store).items()
    with backend_store.read() as c:
        first = queries.document(c, first_id)
        copy = queries.document(c, copy_id)
        assert first["url"] == ORIGINAL.url and copy["url"] == COPY.url
        assert copy["sentences"] == [] and copy["mentions"] == []  # the copy is stored, not extracted
        events = queries.events(c)
    ours = [e for e in events if any(ev["document"] == first_id for ev in e["evidence"])]
    assert ours and all(e["corroboration"] == 1 for e in ours)  # one wire story counts once
    # the copy's shared sentences are evidence too, marked as a copy (never another source)
    assert all(ev.get("copy_of") == first_id for e in events for ev in e["evidence"] if ev["document"] == copy_id)


def test_dedup_copy_in_a_later_ingest_is_linked_to_the_first(backend_store, pipeline):  # noqa: F811
    ingest_items(backend_store, [ORIGINAL])
    with backend_store.read() as c:
        before = queries.counts(c)
    rep = ingest_items(backend_store, [COPY])
    assert rep.duplicates == 1 and rep.new == 0
    with backend_store.read() as c:
        after = queries.counts(c)
    assert after["documents"] == before["documents"] + 1
    assert {k: v for k, v in after.items() if k != "documents"} == {k: v for k, v in before.items() if k != "documents"}
    third = COPY.model_copy(update={"url": "https://atlas.example/wire/2", "title": "Power deal", "publisher": "Atlas"})
    ingest_items(backend_store, [third])
    dups = duplicates(backend_store)
    assert len(dups) == 2 and len(set(dups.values())) == 1  # both copies point at the first one


def test_dedup_same_url_edited_is_a_version_not_a_copy(backend_store, pipeline):  # noqa: F811
    ingest_items(backend_store, [ORIGINAL])
    edited = ORIGINAL.model_copy(update={"text": STORY.replace("Sunday", "Saturday")})
    rep = ingest_items(backend_store, [edited])
    assert rep.versions == 1 and rep.duplicates == 0
    # the new version is now the first copy that later copies (of its text) point at
    rep = ingest_items(backend_store, [COPY.model_copy(update={"text": copy_of(edited.text)})])
    assert rep.duplicates == 1
    with backend_store.read() as c:
        current = [d["id"] for d in queries.documents(c) if not d["duplicate_of"]]
    assert list(duplicates(backend_store).values()) == current
