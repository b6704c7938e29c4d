"""Match scores with explanations, and the choice among candidates.

``score(a_type, a_names, b_type, b_names)`` compares two actors (each a type and every name it goes
by) and returns a :class:`MatchResult` (score, rule, explanation, weak) or None when nothing
matches or a safeguard forbids it. Rules:

- ``same_name``   a full name is the same once folded (case, apostrophes, al-/el-, titles)      1.0
- ``full_name``   every word of a full name agrees once transliteration is folded             0.90-0.99
                  (Qassem Suleimani ~ Qasem Soleimani); a person's given name and surname must
                  both agree, an organisation's words must align one to one
- ``kunya``       the same kunya (Abu Fadak) with an agreeing surname                          0.95
- ``acronym``     an acronym spells a full name of the other (PMU ~ Popular Mobilization Units) 0.93
- ``generic_word``the names differ only by a generic word (Badr ~ Badr Organization)           0.92
- ``party_members`` a party and its members (Social Democrats ~ Social Democratic Party)        0.92
- ``surname``     a one-word name (Khazali) or a bare kunya equals the other's surname/kunya:   0.90 weak
                  *weak* matches are only taken when exactly one stored entity qualifies.
- ``named_in_full`` a full name joins an entity known only by its surname (Assad, then Bashar    0.90 weak
                  Assad) when no other stored person has that surname or that word for a given name;
                  ``resolve.store`` parts the entity again when one arrives (Bill after Hillary Clinton)
- ``known_actor`` two names of one known country, armed group, place or body (Phoenix tables,   0.98
                  nlp/data/known_names.yaml: Bombay ~ Mumbai, the German parliament ~ the Bundestag)

Safeguards (return None):
- a person never matches an organisation (types must agree);
- a shared word is not identity: "Hezbollah", "Kata'ib Hezbollah" and "Harakat Hezbollah Al-Nujaba"
  do not match (containment is not equality);
- a different given name with the same surname does not match (Ali Khamenei != Mojtaba Khamenei),
  nor does a different middle name (Mohammed Baqir al-Hakim != Mohammed Ridha al-Hakim), nor the same
  given name with another surname (Ali Khamenei != Ali Al-Sistani);
- two actors whose full names are all known and disagree never match on a kunya or an acronym;
- a one-word name that is also a stored person's given name is not taken by itself (Paul: Justin Paul
  or Paul Ryan), nor is a bare given name of another article: a common given name of the region (a child
  called Hadi is not president Hadi), or a given name spelled otherwise (Rafael is not Raffael);
- two different known countries never match, however close the spelling (Guinea / Guyana).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..nlp.keys import (
    OrgName,
    PersonName,
    bare_place,
    fold,
    generic_institution,
    given_name_word,
    known_actor,
    known_group,
    known_name,
    other_words,
    parse_org,
    parse_person,
    party_words,
    tnorm,
    word_equiv,
    word_sim,
)

COMPATIBLE = {"person": {"person"}, "organization": {"organization"}, "location": {"location"},
              "group": {"group"}, "other": {"other"}}
THRESHOLD = 0.9
# the rules that put an actor in an entity that already holds another actor of the same article: the same
# name, and for places and organisations another spelling of every word (Kyiv / Kiev in one article);
# two people the article kept apart stay apart unless their names are the same
SAME_DOCUMENT_RULES = {"person": ("same_name", "known_actor"),
                       "location": ("same_name", "known_actor", "full_name", "generic_word"),
                       "organization": ("same_name", "known_actor", "full_name", "generic_word",
                                        "party_members")}


@dataclass(frozen=True)
class MatchResult:
    score: float
    rule: str
    explanation: str
    weak: bool = False  # taken only when no other stored entity qualifies


# ---------------------------------------------------------------- profiles
@dataclass(frozen=True)
class PersonProfile:
    fulls: tuple[PersonName, ...]
    kunyas: tuple[tuple[str, PersonName], ...]
    surnamed: tuple[PersonName, ...]  # forms with a surname (full, or kunya + surname)
    singles: tuple[PersonName, ...]


def person_profile(names: Iterable[str]) -> PersonProfile:
    return _person_profile(tuple(names))


@lru_cache(maxsize=1 << 16)  # a pure function of the names, asked for the same entities again and again
def _person_profile(names: tuple[str, ...]) -> PersonProfile:
    forms = [f for n in names for f in parse_person(n)]
    return PersonProfile(
        fulls=tuple(f for f in forms if f.full),
        kunyas=tuple((f.kunya, f) for f in forms if f.kunya),
        surnamed=tuple(f for f in forms if f.surname),
        singles=tuple(f for f in forms if f.single),
    )


def _kunya_equiv(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and wa[0] == wb[0] and all(word_equiv(x, y) for x, y in zip(wa[1:], wb[1:]))


def _middle_ok(a: PersonName, b: PersonName) -> bool:
    if not a.middle or not b.middle:
        return True
    short, long_ = sorted((a.middle, b.middle), key=len)
    return all(any(word_equiv(x, y) for y in long_) for x in short)


def _show(f: PersonName) -> str:
    return f.raw


def score_person(a: PersonProfile, b: PersonProfile) -> MatchResult | None:
    # 1. full names on both sides decide, one way or the other
    if a.fulls and b.fulls:
        best: MatchResult | None = None
        conflict: str | None = None
        for fa in a.fulls:
            for fb in b.fulls:
                # fulls holds only the forms with both a given name and a surname
                assert fa.given is not None and fa.surname is not None
                assert fb.given is not None and fb.surname is not None
                if not word_equiv(fa.surname, fb.surname):
                    continue
                if not word_equiv(fa.given, fb.given):
                    conflict = conflict or (f"same surname but a different given name: "
                                            f"{fa.raw!r} vs {fb.raw!r}")
                    continue
                if not _middle_ok(fa, fb):
                    conflict = conflict or (f"same given name and surname but another middle name: "
                                            f"{fa.raw!r} vs {fb.raw!r}")
                    continue
                if fold(_plain(fa)) == fold(_plain(fb)):
                    m = MatchResult(1.0, "same_name", f"both are called {_plain(fa)!r} once folded "
                                                     f"(case, apostrophes, al-, titles)")
                else:
                    sim = (word_sim(fa.given, fb.given) + word_sim(fa.surname, fb.surname)) / 2
                    sc = round(0.9 + 0.09 * sim - (0.02 if bool(fa.middle) != bool(fb.middle) else 0), 3)
                    m = MatchResult(max(sc, 0.9), "full_name",
                                    f"{fa.raw!r} ~ {fb.raw!r}: given name and surname agree once "
                                    f"transliteration is folded ({tnorm(fa.given)}~{tnorm(fb.given)}, "
                                    f"{tnorm(fa.surname)}~{tnorm(fb.surname)}), similarity {sim:.2f}")
                if best is None or m.score > best.score:
                    best = m
        if best:
            return best
        return None  # full names known on both sides and none agrees: no kunya or surname can overrule
    # 2. kunyas
    for ka, fa in a.kunyas:
        for kb, fb in b.kunyas:
            if not _kunya_equiv(ka, kb):
                continue
            # surnamed holds only the forms with a surname
            sa = [f.surname for f in a.surnamed if f.surname is not None]
            sb = [f.surname for f in b.surnamed if f.surname is not None]
            if sa and sb:
                if any(word_equiv(x, y) for x in sa for y in sb):
                    return MatchResult(0.95, "kunya", f"the same kunya {ka!r} ~ {kb!r} and an agreeing "
                                                      f"surname ({fa.raw!r} / {fb.raw!r})")
                continue
            return MatchResult(0.9, "kunya", f"the same kunya {ka!r} ~ {kb!r} ({fa.raw!r} / {fb.raw!r}); "
                                             f"no surname on one side", weak=True)
    # 3. surname-only: a one-word name (or a kunya + surname without a given name) against a surname
    for x, y in ((a, b), (b, a)):
        if x.fulls:
            continue
        for s in x.singles:
            assert s.single is not None  # singles holds only the one-word forms
            for f in y.surnamed:
                assert f.surname is not None  # surnamed holds only the forms with a surname
                if _one_word_equiv(s.single, f.surname):
                    return MatchResult(0.9, "surname",
                                       f"the one-word name {s.raw!r} is the surname of {f.raw!r}", weak=True)
            for f in y.singles:
                assert f.single is not None
                if _one_word_equiv(s.single, f.single):
                    rule = "same_name" if fold(s.raw) == fold(f.raw) else "surname"
                    return MatchResult(0.9, rule, f"the one-word name {s.raw!r} ~ {f.raw!r}", weak=True)
        for f in x.surnamed:
            if f.given is None and not (x.kunyas and y.kunyas):
                for g in y.surnamed:
                    assert f.surname is not None and g.surname is not None  # both from surnamed
                    if word_equiv(f.surname, g.surname):
                        return MatchResult(0.9, "surname", f"{f.raw!r} has no given name; its surname is "
                                                           f"that of {g.raw!r}", weak=True)
    return None


def _other_script(a: str, b: str) -> bool:
    return not (a.isascii() and b.isascii())


def _one_word_equiv(a: str, b: str) -> bool:
    """A one-word name is thin evidence: it matches a surname written the same once transliteration is
    folded (Qaani ~ Qa'ani ~ Ghaani, a name in Arabic script ~ its transliteration), never a merely
    similar word (John is not Johann)."""
    return a == b or tnorm(a) == tnorm(b) or _other_script(a, b) and word_equiv(a, b)


def given_name_of(single: str, p: PersonProfile) -> PersonName | None:
    """A full name of ``p`` whose given name is this one-word name (Paul for Paul Ryan): the word may
    name that person as well as the one whose surname it is."""
    for f in p.fulls:
        if f.given is not None and (f.given == single or tnorm(f.given) == tnorm(single)):
            return f
    return None


def _bare_given_name(pa: PersonProfile, pc: PersonProfile) -> str | None:
    """Why a one-word name is not taken in another article though it is the only one that qualifies, or
    None: a common given name of the region (Hadi, Abbas: a child of that name is not the president whose
    surname it is), or a given name spelled otherwise than the other's one-word name (Rafael is not
    Raffael: two people may go by similar given names, so the transliteration folding does not join
    them)."""
    if pa.fulls:
        return None
    for s in pa.singles:
        w = s.single
        if w is None or not w.isascii():
            continue
        if given_name_word(w, regional=True):
            return f"{s.raw!r} is also a common given name, which alone names no one"
        if not pc.fulls and given_name_word(w) and all(fold(s.raw) != fold(f.raw) for f in pc.singles):
            return f"{s.raw!r} is a given name, and the other is known only by another spelling of one"
    return None


def _named_in_full(full: PersonProfile, bare: PersonProfile) -> str | None:
    """The surname a full name shares with an actor known only by that surname, when nothing in the names
    speaks against joining them (the surname is no common given name of the region), else None."""
    for f in full.fulls:
        for s in bare.singles:
            if s.single is not None and f.surname is not None and _one_word_equiv(s.single, f.surname) \
                    and not given_name_word(s.single, regional=True):
                return f.surname
    return None


def rival(full: PersonProfile, pc: PersonProfile) -> bool:
    """Another person the surname alone may name: a full name with that surname and another given name, or
    one whose given name is that word (Kim: Jim Yong Kim, or Kim Jong Un written without its hyphen)."""
    return any(f.surname is not None and g.surname is not None and f.given is not None and g.given is not None
               and (word_equiv(f.surname, g.surname) and not word_equiv(f.given, g.given)
                    or _one_word_equiv(f.surname, g.given) and not word_equiv(f.surname, g.surname))
               for f in full.fulls for g in pc.fulls)


def _plain(f: PersonName) -> str:
    return " ".join([f.given or ""] + list(f.middle) + [f.surname or ""]).strip()


# ---------------------------------------------------------------- organisations and others
def _aligned(wa: Sequence[str], wb: Sequence[str], plural: bool = False) -> float | None:
    if len(wa) != len(wb) or not wa:
        return None
    sims = []
    for x, y in zip(wa, wb):
        if word_equiv(x, y):
            sims.append(word_sim(x, y))
            continue
        tx, ty = tnorm(x), tnorm(y)  # a plural: Houthis = Houthi, Brigades = Brigade
        if plural and len(min(tx, ty, key=len)) >= 4 and (tx == ty + "s" or ty == tx + "s"):
            sims.append(0.95)
            continue
        return None
    return sum(sims) / len(sims)


def _generic_nested(x: OrgName, y: OrgName) -> bool:
    """"Badr" ~ "Badr Organization", but never "Democratic Party" ~ "Democratic Movement": the generic
    words of one name are among the other's."""
    gx, gy = set(x.words) - set(x.core), set(y.words) - set(y.core)
    return gx <= gy or gy <= gx


def score_org(pa: Sequence[OrgName], pb: Sequence[OrgName], plural: bool = True) -> MatchResult | None:
    """(``plural``: a plural is the same name - Houthis, Brigades - for groups, never for places:
    the Americas are not America.)"""
    # "Parliament", "the Defense Ministry": every state has one; such a name never matches by itself
    fa = [o for o in pa if not o.acronym and not generic_institution(o.raw)]
    fb = [o for o in pb if not o.acronym and not generic_institution(o.raw)]
    best: MatchResult | None = None
    for x in fa:
        for y in fb:
            if fold(x.raw) == fold(y.raw):
                return MatchResult(1.0, "same_name",
                                   f"both are called {x.raw!r} once folded (case, apostrophes, al-)")
            sim = _aligned(x.words, y.words, plural=plural)
            nsim = _aligned(x.national or x.words, y.national or y.words, plural=plural) \
                if sim is None and (x.national or y.national) and len(x.words) >= 2 else None
            if nsim is not None:
                m = MatchResult(round(0.9 + 0.08 * nsim, 3), "full_name",
                                f"{x.raw!r} ~ {y.raw!r}: the same words once a nationality adjective is read "
                                f"as its country (known actors, Phoenix country dictionary)")
            elif x.words == y.words:
                m = MatchResult(0.97, "full_name",
                                f"{x.raw!r} ~ {y.raw!r}: the same words once designators that translate "
                                f"each other (forces/units) are read as one")
            elif sim is not None:
                m = MatchResult(round(0.9 + 0.09 * sim, 3), "full_name",
                                f"{x.raw!r} ~ {y.raw!r}: every word agrees once transliteration is folded, "
                                f"similarity {sim:.2f}")
            elif len(x.core) == 1 and len(y.core) == 1 and len(x.core[0]) >= 4 and x.words != y.words \
                    and _generic_nested(x, y) \
                    and (csim := _aligned(x.core, y.core, plural=plural)) is not None:
                m = MatchResult(0.92, "generic_word", f"{x.raw!r} ~ {y.raw!r}: the same name {x.core[0]!r} "
                                                      f"but for a generic word, similarity {csim:.2f}")
            elif not plural and (bare_place(x) == y.words or bare_place(y) == x.words):
                m = MatchResult(0.92, "generic_word", f"{x.raw!r} ~ {y.raw!r}: the same sea or ocean with "
                                                      f"and without the generic word")
            elif plural and (px := party_words(x)) and px == party_words(y) and _generic_nested(x, y) \
                    and "party" in set(x.words) | set(y.words):
                m = MatchResult(0.92, "party_members", f"{x.raw!r} ~ {y.raw!r}: a party and its "
                                                       f"members' name (-s and -ic read as one)")
            else:
                continue
            if best is None or m.score > best.score:
                best = m
    if best:
        return best
    if fa and fb:
        return None  # full names known on both sides and none agrees: an acronym cannot overrule
    for x in pa:
        if not x.acronym:
            continue
        for y in pb:
            if y.acronym == x.acronym:  # the knowledge base's own history of the name: US is US
                return MatchResult(1.0, "same_name", f"both are called {x.acronym!r}")
            if x.acronym in y.initials:
                return MatchResult(0.93 if len(x.acronym) >= 3 else 0.9, "acronym",
                                   f"{x.raw!r} is the acronym of {y.raw!r}", weak=len(x.acronym) < 3)
    for y in pb:
        if y.acronym and any(y.acronym in x.initials for x in fa):
            x = next(x for x in fa if y.acronym in x.initials)
            return MatchResult(0.93 if len(y.acronym) >= 3 else 0.9, "acronym",
                               f"{y.raw!r} is the acronym of {x.raw!r}", weak=len(y.acronym) < 3)
    return None


def score_other(a_names: Sequence[str], b_names: Sequence[str]) -> MatchResult | None:
    best = None
    for x in a_names:
        wx = other_words(x)
        for y in b_names:
            wy = other_words(y)
            if wx and wx == wy:
                return MatchResult(1.0, "same_name", f"both are called {x!r} once folded")
            sim = _aligned(wx, wy)
            if sim is not None and (best is None or 0.9 + 0.09 * sim > best.score):
                best = MatchResult(round(0.9 + 0.09 * sim, 3), "full_name",
                                   f"{x!r} ~ {y!r}: every word agrees once transliteration is folded")
    return best


def profile(type_: str, names: Sequence[str]):
    """What the scores compare, parsed once: a PersonProfile, parsed organisation names, or names.
    Shared, never changed: the same names give the same profile (the candidates of one entity are those
    of the next, and an ingest scores the same stored entities again and again)."""
    return _profile(type_, tuple(names))


@lru_cache(maxsize=1 << 16)
def _profile(type_: str, names: tuple[str, ...]):
    names = tuple(n for n in names if n and n.strip())
    if type_ == "person":
        return person_profile(names)
    if type_ in ("organization", "location"):
        return tuple(parse_org(n) for n in names)
    return names


def score_profiles(a_type: str, pa, b_type: str, pb) -> MatchResult | None:
    if b_type not in COMPATIBLE.get(a_type, {a_type}):
        return None
    if a_type == "person":
        if not (pa.fulls or pa.kunyas or pa.singles or pa.surnamed) or \
                not (pb.fulls or pb.kunyas or pb.singles or pb.surnamed):
            return None
        return score_person(pa, pb)
    if not pa or not pb:
        return None
    if a_type in ("location", "organization") and (m := score_known(
            pa, pb, lambda n: known_name(n, a_type), "known names table: a former or local name, a "
                                                     "parliament's own name")):
        return m
    if a_type == "location":
        if m := score_known(pa, pb):
            return m
        if _known_apart(pa, pb):
            return None
    if a_type == "organization" and (m := score_known(pa, pb, known_group, "Phoenix militant non-state "
                                                                          "dictionary")):
        return m
    if a_type in ("organization", "location"):
        return score_org(pa, pb, plural=a_type == "organization")
    return score_other(pa, pb)


def score_known(pa: Sequence[OrgName], pb: Sequence[OrgName], known=known_actor,
                source: str = "Phoenix country dictionary") -> MatchResult | None:
    """Two names of one known country (US / United States) or armed group (ISIL / the Islamic State), from
    the Phoenix dictionaries' tables."""
    for x in pa:
        kx = known(x.raw)
        if kx:
            for y in pb:
                ky = known(y.raw)
                if ky and ky[0] == kx[0]:
                    return MatchResult(0.98 if fold(x.raw) != fold(y.raw) else 1.0, "known_actor",
                                       f"{x.raw!r} and {y.raw!r} are both names of {kx[1]} "
                                       f"(known actors, {source})")
    return None


def _known_apart(pa: Sequence[OrgName], pb: Sequence[OrgName]) -> bool:
    """Both are known countries, and different ones: Guinea is not Guyana however close the spelling."""
    ka = {k[0] for x in pa if (k := known_actor(x.raw))}
    kb = {k[0] for y in pb if (k := known_actor(y.raw))}
    return bool(ka and kb) and not ka & kb


def score(a_type: str, a_names: Sequence[str], b_type: str, b_names: Sequence[str]) -> MatchResult | None:
    if b_type not in COMPATIBLE.get(a_type, {a_type}):
        return None
    return _assess(a_type, tuple(a_names), b_type, tuple(b_names)).match


@dataclass(frozen=True)
class _Pair:
    """What :func:`choose_with_near` needs to know of one candidate against the actor's names: all of it a
    pure function of the two types and name lists."""
    match: MatchResult | None
    given: str | None  # a full name of the candidate whose given name is the actor's one-word name
    rival: bool  # no match, and the candidate is another person of the actor's surname
    full_c: bool  # the candidate is a person named in full
    named_in_full: bool  # the actor's full name may join the candidate known only by its surname
    bare_given: str | None  # why the actor's one-word name is not taken alone (_bare_given_name)


@lru_cache(maxsize=1 << 16)  # the suggestions' upkeep scores the same pairs again for every write group
def _assess(a_type: str, a_names: tuple[str, ...], c_type: str, c_names: tuple[str, ...]) -> _Pair:
    pa, pc = _profile(a_type, a_names), _profile(c_type, c_names)
    m = score_profiles(a_type, pa, c_type, pc)
    if not (isinstance(pa, PersonProfile) and isinstance(pc, PersonProfile)):
        return _Pair(m, None, False, False, False, None)
    given = None
    if not pa.fulls and (m is None or m.weak):
        g = next((f for s in pa.singles if s.single and (f := given_name_of(s.single, pc))), None)
        given = g.raw if g is not None else None
    weak = m is not None and m.weak
    return _Pair(m, given, m is None and rival(pa, pc), bool(pc.fulls), weak and bool(_named_in_full(pa, pc)),
                 _bare_given_name(pa, pc) if weak else None)


# ---------------------------------------------------------------- choosing among candidates
# the rule of a full name joining an actor known only by its surname; undone when another person of that
# surname arrives (resolve.store)
NAMED_IN_FULL = "named_in_full"


def _held_back(m: MatchResult, why: str) -> MatchResult:
    return MatchResult(0.85, m.rule, m.explanation + (why or "; the stored actor has no given name, so a "
                                                      "full name does not join it by itself"), True)


Chosen = tuple[str, "MatchResult"]  # an entity id and the match that justifies it

@dataclass(frozen=True)
class Candidate:
    entity_id: str
    type: str
    names: list[str]
    same_document: bool = False  # already holds another actor of the article being resolved


def choose(a_type: str, a_names: list[str], candidates: Iterable[Candidate], *,
           allow_weak: bool = True) -> tuple[str, MatchResult] | None:
    """The candidate an actor is, or None for a new entity.

    The best strong match over the threshold wins; a weak match (a one-word name, a bare kunya) only
    when it is the only candidate that qualifies (``allow_weak=False`` when the caller already knows
    that more qualify than it looked at). An entity that already holds another actor of
    the same article is only taken on an identical full name: the article kept the two apart."""
    return choose_with_near(a_type, a_names, candidates, allow_weak=allow_weak)[0]


def choose_with_near(a_type: str, a_names: list[str], candidates: Iterable[Candidate], *,
                     allow_weak: bool = True) -> tuple[Chosen | None, list[Chosen]]:
    """:func:`choose`, and the candidates it did not take though they came close (a weak match that was
    not the only one, a full name against an entity known only by a surname): merge suggestions."""
    a_key = tuple(a_names)
    near: list[tuple[str, MatchResult]] = []
    strong: list[tuple[float, str, MatchResult]] = []
    weak: list[tuple[str, MatchResult]] = []
    weak_ids: set[str] = set()
    full_ids: set[str] = set()  # weak candidates known by a full name
    givens: dict[str, str] = {}  # stored entity -> the full name whose given name is the one-word name
    bare: list[tuple[str, MatchResult]] = []  # entities known only by the surname of this full name
    rivals: list[str] = []  # stored people of that surname with another given name
    compatible = COMPATIBLE.get(a_type, {a_type})
    pa = profile(a_type, a_key)
    full_a = isinstance(pa, PersonProfile) and bool(pa.fulls)
    for c in candidates:
        if c.type not in compatible:
            continue
        x = _assess(a_type, a_key, c.type, tuple(c.names))
        m = x.match
        if x.given is not None:
            givens[c.entity_id] = x.given
        if x.rival:
            rivals.append(c.names[0] if c.names else c.entity_id)
        if m is None or m.score < THRESHOLD:
            continue
        if m.weak and a_type == "person" and full_a and not x.full_c:
            # an actor known only by a surname ("Assad") in earlier articles: this full name joins it when
            # it is the only person of that surname (see below); "Clinton" may be Bill or Hillary
            if not c.same_document and x.named_in_full:
                bare.append((c.entity_id, m))
            else:
                near.append((c.entity_id, _held_back(m, "")))
            continue
        if m.weak and not c.same_document and x.bare_given:
            near.append((c.entity_id, _held_back(m, "; not taken: " + x.bare_given)))
            continue
        if m.weak:
            weak_ids.add(c.entity_id)
            if x.full_c:
                full_ids.add(c.entity_id)
            if not c.same_document:  # a one-word name the article kept apart stays apart (its coreference
                weak.append((c.entity_id, m))  # links "Moon" and "Xi" to Moon Jae-in and Xi Jinping itself)
            continue
        if c.same_document and m.rule not in SAME_DOCUMENT_RULES.get(a_type, ("same_name", "known_actor")):
            continue
        strong.append((m.score, c.entity_id, m))
    if strong:
        strong.sort(key=lambda t: (-t[0], t[1]))
        return (strong[0][1], strong[0][2]), near + [(e, _held_back(m, "")) for e, m in bare]
    if bare:
        if allow_weak and len(bare) == 1 and not rivals and not weak_ids:
            eid, m = bare[0]
            return (eid, MatchResult(m.score, NAMED_IN_FULL, m.explanation + "; the actor was known only by "
                                     "that surname, and no other stored person has it: named in full here",
                                     True)), near
        also = (f"the surname is also that of {', '.join(repr(r) for r in sorted(rivals)[:3])}" if rivals
                else f"{len(bare) + len(weak_ids)} stored entities qualify" if allow_weak
                else "too many stored people have that surname")
        near.extend((e, _held_back(m, "; not taken: " + also)) for e, m in bare)
    if givens and weak:
        # "Paul" is Justin Paul's surname and Paul Ryan's given name: the word alone cannot tell them apart
        also = ", ".join(repr(g) for g in sorted(set(givens.values()))[:3])
        for eid, m in weak:
            near.append((eid, MatchResult(0.85, m.rule, m.explanation + f"; not taken: the word is also the "
                                          f"given name of {also}", True)))
        return None, near
    if allow_weak and len(weak_ids) == 1 and weak:
        eid, m = weak[0]
        return (eid, MatchResult(m.score, m.rule, m.explanation + "; the only stored entity that qualifies",
                                 True)), near
    hit = [(e, m) for e, m in weak if e in full_ids] if allow_weak and len(full_ids) == 1 else []
    if hit and not full_a:
        # "Assad" against "Bashar Assad" and an entity known only as "Assad": the one full name it can be
        eid, m = hit[0]
        return (eid, MatchResult(m.score, m.rule, m.explanation + "; the only stored entity with a full name "
                                 "that qualifies", True)), near
    for eid, m in weak:
        near.append((eid, MatchResult(0.85, m.rule, m.explanation + f"; not taken: {len(weak_ids)} stored "
                                      "entities qualify", True)))
    return None, near
