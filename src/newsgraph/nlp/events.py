"""Events: PLOVER-coded, with CAMEO roots, source and target from the dependency parse.

The lexicon (``data/events.yaml``) maps verb lemmas, noun lemmas and multiword phrases to a PLOVER
type. For each cue in a sentence a *frame* is built:

- verbs: subject = source (object-control, ``xcomp``, ``conj`` and participle chains climbed to find it),
  objects and target prepositions = targets; passives swap the sides, and a passive without a ``by``
  agent takes its source from an event noun it names ("killed in a US drone strike": the US);
- event nouns: under a light verb ("held talks", "claimed responsibility for the attacks", "is locked in
  an escalation with") the light verb's subject acts; on their own ("Hamas's attack on Israel") the
  possessor / modifier acts and "on/against/with X" is the target; "between X and Y" gives both sides;
- modality: an act only planned ("plans to strike", "will support", "ready to deal blows") becomes
  THREATEN when hostile, AGREE when cooperative, REJECT when negated ("would not meet"); a cue governed
  by another cue ("threatened to shell", "refused to meet", "urged X to support") yields to it; a denied
  act is not reported as done; "X said Y must do Z" is X's REQUEST to Y;
- actors: local actor keys of the tokens; a nationality plural or "the visitors / attendees" stands for
  a list of people the article gave; a nationality adjective stands for its state when the article names
  it ("Israeli communities" -> Israel);
- place: "in Tehran", "near Baghdad's international airport" -> the location actor; time: the event's own
  date phrase, else the sentence's.
Only frames with at least one actor on a side are kept.
"""
from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span as SpacySpan, Token

from ..model import Event, TimeValue
from . import lexicon as lexicon_data
from .attribution import attribution_for
from .context import ArticleContext

log = logging.getLogger(__name__)

SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
OBJ = ("dobj", "dative", "iobj", "obj", "oprd")
OBJ_OR_PREP = OBJ + ("prep",)
CLAUSAL = ("relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "mark")
PRONOUNS = {"it", "they", "he", "she", "we", "them", "him", "her", "its", "their", "his", "itself",
            "themselves", "himself", "herself"}
RELATIVE = {"which", "who", "that", "whom", "whose"}
WH = {"what", "whether", "if", "how", "why", "who", "when", "where", "which"}
NEG = {"not", "n't", "never", "no"}
BACKING = ("back", "fund", "arm", "support", "sponsor", "finance", "train", "equip", "supply", "bankroll")
NP_PREPS = ("of", "from", "in", "on", "against", "with", "including", "like", "as", "by")
PRONOUN_TYPES = {"he": ("person",), "she": ("person",), "it": ("organization", "location", "group")}
# the dependencies np_actors does not follow from a phrase's token (clauses, punctuation, "and")
_NP_STOPS = frozenset(CLAUSAL) | {"punct", "cc"}


# ---------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class Cue:
    type: str
    cameo: str | None
    preps: tuple[str, ...] = ()  # prepositions whose object is a target for this cue ("arrive +in")


@dataclass
class Lexicon:
    verbs: dict[str, Cue] = field(default_factory=dict)
    nouns: dict[str, Cue] = field(default_factory=dict)
    phrases: list[tuple[tuple[str, ...], Cue]] = field(default_factory=list)
    not_events: list[tuple[str, ...]] = field(default_factory=list)
    sets: dict[str, frozenset[str]] = field(default_factory=dict)

    @functools.cached_property
    def phrase_starts(self) -> tuple[dict[str, list[int]], dict[str, list[int]], frozenset[str]]:
        """First word -> positions in ``not_events`` and in ``phrases``; all first words (worked out once
        per lexicon: the lexicon is not changed after it is loaded)."""
        not_events: dict[str, list[int]] = {}
        for n, words in enumerate(self.not_events):
            not_events.setdefault(words[0], []).append(n)
        phrases: dict[str, list[int]] = {}
        for n, (words, _) in enumerate(self.phrases):
            phrases.setdefault(words[0], []).append(n)
        return not_events, phrases, frozenset(not_events) | frozenset(phrases)


_WORD = re.compile(r"[\w']+|-")


def _parse_entry(entry: str, default_cameo: str | None) -> tuple[list[str], tuple[str, ...], str | None]:
    cameo = default_cameo
    if "=" in entry:
        entry, code = entry.split("=", 1)
        cameo = code.strip().strip('"')
    words = [w for w in entry.split() if not w.startswith("+")]
    preps = tuple(w[1:] for w in entry.split() if w.startswith("+"))
    return [w.lower() for w in _WORD.findall(" ".join(words))], preps, cameo


FRAME_HEAD_SETS = ("light_verbs", "intent_heads", "transparent_heads", "doubt_heads", "refusal_heads",
                   "speech_verbs", "object_control")


def _add_types(lex: Lexicon, types: dict, hand: bool) -> None:
    """Cue entries of one file; the hand-written ones (events.yaml) override the dictionary's."""
    for ptype, spec in types.items():
        base = spec.get("cameo")
        for kind in ("verbs", "nouns", "phrases"):
            for raw in spec.get(kind, []) or []:
                words, preps, cameo = _parse_entry(str(raw), base)
                if not words:
                    continue
                cue = Cue(ptype, cameo, preps)
                if len(words) > 1 or kind == "phrases":
                    lex.phrases.append((tuple(words), cue))
                elif kind == "verbs":
                    lex.verbs[words[0]] = cue if hand else lex.verbs.get(words[0], cue)
                else:
                    lex.nouns[words[0]] = cue if hand else lex.nouns.get(words[0], cue)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The event lexicon: the verbs, nouns and patterns derived from PETRARCH-2's CAMEO dictionary
    (events_dictionary.yaml, built by scripts/build_event_lexicon.py), then the hand-written entries of
    events.yaml on top, less the dictionary entries events.yaml drops."""
    data = lexicon_data.load("events.yaml", dict[str, Any])
    lex = Lexicon()
    if data.get("use_dictionary", True):
        derived = lexicon_data.load("events_dictionary.yaml", dict[str, Any])
        _add_types(lex, derived["types"], hand=False)
        lex.not_events += [tuple(_WORD.findall(str(p).lower())) for p in derived.get("not_events", [])]
        drop = data.get("drop", {}) or {}
        # a verb the parse reads as the frame of another act (a light verb, an intent or transparent
        # head, a reporting or object-control verb: "announced it would", "ordered troops to") is not a
        # cue of its own unless events.yaml lists it as one
        frame_heads = {str(w).lower() for name in FRAME_HEAD_SETS for w in data.get(name, []) or []}
        explicit = {str(w).lower() for w in drop.get("verbs", []) or []}
        dropped_verbs = explicit | frame_heads
        for w in dropped_verbs:
            lex.verbs.pop(w, None)
        for w in drop.get("nouns", []) or []:
            lex.nouns.pop(str(w).lower(), None)
        dropped = {tuple(_WORD.findall(str(p).lower())) for p in drop.get("phrases", []) or []}
        lex.phrases = [p for p in lex.phrases if p[0] not in dropped and
                       p[0][0] not in dropped_verbs]
    n_dictionary = len(lex.phrases)
    _add_types(lex, data["types"], hand=True)
    hand = {w for spec in data["types"].values() for kind in ("verbs", "nouns")
            for raw in spec.get(kind, []) or [] for w in _parse_entry(str(raw), None)[0][:1]}
    # a dictionary phrase led by a verb events.yaml lists would override the hand entry (phrases win over
    # words) or swallow its object ("reject proposition"): the hand entry was kept because it beat the
    # dictionary there. A dictionary "no event" phrase naming a hand cue ("hold session") goes the same way.
    lex.phrases = [p for n, p in enumerate(lex.phrases) if n >= n_dictionary or p[0][0] not in hand]
    lex.not_events = [n for n in lex.not_events if not hand.intersection(n)]
    kept: dict[tuple[str, ...], Cue] = {}
    for words, cue in lex.phrases:
        kept[words] = cue
    lex.phrases = sorted(kept.items(), key=lambda p: -len(p[0]))  # longest first
    hand_not = [tuple(_WORD.findall(str(p).lower())) for p in data.get("not_events", [])]
    lex.not_events = list(dict.fromkeys([*hand_not, *(n for n in lex.not_events if n not in kept)]))
    for name, values in data.items():
        if name in ("types", "not_events", "drop", "use_dictionary"):
            continue
        keep_case = name in ("hostile", "cooperative")
        lex.sets[name] = frozenset(str(v) if keep_case else str(v).lower() for v in values)
    return lex


def lemma_of(lm: str, low: str, alpha: bool) -> str:
    """The lemma the events and ties stages read for a token with lower-cased lemma ``lm``, lower-cased
    form ``low`` and ``is_alpha``: the model's lemma, but when it is unknown to the lexicon ("staged" ->
    "stag") a lexicon word the form inflects."""
    if lm in _known() or not alpha:
        return lm
    return _inflected(low, lm)


@functools.lru_cache(maxsize=1 << 16)
def _inflected(low: str, lm: str) -> str:
    """The lexicon word the form ``low`` inflects, else the lemma ``lm`` (memoised: it depends on the
    words and the lexicon only)."""
    known = _known()
    for cand in _stems(low):
        if cand in known:
            return cand
    return lm


def _stems(w: str) -> list[str]:
    out = []
    for suf, rep in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                     ("d", ""),
                     ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            base = w[: len(w) - len(suf)] + rep
            out.append(base)
            if rep == "" and len(base) > 3 and base[-1] == base[-2]:
                out.append(base[:-1])  # "shipped" -> "ship"
    return out


@functools.lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    lex = lexicon()
    words = set(lex.verbs) | set(lex.nouns) | {w for p, _ in lex.phrases for w in p}
    for v in lex.sets.values():
        words |= set(v)
    return frozenset(words)


# ---------------------------------------------------------------- article-level helpers
def token_lemmas(ctx: ArticleContext) -> list[str]:
    """``lemma_of`` every token of the article, indexed by token, worked out once from its token table
    (kept in the table's memo for the ties and events stages)."""
    toks = ctx.tokens
    lms = toks.memo.get("events.lemmas")
    if lms is None:
        lms = toks.memo["events.lemmas"] = list(map(lemma_of, toks.lemma, toks.lower, toks.is_alpha))
    return lms  # type: ignore[return-value]


@dataclass
class GroupList:
    """People an article lists together ("the attendees included A; B; C"), with the words that name the
    group: its nouns (attendee, visitor) and nationalities (Iraqis)."""

    sentence: int
    members: list[str]
    nouns: set[str]
    nationalities: set[str]


class Resolver:
    """Token -> actor keys, with group lists, demonyms and pronouns."""

    @classmethod
    def of(cls, ctx: ArticleContext) -> "Resolver":
        """The article's resolver, built once and shared by the ties and events stages."""
        res = ctx.shared.get("events.resolver")
        if not isinstance(res, Resolver):
            res = ctx.shared["events.resolver"] = cls(ctx, lexicon())
        return res

    def __init__(self, ctx: ArticleContext, lex: Lexicon):
        self.ctx = ctx
        self.lex = lex
        self.tt = ctx.tokens
        self.lm = token_lemmas(ctx)  # lemma_of each token, by token index
        self._actor_at = ctx.actor_at  # ctx.actor_of by token index
        self.lists = self._find_lists()
        self._locations = [(a.key, a.name) for a in ctx.actors.values() if a.type == "location"]
        # one-word names the actor stage knows but did not mark at every occurrence
        names: dict[str, set[str]] = {}
        for a in ctx.actors.values():
            if a.type in ("person", "organization", "location"):
                for n in a.alias_names():
                    if " " not in n and len(n) >= 4 and n[:1].isupper():
                        names.setdefault(n, set()).add(a.key)
        self._names = {n: next(iter(ks)) for n, ks in names.items() if len(ks) == 1}

    def lemma(self, t: Token) -> str:
        """``lemma_of`` a token of the article."""
        return self.lm[t.i]

    # -- group lists
    def _find_lists(self) -> list[GroupList]:
        """Sentences that enumerate people under a group word: "Among the Iraqis, the attendees
        included A; B; C". A list runs on through following pieces without a verb of their own
        (semicolon-separated enumerations the sentence splitter may cut)."""
        out: list[GroupList] = []
        current: GroupList | None = None
        tt = self.tt
        lm, text, head, dep, ent = self.lm, tt.text, tt.head, tt.dep, tt.ent_type
        group_words = ATTENDEE_NOUNS | self.lex.sets.get("group_nouns", frozenset())
        # the tokens each test below looks for, listed once for the article (sorted), so that a sentence
        # is only searched where they are
        n = tt.n
        conjs = [j for j in range(n) if dep[j] == "conj"]
        semis = [j for j in range(n) if text[j] == ";"]
        attendees = [j for j in range(n) if lm[j] in ATTENDEE_NOUNS]
        norps = [j for j in range(n) if ent[j] == "NORP"]
        enums = [j for j in range(n) if lm[j] in ("include", "among") or text[j] in (";", ":")]
        between = CueTokens.between
        for i, sent in enumerate(self.ctx.sentences):
            start, end = sent.start, sent.end
            people = [k for k in self.ctx.actors_in(sent) if self.ctx.actors[k].type == "person"]
            if len(people) < 3:  # the model may type some names wrongly: take a coordinated series
                # a token with two conjuncts needs two 'conj' tokens in its sentence; only a 'conj' token
                # or the head of one has any conjuncts
                if len(between(conjs, start, end)) >= 2:
                    for j in range(start, end):
                        if dep[j] != "conj" and not any(dep[c] == "conj" for c in tt.children(j)):
                            continue
                        t = tt.doc[j]
                        if len(t.conjuncts) >= 2 and t.i < min(c.i for c in t.conjuncts):
                            keys = [self.ctx.actor_of(x) for x in (t, *t.conjuncts)]
                            keys = [k for k in keys if k and self.ctx.actors[k].type != "group"]
                            if len(keys) >= 3:
                                people = list(dict.fromkeys(people + keys))
            if current is not None and (sent.root.pos_ not in ("VERB", "AUX") or between(semis, start, end)):
                current.members += [k for k in people if k not in current.members]
                continue
            current = None
            nouns = {lm[j] for j in between(attendees, start, end)}
            nats = {_fold(text[j]).rstrip("s") for j in between(norps, start, end) if (
                lm[head[j]] == "among" or lm[head[j]] in group_words or
                (dep[j] == "nsubj" and lm[head[j]] == "include"))}
            enumerates = bool(between(enums, start, end))
            if (nouns or nats) and enumerates and len(people) >= 2:
                current = GroupList(i, list(people), nouns, nats)
                out.append(current)
        return [gl for gl in out if len(gl.members) >= 3]

    def group_members(self, tok: Token) -> list[str] | None:
        """The people a plural group reference stands for, when the article listed them."""
        if not self.lists or tok.tag_ not in ("NNS", "NNPS") and not tok.text.endswith("s"):
            return None
        group_noun = self.lemma(tok) in self.lex.sets.get("group_nouns", frozenset()) or self.lemma(tok) in ATTENDEE_NOUNS
        noun = self.lemma(tok) if self.lemma(tok) in ATTENDEE_NOUNS else None
        # "the Iraqis" (the nationality itself, plural), "the (Iraqi) visitors", "the Iraqi leaders"
        nat_toks = [*tok.children] if group_noun else ([tok] if tok.text.endswith("s") else [])
        nat = {_fold(t.text).rstrip("s") for t in nat_toks if t.ent_type_ == "NORP"}
        if not nat and not noun:
            return None
        sent_i = self.ctx.sentence_of(tok.idx)
        best, best_score = None, None
        for gl in self.lists:
            hit = bool(nat & gl.nationalities)
            if noun:
                hit = hit or bool(gl.nouns & ATTENDEE_NOUNS)
            if not hit:
                continue
            score = (len(gl.members), gl.sentence <= sent_i, -abs(gl.sentence - sent_i))
            if best_score is None or score > best_score:
                best, best_score = gl, score
        return list(best.members) if best else None

    # -- demonyms: a nationality stands for its state when the article names the state
    def state_of(self, key: str) -> str | None:
        actor = self.ctx.actors.get(key)
        if actor is None or actor.type != "group":
            return None
        name = _fold(actor.name).rstrip("s")
        best, best_len = None, 0
        for lkey, lname in self._locations:
            ln = _fold(lname)
            n = _common_prefix(name, ln)
            if n >= 4 and n >= len(ln) - 2 and n > best_len:
                best, best_len = lkey, n
        return best

    def keys_of(self, tok: Token) -> list[str] | None:
        """Actor keys a single token stands for (None: no actor)."""
        return self.keys_at(tok.i)

    def keys_at(self, i: int) -> list[str] | None:
        """``keys_of(doc[i])``, read from the token table (a Token is made only for the rare upper-case
        word and when the article has group lists)."""
        tt = self.tt
        if tt.is_upper[i] and i + 1 < tt.n and tt.text[i + 1] in ("—", "–", "-", "--") and \
                i - tt.doc[i].sent.start < 3:
            return None  # a dateline ("BAGHDAD —"), not an actor of the sentence
        if self.lists:
            members = self.group_members(tt.doc[i])
            if members:
                return members
        k = self._actor_at(i)
        if k is None and tt.pos[i] in ("PROPN", "NOUN", "VERB") and tt.text[i] in self._names:
            k = self._names[tt.text[i]]
        if k is None:
            return None
        return [self.state_of(k) or k]

ROLE_NOUNS = frozenset({"role", "contribution", "effort", "part", "support", "work", "help", "assistance"})
MEET_VERBS = frozenset({"meet", "engage", "talk", "confer", "consult"})
ATTENDANCE_VERBS = frozenset({"gather", "bring", "attend", "include", "involve", "draw", "join", "assemble"})
ATTENDEE_NOUNS = frozenset({"attendee", "visitor", "guest", "participant", "delegate", "delegation"})


def _fold(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower())


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


# ---------------------------------------------------------------- frames
@dataclass
class Frame:
    cue: Cue
    trigger: Token
    anchor: Token  # the verb whose arguments are read (the trigger, or the light verb of a noun)
    tokens: set[int]
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    location: str | None = None
    negated: bool = False
    type: str = ""
    # the act is read from what the speaker said ("X said Y should ..."), not from the reporting verb:
    # it is told by the speaker, like the rest of the quoted content
    from_content: bool = False


class SentenceEvents:
    def __init__(self, ctx: ArticleContext, lex: Lexicon, res: Resolver, i: int, sent: SpacySpan,
                 prev_speakers: list[str], keys: dict[int, list[str] | None] | None = None):
        self.ctx, self.lex, self.res, self.i, self.sent = ctx, lex, res, i, sent
        self.tt, self.lm = res.tt, res.lm
        self.prev_speakers = prev_speakers
        self.cues: dict[int, tuple[Cue, set[int]]] = {}  # trigger token index -> cue, tokens
        # np_actors of this sentence by (head, skip): frames and _speakers ask about the same phrases again,
        # and the answer depends on nothing that changes within the sentence (not the cues); prev_speakers is
        # fixed for the sentence
        self._np_memo: dict[tuple[int, frozenset[int] | None], tuple[list[str], list[str]]] = {}
        self._np_busy: set[tuple[int, frozenset[int] | None]] = set()
        # keys_at by token, for the whole article (passed in by run): the actors are settled by now
        self._keys = keys if keys is not None else {}

    lemma = Resolver.lemma  # both read self.lm, the article's token_lemmas

    # ---- cue finding
    def find_cues(self) -> None:
        tt, lex = self.tt, self.lex
        lm, low = self.lm, tt.lower
        start, end = self.sent.start, self.sent.end
        ct = CueTokens.of(self.ctx, lex)
        used: set[int] = set()
        not_event_starts, phrase_starts, opening = lex.phrase_starts
        # the sentence's tokens by lemma and by lower-case form, for the words that open a phrase
        by_word: dict[str, list[int]] = {}
        for j in ct.between(ct.openers, start, end):
            if lm[j] in opening:
                by_word.setdefault(lm[j], []).append(j)
            if low[j] != lm[j] and low[j] in opening:
                by_word.setdefault(low[j], []).append(j)
        if by_word:
            # a phrase can only match when all its words occur in the sentence (as lemma or form)
            present = {*lm[start:end], *low[start:end]}
            # in lexicon order, as if every entry were tried
            for n in sorted(n for w in by_word for n in not_event_starts.get(w, ())):
                words = lex.not_events[n]
                if not present.issuperset(words):
                    continue
                for first in by_word[words[0]]:
                    match = self._match_phrase(first, words)
                    if match:
                        used |= set(match)
            for n in sorted(n for w in by_word for n in phrase_starts.get(w, ())):
                words, cue = lex.phrases[n]
                if not present.issuperset(words):
                    continue
                for first in by_word[words[0]]:
                    match = self._match_phrase(first, words)
                    if match and not (set(match) & used):
                        root = min(match, key=tt.depth)
                        self.cues[root] = (cue, set(match))
                        used |= set(match)
        # a line break before the last word: a heading or caption glued to the next sentence, only the
        # part after it counts
        last = end - 1
        while last >= start and (tt.is_space[last] or tt.is_punct[last]):
            last -= 1
        breaks = [j for j in ct.between(ct.line_breaks, start, end) if j < last]
        if breaks:
            used |= set(range(start, breaks[-1]))
            for ti in [k for k in self.cues if k < breaks[-1]]:
                self.cues.pop(ti)
        for j in ct.between(ct.word_list, start, end):
            if j not in used:
                self.cues[j] = (ct.words[j], {j})

    def _match_phrase(self, start: int, words: tuple[str, ...]) -> list[int] | None:
        """The token indices of a phrase that opens at ``start`` and runs through its dependency
        neighbourhood (children, grandchildren, head, grandhead), left to right."""
        tt = self.tt
        lm, low, head, sent = self.lm, tt.lower, tt.head, tt.sent
        kids = tt.children
        matched = [start]
        for w in words[1:]:
            prev = matched[-1]
            cands = []
            for m in matched:
                ch = kids(m)
                near = [*ch, *(c for x in ch for c in kids(x)), head[m], head[head[m]]]
                cands += [n for n in near if (lm[n] == w or low[n] == w) and n > prev - 1
                          and n not in matched and sent[n] == sent[start]]
            if not cands:
                return None
            matched.append(min(cands))
        if len(words) > 1 and len(set(matched)) != len(words):
            return None
        return matched

    # ---- actors of a phrase
    def np_actors(self, head: Token, loc: list[str], skip: set[int] | None = None) -> list[str]:
        """Actors named by a noun phrase: the head, its modifiers, possessors, appositions and
        conjuncts, and 'of' phrases; places in locative phrases go to ``loc``."""
        return self.np_actors_at(head.i, loc, skip)

    def np_actors_at(self, hi: int, loc: list[str], skip: set[int] | None = None) -> list[str]:
        """``np_actors`` of token ``hi``, worked out once per sentence for a (head, skip): a repeat
        gives a copy of the keys and adds the same places to ``loc``."""
        key = (hi, frozenset(skip) if skip else None)
        kept = self._np_memo.get(key)
        if kept is None:
            if key in self._np_busy:
                # asked again while being worked out (a relative pronoun whose antecedent phrase holds
                # the pronoun itself): the phrase adds nothing to itself
                return []
            self._np_busy.add(key)
            n = len(loc)
            try:
                out = self._np_walk(hi, loc, skip or set())
            finally:
                self._np_busy.discard(key)
            kept = self._np_memo[key] = (out, loc[n:])
        elif kept[1]:
            loc.extend(kept[1])
        return list(kept[0])

    def _keys_at(self, i: int) -> list[str] | None:
        """``Resolver.keys_at``, kept for the article (callers only read the list)."""
        keys = self._keys
        if i in keys:
            return keys[i]
        k = keys[i] = self.res.keys_at(i)
        return k

    def _np_walk(self, hi: int, loc: list[str], skip: set[int]) -> list[str]:
        out: list[str] = []

        def add(keys):
            for k in keys:
                if k not in out:
                    out.append(k)

        # the phrase is walked by token index in the token table; a Token is made only where one is needed
        tt = self.tt
        doc, low, deps, lm, pos, kids = tt.doc, tt.lower, tt.dep, self.lm, tt.pos, tt.children
        actor_at, keys_at, kept = self.res._actor_at, self._keys_at, self._keys
        lists = self.res.lists
        place_preps = self.lex.sets["place_preps"]

        # an explicit stack in the order a depth-first walk visits the phrase (children pushed in reverse),
        # and a visited set: a parse with a cycle through a relative pronoun or an odd head can not loop
        stack: list[tuple[int, int]] = [(hi, 0)]
        seen: set[int] = set()
        while stack:
            ti, depth = stack.pop()
            if ti in skip or ti in seen or depth > 8:
                continue
            seen.add(ti)
            if low[ti] in PRONOUNS or low[ti] in RELATIVE:
                add(self.pronoun(ti))
            keys = kept[ti] if ti in kept else keys_at(ti)
            if keys:
                add(keys)
                if lists and self.res.group_members(doc[ti]):
                    continue
            nxt: list[tuple[int, int]] = []
            for ci in kids(ti):
                d = deps[ci]
                if d in _NP_STOPS:
                    if d == "relcl" and lm[ti] in ROLE_NOUNS:
                        # "the role Iran has played": the subject of the clause is the one meant
                        nxt += [(x, depth + 1) for x in kids(ci) if deps[x] == "nsubj"]
                    continue
                if d == "prep":
                    p = low[ci] if low[ci] in ("including", "like") else lm[ci]
                    objs = [o for o in kids(ci) if deps[o] == "pobj"]
                    if p in place_preps and objs and self._is_place(objs[0]):
                        loc.extend(self.place_of(doc[objs[0]]))
                        continue
                    if p not in NP_PREPS:
                        continue
                    if p in ("in", "on", "against", "with") and depth == 0 and pos[ti] not in ("NOUN",):
                        continue
                    nxt += [(o, depth + 1) for o in objs]
                    continue
                if d == "appos":
                    if actor_at(ti) and not actor_at(ci):
                        continue  # "Kataib Hezbollah, an Iran-backed militia": a description, not another actor
                elif d == "amod" and pos[ci] == "VERB" and lm[ci] in BACKING:
                    continue  # "Iran-backed": the backer is not the one acting ("US-led" keeps its leader)
                nxt.append((ci, depth + 1))
            stack += reversed(nxt)
        return out

    def _is_place(self, t: int) -> bool:
        """Whether the phrase under token ``t`` (an index) names a place."""
        actor_at, actors, kids = self.ctx.actor_at, self.ctx.actors, self.tt.children
        # the actors anywhere in the phrase (t.subtree; their order plays no part here)
        keys: list[str] = []
        stack = [t]
        while stack:
            x = stack.pop()
            k = actor_at(x)
            if k:
                keys.append(k)
            stack += kids(x)
        if not keys:
            return False
        head_key = actor_at(t)
        if head_key and actors[head_key].type == "location":
            return True
        # "near Baghdad's international airport": a common-noun place with a location possessor
        return self.tt.pos[t] == "NOUN" and all(actors[k].type == "location" for k in keys) \
            and self.lm[t] not in self.lex.nouns

    def place_of(self, t: Token) -> list[str]:
        """The place a locative phrase names: "in Tehran"; "near Baghdad's airport" -> Baghdad; "outside
        the US embassy in Amman" -> Amman (a nested 'in X' is more precise than a modifier)."""
        cands = [(x, k) for x in t.subtree
                 if (k := self.ctx.actor_of(x)) and self.ctx.actors[k].type == "location"]
        nested = [k for x, k in cands if x.i != t.i and x.dep_ == "pobj" or
                  (x.head.dep_ == "pobj" and x.head.i != t.i and x.dep_ == "compound")]
        own = self.ctx.actor_of(t)
        if nested and not (own and self.ctx.actors[own].type == "location"):
            return nested[:1]
        return [k for _, k in cands][:1]

    def pronoun(self, t: int) -> list[str]:
        """A subject pronoun (token ``t``, an index): the speaker of a reporting verb it depends on ("X
        said it would"), else the subject of the previous sentence."""
        tt = self.tt
        low, dep, head, pos, kids = tt.lower, tt.dep, tt.head, tt.pos, tt.children
        lw = low[t]
        if lw in RELATIVE:
            h = head[t]
            if dep[h] == "relcl" and pos[head[h]] in ("NOUN", "PROPN"):
                return self.np_actors_at(head[h], [], skip={h})
            return []
        if lw in ("themselves", "itself", "himself", "herself"):
            return []
        subject = dep[t] in ("nsubj", "nsubjpass")
        if subject:
            want = PRONOUN_TYPES.get(lw)
            # the earlier subjects of its (parser) sentence that are not pronouns, nearest first
            ct = CueTokens.of(self.ctx, self.lex)
            for s in reversed(ct.between(ct.subjects, ct.sent_starts[tt.sent[t]], t)):
                keys = [k for k in self.np_actors_at(s, []) if want is None or self.ctx.actors[k].type in want]
                if keys:
                    return keys
        h = head[t]
        while dep[h] in ("ccomp", "conj", "xcomp", "advcl") and head[h] != h:
            h = head[h]
            if self.lm[h] in self.lex.sets["speech_verbs"]:
                subj = [c for c in kids(h) if dep[c] in ("nsubj",)]
                if subj:
                    return self.np_actors_at(subj[0], [])
        return list(self.prev_speakers[:3]) if subject else []

    # ---- frames
    def frames(self) -> list[Frame]:
        self.find_cues()
        obligations = self.obligation_requests()
        out = []
        for ti, (cue, toks) in sorted(self.cues.items()):
            trig = self.sent.doc[ti]
            fr = self.frame(cue, trig, toks)
            if fr is not None:
                out.append(fr)
        out = [f for f in out if f.trigger.i in self.cues]  # cues absorbed by another ("agreed to meet")
        out += self._charges(out)
        out += obligations
        return out

    def _charges(self, frames: list[Frame]) -> list[Frame]:
        """"jailed 52 members on charges of treason": the arrest also accuses them."""
        extra = []
        acc = Cue("ACCUSE", "11")
        for fr in frames:
            if fr.type != "COERCE" or not fr.target:
                continue
            for c in fr.anchor.children:
                if c.dep_ == "prep" and self.lemma(c) in ("on", "over", "for"):
                    for o in c.children:
                        if o.dep_ == "pobj" and self.lemma(o) in ("charge", "allegation", "accusation", "suspicion"):
                            extra.append(Frame(cue=acc, trigger=o, anchor=fr.anchor, tokens={o.i}, type="ACCUSE",
                                               source=list(fr.source), target=list(fr.target),
                                               location=fr.location))
        return extra

    # dependencies through which a clause is the content of the cue above it (_governing_cue)
    _GOVERNED = frozenset({"xcomp", "dobj", "pobj", "prep", "ccomp", "acl", "nsubj", "nsubjpass", "attr", "conj",
                           "compound", "amod", "appos", "poss", "relcl"})

    def _governing_cue(self, t: int) -> int | None:
        """A cue token this token's clause depends on as content ("threatened to X", "demanded Y"), by
        token index."""
        head, dep, pos, cues = self.tt.head, self.tt.dep, self.tt.pos, self.cues
        h, child = head[t], t
        hops = 0
        while h != child and hops < 4:
            if h in cues and h != t:
                return h
            d = dep[child]
            if d not in self._GOVERNED:
                return None
            if d == "conj" and pos[h] == "VERB":
                return None
            child, h = h, head[h]
            hops += 1
        return None

    def frame(self, cue: Cue, trig: Token, toks: set[int]) -> Frame | None:
        lex = self.lex
        # the checks read the token table by index; Tokens are made for the frame and the rarer paths
        tt = self.tt
        doc, head, dep, pos, tag, low, lm, kids = tt.doc, tt.head, tt.dep, tt.pos, tt.tag, tt.lower, self.lm, tt.children
        cues = self.cues
        ti = trig.i
        anchor = trig
        p = pos[ti]
        nominal = p in ("NOUN", "PROPN") or (p != "VERB" and p != "AUX" and p != "ADJ")
        light = None  # the light verb's index
        if nominal and dep[ti] == "pobj" and lm[head[ti]] in ("under", "at", "upon"):
            return self._reversed_nominal(cue, trig, toks)
        if nominal:
            light = self._light_verb(ti)
            if light is not None:
                anchor = doc[light]
            else:
                if self._governing_cue(ti) is not None:
                    return None  # content of another cue ("demanded the withdrawal")
                if dep[ti] in ("compound", "amod", "nmod") and len(toks) == 1:
                    return None  # a modifier: "the opposition newspaper"
                if dep[ti] == "pobj" and dep[head[ti]] == "prep" and any(
                        dep[c] in OBJ and c in cues for c in kids(head[head[ti]])):
                    return None  # "renewed negotiations on a troop pullback": the topic of another event
        fr = Frame(cue=cue, trigger=trig, anchor=anchor, tokens=toks, type=cue.type)
        loc: list[str] = []

        # governed by another cue, or planned
        intent, neg = False, False
        if not nominal or light is not None:
            v = anchor.i
            vkids = kids(v)
            neg = self._negated(v)
            intent = self._has_modal(v) or self._planned(v)
            h, c = head[v], v
            owner = self._cue_owning(h)
            if dep[c] in ("ccomp", "acl", "pcomp") and owner is not None and \
                    cues[owner][0].type in ("REQUEST", "REJECT", "THREATEN", "AGREE", "ACCUSE"):
                # content: "demanded that Israel ease", "a request to interrogate", "accused X of attacking"
                return None
            if dep[c] in ("pcomp",) and dep[h] == "prep" and head[h] in cues:
                return None
            while dep[c] in ("xcomp", "acomp", "conj") and h != c:
                hl = lm[h]
                if dep[c] == "conj" and (pos[h] != "VERB" or dep[h] != "xcomp"):
                    break  # "refused to let planes land and evacuate": coordinated infinitives share the head
                if dep[c] == "xcomp" or dep[c] == "acomp":
                    if h in cues and hl not in lex.sets["transparent_heads"]:
                        if hl == "agree" and cue.type == "CONSULT":
                            cues.pop(h)  # "agreed to meet": the meeting
                        else:
                            return None  # "threatened to strike", "allowed them to return": the head's act
                    if hl in lex.sets["doubt_heads"]:
                        return None  # "unlikely to enter the war": nothing happened
                    if hl in lex.sets["refusal_heads"]:
                        intent, neg = True, True
                    if hl in lex.sets["intent_heads"]:
                        intent = True
                    if hl in ("deny",):
                        return None
                    neg = neg or self._negated(h)
                    intent = intent or self._has_modal(h)
                if dep[c] == "conj":
                    break
                c, h = h, head[h]
            vd = dep[v]
            # "denied that it attacked", "refused ... that": content of a rejection is not an event
            if vd == "ccomp" and lm[head[v]] in ("deny", "reject", "dismiss"):
                return None
            if vd == "amod" or (vd == "acl" and tag[v] == "VBN" and
                                not any(dep[x] == "agent" for x in vkids)):
                return None  # "Syrian-backed forces", "a letter handed over to the UN": a description
            if vd in ("advcl", "acl") and cue.type == "REQUEST" and self._protest_head(head[v]):
                return None  # a protest's demand is the protest
            tkids = kids(ti)
            xcomps = any(dep[x] == "xcomp" for x in tkids)
            if xcomps and lm[ti] in lex.sets["transparent_heads"] | lex.sets["intent_heads"]:
                return None  # "sought to acknowledge": the embedded verb is the act
            if xcomps and not nominal and any(dep[x] == "auxpass" for x in tkids) \
                    and lm[ti] not in lex.sets["object_control"]:
                return None  # "are alleged to", "is said to": hedging, not an act
            if vd == "advcl" and any(dep[x] == "aux" and low[x] == "to" for x in vkids) and \
                    self._clause_has_cue(head[v], v):
                return None  # purpose: "staged demonstrations to demand reforms" is the protest
            if any(dep[x] == "mark" and low[x] in ("if", "unless", "whether") for x in vkids):
                return None  # hypothetical: "if it is attacked"
            if lm[v] == "ask" and any(c.dep_ == "ccomp" and any(x.lower_ in WH for x in c.subtree)
                                      for c in anchor.children) \
                    and not any(dep[x] == "xcomp" for x in vkids):
                return None  # a question, not a request

        # "Lebanon received aid from France": the giver acts on the receiver
        if not nominal and self.lemma(trig) in ("receive", "get", "obtain", "accept", "win") and light is None:
            gift = [c for c in trig.children if c.dep_ == "dobj" and self.lemma(c) in lex.nouns
                    and lex.nouns[self.lemma(c)].type in ("AID", "SUPPORT")]
            if gift:
                gcue = lex.nouns[self.lemma(gift[0])]
                self.cues.pop(gift[0].i, None)
                givers = [k for c in (*trig.children, *gift[0].children)
                          if c.dep_ == "prep" and self.lemma(c) == "from"
                          for o in c.children if o.dep_ == "pobj" for k in self.np_actors(o, loc)]
                recv, _ = self.subject_of(ti, loc)
                if not givers and not recv:
                    return None
                fr = Frame(cue=gcue, trigger=trig, anchor=trig, tokens=toks | {gift[0].i}, type=gcue.type,
                           source=_dedupe(givers), target=[k for k in _dedupe(recv) if k not in givers])
                return fr if fr.source else None

        # sides
        if nominal and light is None:
            neg = any(dep[c] == "det" and low[c] == "no" for c in kids(ti))  # "no Israeli attack"
            self._nominal_sides(fr, ti, loc)
            if not fr.source and cue.type == "PROTEST":
                # "demonstrations erupted in Tehran": the protesters of that place
                places = list(loc)
                if trig.dep_ in ("nsubj", "nsubjpass"):
                    for c in trig.head.children:
                        if c.dep_ == "prep" and self.lemma(c) in lex.sets["place_preps"]:
                            places += [k for o in c.children if o.dep_ == "pobj" for k in self.place_of(o)]
                fr.source = places[:1]
            if not fr.source:
                return None
        else:
            passive = self._verbal_sides(fr, anchor.i, ti, loc, light is not None)
            if fr.type in ("CONSULT", "MOBILIZE") and self._protesters_act(anchor.i):
                fr.type = "PROTEST"  # "protesters gathered / marched / rallied"
                fr.cue = Cue("PROTEST", "14", cue.preps)
            if not fr.source and not passive and fr.type == "PROTEST" and loc:
                fr.source = loc[:1]  # "people blocked streets in Hong Kong": protesters of that place
            if not fr.source and not passive and not (
                    fr.target and fr.type in lex.sets["hostile"] and
                    any(dep[c] == "nsubj" and pos[c] == "NOUN" for c in kids(anchor.i))):
                # an act with nobody acting is too weak to keep; but "planes targeted Hodeida",
                # "gunmen attacked X": the attacker is named by a common noun only, an implicit side
                return None

        # "vowed to support", "pledged to help": a promise; "vowed to strike": a threat
        if cue.type == "THREATEN" and self.lemma(trig) in ("vow", "pledge", "swear") and not nominal:
            emb = [c for c in trig.children if c.dep_ == "xcomp" and c.i in self.cues]
            if emb and self.cues[emb[0].i][0].type in lex.sets["cooperative"]:
                fr.type = "AGREE"
        # type from modality
        if intent:
            if neg:
                fr.type = "REJECT"
            elif cue.type in lex.sets["hostile"]:
                fr.type = "THREATEN"
            elif cue.type in lex.sets["cooperative"]:
                fr.type = "AGREE"
        elif neg:
            if cue.type == "AGREE":
                fr.type = "REJECT"
            else:
                fr.negated = True
        if fr.type != cue.type:
            fr.cue = Cue(fr.type, _CAMEO_OF.get(fr.type, cue.cameo), cue.preps)

        fr.source = _dedupe(fr.source)
        fr.target = [k for k in _dedupe(fr.target) if k not in fr.source]
        if fr.type == "CONSULT" and nominal and light is not None:
            # "held a session which gathered all Arab visitors"; "those in attendance, including X, Y"
            fr.target += [k for k in self._attendees(trig, loc) if k not in fr.source and k not in fr.target]
        reciprocal = fr.type in ("CONSULT", "COOPERATE") or \
            self.lemma(fr.trigger) in lex.sets.get("reciprocal", ())
        if reciprocal and not fr.target:
            # "Jordan and Britain held talks", "the army and the RSF clashed": one side with the other
            parts = self._subject_parts(anchor)
            if len(parts) >= 2:
                fr.source = parts[0]
                fr.target = [k for p in parts[1:] for k in p if k not in parts[0]]
            elif fr.type in ("CONSULT", "COOPERATE"):
                return None  # a meeting needs two parties
        if fr.type == "CONSULT" and len(fr.source) > 1 and len(self._principals(fr.target)) == 1 and \
                self.lemma(fr.trigger) in MEET_VERBS and not self._has_object(anchor):
            # a meeting is mutual; visitors who "met with" one leader were received by him: the single
            # host is the source, as in "X received / hosted the visitors"
            fr.source, fr.target = fr.target, fr.source
        if loc and not fr.location:
            cand = [k for k in loc if k not in fr.target and k not in fr.source]
            fr.location = cand[0] if cand else None
        if not fr.source and not fr.target:
            return None
        return fr

    def _principals(self, keys: list[str]) -> list[str]:
        """The actors of a side less the organisations its people hold a role in ("Quds Force
        commander Esmail Qa'ani" is one party, not two)."""
        held = {r.organization for r in self.ctx.roles if r.person in keys}
        return [k for k in keys if k not in held]

    @staticmethod
    def _has_object(v: Token) -> bool:
        return any(c.dep_ in OBJ for c in v.children)

    def _attendees(self, noun: Token, loc: list[str]) -> list[str]:
        """Who a meeting gathered: its own clause ("a session which gathered X", "talks attended by X"), else
        an attendance list opening the next sentence ("Those in attendance, including X and Y, ...",
        "Participants included X")."""
        out: list[str] = []
        for c in noun.children:
            if c.dep_ in ("relcl", "acl") and self.lemma(c) in ATTENDANCE_VERBS:
                for o in c.children:
                    if o.dep_ in OBJ:
                        out += self.np_actors(o, loc)
                    elif o.dep_ == "agent":
                        out += [k for x in o.children if x.dep_ == "pobj" for k in self.np_actors(x, loc)]
        nxt = self.i + 1
        if nxt < len(self.ctx.sentences):
            sent = self.ctx.sentences[nxt]
            subj = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and
                    (self.lemma(t) in ATTENDEE_NOUNS or any(self.lemma(x) == "attendance" for x in t.subtree))]
            for t in subj[:1]:
                for x in t.subtree:
                    if x.lower_ in ("including", "include", "among") or self.lemma(x) == "include":
                        for o in x.children:
                            if o.dep_ in ("pobj", "dobj"):
                                out += [k for y in (o, *o.conjuncts) for k in self.np_actors(y, [])]
                if self.lemma(t.head) == "include":  # "Participants included X and Y"
                    out += [k for o in t.head.children if o.dep_ in OBJ
                            for y in (o, *o.conjuncts) for k in self.np_actors(y, [])]
        return _dedupe(out)

    def _reversed_nominal(self, cue: Cue, noun: Token, toks: set[int]) -> Frame | None:
        """"(did X) under pressure from Y", "at the request of Y": Y acts on the clause's subject."""
        loc: list[str] = []
        src = [k for c in noun.children if c.dep_ == "prep" and self.lemma(c) in ("from", "of", "by")
               for o in c.children if o.dep_ == "pobj" for k in self.np_actors(o, loc)]
        v = noun.head.head
        if not src or v.pos_ not in ("VERB", "AUX"):
            return None
        tgt, _ = self.subject_of(v.i, loc)
        fr = Frame(cue=cue, trigger=noun, anchor=v, tokens=toks, type=cue.type, source=_dedupe(src),
                   target=[k for k in _dedupe(tgt) if k not in src])
        return fr

    def _light_verb(self, noun: int) -> int | None:
        """The light verb an event noun acts through ("held talks", "claimed responsibility for the
        attacks"), by token index."""
        lex, tt, cues = self.lex, self.tt, self.cues
        head, dep, pos, lm = tt.head, tt.dep, tt.pos, self.lm
        light_verbs = lex.sets["light_verbs"]
        h = head[noun]
        d = dep[noun]
        if d in ("dobj", "attr", "nsubjpass", "oprd", "conj") and pos[h] in ("VERB", "AUX"):
            if lm[h] in light_verbs and h not in cues:
                return h
        hh = head[h]
        if d == "pobj" and dep[h] == "prep" and lm[h] == "of" and dep[hh] in ("dobj", "attr") \
                and pos[head[hh]] in ("VERB", "AUX") and lm[head[hh]] in light_verbs \
                and head[hh] not in cues and lm[hh] not in lex.sets["responsibility_nouns"]:
            return head[hh]  # "gave 5 million dollars of aid", "exploded a series of bombs"
        if d == "compound" and dep[h] in ("dobj", "attr") and pos[hh] in ("VERB", "AUX") \
                and lm[hh] in light_verbs and hh not in cues \
                and lm[h] not in lex.nouns:
            return hh  # "undertook a mediation mission"
        if d == "pobj" and dep[h] == "prep":
            # "claimed responsibility for the attacks"
            if lm[hh] in lex.sets["responsibility_nouns"] and pos[head[hh]] in ("VERB", "AUX"):
                v = head[hh]
                if v in cues:
                    return None
                return v
            if pos[hh] in ("VERB", "AUX") and lm[hh] in light_verbs and hh not in cues \
                    and lm[h] in ("in", "into", "at", "under", "to"):
                return hh
        return None

    def _cue_owning(self, t: int) -> int | None:
        """The cue a token belongs to (its trigger, or a word of its phrase: "issued a reminder")."""
        if t in self.cues:
            return t
        for ti, (_, toks) in self.cues.items():
            if t in toks:
                return ti
        return None

    def _subject_parts(self, v: Token) -> list[list[str]]:
        """Actors of each conjunct of a verb's subject ("Egypt and Qatar" -> [[Egypt], [Qatar]])."""
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj and v.dep_ in ("xcomp", "conj") and v.head.pos_ in ("VERB", "AUX"):
            subj = [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return self._conjuncts(subj[0]) if subj else []

    def _protest_head(self, h: int) -> bool:
        dep, cues = self.tt.dep, self.cues
        cands = [h] + [c for c in self.tt.children(h) if dep[c] in OBJ]
        return any(x in cues and cues[x][0].type == "PROTEST" for x in cands)

    def _clause_has_cue(self, h: int, skip: int) -> bool:
        if h in self.cues:
            return True
        dep = self.tt.dep
        return any(c in self.cues for c in self.tt.children(h) if c != skip and dep[c] in OBJ)

    def _protesters_act(self, v: int) -> bool:
        agents = self.lex.sets.get("protest_agents", frozenset())
        dep, lm, kids = self.tt.dep, self.lm, self.tt.children
        for c in kids(v):
            if dep[c] == "nsubj":
                if any(lm[x] in agents for x in (c, *[o for p in kids(c) if dep[p] == "prep"
                                                      for o in kids(p)])):
                    return True
        return False

    def _planned(self, v: int) -> bool:
        """"The plan was for X to hold ...": a verb under 'for' whose clause is the plan's content."""
        dep, low, lm, kids = self.tt.dep, self.tt.lower, self.lm, self.tt.children
        if not any(dep[c] == "mark" and low[c] == "for" for c in kids(v)):
            return False
        h = self.tt.head[v]
        return any(dep[c] == "nsubj" and lm[c] in ("plan", "idea", "intention", "aim", "goal", "proposal",
                                                   "hope", "expectation")
                   for c in kids(h))

    # _negated and _has_modal run for every verbal frame and the heads above it: plain loops over the
    # children (no generator per call)
    def _negated(self, v: int) -> bool:
        dep, low = self.tt.dep, self.tt.lower
        for c in self.tt.children(v):
            d = dep[c]
            if d == "neg" or (d == "advmod" and low[c] in NEG):
                return True
        return False

    def _has_modal(self, v: int) -> bool:
        """An auxiliary of the future ("will", "would", ...) or "going" (to)."""
        dep, low, modals = self.tt.dep, self.tt.lower, self.lex.sets["future_modals"]
        for c in self.tt.children(v):
            if dep[c] == "aux" and (low[c] in modals or low[c] == "going"):
                return True
        return False

    def subject_of(self, v: int, loc: list[str], depth: int = 0) -> tuple[list[str], bool]:
        """Actors acting as the subject of verb ``v`` (a token index; climbing control and
        coordination), and whether the clause is passive."""
        tt = self.tt
        dep, head, pos, tag, low, kids = tt.dep, tt.head, tt.pos, tt.tag, tt.lower, tt.children
        vkids = kids(v)
        subj = [c for c in vkids if dep[c] in ("nsubj", "csubj")]
        if subj:
            return self._subject_side(subj, loc), False
        pas = [c for c in vkids if dep[c] in ("nsubjpass", "csubjpass")]
        if pas:
            return self._subject_side(pas, loc), True
        # "for Iran's supreme leader to hold a session": the subject hangs from 'for'
        forsubj = [o for c in vkids if dep[c] == "mark" and low[c] == "for" for o in kids(c)
                   if dep[o] == "pobj"]
        if forsubj:
            return self._subject_side(forsubj, loc), False
        if depth > 4:
            return [], False
        h = head[v]
        if h == v:
            return self._left_actor(tt.doc[v]), False
        vd = dep[v]
        if vd == "xcomp":
            if self.lm[h] in self.lex.sets["object_control"]:
                objs = [c for c in kids(h) if dep[c] in ("dobj", "dative")]
                if objs:
                    return self._side_at(objs, loc), False
            return self.subject_of(h, loc, depth + 1)[0], False
        if vd in ("conj", "advcl", "acomp") and pos[h] in ("VERB", "AUX", "ADJ"):
            s, p = self.subject_of(h, loc, depth + 1)
            # "X was arrested and jailed" stays passive; "X is claimed to ... opposed Y" is active
            own_passive = any(dep[c] == "auxpass" for c in vkids) or (
                p and tag[v] == "VBN" and not any(dep[c] in OBJ for c in vkids))
            return (s, vd == "conj" and own_passive)
        if vd in ("acl", "relcl") and pos[h] in ("NOUN", "PROPN"):
            if tag[v] == "VBN":  # "forces backed by X": the noun is the patient
                return [], True
            return self.np_actors_at(h, loc, skip={v}), False
        if depth == 0 or vd == "ROOT":
            return self._left_actor(tt.doc[v]), False
        return [], False

    def _left_actor(self, v: Token) -> list[str]:
        """A subject the parser lost: the actor just before the verb group of a clause that has no
        subject at all ("..., Khamenei himself is said to have opposed")."""
        if any(c.dep_ in SUBJ for c in v.children):
            return []
        first = min([v] + [c for c in v.children if c.dep_ in ("aux", "auxpass", "neg")], key=lambda t: t.i)
        j = first.i - 1
        doc = v.doc
        while j >= v.sent.start and not (doc[j].is_space and "\n" in doc[j].text) and (
                doc[j].pos_ in ("PUNCT", "ADV") or doc[j].lower_ in
                                     ("himself", "herself", "itself", "themselves", "also")):
            j -= 1
        if j < v.sent.start or doc[j].is_space:
            return []
        t = doc[j]
        if t.dep_ in ("nsubj", "nsubjpass") or t.pos_ not in ("PROPN", "NOUN"):
            return []
        return self.res.keys_of(t) or []

    def _subject_side(self, toks: list[int], loc: list[str]) -> list[str]:
        """A subject's actors (tokens by index); an event noun as subject gives its agents ("US drone
        attacks have killed"); a subject with no actor but a place ("demonstrators in Baghdad") stands
        for the place."""
        out: list[str] = []
        nouns, lm = self.lex.nouns, self.lm
        for t in toks:
            here: list[str] = []
            keys = self._event_noun_agents(t, here) if lm[t] in nouns else []
            if not keys:
                keys = self.np_actors_at(t, here)
            if not keys and here:
                keys = here[:1]
            else:
                loc.extend(here)
            out += keys
        return out

    def _side(self, toks: list[Token], loc: list[str]) -> list[str]:
        out: list[str] = []
        for t in toks:
            out += self.np_actors(t, loc)
        return out

    def _side_at(self, toks: list[int], loc: list[str]) -> list[str]:
        """``_side`` of tokens given by index."""
        out: list[str] = []
        for t in toks:
            out += self.np_actors_at(t, loc)
        return out

    def _verbal_sides(self, fr: Frame, v: int, trig: int, loc: list[str], light: bool) -> bool:
        """Fills the sides of a verbal frame (verb ``v``, trigger ``trig``, both token indices) and tells
        whether the clause is passive."""
        lex, tt = self.lex, self.tt
        doc, dep, pos, lm, kids = tt.doc, tt.dep, tt.pos, self.lm, tt.children
        nouns = lex.nouns
        subj, passive = self.subject_of(v, loc)
        vkids = kids(v)
        agent = [o for c in vkids if dep[c] == "agent" for o in kids(c) if dep[o] == "pobj"]
        if passive and lm[v] in ("oppose", "commit", "determine", "lock", "engage", "involve"):
            passive = False  # stative: "is opposed to", "is locked in"
        if light:
            passive = False
            if agent:  # "the strike was carried out by the Israeli air force"
                fr.source += self._side_at(agent, loc)
                subj = [k for k in subj if k not in fr.source] if fr.source else subj
        if passive:
            fr.target += subj
            fr.source += self._side_at(agent, loc)
            if not fr.source and fr.type in ("SANCTION", "COERCE"):
                # "diplomats were expelled from Russia": the state they leave expels them
                fr.source += [k for c in vkids if dep[c] == "prep" and lm[c] == "from"
                              for o in kids(c) if dep[o] == "pobj" for k in self.place_of(doc[o])]
            if not fr.source:
                for c in vkids:
                    if dep[c] == "prep":
                        for o in kids(c):
                            if dep[o] == "pobj" and lm[o] in nouns and o not in fr.tokens:
                                fr.source += self._event_noun_agents(o, loc)
        else:
            fr.source += subj
        for sj in vkids:
            # "Turkey's airstrikes on Kurdish militants killed ...": the noun's target
            if dep[sj] in ("nsubj", "nsubjpass") and lm[sj] in nouns:
                fr.target += [k for c in kids(sj)
                              if dep[c] == "prep" and lm[c] in ("on", "against", "at")
                              for o in kids(c) if dep[o] == "pobj" for k in self.np_actors_at(o, loc)]
        # objects
        skip_objs = {trig} if light else set()
        obj_heads = [v] + ([trig] if light else []) + [j for j in sorted(fr.tokens) if j not in (v, trig)]
        for h in obj_heads:
            if h in fr.tokens and h != v and dep[h] == "prep":
                self._prep_side(fr, h, loc, extra=(lm[h],))  # "fired missiles at X"
                continue
            if h in fr.tokens and h != v and pos[h] in ("NOUN", "PROPN"):
                # a noun inside the phrase: its modifiers name the target ("end the US presence")
                fr.target += [k for c in kids(h) if dep[c] in ("compound", "poss", "amod", "nmod")
                              for k in self.np_actors_at(c, loc)]
            for c in kids(h):
                d = dep[c]
                if d not in OBJ_OR_PREP:  # (other children play no part here)
                    continue
                if c in skip_objs or (c in fr.tokens and d != "prep"):
                    continue
                if d in OBJ and h == v:
                    if c == trig:
                        continue
                    lc = lm[c]
                    if lc in lex.sets["anaphoric_content"] and not self.np_actors_at(c, []):
                        fr.target += self.prev_speakers[:1]
                        continue
                    if lc in lex.sets["responsibility_nouns"]:
                        continue
                    if lc in nouns and c in self.cues:
                        fr.target += self._event_noun_agents(c, loc, as_target=True)
                        continue
                    fr.target += self.np_actors_at(c, loc, skip=fr.tokens - {c})
                elif d == "prep":
                    self._prep_side(fr, c, loc, extra=fr.cue.preps)
        # "threatened to strike X", "refused to hand them over to X": the embedded act's object
        if not fr.target and not light:
            for c in vkids:
                if dep[c] == "xcomp" and pos[c] == "VERB":
                    for o in kids(c):
                        if dep[o] in OBJ:
                            fr.target += self.np_actors_at(o, loc)
                        elif dep[o] == "prep" and lm[o] in lex.sets["target_preps"]:
                            fr.target += [k for x in kids(o) if dep[x] == "pobj"
                                          for k in self.np_actors_at(x, loc)]
        # "urged X to", "demanded that X ..."
        if not fr.target and fr.type == "REQUEST":
            for c in vkids:
                if dep[c] == "ccomp":
                    s = [x for x in kids(c) if dep[x] in ("nsubj", "nsubjpass")]
                    fr.target += self._side_at(s, loc)
        self._symmetric(fr, obj_heads)
        return passive

    def _symmetric(self, fr: Frame, obj_heads: list[int]) -> None:
        if fr.type in ("CONSULT", "COOPERATE") and not fr.source and fr.target:
            # symmetric: "X were given access to Y" / "a meeting with Y": Y takes the source side
            dep, lm, kids = self.tt.dep, self.lm, self.tt.children
            withs = [o for h in obj_heads for c in kids(h)
                     if dep[c] == "prep" and lm[c] in ("to", "with")
                     for o in kids(c) if dep[o] == "pobj"]
            side = self._side_at(withs, [])
            if side and [k for k in fr.target if k not in side]:
                fr.source = side
                fr.target = [k for k in fr.target if k not in side]

    def _prep_side(self, fr: Frame, prep: int, loc: list[str], extra: tuple[str, ...] = ()) -> None:
        """The target (or place) a preposition of the frame names (``prep`` a token index)."""
        lex, tt, ctx = self.lex, self.tt, self.ctx
        doc, head, dep, lm, kids = tt.doc, tt.head, tt.dep, self.lm, tt.children
        p = lm[prep]
        objs = [o for o in kids(prep) if dep[o] == "pobj"]
        for o in objs:
            if p in extra:
                fr.target += self.np_actors_at(o, loc)
                continue
            ph = head[prep]
            at_place = p == "at" and any(dep[c] == "dobj" for c in kids(ph)) and \
                lm[ph] not in ("fire", "aim", "point", "shoot", "hurl", "throw", "launch")
            directional = p in ("at", "into", "toward", "towards") and not at_place
            if p in lex.sets["place_preps"] and self._is_place(o) and not directional:
                loc.extend(self.place_of(doc[o]))
                continue
            if p == "between":
                sides = self._conjuncts(doc[o])
                if sides and not fr.source:
                    fr.source += sides[0]
                    for s in sides[1:]:
                        fr.target += s
                else:
                    for s in sides:
                        fr.target += s
                continue
            if p not in lex.sets["target_preps"]:
                continue
            if p == "to" and fr.target and self._is_place(o) and ctx.actor_at(o) and \
                    ctx.actors[ctx.actor_at(o)].type == "location":
                loc.extend(self.place_of(doc[o]))  # "invited Hamas leaders to Moscow": where, not whom
                continue
            if lm[o] in lex.nouns and o in self.cues and o not in fr.tokens:
                # another event told in this one's phrase ("agreed to a truce with Israel"): its parties
                fr.target += self._event_noun_agents(o, loc, as_target=True)
                fr.target += [k for c in kids(o)
                              if dep[c] == "prep" and lm[c] in ("with", "against", "on")
                              for x in kids(c) if dep[x] == "pobj" for k in self.np_actors_at(x, loc)]
                continue
            fr.target += self.np_actors_at(o, loc)

    def _conjuncts(self, o: Token) -> list[list[str]]:
        parts = [o] + [c for c in o.conjuncts if c.i > o.i]
        out = []
        for part in parts:
            keys = self.np_actors(part, [], skip={c.i for c in part.conjuncts})
            if keys:
                out.append(keys)
        return out

    def _event_noun_agents(self, noun: int, loc: list[str], as_target: bool = False) -> list[str]:
        """Who acts in an event noun (a token index): possessor and modifiers ("a US drone strike",
        "Hamas's attack"), or the first side of "between X and Y"."""
        tt = self.tt
        doc, dep, lm, kids = tt.doc, tt.dep, self.lm, tt.children
        out: list[str] = []
        for c in kids(noun):
            d = dep[c]
            if d in ("poss", "compound", "amod", "nmod", "nummod"):
                out += self.np_actors_at(c, loc)
            elif d != "prep":
                continue
            elif lm[c] == "between":
                for o in kids(c):
                    if dep[o] == "pobj":
                        sides = self._conjuncts(doc[o])
                        for s in sides[: (None if as_target else 1)]:
                            out += s
            elif lm[c] == "by":
                for o in kids(c):
                    if dep[o] == "pobj":
                        out += self.np_actors_at(o, loc)
            elif lm[c] in self.lex.sets["place_preps"]:
                for o in kids(c):
                    if dep[o] == "pobj" and self._is_place(o):
                        loc.extend(self.place_of(doc[o]))
        return out

    def _nominal_sides(self, fr: Frame, noun: int, loc: list[str]) -> None:
        tt = self.tt
        doc, dep, tag, lm, kids = tt.doc, tt.dep, tt.tag, self.lm, tt.children
        fr.source += self._event_noun_agents(noun, loc)
        for c in kids(noun):
            d = dep[c]
            if d == "prep" and lm[c] != "between":
                self._prep_side(fr, c, loc)
            elif d == "prep" and lm[c] == "between":
                for o in kids(c):
                    if dep[o] == "pobj":
                        for side in self._conjuncts(doc[o])[1:]:
                            fr.target += side
            elif d == "acl" and tag[c] == "VBN" and lm[c] in self.lex.sets["light_verbs"]:
                # "attacks carried out by X" (not "the war sparked by X": a cause is not an agent)
                for a in kids(c):
                    if dep[a] == "agent":
                        fr.source += self._side_at([o for o in kids(a) if dep[o] == "pobj"], loc)

    # ---- "X declared that Y must do Z": X's REQUEST to Y
    def obligation_requests(self) -> list[Frame]:
        out = []
        req = Cue("REQUEST", "10")
        ct = CueTokens.of(self.ctx, self.lex)
        for j in ct.between(ct.obligations, self.sent.start, self.sent.end):
            t = self.sent.doc[j]
            v = t.head
            if v.dep_ != "ccomp" or self.lemma(v.head) not in self.lex.sets["speech_verbs"]:
                continue
            sp = v.head
            loc: list[str] = []
            src = self._side([c for c in sp.children if c.dep_ == "nsubj"], loc)
            tgt = self._side([c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")], loc)
            for x in v.subtree:  # what Y must do is the content of the request
                self.cues.pop(x.i, None)
            if src or tgt:
                fr = Frame(cue=req, trigger=sp, anchor=sp, tokens={sp.i, t.i}, type="REQUEST",
                           source=_dedupe(src), target=[k for k in _dedupe(tgt) if k not in src],
                           from_content=True)
                out.append(fr)
        return out


_CAMEO_OF = {"AGREE": "03", "THREATEN": "13", "REJECT": "12", "REQUEST": "10"}


class CueTokens:
    """Where an article's cues can be, found in one pass over its token table so that ``find_cues``
    looks only at those tokens of a sentence: tokens whose lemma or form opens a phrase of the lexicon,
    one-word cues (token index -> cue) and line-break spaces; each sorted by token index. Likewise the
    tokens other per-sentence searches look for (reporting verbs, non-pronoun subjects, obligation
    auxiliaries), so that a sentence takes its share by bisection instead of a scan."""

    @classmethod
    def of(cls, ctx: ArticleContext, lex: Lexicon) -> "CueTokens":
        """The article's cue tokens for ``lex``, found once (again if another lexicon asks)."""
        ct = ctx.shared.get("events.cue_tokens")
        if not isinstance(ct, CueTokens) or ct.lex is not lex:
            ct = ctx.shared["events.cue_tokens"] = cls(ctx, lex)
        return ct

    def __init__(self, ctx: ArticleContext, lex: Lexicon):
        self.lex = lex
        tt = ctx.tokens
        opening = lex.phrase_starts[2]
        lm, low, pos = token_lemmas(ctx), tt.lower, tt.pos
        n = len(lm)
        self.openers = [j for j in range(n) if lm[j] in opening or low[j] in opening]
        self.line_breaks = tt.line_breaks()
        self.words: dict[int, Cue] = {}
        for j in range(n):
            lw, p = lm[j], pos[j]
            if p == "VERB" and lw in lex.verbs:
                self.words[j] = lex.verbs[lw]
            elif p == "NOUN" and lw in lex.nouns:
                self.words[j] = lex.nouns[lw]
            elif p == "ADJ" and lw in ("opposed",):
                self.words[j] = lex.verbs["oppose"]
        self.word_list = list(self.words)
        # for _speakers: reporting verbs, and the subjects that are not pronouns
        speech = lex.sets["speech_verbs"]
        self.speech_verbs = [j for j in range(n) if lm[j] in speech and pos[j] == "VERB"]
        dep = tt.dep
        self.subjects = [j for j in range(n) if dep[j] in ("nsubj", "nsubjpass") and low[j] not in PRONOUNS]
        # for obligation_requests: "must", "should", ... as auxiliaries
        obl = lex.sets["obligation_modals"]
        self.obligations = [j for j in range(n) if dep[j] == "aux" and low[j] in obl]
        # the first token of each of the parser's sentences (Token.sent), by the table's sentence number
        # (the numbers run 0, 1, 2, ... in token order)
        sent = tt.sent
        self.sent_starts = [bisect.bisect_left(sent, k) for k in range(sent[-1] + 1)] if n else []

    @staticmethod
    def between(seq: list[int], start: int, end: int) -> list[int]:
        """The indices of a sorted list in ``start:end``."""
        return seq[bisect.bisect_left(seq, start):bisect.bisect_left(seq, end)]


def _dedupe(keys: list[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return out


# ---------------------------------------------------------------- time
def _event_time(ctx: ArticleContext, fr: Frame, i: int) -> TimeValue | None:
    """The event's time: a time phrase attached to its verb or noun (the time stage's
    ``time_of_token``), else the sentence's time."""
    from . import time as time_stage

    of_token = getattr(time_stage, "time_of_token", None)
    if of_token is not None:
        try:
            return of_token(ctx, fr.anchor)
        except Exception:  # noqa: BLE001 - time is a detail; never lose the event over it
            pass
    return _own_time(ctx, fr) or ctx.time_of(i)


def _own_time(ctx: ArticleContext, fr: Frame) -> TimeValue | None:
    """A date phrase attached to the event's verb or noun ("in early 2020", "last year")."""
    try:
        from . import time as time_stage
        resolve = getattr(time_stage, "resolve", None)
    except ImportError:  # pragma: no cover
        resolve = None
    if resolve is None:
        return None
    heads = {fr.anchor.i, fr.trigger.i}
    for ent in fr.trigger.sent.ents:
        if ent.label_ != "DATE":
            continue
        root = ent.root
        h = root.head if root.dep_ != "pobj" else root.head.head
        if h.i in heads or root.head.i in heads:
            try:
                tv = resolve(ent.text, ctx.article.published)
            except TypeError:  # pragma: no cover - another signature
                return None
            if tv is not None:
                return tv
    return None


# ---------------------------------------------------------------- stage
def run(ctx: ArticleContext) -> None:
    lex = lexicon()
    res = Resolver.of(ctx)
    prev_speakers: list[str] = []
    keys: dict[int, list[str] | None] = {}  # res.keys_at by token, for every sentence of the article
    for i, sent in enumerate(ctx.sentences):
        se = SentenceEvents(ctx, lex, res, i, sent, prev_speakers, keys)
        try:
            frames = se.frames()
        except Exception:  # noqa: BLE001 - one odd parse must not cost the article its other facts
            log.warning("events: sentence %d skipped after an error", i, exc_info=True)
            continue
        kept: list[Frame] = []
        for fr in frames:
            if any(_subsumes(o, fr) for o in frames if o is not fr):
                continue
            if any(o.type == fr.type and o.source == fr.source and o.target == fr.target for o in kept):
                continue
            kept.append(fr)
        for fr in kept:
            trig = fr.trigger
            ctx.events.append(Event(
                type=fr.type, cameo=cameo_root(fr.cue.cameo), trigger=ctx.token_span(trig), source=fr.source,
                target=fr.target, location=fr.location, time=_event_time(ctx, fr, i),
                sentence=i, negated=fr.negated,
                attribution=attribution_for(ctx, i, None if fr.from_content else trig)))
        prev_speakers = _speakers(ctx, se, sent) or prev_speakers


def cameo_root(code: str | None) -> str | None:
    """The CAMEO root exported beside the PLOVER type: "057" (sign an agreement) -> "05"; RETREAT keeps
    the "087" the taxonomy names (de-escalation within root 08)."""
    if not code or code == "087":
        return code
    return code[:2]


def _subsumes(a: Frame, b: Frame) -> bool:
    """``a`` tells all ``b`` tells and more (same type and source, more targets)."""
    return (a.type == b.type and set(a.source) == set(b.source) and set(b.target) < set(a.target))


def _speakers(ctx: ArticleContext, se: SentenceEvents, sent: SpacySpan) -> list[str]:
    """Who speaks or acts first in a sentence: the subject of its reporting verb, else of its root."""
    tt = se.tt
    dep = tt.dep
    ct = CueTokens.of(ctx, se.lex)
    for j in ct.between(ct.speech_verbs, sent.start, sent.end):
        subj = [c for c in tt.children(j) if dep[c] == "nsubj"]
        keys = se._side_at(subj, []) if subj else []
        if keys:
            return keys
    for j in reversed(ct.between(ct.subjects, sent.start, sent.end)):
        keys = se.np_actors_at(j, [])
        if keys:
            return keys
    return []
