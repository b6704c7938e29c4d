"""A knowledge base the size of N realistic articles, written through the store's own write path
without running the NLP (issue 17): so that the read side can be measured at 100,000 articles.

    PYTHONPATH=src .venv/bin/python benchmarks/kb_generate.py --articles 100000 --db bench100k.db

Proportions are those of a real corpus (4,304 articles: 20,186 actors, 47,761 events): per article
about 70 mentions, 25 actors, 28 sentences, 11 events and 1.3 roles; distinct actors grow
sub-linearly (about 20,000 per 4,300 articles, ``D(n) = 20000 * (n / 4300) ** 0.75``) and a few
actors are named very often (popularity is heavy-tailed). Facts carry realistic voices: about 60%
the reporter, 25% a named speaker, 15% anonymous sources, 15% hedged, 4% negated events.

Each article is an :class:`~newsgraph.model.Extraction` with real sentence text and offsets; the
writer (``store.writer.write_in``) resolves its actors against the store and stores it, as an ingest
would. The store file is the cache: ``DB.json`` next to it records what was built; a second run
with the same arguments reuses it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

GENERATOR_VERSION = 2  # 2: a negated event may deny one reported before (contradictions)
PLOVER = (
    "CONSULT",
    "ACCUSE",
    "ASSAULT",
    "SUPPORT",
    "REJECT",
    "AGREE",
    "COOPERATE",
    "REQUEST",
    "THREATEN",
    "PROTEST",
    "COERCE",
    "SANCTION",
    "AID",
    "MOBILIZE",
    "CONCEDE",
    "RETREAT",
)
PLOVER_WEIGHTS = (18, 12, 12, 9, 8, 7, 6, 6, 5, 4, 4, 3, 2, 2, 1, 1)
VERB = {
    "CONSULT": "met",
    "ACCUSE": "accused",
    "ASSAULT": "attacked",
    "SUPPORT": "praised",
    "REJECT": "rejected",
    "AGREE": "signed a deal with",
    "COOPERATE": "worked with",
    "REQUEST": "asked",
    "THREATEN": "threatened",
    "PROTEST": "protested against",
    "COERCE": "arrested",
    "SANCTION": "sanctioned",
    "AID": "sent aid to",
    "MOBILIZE": "mobilised against",
    "CONCEDE": "conceded to",
    "RETREAT": "withdrew from",
}
TIES = ("member_of", "part_of", "ally_of", "rival_of", "sponsor_of")
TITLES = (
    "leader",
    "spokesman",
    "commander",
    "chairman",
    "minister",
    "adviser",
    "deputy leader",
    "director",
    "president",
    "secretary-general",
    "envoy",
    "founder",
)
SYL = (
    "ka ri mo sa lu de ban tor vel is an ul ham zar qi no fe ra dun pel mir os et ga la bri sen "
    "tav ko ne rim ju ha bel dor sha fa"
).split()
FIRST = (
    "Ahmed Karim Omar Yusuf Ibrahim Khalid Samir Nabil Hadi Rami Salim Adel Laith Sami John Michael David "
    "Peter Daniel Mark Paul Maria Sarah Laura Anna Elena Sofia Fatima Layla Noor Rania Hana Mariam"
).split()
ORG_HEAD = "Popular National Revolutionary Democratic United Patriotic Free Supreme Central Islamic".split()
ORG_NOUN = "Movement Front Brigades Council Alliance Party Union Coalition Committee Ministry".split()
PLACE_END = ("abad", "ville", "stan", "port", "grad", "burg", "iyah", "dale")
OUTLETS = [
    f"{a} {b}"
    for a in ("Gulf", "Levant", "Tigris", "Crescent", "Meridian", "Eastern", "Harbour", "Atlas")
    for b in ("Times", "Daily", "Press", "Wire", "Post")
]
START = dt.date(2019, 1, 1)
DAYS = 6 * 365


def _word(k: int) -> str:
    """A pronounceable word unique to k (two to four syllables)."""
    out = []
    k += 40
    while k:
        k, r = divmod(k, len(SYL))
        out.append(SYL[r])
    return "".join(out).capitalize()


def actor_name(k: int, typ: str) -> str:
    if typ == "person":
        return f"{FIRST[k % len(FIRST)]} {_word(k)}"
    if typ == "organization":
        return f"{ORG_HEAD[k % len(ORG_HEAD)]} {ORG_NOUN[(k // 7) % len(ORG_NOUN)]} of {_word(k)}"
    return _word(k) + PLACE_END[k % len(PLACE_END)]


def actor_type(k: int) -> str:
    r = (k * 2654435761) % 100
    return "person" if r < 45 else "organization" if r < 80 else "location"


def distinct_actors(n: int) -> int:
    return max(25, int(20000 * (max(n, 1) / 4300) ** 0.75))


class GeneratedActors:
    """The writer's resolver (``store.writer.Resolver``) for generated articles: the generator knows who
    each actor is (one full name per actor, and its surname), so each actor's entity is looked up by
    type and name instead of being matched. On 1,000 generated articles the store's own resolver finds
    the same entities but for 0.6% (its spelling-variant folding merges a few generated place names:
    Feriburg / Fefariburg), at a cost that grows with the store; its speed is measured by
    ``benchmarks/resolve_bench.py``. Entities get the ids, names and blocking keys (``entity_keys``)
    the store's resolver would give them, so every read finds them alike."""

    def __init__(self, conn):
        from sqlalchemy import select

        from newsgraph.store import schema as s

        e = s.entities.c
        self.ids = {(t, n): i for i, t, n in conn.execute(select(e.id, e.type, e.name))}
        self.entities: list[dict] = []
        self.keys: list[dict] = []

    def fold(self, name: str) -> str:
        from newsgraph.nlp.keys import fold

        return fold(name)

    def note_judgements(self, conn) -> None:
        return None

    def split_names(self, conn, document_id: str) -> set[tuple[str, str]]:
        """No analyst has split a name in a generated store: nothing to re-apply (the writer asks)."""
        return set()

    @contextlib.contextmanager
    def resolving(self, conn, document_id: str, actors, *, new_document: bool = False):
        from newsgraph.store import insert_rows
        from newsgraph.store import schema as s

        yield self
        if self.entities:
            insert_rows(conn, s.entities, self.entities)
        if self.keys:
            insert_rows(conn, s.entity_keys, self.keys)
        self.entities, self.keys = [], []

    def resolve_actor(self, conn, actor, document_id: str):
        import hashlib

        from newsgraph.nlp.keys import all_keys, fold
        from newsgraph.resolve.match import MatchResult

        eid = self.ids.get((actor.type, actor.name))
        if eid is not None:
            return eid, MatchResult(1.0, "same_name", "the same generated actor (benchmarks/kb_generate.py)")
        eid = "e" + hashlib.sha1(f"{actor.type}|{fold(actor.name)}|{document_id}".encode()).hexdigest()[:15]
        self.ids[(actor.type, actor.name)] = eid
        self.entities.append(
            dict(id=eid, type=actor.type, subtype=actor.subtype, name=actor.name,
                 created_at=dt.datetime.now(dt.timezone.utc))
        )
        self.keys += [{"key": k, "entity_id": eid}
                      for k in sorted(all_keys(actor.alias_names(), actor.type, lookup=False))]
        return eid, None


class Generator:
    def __init__(self, seed: int = 17, span: int = 1):
        self.seed = seed
        self.span = span  # the number of articles the publication dates spread over (DAYS in all)
        self.pool = 0  # actors 0..pool-1 exist
        self.reported: list[
            tuple[str, int, int]
        ] = []  # recent (type, source, target) events: what a denial denies

    def cast(self, rng: random.Random, i: int, size: int) -> list[int]:
        want = distinct_actors(i + 1)
        out: list[int] = []
        while len(out) < size:
            if self.pool < want and (rng.random() < 0.5 or self.pool < size):
                k = self.pool
                self.pool += 1
            else:  # heavy-tailed popularity: the earliest actors are named most often
                k = int(self.pool * rng.random() ** 3)
            if k not in out:
                out.append(k)
        return out

    def article(self, i: int):
        from newsgraph.model import (
            Actor,
            Alias,
            Article,
            Attribution,
            Event,
            Extraction,
            Mention,
            Role,
            Sentence,
            SentenceAnnotation,
            Span,
            Tie,
            TimeValue,
        )

        rng = random.Random(self.seed * 1_000_003 + i)
        published = START + dt.timedelta(days=int(DAYS * i / max(self.span, 1)) + rng.randrange(3))
        ks = self.cast(rng, i, rng.randint(20, 30))
        keys = {k: f"a{n}" for n, k in enumerate(ks)}
        types = {k: actor_type(k) for k in ks}
        names = {k: actor_name(k, types[k]) for k in ks}
        people = [k for k in ks if types[k] == "person"] or ks[:1]
        orgs = [k for k in ks if types[k] == "organization"] or ks[-1:]
        places = [k for k in ks if types[k] == "location"] or ks[:1]
        parts: list[str] = []
        pos = 0
        sentences, mentions, events, roles, ties, anns = [], [], [], [], [], []
        first_sentence: dict[int, int] = {}
        n_sent = rng.randint(24, 32)
        ev_sents = set(rng.sample(range(n_sent), min(n_sent, rng.randint(9, 13))))
        role_sents = set(rng.sample(sorted(set(range(n_sent)) - ev_sents), rng.choice((1, 1, 1, 2, 2))))
        tie_sents = set(rng.sample(sorted(set(range(n_sent)) - ev_sents - role_sents), rng.choice((0, 0, 1))))
        for si in range(n_sent):
            chunks: list[tuple[str, int | None]] = []
            att = Attribution()
            r = rng.random()
            if si in ev_sents:
                typ = rng.choices(PLOVER, PLOVER_WEIGHTS)[0]
                a, b = rng.sample(ks, 2)
                neg = rng.random() < 0.04
                if neg and self.reported and rng.random() < 0.7:  # "X did not attack Y", after "X attacked Y"
                    typ, a, b = self.reported[rng.randrange(len(self.reported))]
                    for k in (a, b):
                        if k not in keys:
                            keys[k] = f"a{len(keys)}"
                            ks.append(k)
                            types[k], names[k] = actor_type(k), actor_name(k, actor_type(k))
                elif not neg:
                    self.reported.append((typ, a, b))
                    del self.reported[:-500]
                where = rng.choice(places)
                chunks = [
                    ("", a),
                    (
                        " did not " + VERB[typ].split()[0].rstrip("ed") + " " if neg else f" {VERB[typ]} ",
                        None,
                    ),
                    ("", b),
                    (" in ", None),
                    ("", where),
                    (f" on {published:%d %B %Y}.", None),
                ]
                tv = (
                    TimeValue(
                        value=published.isoformat()[: 7 if rng.random() < 0.3 else 10],
                        precision="day",
                        text=f"{published:%d %B %Y}",
                    )
                    if rng.random() < 0.6
                    else None
                )
                if tv is not None and len(tv.value) == 7:
                    tv = TimeValue(value=tv.value, precision="month", text=f"{published:%B %Y}")
                if r < 0.25:
                    sp = rng.choice(people)
                    chunks.append((" said ", None))
                    chunks.append(("", sp))
                    chunks.append((".", None))
                    att = Attribution(source="named", speaker=keys[sp], source_text=names[sp], cue="said")
                elif r < 0.40:
                    chunks.append((" according to officials who asked not to be named.", None))
                    att = Attribution(source="anonymous", source_text="officials", cue="according to")
                if rng.random() < 0.15:
                    att = att.model_copy(update={"hedged": True, "hedge_cue": "reportedly"})
                events.append(
                    dict(
                        type=typ,
                        source=[keys[a]],
                        target=[keys[b]],
                        location=keys[where],
                        time=tv,
                        negated=neg,
                        attribution=att,
                        trigger=VERB[typ].split()[0],
                    )
                )
            elif si in role_sents:
                p, o = rng.choice(people), rng.choice(orgs)
                title = rng.choice(TITLES)
                status = "former" if rng.random() < 0.15 else "current"
                chunks = [
                    ("", p),
                    (f", the {'former ' if status == 'former' else ''}{title} of the ", None),
                    ("", o),
                    (", spoke on the issue.", None),
                ]
                roles.append(dict(person=keys[p], organization=keys[o], title=title, status=status))
            elif si in tie_sents:
                a, b = rng.choice(people), rng.choice(orgs)
                kind = rng.choice(TIES)
                chunks = [("", a), (f" is {kind.replace('_', ' ')} the ", None), ("", b), (".", None)]
                ties.append(dict(kind=kind, source=keys[a], target=keys[b]))
            else:
                a = rng.choice(ks)
                chunks = [
                    ("Talks involving ", None),
                    ("", a),
                    (" and ", None),
                    ("", rng.choice(ks)),
                    (" continued as officials weighed the reconstruction budget.", None),
                ]
            start = pos
            text = ""
            sm = []
            for lit, k in chunks:
                if k is None:
                    text += lit
                    continue
                nm = names[k]
                if k in first_sentence and types[k] == "person" and rng.random() < 0.5:
                    nm = nm.split()[-1]
                sm.append(
                    Mention(
                        start=start + len(text),
                        end=start + len(text) + len(nm),
                        text=nm,
                        sentence=si,
                        actor=keys[k],
                        kind="name" if nm == names[k] else "alias",
                    )
                )
                first_sentence.setdefault(k, si)
                text += nm
            sentences.append(Sentence(index=si, start=start, end=start + len(text), text=text))
            mentions += sm
            parts.append(text)
            pos = start + len(text) + 1
            if att.source != "reporter" or att.hedged:
                anns.append(
                    SentenceAnnotation(
                        sentence=si, attributions=[att] if att.source != "reporter" else [], effective=att
                    )
                )
            for item in (events, roles, ties):
                if item and "sentence" not in item[-1]:
                    item[-1]["sentence"] = si
        body = " ".join(parts)
        for k in ks:  # every cast member is named at least once
            first_sentence.setdefault(k, 0)
        actors = [
            Actor(
                key=keys[k],
                type=types[k],
                name=names[k],
                aliases=[Alias(name=names[k], sentence=first_sentence[k])]
                + (
                    [Alias(name=names[k].split()[-1], kind="surname", sentence=first_sentence[k])]
                    if types[k] == "person"
                    else []
                ),
            )
            for k in ks
        ]
        title = f"{names[ks[0]]} and {names[ks[1]]}: talks in {names[places[0]]}"
        art = Article(
            text=body,
            title=title,
            published=published,
            publisher=rng.choice(OUTLETS),
            url=f"https://bench.example/{i:07d}",
            origin=f"bench:{i}",
        )
        return Extraction(
            article=art,
            sentences=sentences,
            actors=actors,
            mentions=mentions,
            annotations=anns,
            roles=[Role(**r) for r in roles],
            ties=[Tie(**t) for t in ties],
            events=[
                Event(
                    type=e["type"],
                    source=e["source"],
                    target=e["target"],
                    location=e["location"],
                    time=e["time"],
                    negated=e["negated"],
                    attribution=e["attribution"],
                    sentence=e["sentence"],
                    trigger=Span(start=0, end=len(e["trigger"]), text=e["trigger"]),
                )
                for e in events
            ],
        )

    def batches(self, n: int, batch: int):
        """The articles 0..n-1, in lists of ``batch`` (generated in order: the cast grows as it goes)."""
        self.span = n
        for lo in range(0, n, batch):
            yield [self.article(i) for i in range(lo, min(n, lo + batch))]

    def build(
        self,
        store,
        n: int,
        *,
        batch: int = 100,
        progress: bool = True,
        aggregates: bool = True,
        skip: int = 0,
        real_resolver: bool = False,
    ) -> float:
        """Write n articles, ``batch`` per transaction, the aggregates counted in per transaction
        (``store.aggregates.batched``). The articles are generated in a second process while the
        first writes (the generator costs about a quarter of the writer's time). ``skip``: the first
        articles are already stored (a build that was stopped resumes: they are generated again, so
        that the cast grows as before, but not written). ``real_resolver``: match actors with the store's
        resolver instead of :class:`GeneratedActors` (the same entities, slower)."""
        from newsgraph.store import aggregates as agg
        from newsgraph.store.writer import write_in

        t0 = time.perf_counter()
        done = 0
        resolver = store.resolver
        if not real_resolver:
            with store.read() as conn:
                resolver = GeneratedActors(conn)
        for exts in _produced(self, n, batch, skip):
            if isinstance(exts, int):  # a batch already stored: generated (the cast grows), not sent
                done += exts
                continue
            with store.write() as conn:
                conn.info["kb_off"] = not aggregates
                with agg.batched(conn):
                    for ext in exts:
                        write_in(conn, ext, resolver=resolver)
                conn.info.pop("kb_off", None)
            done += len(exts)
            if progress and (done // batch) % 20 == 1:
                el = time.perf_counter() - t0
                print(f"  {done:>7,} articles  {el:7.1f}s  ({done / el:.0f}/s)", file=sys.stderr, flush=True)
        return time.perf_counter() - t0


def _produce(gen: "Generator", n: int, batch: int, skip: int, q, parent: int) -> None:
    import itertools
    import os
    import queue

    done = 0
    for exts in itertools.chain(gen.batches(n, batch), [None]):
        if exts is not None and done + len(exts) <= skip:
            done += len(exts)
            exts = len(exts)  # stored already: only the count goes to the writer
        elif exts is not None:
            done += len(exts)
        while True:
            try:
                q.put(exts, timeout=5)
                break
            except queue.Full:
                if os.getppid() != parent:  # the writer was stopped: so is this
                    return


def _produced(gen: "Generator", n: int, batch: int, skip: int = 0):
    """The batches of gen, made in a child process (fork) a few batches ahead of the writer."""
    import multiprocessing as mp
    import os

    ctx = mp.get_context("fork")
    q = ctx.Queue(maxsize=8)
    proc = ctx.Process(target=_produce, args=(gen, n, batch, skip, q, os.getpid()), daemon=True)
    proc.start()
    try:
        while (exts := q.get()) is not None:
            yield exts
    finally:
        proc.kill()
        proc.join()


def _fast_reads(store) -> None:
    """A build-time setting of this process's connections: SQLite reads the file through a memory map
    and keeps a larger page cache (the store grows to gigabytes; its index pages are read on every
    article). Nothing about the stored data changes."""
    from sqlalchemy import event

    if store.dialect != "sqlite":
        return

    @event.listens_for(store.engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA mmap_size=17179869184")
        cur.execute("PRAGMA cache_size=-262144")
        cur.close()

    store.engine.dispose()


def stored(db: Path) -> int:
    """How many articles a (partly built) store at db holds."""
    import sqlite3

    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        try:
            return int(c.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.Error:
            return 0


def ensure(db: Path, n: int, *, aggregates: bool = True) -> dict:
    """The cached knowledge base of n generated articles at db (built when missing or different; a
    build that was stopped is resumed where it stopped)."""
    from newsgraph.service import open_store

    meta_path = db.with_name(db.name + ".json")
    want = {"articles": n, "generator": GENERATOR_VERSION}
    skip = 0
    if db.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if all(meta.get(k) == v for k, v in want.items()):
            return meta
    elif db.exists():  # no record of a finished build: a stopped one, resumed
        skip = stored(db)
    if not skip:
        for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), meta_path):
            p.unlink(missing_ok=True)
    store = open_store(str(db))
    _fast_reads(store)
    secs = Generator().build(store, n, aggregates=aggregates, skip=skip)
    store.close()
    meta = dict(want, build_seconds=round(secs, 1), aggregates_on_write=aggregates, resumed_from=skip)
    meta_path.write_text(json.dumps(meta, indent=1))
    return meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path("bench100k.db"))
    ap.add_argument(
        "--no-aggregates", action="store_true", help="build the aggregates afterwards, from scratch"
    )
    a = ap.parse_args()
    print(json.dumps(ensure(a.db, a.articles, aggregates=not a.no_aggregates)))


if __name__ == "__main__":
    main()
