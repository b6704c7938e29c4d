"""Known actors: the countries of the Phoenix dictionary (petrarch2, MIT licence) with their names,
demonyms and places, as ``nlp/data/known_actors.yaml`` holds them (built by
``scripts/build_known_actors.py``), and armed groups with theirs (``nlp/data/known_groups.yaml``, built
by ``scripts/build_known_groups.py``), and places and bodies with theirs (``nlp/data/known_names.yaml``,
written by hand).

The extraction stages ask here whether a name is a country or one of its places and which country a
nationality adjective names; the resolver (:mod:`newsgraph.nlp.keys`) reads the same table to file
"US", "U.S." and "United States" under one key.
"""
from __future__ import annotations

import functools

from pydantic import BaseModel

from . import lexicon
from .names import key


class KnownActor(BaseModel):
    name: str
    type: str
    variants: list[str] = []


class KnownActors(BaseModel):
    """code -> a known actor and its variants; demonym -> country; the places listed under countries."""
    actors: dict[str, KnownActor]
    demonyms: dict[str, str] = {}
    places: list[str] = []


def table() -> KnownActors:
    return lexicon.load("known_actors.yaml", KnownActors)


def names_table() -> KnownActors:
    """Places and bodies whose names no spelling rule can tell are one (Bombay / Mumbai, the Bundestag / the
    German parliament): ``nlp/data/known_names.yaml``, written by hand."""
    return lexicon.load("known_names.yaml", KnownActors)


def groups_table() -> KnownActors:
    """Armed groups and the names that are theirs (ISIS / ISIL / the Islamic State), from the Phoenix
    militant non-state dictionary: ``nlp/data/known_groups.yaml`` (built by scripts/build_known_groups.py)."""
    return lexicon.load("known_groups.yaml", KnownActors)


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, a in table().actors.items():
        for n in [a.name, *a.variants]:
            out.setdefault(key(n.replace(".", "")), code)
    return out


@functools.lru_cache(maxsize=1 << 14)
def country_code(name: str) -> str | None:
    """The known country a name is one of the names of ("U.S." -> "USA"), or None."""
    return _codes().get(key((name or "").replace(".", "")))


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(key(p) for p in table().places)


def is_place(name: str) -> bool:
    """A city or province the dictionary lists under a country (Kabul, Kharkiv)."""
    return key(name) in _places()
