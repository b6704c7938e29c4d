"""Which stored actors a name a user typed stands for: by id (a merged id answers with the actor it
was merged into), by a name or alias (minus the names an analyst removed), and by spelling variant
through the resolver's own folded keys ("Kataib Hizballah" finds Kataib Hezbollah).

One place for the CLI (`show`, `merge`, ...) and the API, so that they agree; an ambiguous name
gives every candidate, never a silent pick.
"""
from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from ..nlp.keys import all_keys, fold
from ..store import schema as s
from .match import score
from .store import entity_names, live_entity

TYPES = ("person", "organization", "location", "group", "other")


def _removed(conn: Connection, norm: str) -> set[str]:
    """Entities an analyst said do not go by this (folded) name."""
    j = s.judgements
    return set(conn.execute(select(j.c.entity_a).where(and_(
        j.c.kind == "alias_remove", j.c.undone_at.is_(None), j.c.norm == norm))).scalars())


def by_name(conn: Connection, name: str) -> set[str]:
    """Entities one of whose names (folded) is this name, or that an analyst gave it."""
    norm = fold(name)
    if not norm:
        return set()
    da, al, e = s.doc_actors, s.aliases, s.entities
    ids = set(conn.execute(select(da.c.entity_id).join(al, al.c.doc_actor_id == da.c.id)
                           .where(s.aliases.c.norm == norm)).scalars())
    ids |= set(conn.execute(select(e.c.id).where(func.lower(e.c.name) == name.lower())).scalars())
    ids |= set(conn.execute(select(s.judgements.c.entity_a).where(and_(
        s.judgements.c.kind == "alias_add", s.judgements.c.undone_at.is_(None),
        s.judgements.c.norm == norm))).scalars())
    return ids - _removed(conn, norm)


def by_variant(conn: Connection, name: str) -> set[str]:
    """Entities the resolver would match this name to, whatever its type: spelling and
    transliteration variants (Hizballah / Hezbollah), known names (U.S. / United States)."""
    found: set[str] = set()
    for type_ in TYPES:
        keys = sorted(all_keys([name], type_, lookup=True))
        if not keys:
            continue
        ek = s.entity_keys
        ids = set(conn.execute(select(ek.c.entity_id).where(ek.c.key.in_(keys))).scalars())
        if not ids or len(ids) > 200:
            continue
        for eid, (etype, enames) in entity_names(conn, sorted(ids)).items():
            if etype != type_:
                continue
            m = score(type_, [name], etype, enames)
            if m is not None and m.score >= 0.9:
                found.add(eid)
    return found - _removed(conn, fold(name))


def candidates(conn: Connection, ref: str) -> list[str]:
    """The entity ids a reference stands for: an id (followed through merges), else the entities
    called so, else the entities it is a spelling variant of."""
    ref = (ref or "").strip()
    if not ref:
        return []
    if conn.execute(select(s.entities.c.id).where(s.entities.c.id == ref)).first():
        return [ref]
    live = live_entity(conn, ref)
    if live:
        return [live]
    ids = by_name(conn, ref) or by_variant(conn, ref)
    return sorted(ids)


def find_entity(conn: Connection, ref: str) -> dict:
    """The one actor a reference stands for, as the read side gives it (``queries.entities``): an id
    (a merged id answers with the survivor), a name or alias, or a spelling variant. A name several
    actors go by is an error that lists them, unless exactly one of them has it as its main name."""
    from ..errors import AmbiguousName, NotFound
    from ..store import queries

    ids = candidates(conn, ref)
    if not ids:
        raise NotFound(f"no actor called {ref!r}", hint="`newsgraph actors` lists them")
    found = queries.entities(conn, ids, with_mentions=False)
    if len(found) > 1:
        exact = [e for e in found if e["name"].lower() == ref.strip().lower()]
        if len(exact) != 1:
            found.sort(key=lambda e: -e["mention_count"])
            raise AmbiguousName(f"{ref!r} names several actors: " + ", ".join(
                f"{e['id']} ({e['type']}, {e['name']})" for e in found[:8]))
        found = exact
    return queries.entities(conn, [found[0]["id"]])[0]
