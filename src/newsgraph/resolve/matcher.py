"""The resolver over an in-memory index: the same blocking keys, scores and choice as the store
step (:mod:`newsgraph.resolve.store`), without a database. Used by the benchmark and by batch jobs
that resolve many names at once.

    idx = Index()
    eid, match = idx.resolve("person", ["Esmail Qa'ani", "Qa'ani"])   # finds or creates
    idx.names(eid)
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Set as AbstractSet

from ..nlp.keys import WEAK_BLOCK_CAP, key_plan, parse_person
from .match import NAMED_IN_FULL, Candidate, MatchResult, PersonProfile, choose, profile, rival


class Index:
    def __init__(self) -> None:
        self._types: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        self._keys: dict[str, set[str]] = defaultdict(set)
        self._ids = itertools.count(1)
        # each resolve call (a "member": an article's actor) -> its names, its rule, its entity
        self._member: list[tuple[list[str], str | None]] = []
        self._entity_of: list[str] = []
        self._members: dict[str, list[int]] = defaultdict(list)
        self.scored = 0  # candidates scored, over the index's life (to see that blocking works)

    def __len__(self) -> int:
        return len(self._types)

    def names(self, entity_id: str) -> list[str]:
        return list(self._names[entity_id])

    def type(self, entity_id: str) -> str:
        return self._types[entity_id]

    def add(self, type_: str, names: list[str], entity_id: str | None = None) -> str:
        """File a new entity (no matching)."""
        eid = entity_id or f"e{next(self._ids)}"
        self._types[eid] = type_
        self._names[eid] = []
        self._attach(eid, names)
        return eid

    def _attach(self, eid: str, names: list[str]) -> None:
        have = self._names[eid]
        new = [n for n in names if n and n not in have]
        if not new:
            return
        have.extend(new)
        strong, weak = key_plan(have, self._types[eid], lookup=False)
        for k in strong | weak:
            self._keys[k].add(eid)

    def candidates(self, type_: str, names: list[str]) -> tuple[set[str], bool]:
        """The entities to score, and whether weak matches are still possible (False when a weak
        key is filed under so many entities that a one-word name cannot be unique)."""
        strong, weak = key_plan(names, type_, lookup=True)
        out: set[str] = set()
        weak_ok = True
        for k in strong:
            ids = self._keys.get(k)
            if ids:
                out |= ids
        for k in weak:
            ids = self._keys.get(k)
            if ids:
                if len(ids) > WEAK_BLOCK_CAP:
                    weak_ok = False
                else:
                    out |= ids
        return out, weak_ok

    def match(self, type_: str, names: list[str], *, exclude: AbstractSet[str] = frozenset(),
              same_document: AbstractSet[str] = frozenset()) -> tuple[str, MatchResult] | None:
        """The entity these names belong to, or None (nothing is changed)."""
        ids, weak_ok = self.candidates(type_, names)
        cands = [Candidate(e, self._types[e], self._names[e], e in same_document)
                 for e in sorted(ids) if e not in exclude]
        self.scored += len(cands)
        return choose(type_, names, cands, allow_weak=weak_ok)

    def resolve(self, type_: str, names: list[str]) -> tuple[str, MatchResult | None]:
        """Find the entity for these names and file them under it, or create one. Resolve call number n
        (from 0) is an actor whose entity :meth:`entity_of` gives (a later parting may move it)."""
        names = [n for n in names if n and n.strip()]
        if type_ == "person":
            self._part_rivals(names)
        found = self.match(type_, names)
        if found:
            self._attach(found[0], names)
            eid, m = found
        else:
            eid, m = self.add(type_, names), None
        self._members[eid].append(len(self._member))
        self._member.append((names, m.rule if m else None))
        self._entity_of.append(eid)
        return eid, m

    def entity_of(self, n: int) -> str:
        """The entity of the n-th resolved actor now."""
        return self._entity_of[n]

    def _part_rivals(self, names: list[str]) -> None:
        """As the store does (resolve.store): an entity that a full name joined while it was known only by
        its surname is parted when another person of that surname arrives."""
        pa = profile("person", names)
        if not isinstance(pa, PersonProfile) or not pa.fulls:
            return
        ids, _weak_ok = self.candidates("person", names)
        for eid in sorted(ids):
            if self._types[eid] == "person" and rival(pa, profile("person", self._names[eid])) \
                    and any(self._member[n][1] == NAMED_IN_FULL for n in self._members[eid]):
                self._part(eid)

    def _part(self, eid: str) -> None:
        full = [n for n in self._members[eid]
                if any(f.full for x in self._member[n][0] for f in parse_person(x))]
        keep = [n for n in self._members[eid] if n not in full]
        if not full or not keep:
            return
        moving = {x for n in full for x in self._member[n][0]} - {x for n in keep for x in self._member[n][0]}
        strong, weak = key_plan(self._names[eid], "person", lookup=False)
        for k in strong | weak:
            self._keys[k].discard(eid)
        rest = [x for x in self._names[eid] if x not in moving]
        self._names[eid] = []
        self._attach(eid, rest)
        new = self.add("person", [x for n in full for x in self._member[n][0]])
        for n in full:
            self._entity_of[n] = new
            names, rule = self._member[n]
            self._member[n] = (names, None if rule == NAMED_IN_FULL else rule)
        self._members[eid], self._members[new] = keep, full
