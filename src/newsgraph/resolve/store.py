"""The database-backed resolution step: an article's actor -> a stored entity id.

Order of authority:
1. an analyst's decision about this actor (a merge or split that moved an actor of this document,
   by URL, so that it holds for every later version; an alias the analyst gave an entity) wins;
2. otherwise the matcher (:mod:`newsgraph.resolve.match`) over the candidates the blocking keys
   find, minus every entity an analyst said this name is *not* (split, alias removed);
3. otherwise a new entity.

The writer resolves an article's actors as one batch (:func:`resolving`; one query per actor was
measured to cost more than the rest of storing an article): the blocking keys, the candidates'
names and the ids new entities would take are read for all the actors in a few queries, what each
actor's resolution adds (keys, names, new entities) is kept in memory for the article's later
actors, and the new entities and keys are written in one statement each when the
batch ends. This reads what resolving the actors one at a time would read: writers are serialised
(SQLite's write lock, PostgreSQL's advisory lock), so within the write transaction the store changes
only by the batch's own writes, which it keeps track of.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, or_, select, update

from ..model import Actor
from ..nlp.keys import WEAK_BLOCK_CAP, all_keys, fold, key_plan, parse_person
from ..store import insert_rows
from ..store import schema as s
from .match import NAMED_IN_FULL, Candidate, MatchResult, choose, person_profile, rival

NO_JUDGEMENTS = "newsgraph_no_judgements"
HISTORY_MIN = 2  # stored articles in which a name has another type before that type overrules the model's
_TYPED = ("person", "organization", "location")
_CHUNK = 500  # ids or keys per IN (...) list

_j, _ek, _e, _da, _al = s.judgements, s.entity_keys, s.entities, s.doc_actors, s.aliases
# the batch's queries, built once (their values are parameters: compiled once, cached)
_KEY_SIZES = (select(_ek.c.key, func.count()).where(_ek.c.key.in_(bindparam("keys", expanding=True)))
              .group_by(_ek.c.key))
_KEY_ROWS = select(_ek.c.key, _ek.c.entity_id).where(_ek.c.key.in_(bindparam("keys", expanding=True)))
_KEYS_OF = select(_ek.c.entity_id, _ek.c.key).where(_ek.c.entity_id.in_(bindparam("ids", expanding=True)))
_EXISTING = select(_e.c.id).where(_e.c.id.in_(bindparam("ids", expanding=True)))
_ENTITIES = select(_e.c.id, _e.c.type, _e.c.name).where(_e.c.id.in_(bindparam("ids", expanding=True)))
# each entity's distinct doc_actor names, in the order they were first stored (aliases are numbered as they
# are written, after their doc_actor): one row per name, not one per stored alias row, so the cost does
# not grow with the number of articles that name an entity
_first = func.min(_al.c.id)
_ENTITY_NAMES = (select(_da.c.entity_id, _al.c.name, _first).join(_da, _da.c.id == _al.c.doc_actor_id)
                 .where(_da.c.entity_id.in_(bindparam("ids", expanding=True)))
                 .group_by(_da.c.entity_id, _al.c.name).order_by(_da.c.entity_id, _first))
_JUDGED_NAMES = (select(_j.c.kind, _j.c.entity_a, _j.c.name, _j.c.detail)
                 .where(and_(_j.c.kind.in_(("alias_add", "alias_remove", "same", "not_same")),
                             _j.c.undone_at.is_(None), _j.c.entity_a.in_(bindparam("ids", expanding=True))))
                 .order_by(_j.c.id))
_DOC_ENTITIES = select(_da.c.entity_id).where(_da.c.document_id == bindparam("did"))
_ANY_JUDGEMENT = select(_j.c.id).limit(1)
# the rule as a literal in the SQL: SQLite uses a partial index (migration 41) only for a query whose
# WHERE names its condition's value, not a parameter
_JOINED_IN_FULL = select(_da.c.entity_id).where(and_(
    _da.c.entity_id.in_(bindparam("ids", expanding=True)),
    _da.c.rule == bindparam("rule", NAMED_IN_FULL, literal_execute=True)))


def _chunks(items: list) -> Iterator[list]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def note_judgements(conn: Connection) -> None:
    """Called by the writer at the start of its transaction: when no analyst decision is in force, the
    resolver skips its judgement queries for the rest of the transaction (writers are serialised and the
    write path adds no decision, so the answer cannot change under it)."""
    none = conn.execute(_ANY_JUDGEMENT).first() is None
    conn.info[NO_JUDGEMENTS] = conn.get_transaction() if none else None


def _judged(conn: Connection) -> bool:
    tx = conn.info.get(NO_JUDGEMENTS)
    return tx is None or tx is not conn.get_transaction()


def stored_names(actor: Actor) -> list[str]:
    """The names the writer stores for an actor (its alias rows): its aliases, else its name."""
    return [a.name for a in actor.aliases] or [actor.name]


@dataclass
class _Names:
    """An entity's names as resolution sees them, with the analysts' decisions about them."""
    type: str
    names: list[str]  # its name, then the names of its doc_actors, in the order they were stored
    # names an analyst added or merged in, oldest decision first
    extra: list[str] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)  # folded names an analyst removed (alias_remove)
    split_off: set[str] = field(default_factory=set)  # folded names an analyst said it is not (not_same)

    def add(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def current(self) -> list[str]:
        """Its names, the analysts' added, minus those they removed."""
        out = list(self.names)
        for n in self.extra:
            if n and n not in out:
                out.append(n)
        if not self.removed:
            return out
        return [n for n in out if fold(n) not in self.removed] or out[:1]

    def blocks(self, norms: set[str], main: str) -> bool:
        """An analyst said one of these names is not this entity (a split on any of them, or a
        removed alias that is the main name)."""
        return bool(self.split_off & norms) or main in self.removed


def _load_names(conn: Connection, entity_ids: Iterable[str], judged: bool) -> dict[str, _Names]:
    """The stored entities among these ids with their names: their doc_actors' names and aliases, and
    (when analysts' decisions are in force) the names analysts added, merged in, removed or split off."""
    out: dict[str, _Names] = {}
    for chunk in _chunks(sorted(set(entity_ids))):
        for eid, etype, name in conn.execute(_ENTITIES, {"ids": chunk}):
            out[eid] = _Names(etype, [name])
        for eid, alias, _first_id in conn.execute(_ENTITY_NAMES, {"ids": chunk}):
            if eid in out:
                out[eid].add(alias)
        if not judged:
            continue
        for kind, eid, name, detail in conn.execute(_JUDGED_NAMES, {"ids": chunk}):
            n = out.get(eid)
            if n is None:
                continue
            if kind == "alias_remove":
                n.removed.add(fold(name))
            elif kind == "not_same":
                n.split_off.add(fold(name))
            elif kind == "alias_add":
                n.extra.append(name)
            else:
                n.extra.extend(json.loads(detail or "{}").get("names", []))
    return out


def entity_names(conn: Connection, entity_ids: list[str]) -> dict[str, tuple[str, list[str]]]:
    """id -> (type, names) for the candidates: their doc_actors' names and aliases, names the analyst
    added or merged in, minus names the analyst removed."""
    return {eid: (n.type, n.current()) for eid, n in _load_names(conn, entity_ids, _judged(conn)).items()}


def doc_key(conn: Connection, document_id: str) -> str:
    """What identifies a document across its versions: its URL, else its id (cached for the transaction)."""
    tx = conn.get_transaction()
    cache: tuple[Any, dict[str, str]] | None = conn.info.get("newsgraph_doc_keys")
    if cache is None or cache[0] is not tx:
        cache = conn.info["newsgraph_doc_keys"] = (tx, {})
    if document_id not in cache[1]:
        url = conn.execute(select(s.documents.c.url).where(s.documents.c.id == document_id)).scalar()
        cache[1][document_id] = url or document_id
    return cache[1][document_id]


def live_entity(conn: Connection, entity_id: str, new: Mapping[str, str] | None = None) -> str | None:
    """The entity an id now stands for, following later merges; None when it is gone. ``new``: the
    entities (id -> type) created in this transaction and not written yet."""
    new = new or {}
    seen = set()
    eid: str | None = entity_id
    while eid and eid not in seen:
        seen.add(eid)
        if eid in new or conn.execute(select(s.entities.c.id).where(s.entities.c.id == eid)).first():
            return eid
        eid = conn.execute(select(s.judgements.c.entity_a).where(and_(
            s.judgements.c.kind == "same", s.judgements.c.undone_at.is_(None),
            s.judgements.c.entity_b == eid))
            .order_by(s.judgements.c.id.desc()).limit(1)).scalar()
    return None


def decided_entity(conn: Connection, actor: Actor, document_id: str,
                   new: Mapping[str, str] | None = None) -> tuple[str, MatchResult] | None:
    """The entity an analyst's decision puts this actor in, if any (the latest decision wins): a merge
    or split that moved this actor of this document (by URL, so every later version too), or an
    alias the analyst gave an entity that is this actor's name. One query. ``new``: the entities
    (id -> type) created in this transaction and not written yet."""
    if not _judged(conn):
        return None
    new = new or {}
    key = doc_key(conn, document_id)
    main = fold(actor.name)
    j = s.judgements
    rows = conn.execute(select(j.c.id, j.c.kind, j.c.entity_a, j.c.entity_b, j.c.detail, j.c.author,
                               j.c.reason)
                        .where(and_(j.c.undone_at.is_(None), or_(
                            and_(j.c.kind.in_(("same", "not_same")), j.c.detail.contains(json.dumps(key))),
                            and_(j.c.kind == "alias_add", j.c.norm == main))))
                        .order_by(j.c.id.desc())).all()
    for r in rows:
        if r.kind == "alias_add":
            etype = new[r.entity_a] if r.entity_a in new else \
                conn.execute(select(s.entities.c.type).where(s.entities.c.id == r.entity_a)).scalar()
            if etype == actor.type:
                return r.entity_a, MatchResult(1.0, "analyst", f"analyst decision #{r.id}: {actor.name!r} "
                                                               f"is an alias given by {r.author}")
            continue
        detail = json.loads(r.detail or "{}")
        for moved in [*detail.get("moved", []), *detail.get("partial", [])]:
            if moved.get("doc_key") == key and moved.get("type", actor.type) == actor.type \
                    and main in set(moved.get("norms", [])):
                target = r.entity_a if r.kind == "same" else r.entity_b
                eid = live_entity(conn, target, new) if target else None
                if eid:
                    verb = "merge" if r.kind == "same" else "split"
                    return eid, MatchResult(1.0, "analyst", f"analyst decision #{r.id} ({verb} by {r.author}"
                                                            f"{': ' + r.reason if r.reason else ''})")
    return None


def split_names(conn: Connection, document_id: str) -> set[tuple[str, str]]:
    """(type, folded name) of the names an analyst split off an article actor of this document (any version
    of it, by URL) that went by other names too: the writer carves them out of a new version's actor the
    same way, and :func:`decided_entity` puts them where the split put them."""
    if not _judged(conn):
        return set()
    key = doc_key(conn, document_id)
    j = s.judgements
    out: set[tuple[str, str]] = set()
    for (detail,) in conn.execute(select(j.c.detail).where(and_(
            j.c.kind == "not_same", j.c.undone_at.is_(None), j.c.detail.contains(json.dumps(key))))):
        for part in json.loads(detail or "{}").get("partial", []):
            if part.get("doc_key") == key:
                out.update((part.get("type", ""), n) for n in part.get("norms", []))
    return out


# ---------------------------------------------------------------- an article's actors, as one batch
_ACTIVE = "newsgraph_article_resolution"


@contextlib.contextmanager
def resolving(conn: Connection, document_id: str, actors: list[Actor], *,
              new_document: bool = False) -> Iterator[ArticleResolution]:
    """Resolve an article's actors as one batch: :func:`resolve_actor` calls for this document inside
    the block share the batch; its new entities and keys are written when the block ends (before the
    caller stores the doc_actors that point at them). ``new_document``: the document was inserted in
    this transaction, so it has no doc_actors yet."""
    batch = ArticleResolution(conn, document_id, actors, new_document=new_document)
    outer = conn.info.get(_ACTIVE)  # a batch for another document stays the connection's after this one
    conn.info[_ACTIVE] = batch
    try:
        yield batch
        batch.flush()
    finally:
        if outer is None:
            conn.info.pop(_ACTIVE, None)
        else:
            conn.info[_ACTIVE] = outer


def resolve_actor(conn: Connection, actor: Actor, document_id: str) -> tuple[str, MatchResult | None]:
    """The entity id for an article's actor: the best stored candidate over the threshold, or a new
    entity. Returns the id and the match that justified it (None for a new entity). Inside
    :func:`resolving` the actor joins the article's batch; otherwise it is resolved and written at once."""
    batch = conn.info.get(_ACTIVE)
    if batch is not None and batch.conn is conn and batch.tx is conn.get_transaction() \
            and batch.document_id == document_id:
        return batch.resolve(actor)
    with resolving(conn, document_id, [actor]) as batch:
        return batch.resolve(actor)


class ArticleResolution:
    """The resolution of one article's actors in the writer's transaction (see the module docstring)."""

    def __init__(self, conn: Connection, document_id: str, actors: list[Actor], *,
                 new_document: bool = False):
        self.conn, self.tx, self.document_id = conn, conn.get_transaction(), document_id
        self.judged = _judged(conn)
        # lookup key -> every entity filed under it (stored, and filed by this batch); a weak key filed
        # under more than WEAK_BLOCK_CAP stored entities is not read (it is "crowded")
        self.filed: dict[str, set[str]] = {}
        self.crowded: set[str] = set()
        self.added: dict[str, set[str]] = defaultdict(set)  # key -> entities this batch filed under it
        self.keys_of: dict[str, set[str]] = defaultdict(set)  # entity -> keys this batch filed it under
        self.new_keys: list[tuple[str, str]] = []  # (entity, key) as this batch filed them, in order
        # entity -> its names: stored entities read once, then kept current
        self.names: dict[str, _Names] = {}
        self.created: dict[str, dict] = {}  # id -> row of the entities this batch creates, in order
        self.taken: dict[str, bool] = {}  # entity id -> whether an entity has it (stored or created here)
        self.plans: dict[tuple, tuple[frozenset[str], frozenset[str]]] = {}  # (type, *names) -> lookup keys
        # entity -> whether a full name joined it (rule NAMED_IN_FULL), as read; within the batch only a
        # parting (_part) changes that, and it forgets them
        self.in_full: dict[str, bool] = {}
        self.same_doc: set[str] = set() if new_document else \
            set(conn.execute(_DOC_ENTITIES, {"did": document_id}).scalars())
        self.actors = actors
        self._read(actors)

    def _plan(self, actor: Actor) -> tuple[list[str], frozenset[str], frozenset[str]]:
        names = [n for n in actor.alias_names() if n and n.strip()]
        plan = self.plans.get((actor.type, *names))
        if plan is None:
            plan = self.plans[(actor.type, *names)] = key_plan(names, actor.type, lookup=True)
        return names, *plan

    def _read(self, actors: list[Actor]) -> None:
        """Read what resolving these actors needs and the batch does not know yet: the entities filed
        under their lookup keys, those entities' names, whether the ids of their new entities are taken."""
        conn = self.conn
        plans = [self._plan(a) for a in actors]
        strong = set().union(*(p[1] for p in plans)) - self.filed.keys()
        weak = set().union(*(p[2] for p in plans)) - self.filed.keys() - self.crowded - strong
        for chunk in _chunks(sorted(weak)):
            self.crowded.update(k for k, n in conn.execute(_KEY_SIZES, {"keys": chunk}) if n > WEAK_BLOCK_CAP)
        fetch = sorted(strong | (weak - self.crowded))
        for k in fetch:
            self.filed[k] = set(self.added.get(k, ()))
        for chunk in _chunks(fetch):
            for k, eid in conn.execute(_KEY_ROWS, {"keys": chunk}):
                self.filed[k].add(eid)
        # one read for the candidates' names and for whether the ids new entities would take are taken
        new_ids = ({_entity_id(f"{a.type}|{fold(a.name)}|{self.document_id}") for a in actors}
                   - self.taken.keys())
        self._read_names({eid for k in fetch for eid in self.filed[k]} | new_ids)
        self.taken.update((eid, eid in self.names) for eid in new_ids)

    def _read_names(self, entity_ids: set[str]) -> None:
        missing = entity_ids - self.names.keys()
        if missing:
            self.names.update(_load_names(self.conn, missing, self.judged))

    def resolve(self, actor: Actor) -> tuple[str, MatchResult | None]:
        names, strong, weak = self._plan(actor)
        if not (strong | weak) <= (self.filed.keys() | self.crowded):
            self._read([actor])  # an actor the batch was not given
        if self.judged:
            decided = decided_entity(self.conn, actor, self.document_id,
                                     {eid: row["type"] for eid, row in self.created.items()})
            if decided:
                self._file(decided[0], actor, names)
                return decided
        keys, weak_ok = set(strong), True
        for k in weak:
            if k in self.crowded or len(self.filed[k]) > WEAK_BLOCK_CAP:
                weak_ok = False
            else:
                keys.add(k)
        cands = sorted(set().union(*(self.filed[k] for k in keys)))
        found = None
        if cands:
            self._read_names(set(cands))
            if self.judged:
                norms, main = {fold(n) for n in names}, fold(actor.name)
                cands = [c for c in cands if not (c in self.names and self.names[c].blocks(norms, main))]
            info = {eid: (self.names[eid].type, self.names[eid].current())
                    for eid in cands if eid in self.names}
            if actor.type == "person" and self._parted(actor, names, info):
                return self.resolve(actor)
            found = choose(actor.type, names, [Candidate(eid, etype, enames, eid in self.same_doc)
                                               for eid, (etype, enames) in info.items()], allow_weak=weak_ok)
            if found and found[1].rule == NAMED_IN_FULL and self._rival_here(actor, names):
                found = None
        if found:
            self._file(found[0], actor, names + info[found[0]][1])
            return found
        if (history := self._by_history(actor)) is not None:
            eid, etype, m = history
            self._file(eid, actor.model_copy(update={"type": etype}), names)
            return eid, m
        eid = self._new_entity(actor)
        self._file(eid, actor, names)
        return eid, None

    def _rival_here(self, actor: Actor, names: list[str]) -> bool:
        """Another actor of this article is a person of the same surname with another given name: the
        surname alone of the earlier articles may be either of them."""
        pa = person_profile(names)
        return any(a is not actor and a.type == "person" and rival(pa, person_profile(a.alias_names()))
                   for a in self.actors)

    def _parted(self, actor: Actor, names: list[str], info: dict[str, tuple[str, list[str]]]) -> bool:
        """A full name whose surname is that of a stored person with another given name, who was named in
        full after articles that gave only the surname (rule NAMED_IN_FULL): the surname alone has become
        ambiguous, so that entity is parted again, its actors named in full going to an entity of their
        own and those known only by the surname staying where they were. True when something was parted
        (the batch has then forgotten what it read)."""
        pa = person_profile(names)
        if not pa.fulls:
            return False
        ids = sorted(eid for eid, (etype, enames) in info.items()
                     if etype == "person" and rival(pa, person_profile(enames)))
        if not ids:
            return False
        unread = [eid for eid in ids if eid not in self.in_full]
        if unread:
            hits = set(self.conn.execute(_JOINED_IN_FULL, {"ids": unread}).scalars())
            self.in_full.update((eid, eid in hits) for eid in unread)
        joined = [eid for eid in ids if self.in_full[eid]]
        for eid in joined:
            self._part(eid, f"another person of that surname, {actor.name!r}, was named later: the surname "
                            f"alone of the earlier articles may be either, so they stay apart")
        if not joined:
            return False
        self.filed, self.crowded, self.in_full = {}, set(), {}
        for eid in joined:
            self.names.pop(eid, None)
        return True

    def _part(self, eid: str, why: str) -> None:
        """Move the actors of ``eid`` that go by a full name to a new entity (see :meth:`_parted`)."""
        conn = self.conn
        rows = conn.execute(select(_da.c.id, _da.c.name, _da.c.subtype, _da.c.rule)
                            .where(_da.c.entity_id == eid).order_by(_da.c.id)).all()
        aliases: dict[int, list[str]] = defaultdict(list)
        for da_id, name in conn.execute(select(_al.c.doc_actor_id, _al.c.name)
                                        .where(_al.c.doc_actor_id.in_([r.id for r in rows]))):
            aliases[da_id].append(name)
        full = [r for r in rows if any(f.full for n in [r.name, *aliases[r.id]] for f in parse_person(n))]
        if not full or len(full) == len(rows):
            return
        new_id = new_entity(conn, "person", full[0].subtype, full[0].name,
                            seed=f"parted|{eid}|{self.document_id}")
        conn.execute(update(_da).where(_da.c.id.in_([r.id for r in full])).values(entity_id=new_id))
        conn.execute(update(_da).where(and_(_da.c.entity_id == new_id, _da.c.rule == NAMED_IN_FULL))
                     .values(rule="new", score=None, explanation=f"parted from {eid}: {why}"))
        rebuild_keys(conn, eid)
        rebuild_keys(conn, new_id)
        self.taken[new_id] = True
        from ..store import aggregates

        if not conn.info.get("kb_off"):
            aggregates._flush(conn)  # a batched load counts its stored documents in first (as on_remove does)
            aggregates.refresh(conn, {eid, new_id})
            # and their suggestions again once the article is stored (its actor makes the surname ambiguous)
            conn.info.setdefault("kb_names_changed", set()).update((eid, new_id))

    def _by_history(self, actor: Actor) -> tuple[str, str, MatchResult] | None:
        """Typing by the knowledge base's own history of a name: an actor of two words or more whose
        exact name is, in HISTORY_MIN stored articles or more, one entity of another type (and no
        entity of its own type) is that entity; the model's type for this one article is overruled
        ("Boko Haram" read as a person once, an organisation everywhere else)."""
        main = fold(actor.name)
        if actor.type not in _TYPED or len(main.split()) < 2:
            return None
        keys: dict[str, str] = {}
        for other in _TYPED:
            if other != actor.type:
                for k in key_plan([actor.name], other, lookup=True)[0]:
                    keys[k] = other
        if not keys:
            return None
        eids = {eid for k in keys for eid in self.added.get(k, ())}
        for chunk in _chunks(sorted(keys)):
            eids.update(eid for _k, eid in self.conn.execute(_KEY_ROWS, {"keys": chunk}))
        self._read_names(eids)
        hits = [eid for eid in sorted(eids) if eid in self.names and eid not in self.same_doc
                and self.names[eid].type != actor.type
                and main in {fold(n) for n in self.names[eid].current()}
                and not self.names[eid].blocks({main}, main)]
        if len(hits) != 1:
            return None
        n = self.conn.execute(select(func.count(func.distinct(_da.c.document_id)))
                              .where(_da.c.entity_id == hits[0])).scalar() or 0
        if n < HISTORY_MIN:
            return None
        etype = self.names[hits[0]].type
        return hits[0], etype, MatchResult(
            0.95, "type_history", f"{actor.name!r} is a {etype} in {n} stored articles: the knowledge base's "
                                  f"history of the name overrules this article's reading ({actor.type})")

    def _new_entity(self, actor: Actor) -> str:
        base = f"{actor.type}|{fold(actor.name)}|{self.document_id}"
        eid, n = _entity_id(base), 0
        while self._taken(eid):
            n += 1
            eid = _entity_id(f"{base}|{n}")
        self.taken[eid] = True
        self.created[eid] = dict(id=eid, type=actor.type, subtype=actor.subtype, name=actor.name,
                                 created_at=dt.datetime.now(dt.timezone.utc))
        self.names[eid] = _Names(actor.type, [actor.name])
        return eid

    def _taken(self, eid: str) -> bool:
        if eid not in self.taken:
            self.taken[eid] = self.conn.execute(_EXISTING, {"ids": [eid]}).first() is not None
        return self.taken[eid]

    def _file(self, eid: str, actor: Actor, key_names: list[str]) -> None:
        """The actor is this entity: file the entity under the keys of these names, count the actor's
        stored names among the entity's, and the entity among the document's."""
        for k in sorted(all_keys(key_names, actor.type, lookup=False) - self.keys_of[eid]):
            self.keys_of[eid].add(k)
            self.new_keys.append((eid, k))
            self.added[k].add(eid)
            if k in self.filed:
                self.filed[k].add(eid)
        self._read_names({eid})  # an entity an analyst's decision named may not have been read
        if eid in self.names:
            for n in stored_names(actor):
                self.names[eid].add(n)
        self.same_doc.add(eid)

    def flush(self) -> None:
        """Write the entities and keys the batch created (the keys a stored entity had already aside)."""
        conn = self.conn
        if self.created:
            insert_rows(conn, s.entities, list(self.created.values()))
        if self.new_keys:
            have: set[tuple[str, str]] = set()
            for chunk in _chunks(sorted({e for e, _k in self.new_keys} - self.created.keys())):
                have.update((e, k) for e, k in conn.execute(_KEYS_OF, {"ids": chunk}))
            rows = [{"key": k, "entity_id": e} for e, k in self.new_keys if (e, k) not in have]
            insert_rows(conn, s.entity_keys, rows)
        self.created, self.new_keys = {}, []


def _entity_id(base: str) -> str:
    return "e" + hashlib.sha1(base.encode()).hexdigest()[:15]


def new_entity(conn: Connection, type_: str, subtype: str | None, name: str, *, seed: str) -> str:
    base = f"{type_}|{fold(name)}|{seed}"
    eid = _entity_id(base)
    n = 0
    while conn.execute(select(s.entities.c.id).where(s.entities.c.id == eid)).first():
        n += 1
        eid = _entity_id(f"{base}|{n}")
    conn.execute(s.entities.insert().values(id=eid, type=type_, subtype=subtype, name=name,
                                            created_at=dt.datetime.now(dt.timezone.utc)))
    return eid


def rebuild_keys(conn: Connection, entity_id: str) -> None:
    """File an entity under exactly the keys of the names it now goes by."""
    info = entity_names(conn, [entity_id]).get(entity_id)
    conn.execute(delete(s.entity_keys).where(s.entity_keys.c.entity_id == entity_id))
    if info:
        keys = all_keys(info[1], info[0], lookup=False)
        if keys:
            conn.execute(s.entity_keys.insert(), [{"key": k, "entity_id": entity_id} for k in sorted(keys)])


class StoreResolver:
    """The resolver the store's writer is given (``store.writer.Resolver``): this module's functions.
    The store calls resolution through it and never imports ``resolve``."""

    def fold(self, name: str) -> str:
        return fold(name)

    def note_judgements(self, conn: Connection) -> None:
        note_judgements(conn)

    def resolving(self, conn: Connection, document_id: str, actors: list[Actor], *,
                  new_document: bool = False) -> contextlib.AbstractContextManager[ArticleResolution]:
        return resolving(conn, document_id, actors, new_document=new_document)

    def resolve_actor(self, conn: Connection, actor: Actor, document_id: str
                      ) -> tuple[str, MatchResult | None]:
        return resolve_actor(conn, actor, document_id)

    def split_names(self, conn: Connection, document_id: str) -> set[tuple[str, str]]:
        return split_names(conn, document_id)


RESOLVER = StoreResolver()
