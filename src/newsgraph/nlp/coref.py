"""In-document coreference: which name mentions are one actor, and which definite descriptions refer
to which actor.

- ``aliases_from_text``: names the text itself equates — "Popular Mobilization Units (PMU)", "Ansarullah,
  better known as the Houthis", "a commander known as 'Hamed'" (a person named by a nom de guerre, the
  phrase kept as a description);
- ``cluster``: exact names, surnames and kunyas of people named in full ("Khazali" after "Qais
  Al-Khazali"; never on a given name alone), acronyms, a nationality noun for its organisation
  ("Houthi" / "Houthis"), "X Movement" for X;
- ``sweep``: every further occurrence of a known name the model missed;
- ``resolve_descriptions``: title phrases before a name ("Quds Force commander X"), appositions ("the
  secretary-general of Y, X"), and later definite descriptions tied to one actor by a role and an
  anchor ("the Iranian leader", "the Quds Force commander"), by a class noun ("the umbrella force"),
  by an organisation noun ("Lebanon's Hezbollah movement") or by a fixed epithet ("the Islamic Republic").
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from . import names as nm
from .context import TokenTable, doc_text


@dataclass
class Cand:
    """One name mention: a stretch of tokens that names an actor."""

    start: int  # token span of the mention (with honorifics and brackets)
    end: int
    name: str  # the name itself (honorifics, brackets and quotes off)
    type: str
    subtype: str | None = None
    titles: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (name, kind) beyond the name itself
    strong: bool = False  # the type is fixed by a pattern or by context
    kind: str = "name"  # name | alias (mention kind)
    alias_kind: str = "name"  # how the name itself is recorded
    cluster: int = -1
    same_as: "Cand | None" = None  # stated to be the same actor ("X (PMU)", "X, better known as Y")

    @property
    def key(self) -> str:
        return nm.key(self.name)


CUES = {("better", "known", "as"): "known_as", ("also", "known", "as"): "known_as",
        ("known", "as"): "known_as",
        ("dubbed",): "nickname", ("nicknamed",): "nickname", ("aka",): "known_as", ("a.k.a.",): "known_as",
        ("a.k.a",): "known_as", ("alias",): "known_as", ("nom", "de", "guerre"): "nom_de_guerre"}
GENERIC_BETWEEN = frozenset(nm.data("descriptions.yaml")["generic_between"])  # "X group Y": still one name
ORG_SUFFIXES = frozenset(nm.data("descriptions.yaml")["org_suffixes"])


@functools.lru_cache(maxsize=1)
def _desc_data() -> dict:
    return nm.data("descriptions.yaml")


@functools.lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    return frozenset(nm.key(w) for w in _desc_data()["person_nouns"]) | nm.role_words()


@functools.lru_cache(maxsize=1)
def role_phrase_keys() -> dict[str, str]:
    return {" ".join(seq): cls for seq, cls in nm.role_phrases().items()}


# ------------------------------------------------------------------ aliases the text states
def _cand_at(cands: list[Cand], start: int, end: int | None = None) -> Cand | None:
    for c in cands:
        if c.start == start and (end is None or c.end == end):
            return c
    return None


def _cand_ending(cands: list[Cand], end: int) -> Cand | None:
    for c in cands:
        if c.end == end:
            return c
    return None


def aliases_from_text(doc: Doc, cands: list[Cand], toks: TokenTable) -> list[tuple[Cand, int, int]]:
    """Adds alias candidates to ``cands`` (linked by ``same_as``) and returns descriptions
    (candidate, start token, end token) found on the way."""
    lowers, texts, n_toks = toks.lower, toks.text, toks.n
    descriptions: list[tuple[Cand, int, int]] = []
    # bracketed acronyms: "Popular Mobilization Units (PMU)", "the Islamic State group (IS)"
    for c in list(cands):
        if c.type == "person":
            continue
        j = c.end
        if j < n_toks and toks.tag[j] == "POS":
            j += 1  # "the Engineering Association's (EA) expert"
        gap = 0
        while j < n_toks and lowers[j] in GENERIC_BETWEEN and gap < 2:
            j += 1
            gap += 1
        if j + 2 < n_toks and texts[j] == "(" and texts[j + 2] == ")" and nm.is_acronym(texts[j + 1]):
            acr = texts[j + 1]
            if gap and not nm.acronym_fits(acr, c.name) and acr[0] != c.name[:1]:
                continue  # ("the Social Democrat party (SPD)": an acronym of the name in its own language)
            other = _cand_at(cands, j + 1, j + 2)
            if other is None:
                other = Cand(start=j + 1, end=j + 2, name=acr, type=c.type, subtype=c.subtype, kind="alias")
                cands.append(other)
            other.type, other.subtype, other.kind, other.alias_kind = c.type, c.subtype, "alias", "acronym"
            other.same_as = c
    # a renamed place or body: "Bombay, now Mumbai", "Mumbai (formerly Bombay)"; the old name is the alias
    starts = {c.start: c for c in cands}
    for c in list(cands):
        j = c.end
        if c.type not in ("location", "organization") or j + 2 >= n_toks or c.same_as is not None:
            continue
        renamed = texts[j] == "," and lowers[j + 1] == "now"
        if not renamed and not (texts[j] == "(" and lowers[j + 1] == "formerly"):
            continue
        other = starts.get(j + 2)
        if other is None or other.strong and other.type != c.type or other.type == "group" \
                or other.same_as is not None or other.key == c.key or len(other.name.split()) > 3:
            continue
        other.type, other.subtype = c.type, c.subtype
        old, new = (c, other) if renamed else (other, c)
        old.strong = new.strong = True
        old.same_as, old.kind, old.alias_kind = new, "alias", "known_as"
    # "known as", "dubbed", "nicknamed", "aka"
    firsts = {cue[0] for cue in CUES}
    for i in range(n_toks):
        if lowers[i] not in firsts:
            continue
        for cue, kind in CUES.items():
            n = len(cue)
            if tuple(lowers[i:i + n]) != cue:
                continue
            if cue == ("known", "as") and i > 0 and lowers[i - 1] in ("better", "also"):
                continue
            b = _named_after(doc, cands, i + n)
            if b is None:
                continue
            bcand, quoted_end = b
            a = _antecedent(doc, cands, i)
            if isinstance(a, Cand):
                if a is bcand or a.type == "location" and bcand.type != "location":
                    continue
                bcand.type, bcand.subtype, bcand.strong = a.type, a.subtype or bcand.subtype, True
                bcand.kind, bcand.alias_kind, bcand.same_as = "alias", kind, a
            elif a is not None:
                np_start, head = a
                d = _desc_data()
                if head.lower_ in d["place_nouns"]:
                    bcand.type = "location"
                elif head.lower_ in d["class_nouns"] or head.lower_ in d["org_heads"] \
                        or head.lower_ in d["org_nouns"]:
                    bcand.type = "organization"
                else:  # "a commander", "a negotiator", "a man": a person
                    bcand.type = "person"
                    if quoted_end is not None:
                        bcand.alias_kind = "nom_de_guerre"
                bcand.strong = True
                descriptions.append((bcand, np_start, quoted_end or bcand.end))
            break
    return descriptions


def _named_after(doc: Doc, cands: list[Cand], j: int) -> tuple[Cand, int | None] | None:
    """The name that follows a cue: a quoted name or a recognised entity ("the Houthis")."""
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    if j >= len(doc):
        return None
    if doc[j].is_quote or doc[j].text in "“‘\"'«":
        k = j + 1
        while k < len(doc) and k - j <= 6 and not (doc[k].is_quote or doc[k].text in "”’\"'»"):
            k += 1
        if k >= len(doc) or k == j + 1:
            return None
        inner = doc[j + 1:k]
        if not inner[0].text[:1].isupper() or any(t.is_punct and t.text not in "-’'" for t in inner):
            return None
        c = _cand_at(cands, j + 1, k)
        if c is None:
            c = Cand(start=j + 1, end=k, name=inner.text, type="person", kind="name")
            cands.append(c)
        return c, k + 1
    c = _cand_at(cands, j)
    if c is not None:
        return c, None
    k = j
    while k < len(doc) and k - j < 5 and doc[k].text[:1].isupper() and doc[k].tag_ in ("NNP", "NNPS"):
        k += 1
    if k == j:
        return None
    etype = "organization" if nm.is_acronym(doc[j].text) \
        else "location" if doc[k - 1].text in nm.place_heads() \
        else "person"
    c = Cand(start=j, end=k, name=doc[j:k].text, type=etype)
    cands.append(c)
    return c, None


def _antecedent(doc: Doc, cands: list[Cand], i: int):
    """What a cue at token i renames: the entity just before it (over commas, dashes and an organisation
    noun: "Yemen's Ansarullah movement—better known as"), or an indefinite noun phrase ("a commander")
    as (start token, head token)."""
    j = i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].lower_ in ("better", "also")):
        j -= 1
    if j < 0:
        return None
    if doc[j].lower_ in GENERIC_BETWEEN and j > 0:
        c = _cand_ending(cands, j)
        if c is not None:
            return c
    c = _cand_ending(cands, j + 1)
    if c is not None:
        return c
    head = doc[j]
    if head.pos_ in ("NOUN",):
        start = min([head.i] + [t.left_edge.i for t in head.lefts
                                if t.dep_ in ("det", "amod", "compound", "nummod")])
        if doc[start].lower_ in ("a", "an", "one", "another"):
            return start, head
    return None


# ------------------------------------------------------------------ clustering
class _UF:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


COMPATIBLE = {("person", "person"), ("organization", "organization"), ("location", "location"),
              ("group", "group"), ("organization", "group"), ("group", "organization")}


def cluster(cands: list[Cand]) -> dict[int, list[Cand]]:
    """Group the candidates into actors; sets ``cand.cluster`` and the cluster's type on every member."""
    n = len(cands)
    uf = _UF(n)
    idx = {id(c): i for i, c in enumerate(cands)}
    forced: dict[int, str] = {}
    for i, c in enumerate(cands):
        if c.same_as is not None and id(c.same_as) in idx:
            uf.union(i, idx[id(c.same_as)])
    # folded once: the steps below read them again and again (names do not change)
    keys = [c.key for c in cands]
    # 1. the same name (types compatible, a pattern's organisation never with a person)
    by_key: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        by_key.setdefault(k, []).append(i)
    for ids in by_key.values():
        strong_types = {cands[x].type for x in ids if cands[x].strong}
        if not strong_types:
            # the model's labels for one name disagree ("US" as a place, then as an organisation): one actor
            for x in ids[1:]:
                uf.union(ids[0], x)
            continue
        if len(strong_types) == 1:
            # the type the context fixed wins over the model's guesses for the same name
            for x in ids[1:]:
                uf.union(ids[0], x)
            forced[uf.find(ids[0])] = strong_types.pop()
            continue
        for a in ids[1:]:
            ca = cands[a]
            for x in ids:
                if x != a and _compatible(cands[x], ca) and (not strong_types or cands[x].type == ca.type
                                                             or not ca.strong and cands[x].strong):
                    uf.union(x, a)
                    break
    # 2. surnames and kunyas of people named in full
    # surname form -> the candidates named in full that it may stand for, in order
    full: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        if c.type == "person" and len(nm.name_word_tuple(c.name)) >= 2 \
                and c.alias_kind in ("name", "title_form"):
            forms = nm.surname_forms(c.name) | {nm.key(a) for a, k in c.aliases if k == "kunya"} \
                | _more_surname_forms(c.name)
            for f in forms:
                full.setdefault(f, []).append(i)
    not_people = {uf.find(j) for j, o in enumerate(cands) if o.strong and o.type != "person"}
    for i, c in enumerate(cands):
        if c.strong and c.type != "person" or c.type == "location" and c.end - c.start > 1 \
                or c.type == "group":
            continue
        if uf.find(i) in not_people:
            continue  # "Houthi" named an organisation here: not al-Houthi's surname
        words: Sequence[str] = nm.name_word_tuple(c.name)
        if len(words) > 2 or len(words) == 2 and c.type == "person" and nm.kunya_of(c.name) is None \
                and nm.key(words[0]) not in nm.CONNECTORS and words[0].lower() not in _WESTERN_PARTICLES:
            continue  # a full name of its own ("Bin Salman" and "Abu Mahdi" may stand for one)
        ck = keys[i]
        owners = [j for j in full.get(ck, ()) if j != i and uf.find(j) != uf.find(i)]
        if not owners:
            continue
        roots = {uf.find(j) for j in owners}
        before = [j for j in owners if cands[j].start < c.start]
        pick = max(before, key=lambda j: cands[j].start) if before \
            else min(owners, key=lambda j: cands[j].start)
        if not before and (len(roots) > 1 or c.type != "person"):
            continue  # a partial name before the full one: only when the model saw a person too
        uf.union(pick, i)
        forced[uf.find(i)] = "person"
    # 3. acronyms of names in the article ("US" for "the United States")
    # the names an acronym may stand for (types stay put here)
    spelled = [(j, o.name) for j, o in enumerate(cands)
               if o.type in ("organization", "location") and not nm.is_acronym(o.name)
               and len(o.name.split()) >= 2]
    for i, c in enumerate(cands):
        if not nm.is_acronym(c.name) or c.type == "person" or c.same_as is not None:
            continue
        fits = {uf.find(j) for j, name in spelled if j != i and nm.acronym_fits(c.name, name)}
        if len(fits) == 1:
            r = fits.pop()
            uf.union(r, i)
            c.kind, c.alias_kind = "alias", "acronym"
    # 4. a nationality noun and its organisation ("Houthi" / "Houthis"), "X Movement" and X
    org_keys: dict[str, int] = {}
    for i, c in enumerate(cands):
        if c.type == "organization" or c.same_as is not None and c.same_as.type == "organization":
            org_keys.setdefault(keys[i], i)
    for i, c in enumerate(cands):
        k = keys[i]
        if c.type == "group" or c.type == "organization" and len(k.split()) == 1:
            variants = (k, k + "s", k[:-1] if k.endswith("s") else None) if c.type == "group" \
                else (k + "s", k[:-1])
            for v in variants:
                if v and v in org_keys and uf.find(org_keys[v]) != uf.find(i) \
                        and forced.get(uf.find(org_keys[v])) != "person" \
                        and forced.get(uf.find(i)) != "person":
                    uf.union(org_keys[v], i)
                    forced[uf.find(i)] = "organization"
                    break
        if c.type == "organization":
            words = k.split()
            if len(words) >= 2 and words[-1] in ORG_SUFFIXES:
                base = " ".join(words[:-1])
                if base in org_keys:
                    uf.union(org_keys[base], i)
    # 5. a shorter form of an organisation's name ("Qassam Brigades" after "Ezzedine al-Qassam Brigades",
    #    "Quds Force" after "IRGC Quds Force"): two words or more, the same last words, one candidate only
    orgs = [(i, keys[i].split()) for i, c in enumerate(cands)
            if c.type == "organization" and not nm.is_acronym(c.name)]
    # the names by their last word (a longer name ends with the shorter one's words), and by all their words
    by_last: dict[str, list[tuple[int, list[str]]]] = {}
    by_words: dict[tuple[str, ...], list[int]] = {}
    for j, w in orgs:
        if w:
            by_last.setdefault(w[-1], []).append((j, w))
        by_words.setdefault(tuple(w), []).append(j)
    for i, words in orgs:
        if len(words) < 2:
            continue
        longer = {uf.find(j) for j, w in by_last[words[-1]]
                  if len(w) > len(words) and w[-len(words):] == words
                  and " ".join(w[:-len(words)]) not in ("al", "el") and cands[j].start < cands[i].start}
        longer.discard(uf.find(i))
        if len(longer) == 1 and not any(uf.find(j) != uf.find(i) and cands[j].strong
                                        for j in by_words[tuple(words)]):
            uf.union(longer.pop(), i)
    _one_word_forms(cands, keys, uf, forced)
    # clusters and their types
    clusters: dict[int, list[Cand]] = {}
    for i, c in enumerate(cands):
        clusters.setdefault(uf.find(i), []).append(c)
    for root, members in clusters.items():
        etype = forced.get(root) or _vote(members)
        for c in members:
            c.cluster = root
            c.type = etype
    return clusters


def _one_word_forms(cands: list[Cand], keys: list[str], uf: _UF, forced: dict[int, str]) -> None:
    """A one-word name that is a word of one longer name of the same kind in the article is that actor's
    short form, as news writes it on second mention: an organisation's first or last word ("Bayern" for
    Bayern Munich, "Leverkusen" for Bayer Leverkusen, "the Brotherhood" for the Muslim Brotherhood), a
    place's name without its class word ("Gaza" for the Gaza Strip, "Heathrow" for Heathrow Airport), a
    person's given name alone ("Harvey" after Harvey Weinstein). Only where exactly one longer name fits;
    never a word that names a kind of body or place ("Council", "Party", "Museum"), a place that is a known
    country or city ("Berlin" is not Berlin Airport), nor a person's surname (step 2 reads those)."""
    from .known import country_code, is_place

    generic = _generic_words()
    longer: dict[tuple[str, str], list[int]] = {}  # (type, word) -> longer names with it at an end
    for j, c in enumerate(cands):
        words = keys[j].split()
        if len(words) < 2 or nm.is_acronym(c.name) or c.alias_kind not in ("name", "title_form"):
            continue
        if c.type == "organization":
            # the first word only where the rest says where or what kind ("Bayern" for Bayern Munich), not
            # a product or a branch of a company ("Apple" is not Apple Music)
            rest = c.name.split()[1:]
            ends = {words[-1]} | ({words[0]} if all(nm.key(w) in generic or is_place(w)
                                                     or country_code(w) is not None for w in rest) else set())
        elif c.type == "location" and c.name.split()[-1] in _place_class_words() and len(words) == 2:
            ends = {words[0]}  # "Gaza Strip", "Heathrow Airport"
        elif c.type == "person":
            ends = {words[0]}
        else:
            continue
        for w in ends:
            longer.setdefault((c.type, w), []).append(j)
    if not longer:
        return
    surnames = {nm.key(w) for c in cands if c.type == "person" for w in nm.name_word_tuple(c.name)[1:]}
    for i, c in enumerate(cands):
        k = keys[i]
        if " " in k or c.type not in ("organization", "location", "person") or nm.is_acronym(c.name) \
                or c.same_as is not None or k in generic or len(k) < 3:
            continue
        owners = longer.get((c.type, k))
        if not owners:
            continue
        if c.type == "location" and (country_code(c.name) is not None or is_place(c.name)):
            continue
        if c.type == "person" and (k in surnames or forced.get(uf.find(i)) not in (None, "person")
                                   or nm.key(c.name) not in nm.world_given_names()):
            continue
        roots = {uf.find(j) for j in owners}
        if len(roots) != 1 or uf.find(i) in roots:
            continue
        if c.type == "person" and not any(cands[j].start < c.start for j in owners):
            continue  # a given name alone stands for the person named in full before it
        uf.union(roots.pop(), i)


@functools.lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Folded words that name a kind of body, place or event rather than one of them: never a short form."""
    d = nm.data("descriptions.yaml")
    p = nm.data("org_patterns.yaml")
    words = [*d["org_heads"], *d["org_suffixes"], *d["not_actor_heads"], *d["place_last_words"],
             *d["org_nouns_before"], *p["generic_institutions"], *p["place_heads"],
             *(h for hs in p["suffix"].values() for h in hs), *(h for hs in p["prefix"].values() for h in hs)]
    return frozenset(nm.key(w) for w in words) | frozenset(nm.role_words())


@functools.lru_cache(maxsize=1)
def _place_class_words() -> frozenset[str]:
    """The last words that say which kind of place a name is ("Strip", "Airport", "Museum")."""
    return frozenset(nm.data("descriptions.yaml")["place_last_words"]) \
        | frozenset(nm.data("org_patterns.yaml")["place_heads"])


@functools.lru_cache(maxsize=1)
def _western_particles() -> frozenset[str]:
    return frozenset(w.lower() for w in nm.data("titles.yaml")["name_particles"])


_WESTERN_PARTICLES = _western_particles()


def _more_surname_forms(name: str) -> set[str]:
    """Partial names beyond ``names.surname_forms`` that stand for a person named in full earlier in the
    same article: a family name with its particle ("De Boer" for Yvo De Boer, "Van Houten"), and the
    family name written first in an East Asian name whose given name is hyphenated with a lower-case
    second syllable ("Moon" for Moon Jae-in, "Park" for Park Geun-hye; Western double names capitalise
    both parts: "Meyer-Landrut")."""
    words = nm.name_word_tuple(name)
    out: set[str] = set()
    if len(words) >= 3 and words[-2].lower() in _WESTERN_PARTICLES:
        out.add(nm.key(" ".join(words[-2:])))
    if len(words) == 2 and words[0][:1].isupper() and (re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[1])
                                                       or words[0].lower() in _chinese_family_names()):
        out.add(nm.key(words[0]))  # ("Xi" for Xi Jinping: a pinyin family name, written first)
    return out


@functools.lru_cache(maxsize=1)
def _chinese_family_names() -> frozenset[str]:
    return frozenset(nm.data("east_asian_names.yaml")["family_names"])


def _compatible(a: Cand, b: Cand) -> bool:
    if a.type == b.type:
        return True
    if a.strong and b.strong:
        return False
    if "location" in (a.type, b.type):
        return False
    return True


def _vote(members: list[Cand]) -> str:
    score: dict[str, float] = {}
    for c in members:
        w = 3.0 if c.strong else 1.0 + 0.5 * (len(c.name.split()) - 1)
        score[c.type] = score.get(c.type, 0.0) + w
    if len(score) > 1:
        score.pop("group", None)  # "US forces" (a nationality to the model) and "the US" (a place): the place
    order = ["person", "organization", "location", "group"]
    return max(score, key=lambda t: (score[t], -order.index(t) if t in order else -9))


# ------------------------------------------------------------------ the occurrences the model missed
def sweep(doc: Doc, cands: list[Cand], clusters: dict[int, list[Cand]], toks: TokenTable) -> None:
    """Every occurrence of a known name (three letters or more, capitalised) becomes a mention."""
    covered = [False] * len(doc)
    idx = toks.idx
    covered_at: set[int] = set()  # where the covered tokens start (offsets)
    for c in cands:
        for i in range(c.start, c.end):
            covered[i] = True
            covered_at.add(idx[i])
    forms: dict[str, tuple[int, str, str]] = {}  # surface -> (cluster, kind, type)
    for root, members in clusters.items():
        for c in members:
            surf = [c.name] + [a for a, k in c.aliases
                               if k in ("kunya", "known_as", "nickname", "nom_de_guerre")]
            if c.type == "person" and len(nm.name_word_tuple(c.name)) >= 2:
                words = nm.name_word_tuple(c.name)
                surf += [words[-1], nm.strip_particle(words[-1])]
            for s in surf:
                s = s.strip()
                if len(s) < 3 or not s[0].isupper() or nm.key(s) in nm.not_names():
                    continue
                if nm.is_acronym(s) and len(s) < 3:
                    continue
                prev = forms.get(s)
                if prev is not None and prev[0] != root:
                    forms[s] = (-1, "", "")  # ambiguous: two actors go by it
                    continue
                forms[s] = (root, "alias" if c.kind == "alias" else "name", c.type)
    forms = {s: v for s, v in forms.items() if v[0] != -1}
    if not forms:
        return
    text = doc_text(doc)
    for at, surface in _occurrences(text, forms):
        if at in covered_at:
            continue  # most occurrences are the names found already (their span, if any, starts covered)
        sp = toks.char_span(at, at + len(surface))
        if sp is None or any(covered[i] for i in range(*sp)):
            continue
        start, end = sp
        if _glued(doc, start, end, covered):
            continue
        root, kind, etype = forms[surface]
        c = Cand(start=start, end=end, name=surface, type=etype, kind=kind, cluster=root)
        cands.append(c)
        clusters[root].append(c)
        for i in range(start, end):
            covered[i] = True
            covered_at.add(idx[i])


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches in a str pattern: a letter, digit or numeric character, or "_"."""
    return ch.isalnum() or ch == "_"


def _occurrences(text: str, surfaces) -> list[tuple[int, str]]:
    """(offset, surface) of each whole-word occurrence of the surfaces in the text, left to right and
    not overlapping, the longest surface first where several start at one place. The same matches as
    ``re.finditer`` over ``(?<![\\w’'-])(longest|...|shortest)(?![\\w-]|[’']\\w\\w)``, found with
    ``str.find`` per surface: each article has its own names, so that pattern was compiled anew for
    every article, which cost more than the whole search.

    Whole word: no word character, apostrophe or hyphen just before it; no word character or hyphen
    just after it, nor an apostrophe and two word characters ("Hezbollah’s" is an occurrence of
    "Hezbollah", "Kata’ib" is none of "Kata")."""
    n = len(text)
    best: dict[int, str] = {}  # start -> the longest surface occurring there
    for surface in sorted(surfaces, key=len, reverse=True):
        size = len(surface)
        at = text.find(surface)
        while at != -1:
            if at not in best:
                before = text[at - 1] if at else ""
                e = at + size
                after = text[e] if e < n else ""
                if not (before and (before in "’'-" or _is_word_char(before))) and not (
                        after and (after == "-" or _is_word_char(after)
                                   or after in "’'" and e + 2 < n and _is_word_char(text[e + 1])
                                   and _is_word_char(text[e + 2]))):
                    best[at] = surface
            at = text.find(surface, at + 1)
    out: list[tuple[int, str]] = []
    end = 0
    for at in sorted(best):
        if at >= end:  # the search goes on after the previous match
            out.append((at, best[at]))
            end = at + len(best[at])
    return out


def _glued(doc: Doc, start: int, end: int, covered: list[bool]) -> bool:
    """A match that is part of a longer capitalised name the model did not recognise."""
    for j in (start - 1, end):
        if 0 <= j < len(doc):
            t = doc[j]
            if t.is_alpha and t.text[:1].isupper() and not t.is_sent_start and not covered[j] \
                    and t.lower_ not in nm.role_words() and t.lower_ not in nm.role_modifiers() \
                    and not (j == start - 1 and t.lower_ in ("of", "the")):
                return True
            if j == start - 1 and t.text in "-‐" and j > 0 and doc[j - 1].is_alpha:
                return True
    return False


# ------------------------------------------------------------------ descriptions
@dataclass
class Tie:
    person: str  # actor key
    anchor: str | None  # organisation or state the role is in
    role: str | None  # role class (leader, commander, ...)
    token: int
    former: bool = False


def resolve_descriptions(ctx, cands: list[Cand], key_of: dict[int, str]) -> None:
    toks = ctx.tokens
    idx, tx = toks.idx, toks.text
    ties: list[Tie] = []
    described: set[int] = set()
    for m in ctx.mentions:
        if m.kind == "description":
            toks_of = ctx.mention_tokens(m.start, m.end)
            if toks_of is not None:
                described.update(toks_of)
    persons = [c for c in cands if c.type == "person" and c.cluster in key_of]
    for c in persons:
        got = _title_before(ctx, c) or _apposition(ctx, c)
        if got is None:
            continue
        start, end, anchor, role, former = got
        if any(i in described for i in range(start, end)):
            continue
        key = key_of[c.cluster]
        ctx.add_mention(idx[start], idx[end - 1] + len(tx[end - 1]), key, "description")
        described.update(range(start, end))
        ties.append(Tie(key, anchor, role, start, former))
    for c in cands:
        if c.type == "organization" and c.cluster in key_of:
            got = _org_apposition(toks, c)
            if got and not any(i in described for i in range(*got)):
                ctx.add_mention(idx[got[0]], idx[got[1] - 1] + len(tx[got[1] - 1]),
                                key_of[c.cluster], "description")
                described.update(range(*got))
    _definite_descriptions(ctx, cands, key_of, ties, described)


def _org_apposition(toks: TokenTable, c: Cand) -> tuple[int, int] | None:
    """ "The Coordination Framework, the Shiite alliance that backs X": the noun phrase after an
    organisation's name, headed by an organisation noun."""
    n, lower, pos = toks.n, toks.lower, toks.pos
    if not (c.end + 2 < n and toks.text[c.end] == "," and lower[c.end + 1] in ("the", "a", "an")):
        return None
    nouns = _org_apposition_nouns()
    s = c.end + 1
    e = s + 1
    while e < n and e - s <= 8 and not (toks.is_punct[e] or toks.is_space[e]) \
            and lower[e] not in ("that", "which", "who", "whose") and pos[e] not in ("VERB", "AUX"):
        e += 1
    if lower[e - 1] in nouns and pos[e - 1] == "NOUN" and e - s >= 2:
        return s, e
    return None


@functools.lru_cache(maxsize=1)
def _org_apposition_nouns() -> frozenset[str]:
    d = _desc_data()
    return frozenset(d["class_nouns"]) | frozenset(d["org_heads"]) | frozenset(d["org_nouns"])


def _role_ending_at(toks: TokenTable, end: int) -> tuple[int, str] | None:
    """A role phrase ending just before token ``end``: (start token, role class)."""
    phrases = role_phrase_keys()
    text, is_punct, is_space = toks.text, toks.is_punct, toks.is_space
    stop = min(end, toks.n)
    # "sent an envoy. Barzani": a role phrase never runs over punctuation (hyphens aside) or space, so
    # it starts after the last such token of the five before ``end``
    block = -1
    for i in range(stop - 1, max(end - 5, 0) - 1, -1):
        if is_punct[i] and text[i] not in "-‐" or is_space[i]:
            block = i
            break
    for n in (5, 4, 3, 2, 1):
        s = end - n
        if s < 0 or s <= block:
            continue
        k = nm.key(toks.span_text(s, stop))
        if k in phrases:
            return s, phrases[k]
    return None


def _actor_before(ctx, i: int) -> tuple[int, str] | None:
    """The actor named by the tokens ending at ``i`` (over a possessive 's): (start token, key)."""
    toks = ctx.tokens
    actor_at = ctx.actor_at
    if i >= 0 and toks.tag[i] == "POS":
        i -= 1
    if i >= 3 and toks.text[i] == ")" and toks.text[i - 2] == "(":
        i -= 3  # "Popular Mobilization Units (PMU) Chairman"
    if i < 0:
        return None
    key = actor_at(i)
    if key is None or ctx.actors[key].type not in ("organization", "location"):
        return None
    j = i
    while j - 1 >= 0 and actor_at(j - 1) == key and not toks.is_quote[j - 1]:
        j -= 1
    return j, key


def _title_before(ctx, c: Cand):
    """ "Quds Force commander X", "Iran's Supreme Leader X", "Secretary-General of Y X",
    "late commander X"."""
    toks = ctx.tokens
    tx, lower = toks.text, toks.lower
    end = c.start
    anchor = None
    got = _role_ending_at(toks, end)
    desc_end = end
    if got is None:
        # "Secretary-General of Kata'ib Hezbollah X": role, "of", organisation, then the name
        a = _actor_before(ctx, end - 1)
        if a is None or a[0] < 2 or lower[a[0] - 1] != "of":
            return None
        got = _role_ending_at(toks, a[0] - 1)
        if got is None:
            return None
        anchor = a[1]
    start, role = got
    former = False
    while start > 0 and lower[start - 1] in nm.role_modifiers():
        start -= 1
        former = former or lower[start] in ("late", "former", "ex")
    if anchor is None and start > 0 and nm.key(tx[start - 1]) in nm.nationalities() \
            and tx[start - 1][:1].isupper():
        # "Israeli Prime Minister X": the state by its adjective
        start -= 1
        state = nm.key(nm.nationalities()[nm.key(tx[start])])
        anchor = next((k for k, a in ctx.actors.items() if a.type == "location" and nm.key(a.name) == state),
                      f"state:{state}")  # the state, even when the article never names it
    elif anchor is None:
        a = _actor_before(ctx, start - 1)
        if a is not None:
            anchor = a[1]
            start = a[0]
            while start > 0 and lower[start - 1] in nm.role_modifiers():
                start -= 1
                former = former or lower[start] in ("late", "former", "ex")
    return start, desc_end, anchor, role, former


def _apposition(ctx, c: Cand):
    """ "the secretary-general of Y, X" and "X, the secretary-general of Y": the noun phrase beside the
    name, when it is headed by a role or a person noun."""
    toks = ctx.tokens
    tx, lower, pos, is_punct, is_space = toks.text, toks.lower, toks.pos, toks.is_punct, toks.is_space
    # before: "..., NP, X" where NP starts with "the"
    if c.start >= 2 and tx[c.start - 1] == ",":
        e = c.start - 1
        sent_start = 0  # the parser's sentence may start inside a long name; punctuation bounds the phrase
        starts: list[int] = []
        s = e - 1
        while s >= sent_start and e - s <= 12 and tx[s] not in ",;:—–()\"“”.!?" and not is_space[s]:
            if lower[s] == "the" and (s == sent_start or is_punct[s - 1]
                                           or pos[s - 1] in ("VERB", "AUX", "ADP", "CCONJ")):
                starts.append(s)
            s -= 1
        for s in starts:  # the nearest noun phrase that names a role
            got = _np_role(ctx, s, e)
            if got is not None:
                return got
        return None
    # after: "X, the NP," (ends at a comma, semicolon or sentence end)
    if c.end + 2 < toks.n and tx[c.end] == "," and (lower[c.end + 1] == "the" or (
            lower[c.end + 1] in nm.role_words_and_modifiers() and tx[c.end + 1].islower())):
        s = c.end + 1
        e = s + 1
        sent_end = toks.n
        while e < sent_end and tx[e] not in ",;:—–().!?" and not is_space[e] and e - s <= 12:
            e += 1
        if e >= sent_end or tx[e] in ",;:—–.!?":
            if e < toks.n and is_punct[e - 1]:
                e -= 1
            return _np_role(ctx, s, e)
    return None


def _np_role(ctx, s: int, e: int):
    """(start, end, anchor, role class, former) for a noun phrase naming a role, else None."""
    toks = ctx.tokens
    lower, pos, dep = toks.lower, toks.pos, toks.dep
    actor_at = ctx.actor_at
    if any(pos[i] == "AUX" or pos[i] == "VERB" and dep[i] not in ("amod", "compound", "acl")
           for i in range(s, e)):
        return None
    phrases = role_phrase_keys()
    role = None
    head_ok = False
    for i in range(s, e):
        for n in (3, 2, 1):
            k = nm.key(toks.span_text(i, i + n)) if i + n <= e else None
            if k and k in phrases:
                role = role or phrases[k]
                head_ok = True
        if lower[i] in person_nouns() or lower[i] in ("authority", "cleric", "figure"):
            head_ok = True
    if not head_ok:
        return None
    if any(actor_at(i) and ctx.actors[actor_at(i)].type == "person" for i in range(s, e)):
        return None
    anchor = next((actor_at(i) for i in range(s, e) if actor_at(i)
                   and ctx.actors[actor_at(i)].type in ("organization", "location")), None)
    former = any(lower[i] in ("late", "former", "ex") for i in range(s, e))
    return s, e, anchor, role, former


def _just_introduced(ctx, cands: list[Cand], key_of: dict[int, str], start: int) -> str | None:
    """ "... a commander known as 'Hamed'. [...] the veteran figure is considered ...": a bare person noun
    refers to the one person the previous sentence introduced (named there for the first time), when
    no other person is named in between."""
    idx = ctx.tokens.idx
    sent = ctx.sentence_of(idx[start])
    if sent == 0:
        return None
    first_seen: dict[str, int] = {}
    between: set[str] = set()
    prev: set[str] = set()
    for c in sorted(cands, key=lambda c: c.start):
        if c.type != "person" or c.cluster not in key_of:
            continue
        k = key_of[c.cluster]
        cs = ctx.sentence_of(idx[c.start])
        first_seen.setdefault(k, cs)
        if cs == sent - 1:
            prev.add(k)
        elif cs == sent and c.start < start:
            between.add(k)
    if len(prev) == 1 and not between:
        k = next(iter(prev))
        if first_seen[k] == sent - 1:
            return k
    return None


_NP_LEFT_DEPS = frozenset(("det", "amod", "compound", "poss", "nmod", "case"))


def _singular_nouns(toks: TokenTable):
    """The tokens tagged NN or NNP (a mask for ``TokenTable.within``): the heads a description may have."""
    return toks.has("tag", lambda tag: tag in ("NN", "NNP"))


def _left_edge(toks: TokenTable, i: int) -> int:
    """``doc[i].left_edge.i``: a token without children is its own left edge (spaCy sets each edge to
    the token and widens it only over children), which spares two Token objects for most modifiers."""
    if not toks.children(i):
        return i
    return toks.doc[i].left_edge.i


def _definite_descriptions(ctx, cands: list[Cand], key_of: dict[int, str], ties: list[Tie],
                           described: set[int]) -> None:
    d = _desc_data()
    class_nouns = d["class_nouns"]
    org_heads = set(d["org_heads"])
    nats = nm.nationalities()
    epithets = nm.epithets()
    name_keys: dict[str, str] = {}
    for c in cands:
        if c.cluster in key_of and c.type == "location":
            name_keys.setdefault(c.key, key_of[c.cluster])
    org_mentions = sorted(((c.start, key_of[c.cluster]) for c in cands
                           if c.cluster in key_of and c.type == "organization"), key=lambda x: x[0])
    phrases = role_phrase_keys()
    toks = ctx.tokens
    n_toks, tx, lower, dep, idx = toks.n, toks.text, toks.lower, toks.dep, toks.idx
    actor_at = ctx.actor_at
    for hi in toks.within("coref.singular_nouns", _singular_nouns, 0, n_toks):
        if hi in described or actor_at(hi) is not None:
            # described already, or the head is itself a name ("the Hamas movement" has head
            # "movement", not this)
            continue
        # the left children (children(hi) holds them in order, as Token.lefts yields them)
        lefts = [j for j in toks.children(hi) if j < hi and dep[j] in _NP_LEFT_DEPS]
        if not lefts:
            continue  # the noun alone: no determiner, so no description
        start = min(hi, *(_left_edge(toks, j) for j in lefts))
        if start >= hi and not any(dep[j] == "det" for j in lefts):
            continue
        det = lower[start]
        has_poss = any(dep[j] == "poss" for j in lefts)
        if not (det == "the" or has_poss):
            continue
        end = hi + 1
        # "the supreme leader of Iran"
        if end + 1 < n_toks and lower[end] == "of" and actor_at(end + 1):
            k = actor_at(end + 1)
            j = end + 1
            while j < n_toks and actor_at(j) == k:
                j += 1
            end = j
        if any(i in described for i in range(start, end)):
            continue
        inner_keys = [actor_at(i) for i in range(start, end) if i != hi and actor_at(i)]
        text_key = nm.key(toks.span_text(start, hi + 1))
        target: str | None = None
        head_words = nm.key(toks.span_text(max(start, hi - 1), hi + 1))
        head = lower[hi]
        if text_key in epithets:
            target = name_keys.get(nm.key(epithets[text_key]))
        elif head in org_heads and inner_keys and not any(dep[i] == "amod" and actor_at(i) is None
                                                          and lower[i] not in ("armed",)
                                                          for i in range(start, hi)):
            # "the Hamas movement", "Lebanon's Hezbollah movement": the organisation right before the noun
            k = actor_at(hi - 1) if hi > 0 else None
            if k and (ctx.actors[k].type == "organization" or ctx.actors[k].type == "group"
                      and nm.key(ctx.actors[k].name) not in nats):
                target = k  # not "the Lebanese group": a nationality is no organisation
        elif head in person_nouns() or head_words in phrases:
            role = phrases.get(head_words) or phrases.get(head)
            anchors = {k for k in inner_keys if ctx.actors[k].type in ("organization", "location")}
            for i in range(start, hi):
                st = nats.get(nm.key(tx[i]))
                if st:
                    anchors.add(name_keys.get(nm.key(st), f"state:{nm.key(st)}"))
            if not anchors and det == "the" and not inner_keys and role is None:
                target = _just_introduced(ctx, cands, key_of, start)
            if anchors and not any(ctx.actors[k].type == "person" for k in inner_keys if k in ctx.actors):
                fits = [t for t in ties if t.anchor in anchors and (role is None or t.role in (role, None))
                        and not t.former]
                people = {t.person for t in fits}
                if len(people) == 1:
                    target = people.pop()
                elif people:
                    earlier = [t for t in fits if t.token < start]
                    if earlier:
                        target = max(earlier, key=lambda t: t.token).person
        elif head in class_nouns and not inner_keys and det == "the" \
                and not (end < n_toks and lower[end] == "of") \
                and (head not in d.get("need_modifier", []) or start < hi - 1):
            # "the umbrella force"; not "the group of ministers", not a bare "the body"
            # the nearest organisation of the most fitting kind named in this or the 3 sentences before
            sent = ctx.sentence_of(idx[start])
            near = [k for pos, k in reversed(org_mentions)
                    if pos < start and sent - ctx.sentence_of(idx[pos]) <= 3]
            for kind in class_nouns[head]:
                target = next((k for k in near if ctx.actors[k].subtype == kind
                               or ctx.actors[k].subtype is None and kind == "organization"), None)
                if target:
                    break
        if target is None:
            continue
        ctx.add_mention(idx[start], idx[end - 1] + len(tx[end - 1]), target, "description")
        described.update(range(start, end))
