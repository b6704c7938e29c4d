"""Actors: people, organisations, states and groups named in one article, with every name they go by.

Two parts:

- ``add_patterns(nlp)`` puts the ``newsgraph_entity_patterns`` component in front of the statistical
  NER. It marks the region's organisation shapes (``data/org_patterns.yaml``: Kata'ib X, Harakat X,
  X Brigades, Popular Mobilization X, Islamic Resistance in X, ministries, councils) and names with a
  bracketed kunya ("Ahmad (Abu Hussein) Al-Hamidawi") as entities, and blocks role words and caption
  words ("Supreme Leader", "Chairman", "Photo") so the NER cannot take them for names.
- ``run(ctx)`` cleans the entities (honorifics off, role words off, quotes off), fixes types from
  context, reads aliases from the text (brackets, "known as", "dubbed", quoted noms de guerre), and
  clusters the mentions into actors (exact names, surnames, kunyas, acronyms); ``coref`` then adds
  the descriptions ("the Iranian leader") and the mentions the NER missed.
"""
from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..model import Actor
from . import coref
from . import names as nm
from .context import ArticleContext, TokenTable, doc_text
from .coref import Cand

TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
                 "FAC": "location", "NORP": "group"}
COMPONENT = "newsgraph_entity_patterns"

_NOT_NAME_TAGS = ["VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "RB", "IN", "DT", "PRP", "PRP$", "MD", "CC", "WDT",
                  "WP"]


# ------------------------------------------------------------------ the component before the NER
class NameWords:
    """Which tokens may be words of a name: capitalised, not a stop word, verb or function word, not in
    ``exclude``; "Al-Haq" (three tokens) counts as one word."""

    def __init__(self, exclude: set[str], acronyms: bool = False):
        self.exclude = exclude
        self.acronyms = acronyms

    def plain(self, t) -> bool:
        if self.acronyms and nm.is_acronym(t.text) and len(t.text) <= 5:
            return True  # "UN Security Council"
        return bool(_CAP_RE.match(t.text)) and t.lower_ not in self.exclude and not t.is_stop \
            and t.tag_ not in _NOT_NAME_TAGS

    def right(self, doc: Doc, i: int) -> int:
        """End of the name word starting at i, or i when there is none."""
        if i + 2 < len(doc) and doc[i].lower_ in nm.PARTICLES and doc[i + 1].text in _HYPHENS \
                and _CAP_RE.match(doc[i + 2].text):
            return i + 3
        if i < len(doc) and self.plain(doc[i]):
            return i + 1
        return i

    def left(self, doc: Doc, end: int) -> int:
        """Start of the name word ending at end, or end when there is none."""
        if end - 3 >= 0 and doc[end - 3].lower_ in nm.PARTICLES and doc[end - 2].text in _HYPHENS \
                and _CAP_RE.match(doc[end - 1].text):
            return end - 3
        if end - 1 >= 0 and self.plain(doc[end - 1]):
            return end - 1
        return end


# a product's, a work's or a law's name to the model: an actor only where the words before it say what
# kind ("the daily newspaper "X"", "management consultancy X", "the city of X"); dropped otherwise
_OTHER_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LAW"})
_UNTYPED = "untyped"
_COMPOUND_ADJ = re.compile(r"^[A-Z][a-z]+-[A-Z][a-z]+$")
_HEADLINE_LOWER = frozenset({"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by",
                             "with", "from", "as", "vs", "vs."})
_OUTLET, _KUNYA = -1, -2  # match ids of an outlet named by its address, of a bracketed kunya
_CAP_RE = re.compile(r"^[A-Z][a-z]*(?:[’'`ʼ][a-z]+)*[a-z]*$")
_HYPHENS = {"-", "‐", "‑"}
_DEMONYM_END = re.compile(r"(?:ian|ese|ine|ish)$")
_GLUED = re.compile(r"^[\w)\]\"”’']+[.!?][A-Z][a-z]+$")  # "2020.Chancellor": unspaced


class EntityPatterns:
    """Marks the region's organisation shapes and kunya names as preset entities (the NER keeps them
    and predicts around them) and blocks role and caption words. The anchors (a head word, a fixed
    phrase, a bracketed kunya) are found by PhraseMatchers and regular expressions; the name words
    around them are read token by token."""

    def __init__(self, nlp: Language):
        d = nm.data("org_patterns.yaml")
        self.maxw = int(d.get("max_words", 3))
        given = {w.lower() for w in (*nm.data("given_names.yaml")["male"],
                                     *nm.data("given_names.yaml")["female"])}
        roles = set(nm.role_words() | nm.role_modifiers())
        self.org_word = NameWords(given | roles)  # no given name or role word extends a group's name
        # "Supreme National Security Council"
        self.suffix_word = NameWords(given | {"the", "a"}, acronyms=True)
        self.inner = set(d.get("inner_lower", []))
        heads = {h.lower() for hs in (*d["prefix"].values(), *d["suffix"].values()) for h in hs}
        self.person_word = NameWords(roles | heads)
        # fixed words go to PhraseMatchers (hash lookups); only the bracketed kunya needs token patterns
        self.words = PhraseMatcher(nlp.vocab, attr="ORTH")
        for subtype, hs in d["prefix"].items():
            self.words.add(f"P|{subtype}", [nlp.make_doc(h) for h in hs])
        for subtype, hs in d["suffix"].items():
            self.words.add(f"S|{subtype}", [nlp.make_doc(h) for h in hs])
        for n, ph in enumerate(d["phrases"]):
            self.words.add(f"F{ph.get('then', 1)}|{ph['subtype']}|{n}", [nlp.make_doc(" ".join(ph["words"]))])
        # the armed groups of the known table by their names of two words or more ("Islamic State", "Boko
        # Haram"): the model may read a part of such a name as a nationality ("Islamic" in "the militant
        # "Islamic State" group")
        from .known import groups_table

        known = {n[4:] if n.startswith("The ") else n
                 for a in groups_table().actors.values() for n in (a.name, *a.variants)}
        self.words.add("G|armed_group", [nlp.make_doc(n) for n in sorted(known) if len(n.split()) >= 2])
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        nats = sorted(nm.data("descriptions.yaml")["nationalities"])
        for subtype, spec in d["lower"].items():
            cores = [f"{m} {h}" for m in spec["modifiers"] for h in spec["heads"]]
            self.lower.add(f"L|{subtype}", [nlp.make_doc(c) for c in cores]
                           + [nlp.make_doc(f"{n} {c}") for n in nats for c in cores])
        heads_re = "|".join(sorted(nm.KUNYA_HEADS))
        self.kunya = re.compile(r"\(\s*(?i:%s)\s+[A-Z][\w’'`-]*(?:\s+[A-Z][\w’'`-]*)?\s*\)" % heads_re)
        self.outlet = re.compile(r"(?<![\w.])[A-Z][A-Za-z0-9-]+\.(?:%s)(?![\w])"
                                 % "|".join(d["outlet_domains"]))
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.roles.add("ROLE", [nlp.make_doc(" ".join(seq)) for seq in nm.role_phrases() if all(seq)]
                       + [nlp.make_doc("secretary-general")])
        self.roles.add("NOT_NAME", [nlp.make_doc(w) for w in nm.data("titles.yaml")["not_names"]])

    def _spans(self, doc: Doc, kind: str, start: int, end: int) -> list[tuple[int, int]]:
        """All the (start, end) readings of one anchor: a head with 1..max name words, and so on."""
        out: list[tuple[int, int]] = []
        if kind == "P":
            j = end
            for _ in range(self.maxw):
                k = self.org_word.right(doc, j)
                if k == j:
                    break
                out.append((start, k))
                j = k
        elif kind == "S":
            j = start
            for _ in range(self.maxw):
                k = self.suffix_word.left(doc, j)
                if k == j and j - 2 >= 0 and doc[j - 1].lower_ in self.inner \
                        and self.suffix_word.left(doc, j - 1) < j - 1:
                    k = self.suffix_word.left(doc, j - 1)  # "State of Law Coalition"
                if k == j:
                    break
                if doc[k].is_sent_start and doc[k].lower_.endswith(("ing", "ed")):
                    break  # "Managing Quds Force operations": a participle opening the sentence
                out.append((k, end))
                j = k
            # "Patriotic Union of Kurdistan": the head may take "of" and a name after it
            if out and end + 1 < len(doc) and doc[end].lower_ == "of":
                e = self.suffix_word.right(doc, end + 1)
                if e > end + 1:
                    out += [(s0, e) for s0, _ in list(out)]
        elif kind.startswith("F"):
            j = end
            for _ in range(int(kind[1:])):
                k = self.suffix_word.right(doc, j)
                if k == j:
                    break
                out.append((start, k))
                j = k
        elif kind == "K":
            # given name(s) before the bracket, surname word(s) after it
            g = start
            for _ in range(2):
                k = self.person_word.left(doc, g)
                if k == g or k != g - 1:
                    break
                g = k
            e = end
            for _ in range(2):
                k = self.person_word.right(doc, e)
                if k == e:
                    break
                e = k
            if g < start and e > end:
                out.append((g, e))
        else:
            out.append((start, end))
        return out

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[int, int, int, str, str]] = []  # (priority, start, end, label, subtype)
        matches = [*self.words(doc), *self.lower(doc)]
        text = doc_text(doc)  # kept on the doc for the stages after the model
        for m in self.kunya.finditer(text):  # "(Abu Fadak)"
            sp = doc.char_span(m.start(), m.end())
            if sp is not None:
                matches.append((_KUNYA, sp.start, sp.end))
        for m in self.outlet.finditer(text):
            sp = doc.char_span(m.start(), m.end())
            if sp is not None and len(sp) == 1:
                matches.append((_OUTLET, sp.start, sp.end))
        for mid, start, end in matches:
            kind, subtype = ("O", "media") if mid == _OUTLET else ("K", "") if mid == _KUNYA \
                else doc.vocab.strings[mid].split("|")[:2]
            label = "PERSON" if kind == "K" else "ORG"
            for s, e in self._spans(doc, kind, start, end):
                found.append((0 if label == "PERSON" else 1, s, e, label, subtype))
        found.sort(key=lambda f: (f[0], -(f[2] - f[1]), f[1]))
        taken: list[Span] = []
        used: set[int] = set()
        for _, start, end, label, subtype in found:
            if used.intersection(range(start, end)):
                continue
            used.update(range(start, end))
            taken.append(Span(doc, start, end, label=label))
            if subtype:
                doc.user_data.setdefault("ng_subtypes", {})[f"{start}:{end}"] = subtype
        blocked = [doc[s:e] for _, s, e in self.roles(doc) if not used.intersection(range(s, e))]
        doc.set_ents(sorted(taken, key=lambda s: s.start), blocked=filter_spans(blocked),
                     default="unmodified")
        return doc


@Language.factory(COMPONENT)
def _make_entity_patterns(nlp: Language, name: str) -> EntityPatterns:
    return EntityPatterns(nlp)


def add_patterns(nlp: Language) -> None:
    """Entity patterns added in front of the statistical NER."""
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="ner" if "ner" in nlp.pipe_names else None)


# ------------------------------------------------------------------ the stage
def run(ctx: ArticleContext) -> None:
    doc = ctx.doc
    toks = ctx.tokens
    cands = _candidates(doc, toks)
    _fix_types(cands, toks)
    _evidence_types(cands, toks)
    cands = [c for c in cands if c.type != _UNTYPED]
    cands = _team_types(cands, toks)
    _list_types(cands, toks)
    _given_name_people(cands)
    _surname_people(cands)
    descriptions = coref.aliases_from_text(doc, cands, toks)
    descriptions += _epithets(doc, cands)
    cands.sort(key=lambda c: (c.start, -c.end))
    clusters = coref.cluster(cands)
    coref.sweep(doc, cands, clusters, toks)
    cands.sort(key=lambda c: (c.start, -c.end))
    _emit(ctx, cands, clusters, [(c.cluster, s, e) for c, s, e in descriptions])


def _candidates(doc: Doc, toks: TokenTable) -> list[Cand]:
    from .known import country_code

    subtypes = doc.user_data.get("ng_subtypes", {})
    nats = nm.nationalities()
    out: list[Cand] = []
    ents = _extend_orgs(toks, _join_adjacent(toks, _join_particles(toks, _given_after_role(
        toks, _place_parts(toks, _entities(doc, toks))))))
    for start, end, label in _slash_split(toks, ents):
        etype = TYPE_OF_LABEL.get(label) or (_UNTYPED if label in _OTHER_LABELS else None)
        if etype is None:
            continue
        # no key to build when the patterns marked nothing
        st = subtypes.get(f"{start}:{end}") if subtypes else None
        c = _clean(doc, toks, start, end, etype, pattern=bool(st))
        if c is None:
            continue
        if st:
            c.subtype, c.strong = st, True
            words = c.name.split()
            if len(words) >= 3 and nm.key(words[0]) in nats and words[1].islower():
                c.aliases.append((" ".join(words[1:]), "name"))  # "Iranian intelligence ministry"
        if c.type == "organization":
            words = c.name.split()
            if (len(words) >= 3 and words[-1] in _org_heads()
                    or len(words) == 2 and nm.key(words[1]) in _institutions()) \
                    and all(w[:1].isupper() for w in words[1:]) \
                    and (nm.is_acronym(words[0]) or country_code(words[0]) is not None):
                # "the UN Security Council", "the US State Department", "US Congress": the body's own name is
                # the rest
                c.aliases.append((" ".join(words[1:]), "name"))
        out.append(c)
    out.extend(_unrecognised_people(doc, toks, out, ents))
    out.extend(_unrecognised_places(doc, toks, out, ents))
    out.extend(_acronyms_after_roles(doc, toks, out, ents))
    credit = nm.credit_start(doc_text(doc))
    if credit is not None:  # the closing credit line names who wrote the article, not its actors
        out = [c for c in out if doc[c.start].idx < credit]
    return _common_nouns_off(toks, out)


def _common_nouns_off(toks: TokenTable, cands: list[Cand]) -> list[Cand]:
    """A one-word "person" that the article also writes in lower case ("Missiles ... the missiles") is a
    common noun, not an actor, unless another name contains the word; a plural one-word "person" whose
    singular the article uses as a name ("Houthis" beside "Houthi") is a group."""
    lowered = {w for w in toks.text if w.islower()}
    in_longer = {w for c in cands if c.end - c.start > 1 for w in toks.text[c.start:c.end]}
    capitalised = set(toks.text) - lowered
    out = []
    for c in cands:
        if c.type == "person" and c.end - c.start == 1 and not c.strong and not c.titles:
            w = toks.text[c.start]
            lw = w.lower()
            if w not in in_longer and (lw in lowered or lw.endswith("s") and lw[:-1] in lowered):
                continue
            if w.endswith("s") and w[:-1] in capitalised and w not in in_longer:
                c.type = "group"
        elif c.type == "organization" and c.end - c.start == 1 and not c.strong and not c.subtype \
                and _is_sent_start(toks, c.start) and toks.text[c.start][1:].islower():
            # "Success in these two areas ...", "Media reports said ...": a sentence's first word that the
            # article also writes in lower case
            lw = toks.lower[c.start]
            if toks.text[c.start] not in in_longer \
                    and (lw in lowered or lw.endswith("s") and lw[:-1] in lowered):
                continue
        out.append(c)
    return out


_PLACE_PREFIXES = frozenset({"Lower", "Upper", "Greater"})


def _place_parts(toks: TokenTable, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A region's name the model cut short: "Lower" / "Upper" / "Greater" before it ("Lower Saxony",
    "Greater London"), and a second name hyphenated to it ("Saxony" + "-Anhalt"): the hyphen joins no
    two states or places ("the Israel-Gaza war", "Russia-Ukraine talks" stay two names), no nationality,
    and no word in lower case ("Berlin-based")."""
    from .known import country_code, is_place

    text, ws, n = toks.text, toks.ws, toks.n
    taken = {i for s, e, _ in ents for i in range(s, e)}
    place_at = {s: e for s, e, label in ents if label in ("GPE", "LOC") and e - s == 1}
    out: list[tuple[int, int, str]] = []
    skip_to = -1
    for start, end, label in ents:
        if start < skip_to:
            continue
        if label in ("GPE", "LOC"):
            if start >= 1 and text[start - 1] in _PLACE_PREFIXES and start - 1 not in taken and ws[start - 1]:
                start -= 1
            if end + 1 < n and text[end] in _HYPHENS and not ws[end - 1] and not ws[end] \
                    and (end + 1 not in taken or end + 1 in place_at) and _CAP_RE.match(text[end + 1]) \
                    and not (end + 2 < n and text[end + 2] in _HYPHENS) \
                    and country_code(text[end - 1]) is None and country_code(text[end + 1]) is None \
                    and not is_place(text[end + 1]) and nm.key(text[end + 1]) not in nm.nationalities():
                end = skip_to = end + 2  # ("Palatinate" may be a place of its own to the model)
        out.append((start, end, label))
    return out


def _given_after_role(toks: TokenTable, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A one-word name after a role word and a capitalised word the model left out is a person named in
    full: "Bayern coach Pep Guardiola", "the company's chairman Arne Sorenson" where the model took only
    the last word (and often for an organisation's). The role word in lower case or opening the sentence
    ("Coach Pep Guardiola will ..."), the word between them a capitalised proper noun outside any entity."""
    text, lower, tag, iob = toks.text, toks.lower, toks.tag, toks.ent_iob
    roles = nm.role_words() | _desc_data()["team_roles"] | _desc_data()["employer_roles"]
    out: list[tuple[int, int, str]] = []
    for start, end, label in ents:
        g = start - 1
        if label in ("ORG", "PERSON") and end - start == 1 and g >= 1 and iob[g] not in (1, 3) \
                and tag[g] == "NNP" and text[g][:1].isupper() and text[g][1:].islower() \
                and text[g].isalpha() \
                and lower[g - 1] in roles and (text[g - 1].islower() or _is_sent_start(toks, g - 1)) \
                and tag[start] == "NNP" \
                and text[start][1:].islower() and not _known_place(text[g], "person") \
                and nm.key(text[g]) not in nm.nationalities() and lower[g] not in roles:
            start, label = g, "PERSON"
        out.append((start, end, label))
    return out


def _join_adjacent(toks: TokenTable, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Two names the model cut apart with nothing between them are one name: two people ("Abd Rabbo" +
    "Mansour Hadi"), a word that is no place before a person ("Thiago" + "Alcantara"), an organisation
    whose name the model ended at "of" or a particle ("the Earth Observatory of" + "Singapore")."""
    from .known import country_code, is_place

    text, lower, tag = toks.text, toks.lower, toks.tag
    parts = nm.data("titles.yaml")["name_particles"]
    out: list[tuple[int, int, str]] = []
    for start, end, label in ents:
        if out:
            s0, e0, l0 = out[-1]
            if e0 == start and tag[e0 - 1] != "POS" and text[e0 - 1][:1] != "'":
                joined = None
                if l0 == "PERSON" and label == "PERSON":
                    joined = "PERSON"
                elif label == "PERSON" and e0 - s0 == 1 and l0 != "ORG" and not nm.is_acronym(text[s0]) \
                        and text[s0][:1].isupper() and text[s0].isalpha() \
                        and country_code(text[s0]) is None and not is_place(text[s0]) \
                        and nm.key(text[s0]) not in nm.nationalities():
                    joined = "PERSON"
                elif l0 == "ORG" and e0 - s0 >= 3 and (lower[e0 - 1] == "of" or lower[e0 - 1] in parts):
                    joined = "ORG"
                if joined:
                    out[-1] = (s0, end, joined)
                    continue
        out.append((start, end, label))
    return out


def _extend_orgs(toks: TokenTable, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organisation's name goes on after its head word over "for" or "of" and capitalised words, where
    the model cut it short: "the International Organization" + "for Migration", "the Max Planck Institute
    of Chemical" + "Ecology". Only after a head word ("Organization", "Institute", "Ministry", ...), only
    within the sentence and the line; the entities inside the longer name are part of it."""
    heads = _org_heads()
    roles = nm.role_words_and_modifiers()
    given = nm.given_names()
    text, lower, tag, sent, ent, n = toks.text, toks.lower, toks.tag, toks.sent, toks.ent_type, toks.n

    def cap(k: int) -> bool:
        # a capitalised word of the sentence, no title ("Commissioner"), no given name, no person's or
        # date's word ("EU Transport Commissioner Siim Kallas", "... Sunday")
        return k < n and text[k][:1].isupper() and text[k].isalpha() \
            and tag[k] in ("NNP", "NNPS", "JJ", "NN") and sent[k] == sent[k - 1] \
            and ent[k] in ("", "ORG", "GPE", "LOC", "NORP", "FAC") \
            and lower[k] not in roles and nm.key(text[k]) not in given

    out: list[tuple[int, int, str]] = []
    skip_to = -1
    for start, end, label in ents:
        if start < skip_to:
            continue
        if label == "ORG" and end < n:
            k = -1
            if text[end - 1] in heads and lower[end] in ("for", "of") and cap(end + 1):
                k = end + 1  # "... Organization" + "for Migration"
            elif cap(end) and any(lower[p] in ("for", "of") and text[p - 1] in heads
                                  for p in range(start + 1, end)):
                k = end  # "... Institute of Chemical" + "Ecology"
            if k >= 0:
                while k < n and k - end < 8:
                    if cap(k):
                        k += 1
                    elif lower[k] in ("and", "&", "of", "for", "the") and cap(k + 1):
                        k += 1
                    else:
                        break
                if not cap(k - 1):
                    k = end
                if k > end:
                    end = skip_to = k  # the entities that start inside the longer name are dropped
        out.append((start, end, label))
    return out


def _slash_split(toks: TokenTable, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A slash between names joins two of them ("a New York Times/CBS poll", "smh/AFP/AP"), as does a
    possessive: each part is read as a name of its own (the parts that are no name, such as an
    editor's initials, drop out in the cleaning)."""
    out: list[tuple[int, int, str]] = []
    fixture_cuts = _fixture_cuts(toks)
    for start, end, label in ents:
        # a possessive inside the span ends the owner's name: "Mozambique's Joaquim Chissano", "the
        # Council's Committee of Ministers" are two names
        poss = [i for i in range(start + 1, end - 1) if toks.tag[i] == "POS"]
        if poss:
            out.append((start, poss[0], label))
            start = poss[0] + 1
        # a slash, or a line break: a name never runs over the end of a line ("Augsburg vs. Schalke" /
        # "Dortmund vs. Frankfurt", a fixture list the model read as one name)
        # (a cut drops its token: the slash, the line break; a fixture's cut keeps it, the next team's word)
        # (and a hyphen before "the" / "a": a dash written without spaces, "US Congress-the Stop Online
        # Piracy Act", joins no name)
        cuts = [(i, i + 1) for i in range(start + 1, end - 1) if toks.text[i] == "/"
                or toks.is_space[i] and "\n" in toks.text[i]
                or toks.text[i] in _HYPHENS and toks.text[i + 1] in ("the", "a", "an")]
        cuts += [(k, k) for k in fixture_cuts if start < k < end]
        if not cuts:
            out.append((start, end, label))
            continue
        cuts.sort()
        for a, b in zip([start, *(nxt for _, nxt in cuts)], [*(c for c, _ in cuts), end]):
            if b > a:
                out.append((a, b, label))
    return out


_LEADING_PREPOSITIONS = frozenset({"of", "for", "in", "at", "on", "to", "by", "from", "with"})
_VERSUS = frozenset({"vs.", "vs", "v.", "versus"})


def _fixture_cuts(toks: TokenTable) -> list[int]:
    """Where the names between two "vs." split in two: a fixture list written without line breaks
    ("Augsburg vs. Schalke Dortmund vs. Frankfurt") glues the away team of one match to the home team of
    the next. The first team ends at its first word that is a known place ("Hamburg" | "Werder Bremen",
    "Hertha Berlin" | "Wolfsburg"), else before the last word ("Schalke" | "Dortmund"). Only where all the
    words between the two "vs." are capitalised words."""
    from .known import country_code, is_place

    text, lower = toks.text, toks.lower
    at = [i for i, w in enumerate(lower) if w in _VERSUS] if "vs" in doc_text(toks.doc) else []
    out: list[int] = []
    for v, w in zip(at, at[1:]):
        start, end = v + 1, w
        if end - start < 2 or toks.sent[v] != toks.sent[w] \
                or not all(text[i][:1].isupper() and toks.is_alpha[i] for i in range(start, end)):
            continue
        places = (k + 1 for k in range(start, end - 1)
                  if is_place(text[k]) or country_code(text[k]) is not None)
        out.append(next(places, end - 1))
    return out


def _join_particles(toks: TokenTable, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person the model cut at a name particle ("Ursula von" + "Leyen") is one name: the person's
    span goes on over the particles to the capitalised word after them, which no other entity keeps."""
    parts = nm.data("titles.yaml")["name_particles"]
    text, lower, n = toks.text, toks.lower, toks.n
    out: list[tuple[int, int, str]] = []
    skip_to = -1
    for start, end, label in ents:
        if start < skip_to:
            continue
        if label == "PERSON" and end - start == 2 and end + 1 < n and text[end] in _HYPHENS \
                and not toks.ws[end - 1] and not toks.ws[end] and len(text[end - 1]) <= 5 \
                and text[end + 1].isalpha() and text[end + 1].islower() and len(text[end + 1]) <= 5:
            end += 2  # "Moon Jae" + "-in": a Korean given name the tokenizer split at its hyphen
        if label == "PERSON":
            k = end
            while k < n and lower[k] in parts and text[k].islower():
                k += 1
            if end - 1 >= start and lower[end - 1] in parts and k == end:
                k = end  # "Ursula von" then a capitalised word: the particle is inside the span already
            if k < n and (k > end or lower[end - 1] in parts) and text[k][:1].isupper() and text[k].isalpha():
                end, skip_to = k + 1, k + 1
        out.append((start, end, label))
    return out


def _entities(doc: Doc, toks: TokenTable) -> list[tuple[int, int, str]]:
    """(start, end, label) of ``doc.ents``, read from the token table's IOB and entity type as
    ``Doc.ents`` reads them, without building a Span (and its Tokens) per entity: an entity is a
    labelled B token (IOB 3) and the I tokens (1) right after it. The B tokens are found with
    ``list.index`` rather than a Python loop over every token."""
    iob, etype, n = toks.ent_iob, toks.ent_type, toks.n
    out: list[tuple[int, int, str]] = []
    inside = 0  # the I tokens that continue an entity
    i = -1
    while True:
        try:
            i = iob.index(3, i + 1)
        except ValueError:
            break
        if etype[i] == "":
            continue  # a B without a label opens nothing (an I after it is an I without a B)
        j = i + 1
        while j < n and iob[j] == 1:
            j += 1
        inside += j - i - 1
        out.append((i, j, etype[i]))
    if inside != iob.count(1):  # an I without a B: let spaCy raise its error
        return [(e.start, e.end, e.label_) for e in doc.ents]
    return out


def _line_of(doc: Doc, i: int) -> str:
    text, at = doc_text(doc), doc[i].idx
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    return text[a:b if b >= 0 else len(text)]


def _unrecognised_people(doc: Doc, toks: TokenTable, found: list[Cand],
                         ents: list[tuple[int, int, str]]) -> list[Cand]:
    """Capitalised words the model left alone that open with a known given name ("... Al-Nujaba Akram
    Al-Kaabi"): a person, when two words or more."""
    taken = {i for c in found for i in range(c.start, c.end)}
    taken |= {i for s, e, _ in ents for i in range(s, e)}
    given = nm.given_names()
    roles = nm.role_words()
    text, lower, tag, ws, is_alpha, n = toks.text, toks.lower, toks.tag, toks.ws, toks.is_alpha, toks.n
    out: list[Cand] = []
    after = 0  # a name starts after the one before it
    # a name opens with a proper noun: only those are visited (not every token of the article)
    for i in toks.within("actors.proper_nouns", _proper_nouns, 0, n):
        if i < after or i in taken or not text[i][:1].isupper() or nm.key(text[i]) not in given:
            continue
        j = i + 1
        while j < n and j not in taken:
            w = text[j]
            if nm.is_particle(w) and j + 2 < n and text[j + 1] in "-‐" and text[j + 2][:1].isupper():
                j += 3
            elif w in "-‐" and j + 1 < n and text[j + 1][:1].isupper() and is_alpha[j + 1] \
                    and not ws[j] and not ws[j - 1]:
                j += 2  # "Amir-Abdollahian"
            elif w[:1].isupper() and is_alpha[j] and lower[j] not in roles and tag[j] in ("NNP", "NNPS"):
                j += 1
            else:
                break
        if j - i >= 2 and text[j - 1] not in nm.place_heads():
            c = _clean(doc, toks, i, j, "person")
            if c is not None:
                out.append(c)
        after = max(j, i + 1)
    return out


def _unrecognised_places(doc: Doc, toks: TokenTable, found: list[Cand],
                         ents: list[tuple[int, int, str]]) -> list[Cand]:
    """A known country's or city's name (data/known_actors.yaml) that the model left alone is a place:
    "Transgaz of Romania", "Berlin UTC +1 | Cape Town UTC +2". The name written capitalised, outside any
    entity; a one-word name only as a proper noun inside its sentence, and never a given name ("Jordan",
    "Chad" may be people)."""
    from .known import country_code, is_place

    taken = {i for c in found for i in range(c.start, c.end)}
    taken |= {i for s, e, _ in ents for i in range(s, e)}
    given = nm.world_given_names()
    text, tag, is_alpha, n = toks.text, toks.tag, toks.is_alpha, toks.n
    out: list[Cand] = []
    after = 0
    for i in toks.within("actors.proper_nouns", _proper_nouns, 0, n):
        if i < after or i in taken or not text[i][:1].isupper() or not is_alpha[i]:
            continue
        for j in range(min(n, i + 3), i, -1):  # the longest name first: "Cape Town" before "Cape"
            if any(k in taken or not text[k][:1].isupper() or not is_alpha[k] for k in range(i, j)) \
                    or toks.sent[j - 1] != toks.sent[i]:
                continue
            name = toks.span_text(i, j)
            if country_code(name) is None and not is_place(name):
                continue
            if j < n and text[j] in _HYPHENS and not toks.ws[j - 1] \
                    or i >= 1 and text[i - 1] in _HYPHENS and not toks.ws[i - 1]:
                break  # a part of a hyphenated name ("Rhineland-Palatinate", "Berlin-Tegel")
            if j - i == 1 and (_is_sent_start(toks, i) or nm.key(name) in given or tag[i] != "NNP"
                               or nm.is_acronym(name)):
                break
            c = _clean(doc, toks, i, j, "location")
            if c is not None:
                out.append(c)
                after = j
            break
    return out


def _acronyms_after_roles(doc: Doc, toks: TokenTable, found: list[Cand],
                          ents: list[tuple[int, int, str]]) -> list[Cand]:
    """An acronym the model left alone after a role word and "of" names the body the person serves: "the
    president of the VDMA", "Director General of CERN" (a capitalised acronym of two to six letters)."""
    taken = {i for c in found for i in range(c.start, c.end)}
    taken |= {i for s, e, _ in ents for i in range(s, e)}
    roles = nm.role_words()
    text, lower, n = toks.text, toks.lower, toks.n
    out: list[Cand] = []
    for b in toks.within("actors.of", _of_words, 1, n):
        i = b + 1 + (b + 1 < n and lower[b + 1] == "the")
        if i >= n or lower[b - 1] not in roles:
            continue
        w = text[i]
        if i in taken or not 2 <= len(w) <= 6 or not w.isalpha() or not w.isupper() \
                or i + 1 < n and text[i + 1][:1].isupper():
            continue
        c = _clean(doc, toks, i, i + 1, "organization")
        if c is not None and c.type == "organization":
            out.append(c)
    return out


def _of_words(toks: TokenTable):
    """The tokens "of" (a mask for ``TokenTable.within``)."""
    return toks.has("lower", lambda w: w == "of")


def _proper_nouns(toks: TokenTable):
    """The tokens tagged NNP or NNPS (a mask for ``TokenTable.within``)."""
    return toks.has("tag", lambda tag: tag in ("NNP", "NNPS"))


def _clean(doc: Doc, toks: TokenTable, start: int, end: int, etype: str,
           pattern: bool = False) -> Cand | None:
    """Trim determiners, quotes, punctuation, role words and honorifics; read a bracketed kunya."""
    tx, lower, is_punct, is_quote = toks.text, toks.lower, toks.is_punct, toks.is_quote
    # leading "the" and quotes, trailing quotes and punctuation
    while start < end and (lower[start] in ("the", "a", "an") or is_quote[start] or toks.tag[start] == "POS"
                           or is_punct[start] and tx[start] not in "("):
        start += 1
    while end > start and (is_quote[end - 1] or is_punct[end - 1] and tx[end - 1] != ")"
                           or toks.tag[end - 1] == "POS"):
        end -= 1
    if start >= end:
        return None
    if not pattern:
        # common nouns after the name are no part of it: "the Svoboda party", "AFP news agency", "the
        # Sauerland region" (the noun still types the name: see _fix_types); a particle stays
        # ("Lucien Favre six games", "Salahauddin Rabbani-and")
        parts = _particles()
        k = end
        while k - start > 1 and tx[k - 1].isalpha() and tx[k - 1].islower() and lower[k - 1] not in parts \
                and (toks.ws[k - 2] or lower[k - 1] in ("and", "or", "but")):  # "Ban Ki-moon" stays whole
            k -= 1
            while k < end and k - start > 1 and (toks.tag[k - 1] == "CD" or is_punct[k - 1]):
                k -= 1
        if k < end and tx[k - 1][:1].isupper():
            end = k
    if end - start > 1 and _GLUED.match(tx[start]):
        start += 1  # "2020.Chancellor Angela Merkel": the end of the sentence before, glued to a title
    zones = _words_of("time_zones")
    while start < end and tx[start] in zones:
        start += 1
    while end > start and tx[end - 1] in zones:
        end -= 1
    if start >= end or not pattern and end - start > 1 and tx[end - 1] in _words_of("not_actor_heads"):
        return None  # "Bonn Conference", "Heinrich Heine Prize": an event, an award, a law
    # role words leading a person's or organisation's span ("Chairman Falih Al-Fayyadh")
    roles = nm.role_words_and_modifiers()
    if etype in ("person", "organization") and not pattern:
        # a modifier goes only with the role word after it: "Former Chairman X" loses both, "New York
        # Times" keeps its "New"
        role_words = nm.role_words()
        k = start
        while end - k > 1 and (lower[k] in roles or lower[k] in ("-", "of")) and tx[k][:1].isupper():
            k += 1
            if lower[k - 1] in role_words or lower[k - 1] in ("-", "of"):
                start = k
        if lower[start] in _LEADING_PREPOSITIONS and tx[start].islower():
            return None  # "State of the Union" less its role word: "of the Union" is a scrap, no name
    if etype == "person" and not pattern and end - start > 2 and tx[start][:1].isupper() \
            and (lower[start] in _desc_data()["person_nouns_before"]
                 or lower[start].endswith("ing") and _is_sent_start(toks, start)):
        start += 1  # "Midfielder Lewis Holtby", "Starring Meryl Streep": an occupation, a participle
    if etype == "person" and end - start > 2 and lower[start] == "ex" and tx[start + 1] in _HYPHENS:
        start += 2  # "ex-Michelle Obama": the former office is the words after the name
    if "(" in tx[start:end] and not pattern:
        # "the Federal Criminal Police (BKA": the model took the bracketed acronym into the name; the
        # name ends before the bracket (the acronym after it becomes an alias, as for any name)
        o = tx.index("(", start, end)
        inner = [w for w in tx[o + 1:end] if w != ")"]
        if o > start and len(inner) == 1 and nm.is_acronym(inner[0]):
            end = o
    # an honorific the model left outside ("Grand" before "Ayatollah X")
    # (an honorific ends at the name's first word or just before it: most names have neither word)
    if etype == "person" and (nm.key(tx[start]) in _honorific_lasts()
                              or start > 0 and nm.key(tx[start - 1]) in _honorific_lasts()):
        # the folded words ending at the name's first word and just before it, per sequence length
        lengths = nm.honorific_lengths()
        ending = {n: tuple(map(nm.key, tx[start - n + 1:start + 1])) for n in lengths
                  if n > 1 and start - (n - 1) >= 0}
        before = {n: tuple(map(nm.key, tx[start - n:start])) for n in lengths if start - n >= 0}
        for seq in nm.honorifics():
            n = len(seq)
            if ending.get(n) == seq:
                start = start - n + 1
                break
            if before.get(n) == seq and tx[start - n][:1].isupper():
                start = start - n
                break
    words = tx[start:end]
    text = toks.span_text(start, end)
    if "[" in text or "]" in text:  # an editor's insertion: "[Benjamin] Netanyahu"
        text = " ".join(re.sub(r"[\[\]]", " ", text).split())
    # the words with a letter (w.isalpha() answers for most words without a loop over their letters)
    alpha = [w for w in words if w.isalpha() or any(ch.isalpha() for ch in w)]
    not_names = nm.not_names()
    if not alpha or all(nm.key(w) in not_names or nm.key(w) in roles for w in alpha):
        return None
    if not pattern and not any(w[:1].isupper() for w in alpha):
        return None  # "of": a name has a capital somewhere
    if not pattern and text.isupper() and etype != "location" and _line_of(doc, start).isupper():
        # a headline in capitals: the model guesses; keep the name only when the body writes it too
        line = _line_of(doc, start)
        rest = doc_text(doc).replace(line, " ")
        if text.title() not in rest and re.search(r"\b%s\b" % re.escape(text), rest) is None:
            return None
    if not pattern and end - start >= 2 and _title_case_line(_line_of(doc, start)):
        # a headline in title case ("Italy Rejects Easing Fertility Law"): the model cannot see where a
        # name ends; when the body never writes the whole span, the longest start of it that the body
        # writes is the name
        line = _line_of(doc, start)
        rest = doc_text(doc).replace(line, " ")
        if re.search(r"\b%s\b" % re.escape(text), rest) is None:
            for k in range(end - 1, start, -1):
                part = toks.span_text(start, k)
                if re.search(r"\b%s\b" % re.escape(part), rest):
                    end, text, words = k, part, tx[start:k]
                    break
    titles, _ = nm.split_honorifics(nm.name_word_tuple(text))
    if etype in ("organization", "person") + (("location",) if not text.isupper() else ()) \
            and end - start == 1 and not pattern and nm.key(text) in nm.nationalities() \
            and nm.key(text) != nm.key(nm.nationalities()[nm.key(text)]):
        etype = "group"  # "Iraqi", "Ukrainian" are nationalities, whatever the model said
    if etype in ("organization", "person", "location") and not pattern and _COMPOUND_ADJ.match(text) \
            and nm.key(text.rsplit("-", 1)[1]) in nm.nationalities() \
            and nm.key(text.rsplit("-", 1)[1]) != nm.key(nm.nationalities()[nm.key(text.rsplit("-", 1)[1])]):
        etype = "group"  # "Franco-German", "Sino-Russian": a compound of nationalities
    adjective = False
    if etype in ("organization", "person", "location") and end - start == 1 and not pattern \
            and not _known_place(text, etype) and _DEMONYM_END.search(text) \
            and end < toks.n and tx[end].islower() and toks.tag[end] in ("NN", "NNS"):
        etype, adjective = "group", True  # "Calabrian mafia", "Florentine painting": an adjective of origin
    if not pattern and re.match(r"^(?:anti|pro|pre|post|non|ex)[-‐‑]", text):
        # "anti-Israel", "pro-Kremlin": a stance, no person, organisation or place; like a nationality it
        # may still stand for the side that holds it ("the pro-Iranian group declared a ceasefire")
        etype, adjective = "group", True
    if etype in ("organization", "person") and not pattern and (_known_place(text, etype)
                                                                or nm.key(text) in _seats()):
        # "Cameroon", "U.S.", "Kiev": a country's or a city's name, whatever the model said
        etype = "location"
    if etype == "person" and start > 0 and lower[start - 1] == "the" and not pattern \
            and not (end < toks.n and tx[end].islower() and toks.tag[end] in ("NN", "NNS")):
        # (the article of a noun after the name is that noun's: "the Assad regime")
        # people's names take no article: "the Houthis" is a group, "the Badr" an organisation
        etype = "group" if text.endswith("s") and end - start == 1 else "organization"
    if end - start == 1 and not pattern and text in _HEAD_WORDS():
        return None  # "Brigades" alone names nothing
    c = Cand(start=start, end=end, name=text, type=etype, strong=adjective)
    if titles and etype in ("person", "organization", "group"):
        # "Sheikh X" is a person whatever the model said
        rest = text
        for t in titles:
            rest = rest[len(t):].lstrip()
        c.name, c.titles, c.type = rest, titles, "person"
        c.strong = True
        c.aliases.append((text, "title_form"))
    m = _BRACKETED_KUNYA.match(c.name) if "(" in c.name else None  # the pattern needs a bracket
    if m and nm.is_kunya_head(m.group("kunya").split()[0]):
        c.aliases.append((c.name, "name"))
        c.aliases.append((m.group("kunya"), "kunya"))
        c.name = f"{m.group('given')} {m.group('family')}"
        c.type, c.strong = "person", True
    elif "(" in c.name or ")" in c.name:
        return None
    return c


def _title_case_line(line: str) -> bool:
    """A line written in title case (a headline): five words or more, nearly all capitalised (the short
    function words a headline leaves in lower case aside: "Germany Irked by US Approach to Missiles")."""
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 5 or len(words) > 25:
        return False
    words = [w for w in words if w not in _HEADLINE_LOWER] or words
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= 0.8 * len(words)


def _known_place(text: str, etype: str) -> bool:
    """A known country, or a city or province of the known actors' table; a one-word "person" only
    when it is no given name ("Sofia" may be a woman)."""
    from .known import country_code, is_place

    if country_code(text) is not None:
        return True
    if not is_place(text):
        return False
    return not (etype == "person" and " " not in text.strip() and nm.key(text) in nm.given_names())


@functools.lru_cache(maxsize=None)
def _words_of(name: str) -> frozenset[str]:
    """A word list of descriptions.yaml, as written (case kept)."""
    return frozenset(nm.data("descriptions.yaml")[name])


@functools.lru_cache(maxsize=1)
def _desc_data() -> dict[str, frozenset[str]]:
    """The word lists of descriptions.yaml that type a name by the noun before it, as sets."""
    d = nm.data("descriptions.yaml")
    return {k: frozenset(d[k]) for k in ("org_nouns_before", "person_nouns_before", "place_nouns_of",
                                         "place_nouns_before", "locative_prepositions", "not_locative_heads",
                                         "place_last_words", "place_first_words", "party_adherents",
                                         "team_roles", "employer_roles", "sports_words", "match_before",
                                         "match_after", "competition_words")}


@functools.lru_cache(maxsize=1)
def _institutions() -> frozenset[str]:
    """Bodies every state has ("parliament", "congress"), folded."""
    return frozenset(nm.key(w) for w in nm.data("org_patterns.yaml")["generic_institutions"]) \
        | frozenset(nm.key(h) for hs in nm.data("org_patterns.yaml")["suffix"].values() for h in hs)


@functools.lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    """The capitalised words that close an organisation's name: "Institute", "Organization", "Ministry"."""
    return frozenset(h for hs in nm.data("org_patterns.yaml")["suffix"].values() for h in hs)


@functools.lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    """Lower-case words inside names: "von", "de", "al" (folded)."""
    return frozenset(nm.data("titles.yaml")["name_particles"]) | nm.PARTICLES


@functools.lru_cache(maxsize=1)
def _seats() -> frozenset[str]:
    """Seats of government (folded): places, whatever the model said."""
    return frozenset(nm.key(s) for s in nm.data("descriptions.yaml")["seats_of_government"])


@functools.lru_cache(maxsize=1)
def _honorific_lasts() -> frozenset[str]:
    """The last words of the honorifics (folded)."""
    return frozenset(seq[-1] for seq in nm.honorifics())


_BRACKETED_KUNYA = re.compile(r"^(?P<given>[^()]+?)\s*\(\s*(?P<kunya>[^()]+?)\s*\)\s*(?P<family>[^()]+)$")


def _fix_types(cands: list[Cand], toks: TokenTable) -> None:
    """Context fixes the type: a role word next to a name makes it a person ("X, the secretary-general
    of Y", "PMU Chairman X"); an organisation noun after it makes it an organisation ("the Ansarullah
    movement"). (The words around each name are read from the token table: ``doc[i]`` builds a Token.)"""
    org_heads = set(nm.data("descriptions.yaml")["org_heads"])
    org_after = _desc_data()["org_nouns_before"]  # "the Yediot Aharonot newspaper", "the Haqqani network"
    place_nouns = set(nm.data("descriptions.yaml")["place_nouns"])
    role_words = nm.role_words()
    text, lower, tag, n = toks.text, toks.lower, toks.tag, toks.n
    starts = {c.start: c for c in cands}
    # names the article also gives a person where no organisation noun follows: "the Assad regime"
    # beside "Assad said" stays a person's name
    people = {c.key for c in cands if c.type == "person"
              and not (c.end < n and (lower[c.end] in org_heads or lower[c.end] in org_after))}
    for c in cands:
        if c.strong:
            continue
        # "Hamas leader Yahya Sinwar": a name before a role word and another person names the organisation
        if c.type == "person" and c.end + 1 < n and lower[c.end] in role_words \
                and text[c.end].islower():
            nxt = starts.get(c.end + 1)
            if nxt is not None and nxt.type == "person" and len(nm.name_word_tuple(c.name)) == 1:
                c.type, c.strong = "organization", True
                continue
        before = c.start - 1 if c.start > 0 else None  # the tokens just before and after the name
        after = c.end if c.end < n else None
        if c.type in ("person", "organization", "group") and after is not None and text[after].islower() \
                and lower[after] in place_nouns and c.key not in nm.nationalities():
            c.type, c.strong = "location", True  # "Ain al-Asad air base"
            continue
        if after is not None and lower[after] in ("air", "military", "naval") and c.end + 1 < n \
                and lower[c.end + 1] in place_nouns and c.type in ("person", "organization"):
            c.type, c.strong = "location", True
            continue
        if c.type in ("person", "organization", "group"):
            if after is not None and (lower[after] in org_heads or lower[after] in org_after) \
                    and text[after].islower() \
                    and tag[after] in ("NN", "NNS") \
                    and c.key not in nm.nationalities() and c.key not in people:
                if c.type != "organization":
                    c.type = "organization"
                c.strong = True
                continue
        # (an acronym is a body's name, never a person's: "the 28-member EU, the minister said")
        if c.type in ("organization", "group", "location", _UNTYPED) and len(c.name.split()) <= 4 \
                and not nm.is_acronym(c.name):
            shaped = c.type == "organization" or _person_shaped(c.name)
            # (not a place noun that some title ends with: "the federal state X" is no "head of state")
            if before is not None and lower[before] in role_words and not _is_sent_start(toks, before) \
                    and shaped and tag[before] in ("NN", "NNP") and not _org_shaped(c.name) \
                    and lower[before] not in place_nouns \
                    and lower[before] not in _desc_data()["place_nouns_of"] \
                    and not (before >= 1 and text[before - 1] in _HYPHENS):  # "the 28-member EU"
                c.type, c.strong = "person", True
                continue
            # "the secretary-general of the Badr Organization, Hadi Al-Ameri"
            if _person_shaped(c.name) and before is not None and text[before] == "," and c.start >= 4:
                org = next((o for o in cands if o.end == c.start - 1 and o.type == "organization"), None)
                if org is not None and org.start >= 2:
                    j = org.start - 1
                    j -= lower[j] == "the"
                    if lower[j] == "of" and lower[j - 1] in role_words:
                        c.type, c.strong = "person", True
                        continue
            # "X, the secretary-general of Y" / "X, head of Y"
            if after is not None and text[after] == "," and c.end + 1 < n:
                j = c.end + 1
                if lower[j] in ("the", "a", "an", "former", "late"):
                    j += 1
                while j < n and lower[j] in nm.role_modifiers():
                    j += 1
                # "X, Africa director for Y", "X, UNHCR spokeswoman": one or two words naming the brief
                k = j
                while k < n and k < j + 2 and lower[k] not in role_words and text[k][:1].isupper() \
                        and toks.is_alpha[k]:
                    k += 1
                if k < n and lower[k] in role_words and text[k].islower() and c.type != "location":
                    j = k
                # (not "X, President Y ...": a capitalised title before a name opens a new phrase)
                if j < n and lower[j] in role_words and (c.type != "location" or _person_shaped(c.name)) \
                        and not (text[j][:1].isupper() and j + 1 < n and text[j + 1][:1].isupper()):
                    c.type, c.strong = "person", True


def _evidence_types(cands: list[Cand], toks: TokenTable) -> None:
    """The words just before a name type it where the model's label may be wrong (data/descriptions.yaml):
    an organisation's class noun ("the German news magazine X", "broadcaster X", "the news agency, X"), a
    place's ("the city of X", "the Nigerian states of X, Y and Z", "the capital X", "fly into X"), an
    occupation or kinship ("French historian X", "daughter X", "a top dancer, X Y"). A name a pattern, a
    title or the context already typed keeps its type; a known country or city stays a place."""
    d = _desc_data()
    org_before, person_before = d["org_nouns_before"], d["person_nouns_before"]
    place_of, place_before = d["place_nouns_of"], d["place_nouns_before"]
    locative, not_locative = d["locative_prepositions"], d["not_locative_heads"]
    place_last, place_first, adherents = d["place_last_words"], d["place_first_words"], d["party_adherents"]
    text, lower, tag, head, lemma, n = toks.text, toks.lower, toks.tag, toks.head, toks.lemma, toks.n
    nats = nm.nationalities()
    given = nm.given_names()
    by_end = {c.end: c for c in cands}
    by_start = {c.start: c for c in cands}
    people_at = {id(c) for c in cands if c.type == "person"}
    team_roles, employer_roles = d["team_roles"], d["employer_roles"]
    surnames = {w for c in cands if c.type == "person" and c.end - c.start > 1 for w in c.key.split()[1:]}
    in_place_list: set[int] = set()  # ids of the names in "the states of X, Y and Z"
    bodies = _institutions()

    def noun(i: int, words) -> bool:
        # ("daily" and "weekly" are often tagged adjectives, or proper nouns before a name)
        return 0 <= i < n and lower[i] in words and text[i].islower() \
            and tag[i] in ("NN", "NNS", "JJ", "NNP") and not (i + 1 < n and tag[i + 1] == "POS")

    for c in sorted(cands, key=lambda c: c.start):
        b = c.start - 1
        if b >= 1 and toks.is_quote[b]:
            b -= 1  # the radio station "Antenne Bayern"
        # the place list: "of" after a place noun, or a comma / "and" / "or" after a name of the list
        if b >= 1 and lower[b] == "of" and noun(b - 1, place_of):
            in_place_list.add(id(c))
        elif b >= 0 and lower[b] in (",", "and", "or"):
            prev = by_end.get(b) or (by_end.get(b - 1) if b >= 1 and text[b - 1] == "," else None)
            if prev is not None and id(prev) in in_place_list:
                in_place_list.add(id(c))
        if c.strong or c.titles or c.subtype:
            continue
        words = c.name.split()
        known_place = _known_place(c.name, c.type) or c.key in nats or c.key in _seats()
        if c.type in ("person", "organization") and len(words) >= 2 \
                and (words[-1] in place_last or words[0] in place_first and words[1] == "of"
                     or any(w in place_last and x == "of" for w, x in zip(words, words[1:]))):
            c.type, c.strong = "location", True  # "the Städel Museum", "Tahrir Square", "the Gulf of Aden"
            continue
        if c.type == "group" and len(words) == 1 and c.name in adherents:
            c.type, c.subtype, c.strong = "organization", "political_party", True  # "Republicans": the party
            continue
        if id(c) in in_place_list or noun(b, place_before):
            # (a place the model typed so is one by evidence too: it outvotes the model's other guesses for
            # the name, "Mumbai Attacks" in a headline)
            if c.type in ("person", "organization", "group", "location", _UNTYPED) and c.key not in nats:
                c.type, c.strong = "location", True
            continue
        comma = b >= 1 and text[b] == ","
        # an apposition with its article: "the German parliament, the Bundestag"
        the_comma = b >= 2 and lower[b] == "the" and text[b - 1] == ","
        # (after a comma, a name the model took for a person's is more often one: "the party, Fritz Kuhn")
        if c.type != "organization" and not known_place \
                and (noun(b, org_before) or comma and c.type != "person" and noun(b - 1, org_before)
                     or the_comma and c.type != "person" and (noun(b - 2, org_before)
                                                              or noun(b - 2, bodies))):
            c.type, c.strong = "organization", True  # "broadcaster Fox News", "the news agency, dpa"
            continue
        if c.type != "person" and not known_place and not _org_shaped(c.name) and not nm.is_acronym(c.name) \
                and all(w[:1].isupper() for w in words) and len(words) <= 4 \
                and (noun(b, person_before) or comma and len(words) >= 2 and noun(b - 1, person_before)
                     and (c.end >= n or text[c.end] in (",", ".", ";"))):
            c.type, c.strong = "person", True  # "historian Fabrice Virgili", "a top dancer, Pavel D."
            continue
        a = c.end
        if c.type in ("location", "person", "group", _UNTYPED) and len(words) <= 2 and a + 1 < n \
                and text[a].islower() and id(by_start.get(a + 1)) in people_at and c.key not in nats \
                and (lower[a] in team_roles or not known_place and (lower[a] in employer_roles
                                                                    or lower[a] in nm.role_words())):
            c.type, c.strong = "organization", True  # "Germany coach X", "Haribo boss X": team, employer
            continue
        if c.type in ("person", "organization") and len(words) == 1 and b >= 0 and lower[b] in locative \
                and not nm.is_acronym(c.name) and c.key not in given and c.key not in surnames \
                and lemma[head[b]] not in not_locative and c.key not in nats \
                and c.key not in _institutions():  # "in Congress", "in Parliament": a body
            c.type = "location"  # "fly into Karachi": a place, unless other mentions say otherwise


_SCORE = re.compile(r"(?<![\w.,/:–-])\d{1,2}[-–]\d{1,2}(?![\w.,/:–-]|\.\d)")


def _team_types(cands: list[Cand], toks: TokenTable) -> list[Cand]:
    """In a match report (a score and the words of a sport: data/descriptions.yaml) a country's, a city's or
    a club's name next to a score or after "against", "beat", "host", "vs." names the team that plays; a
    league's name ("the Champions League", "the Bundesliga") names a competition, no actor."""
    from .known import country_code

    d = _desc_data()
    lower, n = toks.lower, toks.n
    # the tokens that open and close a score ("3-0" is three tokens)
    at_score: set[int] = set()
    for m in _SCORE.finditer(doc_text(toks.doc)):
        sp = toks.char_span(m.start(), m.end(), expand=True)
        if sp is not None:
            at_score.update((sp[0], sp[1] - 1))
    if not at_score or sum(1 for w in lower if w in d["sports_words"]) < 3:
        return cands
    leagues = d["competition_words"]
    cands = [c for c in cands if c.strong or not c.name.split()[-1].lower().endswith(tuple(leagues))]
    for c in cands:
        if c.strong or c.titles or c.subtype or c.type not in ("location", "person", "organization") \
                or c.type == "person" and _person_shaped(c.name) or len(c.name.split()) > 3:
            continue
        b, a = c.start - 1, c.end
        if b >= 0 and (lower[b] in d["match_before"] or b in at_score) \
                or a < n and (lower[a] in d["match_after"] or a in at_score):
            c.type, c.strong = "organization", True
        elif country_code(c.name) is not None and not (b >= 0 and lower[b] in _PLACE_PREPOSITIONS):
            # a country's name in a match report is its team ("Argentina struggled", "Germany's defence"),
            # unless a preposition makes it the place ("in Brazil", "from Germany")
            c.type, c.strong = "organization", True
    return cands


_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "into", "across", "throughout", "of", "around",
                                 "near", "inside", "outside", "within"})


def _list_types(cands: list[Cand], toks: TokenTable) -> None:
    """An enumeration of names ("Khedira, Mueller and Mesut Oezil", "Rome, Milan and Florence") names
    things of one kind: a member the model typed otherwise, with no evidence of its own, takes the type
    every other member has (three members at least; acronyms and known places keep theirs)."""
    text, lower = toks.text, toks.lower
    order = sorted((c for c in cands if c.type in ("person", "organization", "location")),
                   key=lambda c: c.start)
    lists: list[list[Cand]] = []
    for c in order:
        if lists:
            prev = lists[-1][-1]
            glue = [lower[i] for i in range(prev.end, c.start)]
            if glue and len(glue) <= 2 and all(w in (",", "and", "or") for w in glue) \
                    and (glue == [","] or glue[-1] in ("and", "or")):
                lists[-1].append(c)
                continue
        lists.append([c])
    for members in lists:
        if len(members) < 3:
            continue
        for c in members:
            others = {o.type for o in members if o is not c}
            if len(others) != 1 or c.strong or c.titles or c.subtype or nm.is_acronym(c.name):
                continue
            want = next(iter(others))
            if want == c.type or want != "location" and _known_place(c.name, c.type):
                continue
            if any(not w[:1].isupper() for w in text[c.start:c.end] if w.isalpha()):
                continue
            c.type = want


def _given_name_people(cands: list[Cand]) -> None:
    """A name the model typed an organisation is a person's when it opens with a known given name of any
    origin and reads as given name + surname: "Sigrid Kaag", "Florian Philippot", "Mesut Oezil". Only a
    name no pattern, title or context typed, of two to four capitalised words, none of them a place,
    a nationality or a word that names a kind of body, and no word after the given name an English
    dictionary word ("Christian Democratic Union", "Hertha Berlin", "Muslim Brotherhood", "Robert Bosch
    Academy" stay as they are; a surname that is also a word, "John Smith", is left to the model)."""
    given = nm.world_given_names()
    dictionary = _dictionary_words()
    if not dictionary:
        return  # without the dictionary no name is safe to retype
    for c in cands:
        if c.type != "organization" or c.strong or c.subtype or c.titles:
            continue
        raw = c.name.split()
        if not 2 <= len(raw) <= 4 or nm.key(raw[0].split("-")[0]) not in given \
                or any(w.lower() in dictionary for w in raw[1:]):
            continue
        if not all(w[:1].isupper() and not w.isupper() and w.replace("-", "").isalpha() for w in raw):
            continue
        keys = [nm.key(w) for w in raw]
        if any(k in _body_words() or k in nm.nationalities() for k in keys) \
                or any(_known_place(w, "organization") for w in raw):
            continue
        c.type = "person"


@functools.lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    """The English dictionary words (WordNet's nouns, verbs, adjectives and adverbs) of the pinned model's
    lemmatizer tables, lower case; empty when the model ships none."""
    import spacy.util
    from spacy.lookups import Lookups

    from ..settings import MODEL_PACKAGE

    try:
        where = next(spacy.util.get_package_path(MODEL_PACKAGE).glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(where).get_table("lemma_index")
        return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))
    except (StopIteration, OSError, KeyError, ValueError):
        return frozenset()


@functools.lru_cache(maxsize=1)
def _body_words() -> frozenset[str]:
    """Words that say a name is a body's, a place's or an event's (folded): the organisation heads and
    nouns, the words that end a place's or an event's name."""
    d = nm.data("descriptions.yaml")
    words = [*d["org_heads"], *d["org_nouns_before"], *d["not_actor_heads"], *d["place_last_words"],
             *d["place_first_words"], *nm.data("org_patterns.yaml")["generic_institutions"]]
    return frozenset(nm.key(w) for w in words) | _institutions() \
        | frozenset(nm.key(h) for hs in nm.data("org_patterns.yaml")["prefix"].values() for h in hs)


def _surname_people(cands: list[Cand]) -> None:
    """A name the model typed an organisation is a person when the article names a person by it: "Udo
    Steinbach" beside "Steinbach" (a person), "Guardiola" beside "Pep Guardiola". Only a name that no
    pattern, title or context typed, with no organisation word in it, and only when the one person
    is unambiguous (one person's surname, one given name + surname)."""
    people = [c for c in cands if c.type == "person"]
    if not people:
        return
    single = {c.key for c in people if len(c.key.split()) == 1}
    surnames: dict[str, set[str]] = {}
    for c in people:
        words = c.key.split()
        if len(words) >= 2:
            surnames.setdefault(words[-1], set()).add(c.key)
    for c in cands:
        if c.type != "organization" or c.strong or c.subtype or _org_shaped(c.name) or nm.is_acronym(c.name):
            continue
        raw = c.name.split()
        words = c.key.split()
        if not 1 <= len(words) <= 3 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in raw):
            continue
        if len(words) == 1 and len(surnames.get(words[0], ())) == 1 \
                or len(words) >= 2 and words[-1] in single and nm.key(raw[0]) not in nm.nationalities():
            c.type = "person"


def _is_sent_start(toks: TokenTable, i: int) -> bool:
    """Whether ``doc[i].is_sent_start`` is true: the table numbers a new sentence at each sentence start
    after the first token."""
    if i == 0:
        return bool(toks.doc[0].is_sent_start)
    return toks.sent[i] != toks.sent[i - 1]


def _epithets(doc: Doc, cands: list[Cand]) -> list[tuple[Cand, int, int]]:
    """A state's fixed epithet the model took for a name ("the Islamic Republic") is a description
    of that state when the article names it."""
    out: list[tuple[Cand, int, int]] = []
    epithets = nm.epithets()
    for c in list(cands):
        target = epithets.get(c.key)
        if not target:
            continue
        state = next((o for o in cands if o.key == nm.key(target)), None)
        if state is None:
            continue
        cands.remove(c)
        start = c.start - 1 if c.start > 0 and doc[c.start - 1].lower_ == "the" else c.start
        out.append((state, start, c.end))
    return out


@functools.lru_cache(maxsize=1)
def _HEAD_WORDS() -> frozenset[str]:
    d = nm.data("org_patterns.yaml")
    return frozenset(h for hs in (*d["prefix"].values(), *d["suffix"].values()) for h in hs) \
        - {"Hezbollah", "Hizballah", "Hizbullah", "Hizbollah"}


def _person_shaped(name: str) -> bool:
    """Two words or more with a given name, a kunya or the article al- ("Hadi Al-Ameri")."""
    words = nm.name_word_tuple(name)
    return len(words) >= 2 and (nm.key(words[0]) in nm.given_names() or nm.is_kunya_head(words[0])
                                or any(nm.strip_particle(w) != w for w in words[1:]))


def _org_shaped(name: str) -> bool:
    d = nm.data("org_patterns.yaml")
    words = name.split()
    heads = {h for hs in d["prefix"].values() for h in hs}
    tails = {h for hs in d["suffix"].values() for h in hs}
    return bool(words) and (words[0] in heads or words[-1] in tails)


def _emit(ctx: ArticleContext, cands: list[Cand], clusters: dict[int, list[Cand]],
          descriptions: list[tuple[int, int, int]]) -> None:
    idx, tx = ctx.tokens.idx, ctx.tokens.text
    key_of: dict[int, str] = {}
    for cid, members in sorted(clusters.items(), key=lambda kv: min(c.start for c in kv[1])):
        names = [c for c in members if c.alias_kind in ("name", "title_form") and c.kind == "name"] or members
        etype = members[0].type
        full = max(names, key=lambda c: (len(nm.name_word_tuple(c.name)) if not nm.is_acronym(c.name) else 0,
                                         len(c.name), -c.start))
        subtype = next((c.subtype for c in members if c.subtype), None)
        titles: list[str] = []
        for c in members:
            titles.extend(t for t in c.titles if t not in titles)
        key = ctx.new_key()
        ctx.add_actor(Actor(key=key, type=etype, subtype=subtype, name=full.name, titles=titles))  # type: ignore[arg-type]
        key_of[cid] = key
        # the names the new actor has so far: add_alias keeps the first alias of each name and drops the
        # others, and most members repeat a name, so those calls (and their sentence) are skipped here
        has: set[str] = set()
        for c in sorted(members, key=lambda c: c.start):
            kind = c.alias_kind
            if kind == "name" and c.name != full.name and etype == "person" \
                    and len(nm.name_word_tuple(c.name)) == 1:
                kind = "surname"
            sent = None
            for a, k in ((c.name, kind), *c.aliases):
                if a and a not in has:
                    if sent is None:
                        sent = ctx.sentence_of(idx[c.start])
                    ctx.add_alias(key, a, k, sent)
                    has.add(a)
    # names first (so a name's tokens index to its actor), descriptions after; one index_mentions()
    # for both (it rebuilds the index from all mentions in order, the first mention of a token winning)
    for c in cands:
        if c.cluster in key_of:
            ctx.add_mention(idx[c.start], idx[c.end - 1] + len(tx[c.end - 1]),
                            key_of[c.cluster], "alias" if c.kind == "alias" else "name")
    for cid, start, end in descriptions:
        if cid in key_of:
            ctx.add_mention(idx[start], idx[end - 1] + len(tx[end - 1]), key_of[cid], "description")
    ctx.index_mentions()
    coref.resolve_descriptions(ctx, cands, key_of)
    ctx.index_mentions()
