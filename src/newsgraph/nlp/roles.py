"""Roles: person -- title -- organisation, with status (current/former) and dates.

The patterns news uses, read off the parse and the actor mentions (never character windows):

- ``ORG TITLE NAME`` / ``ORG's TITLE NAME``        "Quds Force commander Esmail Qa'ani"
- ``TITLE of ORG[,] NAME``                          "the secretary-general of Asa'ib Ahl Al-Haq,
                                                    Qais Al-Khazali"
- ``NAME, the TITLE of ORG`` / ``NAME, ORG's TITLE``  (apposition)
- ``NAME, who heads ORG`` / ``ORG, led by NAME``     (a role verb)
- a title that is itself a mention of a person ("Iran's supreme leader" resolved by the actors stage)
- ``TITLE NAME`` with the organisation from context: an enumeration that shares it
  ("PMU Chairman A and Chief of Staff B"), or the organisation the article already gave that title.

Status is ``former`` on "late", "former", "ex-", "previously", "until his death"; since/until come
from "after he took charge in 2020", "since becoming ... in 2019", "until his death in 2020".
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Role, Span
from .context import ArticleContext, TokenTable
from .textscan import odd_case

ORG_TYPES = ("organization", "location")
_QUOTES = set("‘’“”'\"`«»")
_DETS = {"the", "a", "an", "its", "their", "his", "her", "our", "whose"}
_POSS = {"'s", "’s", "'", "’"}
_ORG_GENERIC = {"party", "movement", "group", "militia", "alliance", "bloc", "coalition"}
_JOIN = {",", "and", ";", "as", "well", "&"}
_ACADEMIC = {"professor", "researcher"}
_STATE_NOUNS = {"country", "nation", "state", "kingdom", "republic", "government"}
_COPULAS = {"be", "become", "remain", "serve", "appoint", "name", "elect", "make", "install", "promote",
            "act"}


@dataclass(frozen=True)
class Lexicon:
    pattern: re.Pattern
    starts: frozenset[str]  # the first words a match of the pattern can start with (see _title_matches)
    ascii_starts: frozenset[bytes]  # the same, as bytes (for _ascii_words)
    canon: dict[str, str]
    ranks: tuple[str, ...]
    former: frozenset[str]
    honorifics: frozenset[str]
    verbs: dict[str, str]
    prep_verbs: dict[str, tuple[frozenset[str], str]]  # lemma -> (prepositions, title)
    state_titles: frozenset[str]
    state_bodies: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from . import lexicon as lexicons  # the one validated loader of nlp/data

    data = lexicons.load("role_titles.yaml", dict[str, Any])
    canon: dict[str, str] = {}
    for title, forms in data["titles"].items():
        for f in forms:
            canon[_norm(f)] = title
    for p in data["portfolios"]:
        canon[_norm(f"{p} minister")] = f"{p} minister"
        canon[_norm(f"minister of {p}")] = f"{p} minister"
        canon[_norm(f"minister for {p}")] = f"{p} minister"
    ranks = tuple(sorted(data["rank_modifiers"], key=len, reverse=True))
    forms = sorted(canon, key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]*") for f in forms)
    rank = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in ranks)
    pattern = re.compile(rf"\b(?:(?P<ex>ex-)\s*)?(?:(?P<rank>{rank})[\s-]+)?(?P<title>{body})\b(?!-)", re.I)
    starts = {"ex"}
    for phrase in (*ranks, *forms):
        first = re.match(r"\w+", phrase.lower())
        if first is None or not phrase.isascii():  # what _title_matches relies on (kept under python -O)
            raise ValueError(f"role_titles.yaml: a title or rank must start with an ASCII word: {phrase!r}")
        starts.add(first.group())
    return Lexicon(pattern=pattern, starts=frozenset(starts),
                   ascii_starts=frozenset(w.encode() for w in starts),
                   canon=canon, ranks=ranks,
                   former=frozenset(w.lower() for w in data["former_cues"]),
                   honorifics=frozenset(h.lower() for h in data["honorifics"]), verbs=dict(data["verbs"]),
                   prep_verbs={v: (frozenset(d["prepositions"]), d["title"])
                               for v, d in data.get("prep_verbs", {}).items()},
                   state_titles=frozenset(data["state_titles"]), state_bodies=frozenset(data["state_bodies"]))


def _norm(s: str) -> str:
    return re.sub(r"[\s-]+", " ", s.lower()).strip()


def canonical_title(text: str) -> str | None:
    """'Secretary General' -> 'secretary-general'; 'deputy Chairman' -> 'deputy chairman'; else None."""
    lex = lexicon()
    m = lex.pattern.fullmatch(text.strip())
    if not m:
        return None
    title = lex.canon[_norm(m.group("title"))]
    return f"{_norm(m.group('rank'))} {title}" if m.group("rank") else title


# ---------------------------------------------------------------- the stage
@dataclass
class _Hit:
    start: int          # first token of the title (rank included)
    end: int            # one past its last token
    title: str
    former: bool


def run(ctx: ArticleContext) -> None:
    found: list[Role] = []
    pending: list[tuple[int, _Hit, str]] = []  # (sentence, hit, person) with no organisation yet
    for unit in _units(ctx):
        last: tuple[str, str, int] | None = None  # (person, org, end token) of the previous role here
        for hit in _titles(ctx, unit):
            i = ctx.sentence_of(ctx.doc[hit.start].idx)
            person, p_tok = _holder(ctx, unit, hit)
            if person is None:
                continue
            org = _organisation(ctx, unit, hit, person, p_tok)
            if org is None and last and _joined(ctx, last[2], hit.start, unit) \
                    and _fits(ctx, hit.title, last[1]):
                org = last[1]  # an enumeration sharing its organisation
            status = "former" if hit.former or _former_nearby(ctx, unit, hit, p_tok) else "current"
            if org is None:
                if not _qualified(ctx, hit):
                    pending.append((i, hit, person))
                continue
            found.append(_role(ctx, i, hit, person, org, status, p_tok))
            last = (person, org, _mention_end(ctx, p_tok) if p_tok is not None else hit.end)
        found.extend(_verb_roles(ctx, unit))
        found.extend(_member_roles(ctx, unit, found))
    # titles whose organisation is the one the article gave that title close by
    for i, hit, person in pending:
        org = _context_org(ctx, i, hit, person, found) or _sentence_state(ctx, i, hit, person) \
            or _article_state(ctx, hit, person)
        if org:
            sent = ctx.sentences[i]
            status = "former" if hit.former or _former_nearby(ctx, sent, hit, None) else "current"
            found.append(_role(ctx, i, hit, person, org, status, None))
    roles = _dedupe(found)
    _dates(ctx, roles)
    ctx.roles.extend(roles)


_FINAL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")  # a sentence that ends as one


def _units(ctx: ArticleContext) -> list[SpacySpan]:
    """Sentences, with a sentence the parser cut off mid-phrase joined to the next one
    ("... Chief of Staff Abdulaziz (Abu Fadak)" | "Al-Muhammadawi; ...")."""
    out: list[SpacySpan] = []
    start = None
    sents = ctx.sentences
    doc_text = ctx.doc_text
    for j, s in enumerate(sents):
        if start is None:
            start = s.start
        s_text = doc_text[s.start_char:s.end_char]  # = s.text, without joining the tokens
        text = s_text.rstrip()
        ended = bool(_FINAL.search(text)) or "\n" in s_text.strip(" ")[-3:] or \
            j + 1 == len(sents) or "\n" in doc_text[s.end_char:sents[j + 1].start_char + 1]
        if ended:
            out.append(s if start == s.start else ctx.doc[start:s.end])  # (a unit of one sentence is it)
            start = None
    return out


def _qualified(ctx, hit: _Hit) -> bool:
    """The title phrase carries its own qualifier that is not an organisation ('the Iranian leader'), or
    names one this stage could not resolve: "the president of the VDMA", "the body's president",
    "Rhineland-Palatinate president X" (none of them is the sentence's or the article's state)."""
    doc = ctx.doc
    if hit.end < len(doc) and doc[hit.end].lower_ in ("of", "for") and hit.end + 1 < len(doc) \
            and (doc[hit.end + 1].text[:1].isupper() or doc[hit.end + 1].lower_ == "the"):
        return True
    b = hit.start - 1
    if b >= 1 and doc[b].text in _POSS and doc[b - 1].lower_ not in _STATE_NOUNS:
        return True  # (not "the country's president": that is the article's state)
    if b >= 0 and doc[b].ent_type_ in ("ORG", "GPE", "LOC", "NORP") and ctx.actor_of(doc[b]) is None:
        return True
    head = _title_head(ctx, hit)
    for c in head.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < hit.start:
            k = ctx.actor_of(c)
            if k and ctx.actors[k].type not in ORG_TYPES + ("person",):
                return True
            if c.pos_ == "ADJ" and c.text[:1].isupper():
                return True
    return False


def _role(ctx, i, hit: _Hit, person, org, status, p_tok) -> Role:
    tab = ctx.tokens
    toks = [hit.start, hit.end - 1] + ([p_tok, _mention_end(ctx, p_tok) - 1] if p_tok is not None else [])
    a, b = min(toks), max(toks)
    span = Span(start=tab.idx[a], end=tab.idx[b] + len(tab.text[b]), text=tab.span_text(a, b + 1))
    return Role(person=person, organization=org, title=hit.title, status=status, sentence=i, span=span,
                attribution=ctx.attribution_of(i))


def _dedupe(roles: list[Role]) -> list[Role]:
    out: dict[tuple, Role] = {}
    for r in roles:
        k = (r.person, r.organization, r.title)
        if k in out:
            if r.status == "former" and out[k].status == "current":
                out[k] = out[k].model_copy(update={"status": "former"})
            continue
        out[k] = r
    return list(out.values())


# ---------------------------------------------------------------- titles in a sentence
_WORD = re.compile(r"\w+")


# For ASCII text: each byte lower-cased when it is a word character (``\w``: a letter, a digit or
# "_"), a space otherwise, so that the text's words are the translation's .split(), at their offsets.
_ASCII_WORDS = bytes(ord(chr(c).lower()) if c < 128 and (chr(c).isalnum() or c == ord("_")) else 32
                     for c in range(256))


def _title_matches(lex: Lexicon, text: str):
    """``lex.pattern.finditer(text)``, trying the pattern only where a word that can start it starts.
    Every match starts a word (the pattern opens with ``\b`` and a letter) with "ex-", a rank or a
    title, each followed by a non-word character, so its first word is in ``lex.starts``; scanning
    the whole text with the large pattern was most of the stage's time."""
    if odd_case(text):  # a word's lower-cased form may not be what the pattern matched
        yield from lex.pattern.finditer(text)
        return
    if text.isascii():
        # the words found in C (most sentences have no title word: they end here), and where they start
        words = text.encode("ascii").translate(_ASCII_WORDS)
        found = lex.ascii_starts.intersection(words.split())
        if not found:
            return
        at: list[int] = []
        for w in found:
            i = words.find(w)
            while i >= 0:
                e = i + len(w)
                if (i == 0 or words[i - 1] == 32) and (e == len(words) or words[e] == 32):
                    at.append(i)  # the whole word, not part of a longer one
                i = words.find(w, e)
        at.sort()
    else:
        at = [w.start() for w in _WORD.finditer(text) if w.group().lower() in lex.starts]
    pos = 0
    for a in at:
        if a < pos:
            continue
        m = lex.pattern.match(text, a)
        if m is not None:
            yield m
            pos = m.end()


def _titles(ctx: ArticleContext, sent: SpacySpan) -> list[_Hit]:
    lex = lexicon()
    tab = ctx.tokens
    hits = []
    for m in _title_matches(lex, ctx.doc_text[sent.start_char:sent.end_char]):  # the text of sent
        a, b = sent.start_char + m.start(), sent.start_char + m.end()
        sp = tab.char_span(a, b, expand=True)  # (start, end) tokens, without building the Span
        if sp is None or sp[1] <= sp[0]:
            continue
        last = sp[1] - 1
        # a verb ("they head to"), a name that merely contains the word, or an adjective use ("leader-led")
        if tab.pos[last] in ("VERB", "AUX") or tab.tag[last] in ("VBZ", "VBP", "VBD", "VB"):
            continue
        owner = ctx.actor_at(last)
        if owner and ctx.actors[owner].type in ORG_TYPES and _inside_name(ctx, sp):
            continue  # "Supreme National Security Council", "King Abdullah University"
        title = lex.canon[_norm(m.group("title"))]
        if m.group("rank"):
            title = f"{_norm(m.group('rank'))} {title}"
        former = bool(m.group("ex"))
        hits.append(_Hit(start=sp[0], end=sp[1], title=title,
                         former=former or _former_before(ctx, sent, sp[0])))
    return hits


def _inside_name(ctx, sp: tuple[int, int]) -> bool:
    """The title words (tokens start..end) are inside an organisation's name (the mention goes on past
    them)."""
    key = ctx.actor_at(sp[1] - 1)
    nxt = sp[1]
    return nxt < len(ctx.doc) and ctx.actor_at(nxt) == key


def _former_before(ctx, sent, start: int) -> bool:
    """A cue just before the title or before the organisation in front of it ("former PMU deputy
    chairman")."""
    lex = lexicon()
    tab = ctx.tokens
    k = start - 1
    steps = 0
    while k >= sent.start and steps < 8:
        low, text = tab.lower[k], tab.text[k]
        if low in lex.former or low.rstrip("-") in lex.former:
            return True
        if text in _POSS or text in "()" or ctx.actor_at(k) or low in _DETS or text in _QUOTES or text == "-":
            k -= 1
            steps += 1
            continue
        break
    return False


def _former_nearby(ctx, sent, hit: _Hit, p_tok: int | None) -> bool:
    """'until his death', 'previously' in the phrase around the title and its holder."""
    lo = hit.start
    hi = max(hit.end, _mention_end(ctx, p_tok) if p_tok is not None else hit.end)
    text = ctx.tokens.span_text(max(sent.start, lo - 3), min(sent.end, hi + 6)).lower()
    return bool(_FORMER_CUES.search(text))


_FORMER_CUES = re.compile(r"\buntil (?:his|her|their) "
                          r"(?:death|killing|assassination|ouster|removal|dismissal)\b"
                          r"|\bpreviously\b|\bformerly\b")


# ---------------------------------------------------------------- the holder
def _is_person(ctx, t: Token | None) -> str | None:
    if t is None:
        return None
    k = ctx.actor_of(t)
    return k if k and ctx.actors[k].type == "person" else None


def _starts(ctx) -> dict[int, int]:
    """Character offset where a mention starts -> where it ends (the longest)."""
    cache = ctx.shared.get("roles.mention_starts")
    if cache is None:
        cache = {}
        for m in ctx.mentions:
            cache[m.start] = max(cache.get(m.start, 0), m.end)
        ctx.shared["roles.mention_starts"] = cache
    return cache


def _mention_start(ctx, i: int) -> int:
    """The first token of the mention holding token i."""
    idx, starts, actor_at = ctx.tokens.idx, _starts(ctx), ctx.actor_at
    k = actor_at(i)
    while idx[i] not in starts and i > 0 and actor_at(i - 1) == k:
        i -= 1
    return i


def _mention_end(ctx, i: int) -> int:
    """One past the last token of the mention at i (a nickname in brackets inside a name is kept)."""
    tab, actor_at = ctx.tokens, ctx.actor_at  # read by token index: no Tokens, no Span
    end_char = _starts(ctx).get(tab.idx[i])
    if end_char is not None:
        sp = tab.char_span(tab.idx[i], end_char, expand=True)
        if sp is not None and sp[1] > sp[0]:
            return sp[1]
    k = actor_at(i)
    n, text = tab.n, tab.text
    j = i + 1
    while j < n:
        if actor_at(j) == k:
            j += 1
            continue
        if text[j] == "(":  # "Abdulaziz (Abu Fadak) Al-Muhammadawi"
            close = next((c for c in range(j + 1, min(n, j + 8)) if text[c] == ")"), None)
            if close is not None and close + 1 < n and actor_at(close + 1) == k:
                j = close + 1
                continue
        break
    return j


def _skip_honorifics(ctx, j: int, end: int) -> int:
    lex = lexicon()
    tab = ctx.tokens
    while j < end and not ctx.actor_at(j) and (tab.lower[j] in lex.honorifics or tab.text[j] in _QUOTES):
        j += 1
    return j


def _holder(ctx, sent, hit: _Hit) -> tuple[str | None, int | None]:
    # 1. the title is itself a mention of a person (a resolved description): the name beside it, if any
    for j in range(hit.start, hit.end):
        if (k := ctx.actor_at(j)) and ctx.actors[k].type == "person":  # _is_person, by token index
            k2, tok = _named_holder(ctx, sent, hit)
            return k, tok if k2 == k else None
    return _named_holder(ctx, sent, hit)


def _named_holder(ctx, sent, hit: _Hit) -> tuple[str | None, int | None]:
    doc = ctx.doc
    # 2. TITLE NAME ("Chairman Falih Al-Fayyadh", "Supreme Leader Ayatollah Ali Khamenei")
    j = _skip_honorifics(ctx, hit.end, sent.end)
    if j < sent.end and (k := _is_person(ctx, doc[j])) and _mention_start(ctx, j) == j:
        return k, j
    # 3. TITLE of [the] ORG[,] NAME
    after = _after_of_org(ctx, sent, hit.end)
    if after is not None:
        j2 = after
        if j2 < sent.end and doc[j2].text == ",":
            j2 += 1
        j2 = _skip_honorifics(ctx, j2, sent.end)
        if j2 < sent.end and (k := _is_person(ctx, doc[j2])) and _mention_start(ctx, j2) == j2:
            return k, j2
    # 4. NAME, [the] [ORG['s]] TITLE  (apposition, checked on the parse when it agrees)
    k_i = _left_appos(ctx, sent, hit.start)
    if k_i is not None:
        return _is_person(ctx, doc[k_i]), _mention_start(ctx, k_i)
    # 5. the parse: the title noun in apposition to a person, or a person in apposition to it
    head = _title_head(ctx, hit)
    if head.dep_ == "appos" and (k := _is_person(ctx, head.head)) and head.head.i < hit.start:
        return k, _mention_start(ctx, head.head.i)
    # 6. NAME is / became / was appointed / serves as [the] TITLE (of ORG)
    verb, via = head.head, head
    if head.dep_ == "pobj" and verb.lower_ == "as":
        via, verb = verb, verb.head
    if via.dep_ in ("attr", "oprd", "xcomp", "acomp", "prep") and verb.lemma_.lower() in _COPULAS \
            and verb.i < hit.start:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
            subj = verb.head  # "NAME, who was appointed TITLE of X"
        if subj is not None and (k := _is_person(ctx, subj)):
            return k, _mention_start(ctx, subj.i)
    for c in head.children:
        if c.dep_ == "appos" and (k := _is_person(ctx, c)) and c.i > hit.end:
            # only directly after the title phrase: "the head of X, NAME"
            between = doc[hit.end:c.i]
            if all(ctx.actor_of(t) or t.is_punct or t.lower_ in _DETS or t.lower_ == "of" for t in between):
                return k, _mention_start(ctx, c.i)
    return None, None


def _title_head(ctx, hit: _Hit) -> Token:
    sp = ctx.doc[hit.start:hit.end]
    return sp.root


def _after_of_org(ctx, sent, j: int) -> int | None:
    """After 'of [the] ORG' starting at j: the token past the organisation (and a bracketed acronym)."""
    doc = ctx.doc
    if j >= sent.end or doc[j].lower_ not in ("of", "for"):
        return None
    j += 1
    if j < sent.end and doc[j].lower_ == "the":
        j += 1
    if j >= sent.end:
        return None
    k = ctx.actor_of(doc[j])
    if not k or ctx.actors[k].type == "person":
        return None
    j = _mention_end(ctx, j)
    if j < sent.end and doc[j].text == "(":
        close = next((c for c in range(j + 1, min(sent.end, j + 6)) if doc[c].text == ")"), None)
        if close is not None:
            j = close + 1
    return j


def _left_appos(ctx, sent, start: int) -> int | None:
    """NAME, [a|the|its] [ORG['s]] [mods] TITLE: the last token of NAME, or None."""
    doc = ctx.doc
    lex = lexicon()
    k = start - 1
    mods = 0  # words that qualify the title: "a security analyst", "Africa director"
    while k >= sent.start:
        t = doc[k]
        low = t.lower_
        if low in _DETS or low in lex.former or low.rstrip("-") in lex.former or t.text in _POSS \
                or t.text in _QUOTES:
            k -= 1
            continue
        a = ctx.actor_of(t)
        if a and ctx.actors[a].type != "person":
            k = _mention_start(ctx, k) - 1
            continue
        if a is None and mods < 2 and t.is_alpha and t.pos_ in ("ADJ", "NOUN", "PROPN") \
                and k - 1 >= sent.start:
            mods += 1
            k -= 1
            continue
        break
    if k >= sent.start and doc[k].text == "," and k - 1 >= sent.start and _is_person(ctx, doc[k - 1]):
        return k - 1
    return None


# ---------------------------------------------------------------- the organisation
def _org_ok(ctx, key: str | None, person: str) -> bool:
    return bool(key) and key != person and ctx.actors[key].type in ORG_TYPES


def _state_of(ctx, t: Token) -> str | None:
    """A nationality adjective ("Iraqi") -> the state's actor, when the article names that state."""
    try:
        from .names import key, nationalities
    except ImportError:  # pragma: no cover - the actors stage's tables
        return None
    state = nationalities().get(key(t.text))
    if not state:
        return None
    from .known import country_code as known_actor

    want = state.lower()
    code = known_actor(state)  # the country's code ("AZE"), compared whole: "Azerbaijani" is not Austria's
    for k, a in ctx.actors.items():
        if a.type != "location":
            continue
        names = [a.name, *(x.name for x in a.aliases)]
        if any(n.lower() == want or code and known_actor(n) == code for n in names):
            return k  # "Russian" -> the Russia of the article (the Russian Federation's known names)
    return None


def _organisation(ctx, sent, hit: _Hit, person: str, p_tok: int | None = None) -> str | None:
    doc = ctx.doc
    # TITLE NAME of [the] ORG ("Prime Minister Mohammed Shia al-Sudani of Iraq")
    if p_tok is not None and p_tok >= hit.end:
        j = _mention_end(ctx, p_tok)
        if j + 1 < sent.end and doc[j].lower_ == "of":
            j += 1 + (doc[j + 1].lower_ == "the")
            if j < sent.end and _org_ok(ctx, k := ctx.actor_of(doc[j]), person):
                return k
    # "professor of Economics at ORG": an academic title's "of" names the subject, "at" the employer
    if hit.title in _ACADEMIC and hit.end < sent.end and doc[hit.end].lower_ == "of":
        at = next((j for j in range(hit.end + 1, min(sent.end, hit.end + 7)) if doc[j].lower_ == "at"), None)
        if at is not None:
            j = at + 1 + (at + 1 < sent.end and doc[at + 1].lower_ == "the")
            if j < sent.end and _org_ok(ctx, k := ctx.actor_of(doc[j]), person):
                return k
        return None
    # TITLE of/for/at [the] [descriptors] ORG ("a senior analyst for the Dutch consultancy Veldkamp
    # Partners", "chief financial officer at Swiss banking giant X": up to three lower-case or nationality
    # words before the organisation's name); a brief before the employer ("marketing director for light at
    # X": "for" and lower-case words, then "at")
    if hit.end < sent.end and doc[hit.end].lower_ in ("of", "for", "at", "with"):
        j = hit.end + 1
        if j < sent.end and doc[j].lower_ in ("the", "a", "an"):
            j += 1
        at_seen = doc[hit.end].lower_ == "at"
        for _ in range(5):
            if j >= sent.end:
                break
            a = ctx.actor_of(doc[j])
            if a == person:
                a = None  # the words of the person's own description ("chief at X" told of them)
            if _org_ok(ctx, k := a, person):
                pre = ctx.actor_of(doc[hit.start - 1]) if hit.start > sent.start else None
                if doc[hit.end].lower_ == "for" and ctx.actors[k].type == "location" and pre \
                        and pre != person and ctx.actors[pre].type == "organization":
                    return pre  # "UN envoy for Yemen": the place is the brief, the UN the employer
                return k
            if doc[hit.end].lower_ == "for" and not at_seen and doc[j].lower_ == "at" and j > hit.end + 1:
                at_seen = True
                j += 1 + (j + 1 < sent.end and doc[j + 1].lower_ == "the")
                continue
            nationality = a is not None and ctx.actors[a].type == "group" and doc[j].text[:1].isupper()
            if doc[hit.end].lower_ == "of" or a is not None and not nationality \
                    or not (nationality or doc[j].is_lower and doc[j].is_alpha
                            and (doc[j].pos_ in ("ADJ", "NOUN") or doc[j].tag_ == "VBG")
                            or doc[j].pos_ == "ADJ" and doc[j].text[:1].isupper()):
                break
            j += 1
    # ORG ['s] [(ACR)] [mods] TITLE
    k_i = hit.start - 1
    lex = lexicon()
    while k_i >= sent.start and (doc[k_i].lower_ in lex.former or doc[k_i].lower_.rstrip("-") in lex.former):
        k_i -= 1
    if k_i >= sent.start and doc[k_i].text in _POSS:
        k_i -= 1
    if k_i - 1 >= sent.start and doc[k_i].lower_ in _ORG_GENERIC and ctx.actor_of(doc[k_i]) is None \
            and ctx.actor_of(doc[k_i - 1]) is not None:
        k_i -= 1  # "the opposition Congress party lawmaker NAME"
    if k_i >= sent.start and doc[k_i].text == ")":
        opn = next((c for c in range(k_i - 1, max(sent.start - 1, k_i - 6), -1) if doc[c].text == "("), None)
        if opn is not None:
            if _org_ok(ctx, k := ctx.actor_of(doc[k_i - 1]), person):
                return k
            k_i = opn - 1
    if k_i >= sent.start and _org_ok(ctx, k := ctx.actor_of(doc[k_i]), person):
        return k
    if k_i >= sent.start and (k := _state_of(ctx, doc[k_i])) and _org_ok(ctx, k, person):
        return k  # "Iraqi Prime Minister NAME", "the Iranian leader"
    # "Cameroonian military spokesman NAME": a nationality, one or two lower-case words, the title
    for back in (1, 2):
        s_i = k_i - back
        between = [doc[x] for x in range(s_i + 1, k_i + 1)]
        if s_i < sent.start \
                or not all(w.is_lower and w.is_alpha and w.pos_ in ("ADJ", "NOUN") for w in between):
            break
        if (k := _state_of(ctx, doc[s_i])) and _org_ok(ctx, k, person):
            return k
    # the parse: poss / compound / prep-of children of the title noun
    head = _title_head(ctx, hit)
    for c in head.children:
        if c.dep_ in ("poss", "compound") and c.i < hit.start and _org_ok(ctx, k := ctx.actor_of(c), person):
            return k
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and _org_ok(ctx, k := ctx.actor_of(p), person):
                    return k
    return None


def _fits(ctx, title: str, org: str) -> bool:
    """A state's title goes with a state ("Israel's Prime Minister A and Defence Minister B"), not with
    the organisation of the previous item ("Hezbollah leader A and President B")."""
    lex = lexicon()
    is_state_title = title in lex.state_titles or title.endswith(" minister") \
        or title.split()[-1] in lex.state_titles
    return not is_state_title or ctx.actors[org].type == "location"


def _joined(ctx, prev_end: int, start: int, sent) -> bool:
    """Only list glue between the previous role's holder and this title ("..., and Chief of Staff B")."""
    toks = ctx.doc[prev_end:start]
    return prev_end <= start and len(toks) <= 3 and all(t.lower_ in _JOIN for t in toks) and \
        any(t.lower_ == "and" or t.text == "," for t in toks)


def _context_org(ctx, i: int, hit: _Hit, person: str, roles: list[Role]) -> str | None:
    """The organisation the article already gave this title (to another holder, or to this one)."""
    base = hit.title.split()[-1] if hit.title.split()[0] in lexicon().ranks else hit.title
    same = [r for r in roles if r.title == hit.title or r.title == base]
    if any(r.person == person for r in same):
        return None  # nothing new
    near: set[str] = set()
    for j in range(max(0, i - 2), min(len(ctx.sentences), i + 2)):
        near.update(ctx.actors_in(ctx.sentences[j]))
    here = set(ctx.actors_in(ctx.sentences[i]))
    for pool in ([r for r in same if r.organization in here], [r for r in same if r.organization in near]):
        orgs = {r.organization for r in pool}
        if len(orgs) == 1:
            return orgs.pop()
    return None


def _sentence_state(ctx, i: int, hit: _Hit, person: str) -> str | None:
    """A head of state's or government's title with no organisation of its own ("President NAME
    promised ... Sri Lanka's prosperity"): the one country the sentence speaks of as an actor or an
    owner (subject, possessor, "Venezuelan government"), never one it only names as a destination or
    an object ("President NAME visited Mexico")."""
    lex = lexicon()
    if not (hit.title in lex.state_titles or hit.title.endswith(" minister")):
        return None
    from .known import country_code as known_actor

    span = ctx.sentences[i]
    doc = ctx.doc
    states: set[str] = set()
    for t in span:
        k = ctx.actor_of(t)
        if t.dep_ == "amod" and (k is None or ctx.actors[k].type == "group"):
            if t.head.lemma_.lower() in lex.state_bodies and (s := _state_of(ctx, t)):
                states.add(s)  # "the Venezuelan government" (not "his Russian inquiry")
            continue
        if k is not None and k != person:
            a = ctx.actors[k]
            nxt = ctx.actor_of(doc[t.i + 1]) if t.i + 1 < len(doc) else None
            if a.type != "location" or nxt == k or not known_actor(a.name):
                continue  # only a country, read at the last word of its mention
            if t.dep_ in ("pobj", "dobj") and not (t.i + 1 < len(doc) and doc[t.i + 1].text in ("'s", "’s")):
                continue
            states.add(k)
    return states.pop() if len(states) == 1 else None


def _member_roles(ctx, sent, found: list[Role]) -> list[Role]:
    """Membership without a title: "ORG's NAME" ("Real Madrid's Sami Khedira") and "NAME of/from [the]
    ORG" ("Sabine Ferenschild of Suedwind"), for an organisation (not a place: "Berlin's mayor" has a
    title, "NAME from Berlin" is an origin) and a person who holds no role here yet."""
    doc, tab = ctx.doc, ctx.tokens
    has = {r.person for r in found}
    out: list[Role] = []
    i = ctx.sentence_of(doc[sent.start].idx)
    j = sent.start
    while j < sent.end:
        k = ctx.actor_of(doc[j])
        if k is None:
            j += 1
            continue
        e = _mention_end(ctx, j)
        a = ctx.actors[k]
        org = person = None
        if a.type == "organization" and e + 1 < sent.end and doc[e].text in _POSS \
                and (p := ctx.actor_of(doc[e + 1])) and ctx.actors[p].type == "person":
            org, person, last = k, p, _mention_end(ctx, e + 1)
        elif a.type == "person" and e + 1 < sent.end and doc[e].text in _POSS \
                and (o := _party_after(ctx, sent, e + 1)) is not None:
            org, person, last = o[0], k, o[1]  # "Le Pen's National Front party", "Merkel's CDU"
        elif a.type == "person" and e + 1 < sent.end:
            f = e + (doc[e].text == ",")
            if f < sent.end and doc[f].lower_ in ("of", "from"):
                f += 1 + (f + 1 < sent.end and doc[f + 1].lower_ == "the")
                o = ctx.actor_of(doc[f]) if f < sent.end else None
                if o and ctx.actors[o].type == "organization":
                    org, person, last = o, k, _mention_end(ctx, f)
        if org and person and person not in has and org != person:
            a0 = min(j, e)
            span = Span(start=tab.idx[a0], end=tab.idx[last - 1] + len(tab.text[last - 1]),
                        text=tab.span_text(a0, last))
            out.append(Role(person=person, organization=org, title="member", status="current", sentence=i,
                            span=span, attribution=ctx.attribution_of(i)))
            has.add(person)
        j = max(e, j + 1)
    return out


_PARTY_NOUNS = {"party", "movement", "bloc", "coalition", "faction", "alliance"}
_PARTY_LAST = {"Party", "Front", "Movement", "Alliance", "Bloc", "Union", "Democrats", "Republicans",
               "League"}


def _party_after(ctx, sent, j: int) -> tuple[str, int] | None:
    """After "NAME's": up to three lower-case or hyphenated words, then a party ("Le Pen's National Front
    party", "Chancellor Merkel's center-right Christian Democrats"): (the party, the end of its mention)."""
    doc = ctx.doc
    for _ in range(4):
        if j >= sent.end:
            return None
        o = ctx.actor_of(doc[j])
        if o is not None:
            a = ctx.actors[o]
            e = _mention_end(ctx, j)
            if a.type != "organization":
                return None
            party = a.subtype == "political_party" or a.name.split()[-1] in _PARTY_LAST \
                or e < sent.end and doc[e].lower_ in _PARTY_NOUNS \
                or e + 3 < sent.end and doc[e].text == "(" and doc[e + 2].text == ")" \
                and doc[e + 3].lower_ in _PARTY_NOUNS
            return (o, e) if party else None
        if not (doc[j].is_lower or doc[j].text == "-"):
            return None
        j += 1
    return None


def _article_state(ctx, hit: _Hit, person: str) -> str | None:
    """A head of state's or government's title with no country in its sentence, in an article about one
    country: the country the article names at least three times and more than twice as often as any
    other ("Prime Minister NAME" in an article about India)."""
    lex = lexicon()
    if not (hit.title in lex.state_titles or hit.title.endswith(" minister")):
        return None
    from collections import Counter

    from .known import country_code as known_actor

    counts: Counter[str] = Counter()
    for t in ctx.doc:
        k = ctx.actor_of(t)
        if k is None or k == person:
            continue
        a = ctx.actors[k]
        nxt = ctx.actor_of(ctx.doc[t.i + 1]) if t.i + 1 < len(ctx.doc) else None
        if a.type == "location" and nxt != k and known_actor(a.name):
            counts[k] += 1
        elif t.dep_ == "amod" and a.type == "group" and (s := _state_of(ctx, t)):
            counts[s] += 1
    top = counts.most_common(2)
    if not top or top[0][1] < 3 or len(top) > 1 and top[0][1] <= 2 * top[1][1]:
        return None
    return top[0][0]


# ---------------------------------------------------------------- role verbs
def _verb_roles(ctx, sent) -> list[Role]:
    """'NAME, who heads ORG'; 'NAME heads ORG'; 'ORG, led by NAME'."""
    lex = lexicon()
    tab = ctx.tokens
    out = []
    # only verbs with a role lemma: found in the token table once per article
    for k in _in_sentence(_lemma_hits(tab, "roles.verbs", lex.verbs, ("VERB",)), sent):
        v = ctx.doc[k]
        i = ctx.sentence_of(v.idx)
        title = lex.verbs[v.lemma_.lower()]
        person = org = None
        if v.dep_ == "acl" and v.tag_ == "VBN":  # "ORG, led by NAME"
            org = ctx.actor_of(v.head)
            for c in v.children:
                if c.dep_ == "agent":
                    person = next((_is_person(ctx, p) for p in c.children if p.dep_ == "pobj"), None)
        else:
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            if subj.lower_ in ("who", "that") and v.dep_ == "relcl":
                person = _is_person(ctx, v.head)
            else:
                person = _is_person(ctx, subj)
            obj = next((c for c in v.children if c.dep_ == "dobj"), None)
            org = ctx.actor_of(obj) if obj is not None else None
        if not person or not org or not _org_ok(ctx, org, person):
            continue
        if v.lemma_.lower() in ("run", "direct") and ctx.actors[org].type == "location":
            continue
        former = v.tag_ == "VBD" and any(c.lower_ in ("previously", "formerly", "once") for c in v.children)
        former = former or any(c.lower_ in ("previously", "formerly") for c in v.children)
        since, until = _verb_dates(ctx, v)
        former = former or until is not None
        span = Span(start=v.idx, end=v.idx + len(v.text), text=v.text)
        out.append(Role(person=person, organization=org, title=title,
                        status="former" if former else "current",
                        since=since, until=until, sentence=i, span=span, attribution=ctx.attribution_of(i)))
    # "NAME works for ORG", "NAME, who has worked at ORG for ten years"
    for k in _in_sentence(_lemma_hits(tab, "roles.prep_verbs", lex.prep_verbs, ("VERB",)), sent):
        v = ctx.doc[k]
        preps, title = lex.prep_verbs[v.lemma_.lower()]
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            continue
        person = _is_person(ctx, v.head) if subj.lower_ in ("who", "that") and v.dep_ == "relcl" \
            else _is_person(ctx, subj)
        org = None
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                org = ctx.actor_of(obj) if obj is not None else None
                if obj is not None and org is None:  # "the charity Oxfam"
                    org = next((ctx.actor_of(a) for a in obj.children
                                if a.dep_ == "appos" and ctx.actor_of(a)), None)
                break
        if not person or not org or not _org_ok(ctx, org, person) or ctx.actors[org].type != "organization":
            continue
        i = ctx.sentence_of(v.idx)
        since, until = _verb_dates(ctx, v)
        former = until is not None or v.tag_ == "VBD"
        out.append(Role(person=person, organization=org, title=title,
                        status="former" if former else "current", since=since, until=until, sentence=i,
                        span=Span(start=v.idx, end=v.idx + len(v.text), text=v.text),
                        attribution=ctx.attribution_of(i)))
    return out


def _lemma_hits(tab: TokenTable, key: str, lemmas, pos: tuple[str, ...]) -> list[int]:
    """The article's tokens with one of the lemmas and parts of speech, found once (kept under
    ``key``, with the lemmas it was made from). A plain scan of the lemma list: ``TokenTable.has``
    would first sort the article's lemmas and parts of speech."""
    kept = tab.memo.get(key)
    if kept is None or kept[0] is not lemmas:  # type: ignore[index]
        tags = tab.pos
        kept = tab.memo[key] = (lemmas, [k for k, lm in enumerate(tab.lemma)
                                         if lm in lemmas and tags[k] in pos])
    return kept[1]  # type: ignore[index]


def _in_sentence(hits: list[int], sent) -> list[int]:
    """The sorted token indices that fall in the sentence."""
    return hits[bisect.bisect_left(hits, sent.start):bisect.bisect_left(hits, sent.end)]


def _verb_dates(ctx, v: Token) -> tuple[str | None, str | None]:
    """'led X from 1978 until 2012', 'has headed X since 1992'."""
    from .time import resolve

    since = until = None
    for c in v.children:
        if c.dep_ != "prep":
            continue
        tv = resolve(" ".join(t.text for t in c.subtree), ctx.article.published)
        if tv is None:
            continue
        if c.lower_ in ("since", "from"):
            since = tv.value
        elif c.lower_ in ("until", "till", "to", "through"):
            until = tv.value
        for p in c.subtree:  # "from 1978 until 2012" hangs "until" under the first date
            if p.dep_ == "prep" and p.lower_ in ("until", "till", "to", "through") and p is not c:
                tv2 = resolve(" ".join(t.text for t in p.subtree), ctx.article.published)
                if tv2 is not None:
                    until = tv2.value
    return since, until


# ---------------------------------------------------------------- since / until
_START_VERBS = {"take", "appoint", "name", "elect", "become", "assume", "succeed", "install", "promote",
                "found"}
_START_OBJ = {"charge", "office", "command", "over", "helm", "power", "reins", "post"}


def _dates(ctx, roles: list[Role]) -> None:
    """since from 'after he took charge in 2020', 'was appointed in 2019'; until from 'until his death
    in 2020'."""
    from .time import resolve

    by_person: dict[str, list[Role]] = {}
    for r in roles:
        by_person.setdefault(r.person, []).append(r)
    if not by_person:
        return
    anchor = ctx.article.published
    tab = ctx.tokens
    for i, sent in enumerate(ctx.sentences):
        # only verbs that can start a role: found in the token table once per article
        for k in _in_sentence(_lemma_hits(tab, "roles.start_verbs", _START_VERBS, ("VERB", "AUX")), sent):
            v = ctx.doc[k]
            lemma = v.lemma_.lower()
            # (the lemma is one of _START_VERBS: the table found only those)
            start = lemma != "take" or any(c.lower_ in _START_OBJ for c in v.subtree
                                           if c.head == v or c.head.head == v)
            if not start:
                continue
            when = _date_in(v, anchor, resolve)
            if when is None:
                continue
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            person = _subject_person(ctx, sent, subj)
            for r in by_person.get(person or "", []):
                if r.since is None and r.status == "current":
                    r.since = when
        text = ctx.doc_text[sent.start_char:sent.end_char]  # = sent.text
        if "until " not in text:
            continue  # the pattern below is case-sensitive and starts with it
        for m in re.finditer(r"\buntil (?:his|her) (?:death|killing|assassination)\b"
                             r"(?: in (\w+ )?(\d{4}))?", text):
            if not m.group(2):
                continue
            tok = ctx.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(),
                                    alignment_mode="expand")
            if tok is None:
                continue
            prev = [t for t in ctx.doc[sent.start:tok.start] if _is_person(ctx, t)]
            if prev:
                for r in by_person.get(_is_person(ctx, prev[-1]) or "", []):
                    r.until = r.until or m.group(2)
                    r.status = "former"


def _date_in(v: Token, anchor, resolve) -> str | None:
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "since"):
            phrase = " ".join(t.text for t in c.subtree)
            tv = resolve(phrase, anchor)
            if tv is not None:
                return tv.value
        if c.dep_ == "npadvmod" or (c.ent_type_ == "DATE"):
            tv = resolve(" ".join(t.text for t in c.subtree), anchor)
            if tv is not None:
                return tv.value
    return None


def _subject_person(ctx, sent, subj: Token | None) -> str | None:
    if subj is None:
        return None
    if subj.lower_ in ("who", "that") and subj.head.dep_ == "relcl":
        subj = subj.head.head
    if (k := _is_person(ctx, subj)):
        return k
    if subj.lower_ in ("he", "she"):
        prev = [t for t in ctx.doc[sent.start:subj.i] if _is_person(ctx, t)]
        if prev:
            return _is_person(ctx, prev[-1])
        j = ctx.sentences.index(sent) if sent in ctx.sentences else -1
        if j > 0:
            prev = [t for t in ctx.sentences[j - 1] if _is_person(ctx, t)]
            if prev:
                return _is_person(ctx, prev[-1])
    return None
