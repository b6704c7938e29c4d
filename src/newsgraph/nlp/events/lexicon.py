"""The event lexicon (the CAMEO-derived events_dictionary.yaml under the hand-written events.yaml)
and the lemmas the stage reads: the one place the events package reads its word lists."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from .. import lexicon as lexicon_data
from ..context import ArticleContext

log = logging.getLogger(__name__)

# dependency labels (the parser's, not words)
SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
OBJ = ("dobj", "dative", "iobj", "obj", "oprd")
OBJ_OR_PREP = OBJ + ("prep",)
CLAUSAL = ("relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "mark")
# the dependencies np_actors does not follow from a phrase's token (clauses, punctuation, "and")
_NP_STOPS = frozenset(CLAUSAL) | {"punct", "cc"}


def _words(key: str) -> frozenset[str]:
    """One of the parse word lists of events.yaml (pronouns, negations, ...)."""
    return lexicon_data.words("events.yaml", key)


PRONOUNS = _words("pronouns")
RELATIVE = _words("relative_pronouns")
WH = _words("wh_words")
NEG = _words("negations")
BACKING = _words("backing_verbs")
NP_PREPS = _words("np_preps")
ROLE_NOUNS = _words("role_nouns")
MEET_VERBS = _words("meet_verbs")
ATTENDANCE_VERBS = _words("attendance_verbs")
ATTENDEE_NOUNS = _words("attendee_nouns")
GOVERNMENT_NOUNS = _words("government_nouns")
PRONOUN_TYPES: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in lexicon_data.load("events.yaml", dict[str, Any])["pronoun_types"].items()}


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


# adverb particles: a verb with one of them is a phrasal verb of its own ("call off" is not "call")
PARTICLES = frozenset({"off", "up", "down", "out", "back", "away"})


def _phrasal(words: tuple[str, ...]) -> bool:
    return len(words) == 2 and words[1] in PARTICLES


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
                       (p[0][0] not in dropped_verbs or _phrasal(p[0]))]
    n_dictionary = len(lex.phrases)
    _add_types(lex, data["types"], hand=True)
    hand = {w for spec in data["types"].values() for kind in ("verbs", "nouns")
            for raw in spec.get(kind, []) or [] for w in _parse_entry(str(raw), None)[0][:1]}
    # a dictionary phrase led by a verb events.yaml lists would override the hand entry (phrases win over
    # words) or swallow its object ("reject proposition"): the hand entry was kept because it beat the
    # dictionary there. A dictionary "no event" phrase naming a hand cue ("hold session") goes the same way.
    # A phrasal verb ("call off", "crack down", "give up") is another verb than its head, and stays.
    derived = [p for p in lex.phrases[:n_dictionary] if p[0][0] not in hand or _phrasal(p[0])]
    lex.not_events = [n for n in lex.not_events if not hand.intersection(n)]
    # a hand phrase replaces a dictionary phrase of the same words; among the hand phrases the first wins
    kept: dict[tuple[str, ...], Cue] = dict(derived)
    by_hand: set[tuple[str, ...]] = set()
    for words, cue in lex.phrases[n_dictionary:]:
        if words not in by_hand:
            by_hand.add(words)
            kept[words] = cue
    lex.phrases = sorted(kept.items(), key=lambda p: -len(p[0]))  # longest first
    hand_not = [tuple(_WORD.findall(str(p).lower())) for p in data.get("not_events", [])]
    lex.not_events = list(dict.fromkeys([*hand_not, *(n for n in lex.not_events if n not in kept)]))
    for name, values in data.items():
        if name in ("types", "not_events", "drop", "use_dictionary", "pronoun_types"):
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


def _dedupe(keys: list[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return out


# ---------------------------------------------------------------- time
