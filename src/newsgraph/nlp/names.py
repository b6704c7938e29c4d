"""Names inside one article: honorifics, kunyas, surnames, acronyms, and the lexicons behind them.

Pure functions over strings and spaCy tokens; the data lives in ``data/titles.yaml``,
``data/given_names.yaml``, ``data/org_patterns.yaml`` and ``data/descriptions.yaml``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from newsgraph.nlp import lexicon

APOSTROPHES = "’‘'`´ʼʻ"
_PARTICLES = lexicon.load("name_particles.yaml", dict[str, list[str]])
PARTICLES = frozenset(_PARTICLES["particles"])  # the Arabic article, also assimilated
KUNYA_HEADS = frozenset(_PARTICLES["kunya_heads"])
CONNECTORS = frozenset(_PARTICLES["connectors"])


def data(name: str) -> dict:
    """A YAML file from nlp/data, loaded once and checked through the one lexicon loader."""
    return lexicon.load(name, dict[str, Any])


_APOS = {ord(c): "'" for c in APOSTROPHES}
_NOISE = re.compile(r"[\"“”«»().]")
_SEPS = re.compile(r"[\s\-‐-―_/]+")


def fold_apostrophes(s: str) -> str:
    return s.translate(_APOS)


@functools.lru_cache(maxsize=65536)
def key(name: str) -> str:
    """The in-article comparison form: case, accents, apostrophes, quotes and hyphens folded."""
    s = name or ""
    if not s.isascii():  # ASCII text has nothing to decompose and no combining marks
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = fold_apostrophes(s).casefold().replace("'", "")
    s = _NOISE.sub("", s)
    s = _SEPS.sub(" ", s)
    s = s.strip()
    if s.startswith("the "):
        s = s[4:]
    return s


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    d = data("given_names.yaml")
    return frozenset(key(n) for n in (*d.get("male", []), *d.get("female", [])))


@functools.lru_cache(maxsize=1)
def world_given_names() -> frozenset[str]:
    """Given names of every origin in the Latin alphabet (data/world_given_names.yaml, from Faker's
    per-locale lists) with the region's own: evidence that a name opening with one is a person's."""
    return frozenset(key(n) for n in data("world_given_names.yaml")["names"].split()) | given_names()


@functools.lru_cache(maxsize=1)
def honorifics() -> tuple[tuple[str, ...], ...]:
    """Honorific word sequences (folded), longest first."""
    seqs = {tuple(key(w) for w in seq) for seq in data("titles.yaml")["honorifics"]}
    return tuple(sorted(seqs, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def role_phrases() -> dict[tuple[str, ...], str]:
    """Role word sequence (folded words) -> role class (leader, commander, ...)."""
    out: dict[tuple[str, ...], str] = {}
    for cls, seqs in data("titles.yaml")["roles"].items():
        for seq in seqs:
            out[tuple(key(w) for w in seq)] = cls
    return out


@functools.lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    words: set[str] = set()
    for seq in role_phrases():
        for w in seq:
            words.update(w.split())
    return frozenset(words - {"of", "general"}) | {"secretary", "general"}


@functools.lru_cache(maxsize=1)
def role_modifiers() -> frozenset[str]:
    return frozenset(key(w) for w in data("titles.yaml")["role_modifiers"])


@functools.lru_cache(maxsize=1)
def role_words_and_modifiers() -> frozenset[str]:
    return role_words() | role_modifiers()


@functools.lru_cache(maxsize=1)
@functools.lru_cache(maxsize=1)
def _credit_re() -> re.Pattern:
    labels = sorted(data("titles.yaml")["credit_labels"], key=len, reverse=True)
    # "Author:" needs its colon ("he met Editor Smith" is a story); "Reporting by" reads alone
    forms = [re.escape(x) + (r"\s*:?" if x.endswith(" by") else r"\s*:") for x in labels]
    label = r"\b(?:" + "|".join(forms) + r")\s*(?=[A-Z])"
    # a wire story's staff initials, slashed, with the agencies slashed in or bracketed after them, then the
    # agencies' bracket, an "Editor:" label or the end: "jm/crh (AFP, AP)", "ls, jar/kl/jbh, kms (AP, dpa)",
    # "smh/AFP/AP/dpa Editor: X", "nrt/dpa/Reuters" (a slash is needed: "he said, she (...)" is a story)
    part = r"(?:[a-z]{1,4}|[A-Z][A-Za-z]{1,7})"
    initials = (r"\b[a-z]{1,4}(?:\s*,\s*[a-z]{1,4})*/%s(?:\s*[,/]\s*%s)*\s*(?:\(|$|(?=(?:%s)))"
                % (part, part, "|".join(forms)))
    agencies = r"(?<=[.!?\"”’])\s*\((?:[A-Za-z]{2,8}\s*[,/]\s*)*[A-Za-z]{2,8}\)\s*$"
    return re.compile(f"{label}|{initials}|{agencies}")


def credit_start(text: str, tail: int = 500) -> int | None:
    """Where an article's closing credit line starts (its authors, editors and news agencies: who
    wrote it, not who is in the story), or None. Only the article's last characters are looked at."""
    at = max(0, len(text) - tail)
    m = _credit_re().search(text, at)
    return m.start() if m else None


def not_names() -> frozenset[str]:
    return frozenset(key(w) for w in data("titles.yaml")["not_names"])


def is_particle(word: str) -> bool:
    return key(word) in PARTICLES


def is_kunya_head(word: str) -> bool:
    return key(word) in KUNYA_HEADS


@functools.lru_cache(maxsize=1)
def honorific_lengths() -> frozenset[int]:
    return frozenset(len(seq) for seq in honorifics())


@functools.lru_cache(maxsize=1)
def _honorific_firsts() -> frozenset[str]:
    return frozenset(seq[0] for seq in honorifics())


def split_honorifics(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """Leading honorifics off a name's words: (titles, rest). ``["Grand", "Ayatollah", "Ali", "Al-Sistani"]``
    -> ``(["Grand Ayatollah"], ["Ali", "Al-Sistani"])``. A lone honorific is left as the name."""
    titles: list[str] = []
    rest = list(words)
    changed = True
    while changed and len(rest) > 1:
        changed = False
        if key(rest[0]) not in _honorific_firsts():
            break  # no honorific starts with this word (most names)
        for seq in honorifics():
            n = len(seq)
            if len(rest) > n and tuple(key(w) for w in rest[:n]) == seq:
                titles.append(" ".join(rest[:n]))
                rest = rest[n:]
                changed = True
                break
    return titles, rest


def name_words(name: str) -> list[str]:
    """Words of a name with the article kept on its word: "Abu Ala Al-Walai" -> [Abu, Ala, Al-Walai]."""
    return list(name_word_tuple(name))


@functools.lru_cache(maxsize=65536)
def name_word_tuple(name: str) -> tuple[str, ...]:
    """:func:`name_words` as a tuple, worked out once per name: the actor stage asks for the words of
    each of an article's names many times over (clustering, sweeping, choosing the full name)."""
    out: list[str] = []
    for w in name.split():
        if out and key(out[-1]) in PARTICLES and not out[-1].endswith("-"):
            out[-1] = out[-1] + " " + w
        else:
            out.append(w)
    return tuple(out)


_PARTICLE_RE = re.compile(r"^(?:al|el|ul|ad|as|ash|at|az|ar|an)[\-‐ ]+(.+)$", flags=re.IGNORECASE)


def strip_particle(word: str) -> str:
    """ "Al-Khazali" -> "Khazali"; "al Khazali" -> "Khazali"; other words unchanged."""
    m = _PARTICLE_RE.match(word)
    return m.group(1) if m else word


def kunya_of(name: str) -> str | None:
    """The kunya a name opens with ("Abu Mahdi Al-Muhandis" -> "Abu Mahdi"), or None."""
    words = name_word_tuple(name)
    if len(words) >= 2 and is_kunya_head(words[0]):
        return " ".join(words[:2])
    return None


def surname_forms(name: str) -> set[str]:
    """Folded partial names that may stand for this person later in the article: the last name with and
    without its article, and the last two words when the name has three or more ("Abu Ala Al-Walai" ->
    walai, al walai, ala al walai is not kept). Never the given name alone."""
    words = name_word_tuple(name)
    if len(words) < 2:
        return set()
    last = words[-1]
    forms = {key(last), key(strip_particle(last))}
    if key(words[0]) in KUNYA_HEADS and len(words) >= 3:
        forms.add(key(" ".join(words[:2])))  # the kunya: "Abu Mahdi"
    # a family name of two words ("Abdul Mahdi", "bin Salman")
    if len(words) >= 3 and key(words[-2]) in CONNECTORS:
        forms.add(key(" ".join(words[-2:])))
    first = key(words[0])
    return {f for f in forms if f and f != first and len(f) > 2}


def initials(name: str) -> str:
    """Initials of the content words: "Popular Mobilization Units" -> "PMU"; "Islamic State" -> "IS";
    "the United States" -> "US"."""
    skip = {"of", "the", "and", "in", "for", "al", "el", "de", "la", "du", "a"}
    words = [w for w in re.split(r"[\s\-‐]+", name) if w]
    return "".join(w[0].upper() for w in words if w.lower() not in skip and w[0].isalpha())


@functools.lru_cache(maxsize=65536)
def is_acronym(text: str) -> bool:
    # cached: the actor stage tests each of an article's names many times over
    t = text.replace(".", "").replace("-", "")
    return 2 <= len(t) <= 8 and t.isupper() and t.isalpha()


def acronym_fits(acronym: str, name: str) -> bool:
    """An acronym stands for a name when the name's initials are the acronym, or the acronym takes
    its letters in order from the name's words' initials (a little loose for "IRGC", "PIJ")."""
    a = acronym.replace(".", "").upper()
    ini = initials(name)
    if not ini or len(ini) < 2 and len(a) > 1:
        return ini == a
    if ini == a:
        return True
    # all words' initials, including function words ("Islamic Revolutionary Guard Corps")
    full = "".join(w[0].upper() for w in re.split(r"[\s\-‐]+", name) if w and w[0].isalpha())
    return full == a


@functools.lru_cache(maxsize=1)
def place_heads() -> frozenset[str]:
    return frozenset(data("org_patterns.yaml").get("place_heads", []))


@functools.lru_cache(maxsize=1)
def nationalities() -> dict[str, str]:
    """Nationality adjective (keyed) -> its country: the hand-kept list, then the demonyms of the known
    actors' table (built from the Phoenix country dictionary)."""
    from .known import table

    out = {key(k): v for k, v in table().demonyms.items()}
    out.update({key(k): v for k, v in data("descriptions.yaml")["nationalities"].items()})
    return out


@functools.lru_cache(maxsize=1)
def epithets() -> dict[str, str]:
    return {key(k): v for k, v in data("descriptions.yaml")["epithets"].items()}
