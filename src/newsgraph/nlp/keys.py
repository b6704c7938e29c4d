"""Name folding, transliteration-folded word forms, name parsing and blocking keys.

Three levels of "the same spelling":

    fold("Esmail Qa’ani")   -> "esmail qaani"     case, diacritics, apostrophes, hyphens, al-/el- off
    tnorm("qaani")          -> "kani"             a transliteration-folded word: gh/q/k, e/i, o/u, doubled
                                                  letters, dh/th, y/i ... (Qa'ani = Qaani = Ghaani)
    skel("qaani")           -> "kn"               the consonant skeleton (a vowel-initial word keeps a V mark)

Two words are *equivalent* when their skeletons agree and their folded forms are close
(:func:`word_equiv`): Esmail ~ Ismail, Qasem ~ Qassem ~ Ghasem, Hezbollah ~ Hizballah ~ Hizbullah,
Muhandis ~ Mohandes, but Ali !~ Ala, Hassan !~ Hussein, Muhammad !~ Mahmoud.

Blocking keys are built from skeletons (see :func:`register_keys` / :func:`lookup_keys`): every
pair of names the matcher can accept shares at least one key, so only a handful of stored
entities are scored for each new actor however large the knowledge base is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from anyascii import anyascii
from pydantic import BaseModel
from rapidfuzz.distance import Levenshtein

from .known import KnownActors

_DROP = re.compile(r"[’‘'`´ʼʻʿʾ\".()\[\]]")
_SEP = re.compile(r"[\s\-‐-―_/,;:]+")
_ABJAD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0590-\u05ff]")  # Arabic, Persian, Hebrew


@lru_cache(maxsize=1)
def _fold_titles() -> tuple[str, ...]:
    return tuple(t + " " for t in _name_parts().fold_titles)


@lru_cache(maxsize=1 << 18)
def fold(name: str) -> str:
    """Case, diacritics, apostrophes, hyphens and the article al-/el- folded away (the stored norm)."""
    s = anyascii(name or "").lower()
    s = _DROP.sub("", s)
    s = _SEP.sub(" ", s).strip()
    for t in _fold_titles():
        if s.startswith(t):
            s = s[len(t):]
    s = re.sub(r"\b(al|el|ul) ", "", s)
    return " ".join(s.split())


# ---------------------------------------------------------------- words
class NameParts(BaseModel):
    """nlp/data/name_parts.yaml: the words folding and parsing read inside names."""
    fold_titles: list[str]
    articles: set[str]
    sun_letters: dict[str, str]
    function_words: set[str]
    person_titles: set[str]
    kunya_markers: set[str]
    patronymics: set[str]
    generic_org_words: set[str]
    designator_synonyms: dict[str, str]
    generic_place_words: set[str] = set()


def _name_parts() -> NameParts:
    from . import lexicon

    return lexicon.load("name_parts.yaml", NameParts)


_P = _name_parts()
ARTICLES = _P.articles
_SUN = _P.sun_letters
FUNCTION_WORDS = _P.function_words
PERSON_TITLES = _P.person_titles
KUNYA_MARKERS = _P.kunya_markers
PATRONYMIC = _P.patronymics
GENERIC_ORG_WORDS = _P.generic_org_words
DESIGNATOR_SYNONYMS = _P.designator_synonyms
GENERIC_PLACE_WORDS = _P.generic_place_words


@lru_cache(maxsize=1 << 18)
def tnorm(word: str) -> str:
    """A folded word (lower-case ASCII) with its transliteration variance folded away."""
    t = word
    for p in ("abdul", "abdel", "abdol", "abdal", "abdil", "abdur", "abdar"):
        if t.startswith(p) and len(t) > len(p) + 2:
            t = "abd" + t[len(p):]
            break
    t = re.sub(r"(uddin|eddin|addin|oddin|iddin|aldin)$", "din", t)
    t = re.sub(r"is(ation|ations|e|es|ed)$", r"iz\1", t)  # British -ise: Mobilisation = Mobilization
    t = re.sub(r"(?<=[^aeiou])([ou])e(?=[^aeiou]|$)", r"\1", t)  # umlauts written out: Loew = Löw
    t = (t.replace("ph", "f").replace("gh", "q").replace("dh", "d").replace("th", "t").replace("kh", "x")
         .replace("sh", "$").replace("ch", "$").replace("zh", "j").replace("dj", "j"))
    t = t.replace("q", "k").replace("c", "k").replace("w", "v").replace("y", "i")
    t = t.replace("ou", "u").replace("ee", "i").replace("oo", "u").replace("e", "i").replace("o", "u")
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters, and the ii/aa/uu left by the steps above
    t = t.replace("ai", "i")  # the diphthong: Jaish = Jeish, Husain = Hussein, Sayyid = Seyed
    if len(t) > 3 and t.endswith("h") and t[-2] in "aiu":  # Fatemeh / Fatima, Allah / Alla
        t = t[:-1]
    return t


@lru_cache(maxsize=1 << 18)
def skel(word: str) -> str:
    """The consonant skeleton of a word; a word that starts with a vowel keeps a mark (Ahmad != Hamid)."""
    t = tnorm(word)
    if not t:
        return ""
    cons = re.sub(r"[aiu]", "", t)
    cons = re.sub(r"(.)\1+", r"\1", cons)
    return ("V" if t[0] in "aiu" else "") + cons


# folded word -> the word as written, for words written in another script than Latin (قاسم -> "qsm")
_SCRIPT_FORMS: dict[str, str] = {}


@lru_cache(maxsize=1 << 14)
def _name_symbols(word: str) -> frozenset[str]:
    """The person-name symbols rigour gives one word (Wikidata given/family-name items, nicknames):
    قاسم and Qasim share one. rigour loads its tables on first use, so it is only asked about words
    written in another script."""
    from rigour.names import NameTypeTag, analyze_names

    names = analyze_names(NameTypeTag.PER, [word], phonetics=False)
    return frozenset(str(sym) for n in names for sym in n.symbols)


def _cross_script_equiv(a: str, b: str) -> bool:
    """A word written in an abjad (Arabic, Persian: short vowels unwritten) is its transliteration when
    their consonant skeletons agree, and rigour's name symbols, when it knows both words, overlap."""
    ra, rb = _SCRIPT_FORMS.get(a), _SCRIPT_FORMS.get(b)
    if (ra is None) == (rb is None):
        return False
    sa, sb = skel(a).lstrip("V"), skel(b).lstrip("V")
    if sa != sb or len(sa) < 2:
        return False
    ya, yb = _name_symbols(ra or a), _name_symbols(rb or b)
    names_a = {x for x in ya if x.startswith("[NAME:")}
    names_b = {x for x in yb if x.startswith("[NAME:")}
    return not (names_a and names_b) or bool(names_a & names_b)


def word_equiv(a: str, b: str) -> bool:
    """Two folded words are transliterations of one word."""
    if a == b:
        return True
    ta, tb = tnorm(a), tnorm(b)
    if ta == tb:
        return True
    if _SCRIPT_FORMS and (a in _SCRIPT_FORMS or b in _SCRIPT_FORMS):
        return _cross_script_equiv(a, b)
    if skel(a) != skel(b) or max(len(ta), len(tb)) <= 4:  # short words: Ali != Ala, Nuri != Nura
        return False
    return Levenshtein.normalized_similarity(ta, tb) >= 0.8


def word_sim(a: str, b: str) -> float:
    return 1.0 if a == b else Levenshtein.normalized_similarity(tnorm(a), tnorm(b))


# ---------------------------------------------------------------- names
def _words(name: str) -> list[str]:
    """Folded words with the article (al-, el-, as-Sadr ...) taken off."""
    ws: list[str] = []
    for raw in _SEP.split(_DROP.sub("", name or "")):
        w = anyascii(raw).lower()
        w = _DROP.sub("", w)
        if not w:
            continue
        if not raw.isascii() and _ABJAD.search(raw):
            _SCRIPT_FORMS.setdefault(w, raw)
        ws.extend(x for x in _SEP.split(w) if x)
    out: list[str] = []
    for i, w in enumerate(ws):
        nxt = ws[i + 1] if i + 1 < len(ws) else ""
        if w in ARTICLES and nxt:
            continue
        if w in _SUN and nxt.startswith(_SUN[w]) and i > 0:
            continue
        if w.startswith(("al", "el")) and len(w) > 4 and w[2] == w[3] and w[2] in "stdnrz" and i > 0:
            w = w[2:]  # "Assadr"-like glued assimilated article: rare; keep it conservative
        out.append(w)
    # glue "X Allah" and "Abd X": Nasr Allah = Nasrallah, Abd al-Aziz = Abdulaziz, Ansar Allah = Ansarullah
    glued: list[str] = []
    for w in out:
        if glued and w in ("allah", "ullah", "illah", "alla") and glued[-1] not in KUNYA_MARKERS:
            glued[-1] = glued[-1] + "allah"
        elif glued and glued[-1] in ("abd", "abdul", "abdel", "abdol") and w not in FUNCTION_WORDS:
            glued[-1] = "abd" + w
        elif glued and w in ("din", "deen", "eddin", "uddin") and glued[-1] not in KUNYA_MARKERS:
            glued[-1] = glued[-1] + "din"
        else:
            glued.append(w)
    return glued


def is_acronym(name: str) -> bool:
    """PMU, AAH, IRGC, U.S.: short, upper case, no spaces."""
    s = (name or "").strip().replace(".", "")
    return 2 <= len(s) <= 7 and s.isalpha() and s.isupper()


def given_name_word(word: str, *, regional: bool = False) -> bool:
    """A folded one-word name that is a common given name: of the region (``regional``: given_names.yaml,
    where a word like Hadi or Abbas is first a given name), or of any origin (world_given_names.yaml:
    Rafael, Nicole)."""
    from . import names as nm

    return word in (nm.given_names() if regional else nm.world_given_names())


# "Moon Jae-in", "Kim Jong-un": a family name, then a given name of two syllables joined by a hyphen
_EAST_ASIAN = re.compile(r"^\s*[A-Z][a-z]{1,4}\s+[A-Z][a-z]{1,4}-[a-z]{1,4}\s*$")


# a pinyin word: syllables of an optional initial and a final ("Jinping" = jin + ping, "Keqiang" = ke + qiang)
_PINYIN = re.compile(r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|"
                     r"uan|ian|iao|ai|ei|ao|ou|an|en|in|un|er|ia|ie|iu|ua|uo|ui|ue|a|e|i|o|u|v))+$")


@lru_cache(maxsize=1)
def _chinese_family_names() -> frozenset[str]:
    from . import lexicon

    return lexicon.words("east_asian_names.yaml", "family_names")


def _east_asian_order(name: str) -> bool:
    """An East Asian name is written family name first: its surname is the first word, so that "Moon"
    (Moon Jae-in) never reads as the surname of Ban Ki-moon, and "Xi" is Xi Jinping's surname."""
    if _EAST_ASIAN.match(name):
        return True
    ws = name.split()
    return len(ws) == 2 and ws[0].istitle() and ws[1].istitle() and ws[0].lower() in _chinese_family_names() \
        and bool(_PINYIN.match(ws[1].lower()))


@dataclass(frozen=True)
class PersonName:
    raw: str
    given: str | None = None
    middle: tuple[str, ...] = ()
    surname: str | None = None
    kunya: str | None = None  # "abu fadak", words joined by a space
    single: str | None = None  # a one-word name: a surname, or a nom de guerre ("Hamed")

    @property
    def full(self) -> bool:
        return self.given is not None and self.surname is not None


@lru_cache(maxsize=1 << 17)
def parse_person(name: str) -> tuple[PersonName, ...]:
    """The name forms in one written person name: "Abdulaziz (Abu Fadak) Al-Muhammadawi" gives the full
    name with its kunya; a bracketed non-kunya is a form of its own."""
    forms: list[PersonName] = []
    kunyas: list[str] = []
    outside = name
    for inner in re.findall(r"\(([^)]*)\)", name):
        outside = outside.replace(f"({inner})", " ")
        ws = _words(inner)
        if len(ws) >= 2 and ws[0] in KUNYA_MARKERS:
            kunyas.append(" ".join([ws[0][:3] if ws[0].startswith("ab") else "umm"] + ws[1:]))
        elif ws:
            forms.extend(parse_person(inner))
    ws = _words(outside)
    while len(ws) > 1 and ws[0] in PERSON_TITLES:
        ws = ws[1:]
    rest: list[str] = []
    i = 0
    while i < len(ws):
        w = ws[i]
        if w in KUNYA_MARKERS and i + 1 < len(ws):
            kunyas.append(("abu" if w.startswith("ab") else "umm") + " " + ws[i + 1])
            i += 2
            continue
        if w in PATRONYMIC and i + 1 < len(ws):
            rest.append(w + ws[i + 1])
            i += 2
            continue
        rest.append(w)
        i += 1
    kunya = kunyas[0] if kunyas else None
    if len(rest) in (2, 3) and not kunyas and _east_asian_order(outside.strip()):
        # family name first, then the given name (one hyphenated word): Moon Jae-in, Kim Jong-un, Xi Jinping
        forms.insert(0, PersonName(name, given="".join(rest[1:]), surname=rest[0], kunya=kunya))
    elif len(rest) >= 2:
        forms.insert(0, PersonName(name, given=rest[0], middle=tuple(rest[1:-1]), surname=rest[-1],
                                   kunya=kunya))
    elif len(rest) == 1:
        if kunya:
            forms.insert(0, PersonName(name, surname=rest[0], kunya=kunya))
        else:
            forms.insert(0, PersonName(name, single=rest[0]))
    elif kunya:
        forms.insert(0, PersonName(name, kunya=kunya))
    for k in kunyas[1:]:
        forms.append(PersonName(name, kunya=k))
    return tuple(forms)


@dataclass(frozen=True)
class OrgName:
    raw: str
    words: tuple[str, ...]  # folded, articles off, designator synonyms mapped
    core: tuple[str, ...]  # words without generic ones ("badr")
    acronym: str | None = None  # when the name is an acronym: "PMU"
    initials: tuple[str, ...] = ()  # what the name abbreviates to: ("PMU",)
    # the words with a nationality adjective read as its country (Malaysian Airlines -> malaysia airlines),
    # or () when the name has none
    national: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _demonym_words() -> dict[str, str]:
    """folded demonym -> the folded one-word name of its country ("malaysian" -> "malaysia"), from the
    known actors' table (countries of several words are left out: their adjective is no one word)."""
    out: dict[str, str] = {}
    for dem, country in known_actors().demonyms.items():
        c = fold(country)
        if " " not in c and " " not in fold(dem):
            out[fold(dem)] = c
    return out


@lru_cache(maxsize=1 << 17)
def parse_org(name: str) -> OrgName:
    if is_acronym(name):
        acr = name.strip().replace(".", "").upper()
        return OrgName(name, (acr.lower(),), (acr.lower(),), acronym=acr)
    ws = [DESIGNATOR_SYNONYMS.get(w, w) for w in _words(name)]
    while ws and ws[0] == "the":
        ws = ws[1:]
    core = tuple(w for w in ws if w not in GENERIC_ORG_WORDS) or tuple(ws)
    content = [w for w in _words(name) if w not in FUNCTION_WORDS]
    spelled = {"".join(w[0] for w in content).upper()}
    spelled.add("".join(w[0] for w in _words(name) if w != "the").upper())
    inits = tuple(sorted(i for i in spelled if len(i) >= 2))
    dem = _demonym_words()
    national = tuple(dem.get(w, w) for w in ws) if len(ws) >= 2 and any(w in dem for w in ws) else ()
    return OrgName(name, tuple(ws), core, None, inits, national)


def other_words(name: str) -> tuple[str, ...]:
    ws = _words(name)
    while ws and ws[0] == "the":
        ws = ws[1:]
    return tuple(ws)


@lru_cache(maxsize=1)
def _generic_institution_words() -> frozenset[str]:
    from . import lexicon

    d = lexicon.load("org_patterns.yaml", dict[str, Any])
    heads = [h for kind in ("military", "government") for h in d["suffix"].get(kind, [])]
    return frozenset(w.lower() for w in [*d.get("generic_institutions", []), *heads])


@lru_cache(maxsize=1 << 16)
def generic_institution(name: str) -> bool:
    """"Parliament", "the Defense Ministry": a kind of body every state has, not one body."""
    ws = other_words(name)
    return bool(ws) and all(w in _generic_institution_words() for w in ws)


# ---------------------------------------------------------------- known actors
def known_actors() -> KnownActors:
    from .known import table

    return table()


def _by_folded_name(table: KnownActors) -> dict[str, tuple[str, str]]:
    """folded name (dots dropped) -> (id, canonical name) over every name and variant of a known-actors
    table; the first actor listed keeps a name two of them share."""
    out: dict[str, tuple[str, str]] = {}
    for aid, a in table.actors.items():
        for n in [a.name, *a.variants]:
            out.setdefault(fold(n.replace(".", "")), (aid, a.name))
    return out


@lru_cache(maxsize=1)
def _known_table() -> dict[str, tuple[str, str]]:
    """folded name -> (code, canonical name) of the known actors (nlp/data/known_actors.yaml, built
    from the Phoenix country dictionary by scripts/build_known_actors.py)."""
    return _by_folded_name(known_actors())


@lru_cache(maxsize=1 << 16)
def known_actor(name: str) -> tuple[str, str] | None:
    """(code, canonical name) when this name is a known country's: "U.S." -> ("USA", "United States of
    America"); None otherwise."""
    return _known_table().get(fold((name or "").replace(".", "")))


@lru_cache(maxsize=1)
def _group_table() -> dict[str, tuple[str, str]]:
    """folded name -> (id, canonical name) of the known armed groups (nlp/data/known_groups.yaml)."""
    from .known import groups_table

    return _by_folded_name(groups_table())


@lru_cache(maxsize=1 << 16)
def known_group(name: str) -> tuple[str, str] | None:
    """(id, canonical name) when this name is a known armed group's: "ISIL" -> ("THE_ISLAMIC_STATE", "The
    Islamic State"); None otherwise."""
    return _group_table().get(fold((name or "").replace(".", "")))


@lru_cache(maxsize=1)
def _names_tables() -> dict[str, dict[str, tuple[str, str]]]:
    """type -> folded name -> (id, canonical name) of the known places and bodies (known_names.yaml)."""
    from .known import names_table

    t = names_table()
    return {tp: _by_folded_name(KnownActors(actors={k: a for k, a in t.actors.items() if a.type == tp}))
            for tp in {a.type for a in t.actors.values()}}


@lru_cache(maxsize=1 << 16)
def known_name(name: str, type_: str) -> tuple[str, str] | None:
    """(id, canonical name) when this name is one of a known place's or body's of this type: "Bombay" ->
    ("MUMBAI", "Mumbai"), "German parliament" -> ("BUNDESTAG", "Bundestag"); None otherwise."""
    return _names_tables().get(type_, {}).get(fold((name or "").replace(".", "")))


# ---------------------------------------------------------------- blocking keys
def _tp(type_: str) -> str:
    return (type_ or "other")[:3]


def _person_keys(names, lookup: bool) -> tuple[set[str], set[str]]:
    """(strong, weak) keys of a set of person names. Weak keys only lead to weak matches (a one-word
    name, a bare kunya): a weak key with a large block is necessarily ambiguous and may be skipped."""
    strong: set[str] = set()
    weak: set[str] = set()
    forms = [f for n in names if n and n.strip() for f in parse_person(n)]
    kunyas = {_kunya_skel(f.kunya) for f in forms if f.kunya}
    surnames = {skel(f.surname) for f in forms if f.surname}
    has_full = any(f.full for f in forms)
    for k in kunyas:
        for sn in surnames:
            strong.add(f"per:ks:{k}|{sn}")
    for f in forms:
        if f.full:
            strong.add(f"per:f:{skel(f.given)}|{skel(f.surname)}")
            if lookup:  # per:s: and per:g: find the other people of that surname or with that word for a
                # given name, who make the surname alone ambiguous
                sk = skel(f.surname)
                weak |= {"per:o:" + sk, "per:ns:" + sk, "per:s:" + sk, "per:g:" + sk}
            else:
                strong.add("per:s:" + skel(f.surname))
                strong.add("per:g:" + skel(f.given))  # a one-word name that is this given name is ambiguous
        elif f.surname:  # kunya + surname, no given name
            if lookup:
                if not has_full:
                    weak.add("per:s:" + skel(f.surname))
            else:
                strong.add("per:s:" + skel(f.surname))
                if not has_full:  # only an entity without a full name can match a full name weakly
                    strong.add("per:ns:" + skel(f.surname))
        elif f.single:
            if lookup:
                if not has_full:
                    weak |= {"per:s:" + skel(f.single), "per:g:" + skel(f.single)}
            else:
                strong.add("per:s:" + skel(f.single))
                if not has_full:
                    strong.add("per:o:" + skel(f.single))
    for k in kunyas:
        if not lookup:
            strong.add("per:k:" + k)
        elif not surnames:
            weak.add("per:k:" + k)
    return strong, weak


def _kunya_skel(k: str) -> str:
    return "|".join(skel(w) for w in k.split()[1:])


def _org_keys(name: str, lookup: bool, tp: str = "org") -> tuple[set[str], set[str]]:
    o = parse_org(name)
    if o.acronym:
        keys = {f"{tp}:a:" + o.acronym, f"{tp}:i:" + o.acronym} if lookup else {f"{tp}:a:" + o.acronym}
        return (set(), keys) if lookup and len(o.acronym) < 3 else (keys, set())
    strong = {f"{tp}:n:" + " ".join(skel(_sing(w)) for w in o.core)}
    if tp == "loc" and (bare := bare_place(o)):  # the Mediterranean Sea ~ the Mediterranean
        strong.add(f"{tp}:n:" + " ".join(skel(_sing(w)) for w in bare))
    if tp == "org" and (pw := party_words(o)):  # Social Democrats ~ Social Democratic Party
        strong.add("org:m:" + " ".join(skel(w) for w in pw))
    if o.national:  # filed and looked up under its country's name too: Malaysian Airlines ~ Malaysia Airlines
        core = [w for w in o.national if w not in GENERIC_ORG_WORDS] or list(o.national)
        strong.add(f"{tp}:n:" + " ".join(skel(_sing(w)) for w in core))
    weak: set[str] = set()
    for i in o.initials:
        k = (f"{tp}:a:" if lookup else f"{tp}:i:") + i
        (weak if lookup and len(i) < 3 else strong).add(k)
    return strong, weak


def bare_place(o: OrgName) -> tuple[str, ...] | None:
    """A sea's or an ocean's name without its generic word ("Mediterranean Sea" -> mediterranean), when the
    rest is no known country (the Sea of Japan is not Japan)."""
    ws = o.words
    if len(ws) < 2 or ws[-1] not in GENERIC_PLACE_WORDS or "of" in ws or known_actor(" ".join(ws[:-1])):
        return None
    return ws[:-1]


def member_stem(w: str) -> str:
    """A party's word and its members' word on one stem: Democratic / Democrat / Democrats, Socialist /
    Socialists (transliteration-folded; -s, then -ic, taken off)."""
    t = _sing(w)
    return t[:-2] if len(t) > 6 and t.endswith("ik") else t


def party_words(o: OrgName) -> tuple[str, ...] | None:
    """The member stems of a party's name ("Social Democratic Party", "Social Democrats"), or None when the
    name is no party's: it says "party", or its last word is a plural or an -ic adjective."""
    if o.acronym or not o.core or not o.core[-1].isalpha():
        return None
    if "party" in o.words or tnorm(o.core[-1]).endswith(("s", "ik")):
        return tuple(member_stem(w) for w in o.core)
    return None


def _sing(w: str) -> str:
    """Plural tolerance for group words, on the transliteration-folded form: Houthis = Houthi,
    Brigades = Brigade (Abbass = Abbas too: both lose their s)."""
    t = tnorm(w)
    return t[:-1] if len(t) > 4 and t.endswith("s") else t


def key_plan(names, type_: str, *, lookup: bool) -> tuple[frozenset[str], frozenset[str]]:
    """(strong, weak) keys for a set of names: filed under (lookup=False) or looked up (lookup=True)."""
    return _key_plan(tuple(n for n in names if n and n.strip()), type_, lookup)


@lru_cache(maxsize=1 << 16)  # like the parses it is built from: a pure function of the names
def _key_plan(names: tuple[str, ...], type_: str, lookup: bool) -> tuple[frozenset[str], frozenset[str]]:
    strong, weak = _plan_keys(names, type_, lookup)
    return frozenset(strong), frozenset(weak)


def _plan_keys(names: tuple[str, ...], type_: str, lookup: bool) -> tuple[set[str], set[str]]:
    if type_ == "person":
        return _person_keys(names, lookup)
    strong: set[str] = set()
    weak: set[str] = set()
    for n in names:
        if type_ == "location" and (k := known_actor(n)):
            strong.add("loc:k:" + k[0])
        if type_ == "organization" and (k := known_group(n)):
            strong.add("org:k:" + k[0])
        if k := known_name(n, type_):
            strong.add(f"{_tp(type_)}:kn:" + k[0])
        if type_ in ("organization", "location"):  # places have acronyms too: US, UAE
            st, wk = _org_keys(n, lookup, _tp(type_))
            strong |= st
            weak |= wk
        else:
            ws = other_words(n)
            if ws:
                strong.add(f"{_tp(type_)}:n:" + " ".join(skel(w) for w in ws))
    return strong, weak


def register_keys(name: str, type_: str) -> set[str]:
    """The keys an entity is filed under for one of its names."""
    st, wk = key_plan([name], type_, lookup=False)
    return set(st | wk)


def lookup_keys(name: str, type_: str) -> set[str]:
    """The keys to look up for a new name: they meet the register keys of every name it can match."""
    st, wk = key_plan([name], type_, lookup=True)
    return set(st | wk)


def name_keys(name: str, type_: str) -> set[str]:
    """Register and lookup keys together (what the first version returned)."""
    return register_keys(name, type_) | lookup_keys(name, type_)


def all_keys(names, type_: str, *, lookup: bool) -> set[str]:
    st, wk = key_plan(names, type_, lookup=lookup)
    return set(st | wk)


# a weak key filed under by more entities than this cannot give a unique weak match: it is skipped
WEAK_BLOCK_CAP = 40
