"""Cues: where an event is named in a sentence (verbs, nouns, phrases of the lexicon), and the
modality around it (planned, negated, governed by another cue)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..context import ArticleContext
from .lexicon import NEG, OBJ, PRONOUNS, Cue, Lexicon, token_lemmas

if TYPE_CHECKING:
    from .sides import Resolver


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


class SentenceState:
    """What the readers of one sentence share (set by ``SentenceEvents.__init__``): the cue finding
    (cues.py) and the side reading (sides.py) both read the parse through the article's token table."""

    ctx: ArticleContext
    lex: Lexicon
    res: Resolver
    i: int
    sent: SpacySpan
    tt: Any
    lm: list[str]
    prev_speakers: list[str]
    cues: dict[int, tuple[Cue, set[int]]]
    _np_memo: dict[tuple[int, frozenset[int] | None], tuple[list[str], list[str]]]
    _np_busy: set[tuple[int, frozenset[int] | None]]
    _keys: dict[int, list[str] | None]

    def lemma(self, t: Token) -> str:
        """``lemma_of`` a token of the article (as ``Resolver.lemma``: both read the article's lemmas)."""
        return self.lm[t.i]


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


class CueFinding(SentenceState):
    """The cue finders of ``SentenceEvents``."""

    # dependencies through which a clause is the content of the cue above it (_governing_cue)
    _GOVERNED = frozenset({"xcomp", "dobj", "pobj", "prep", "ccomp", "acl", "nsubj", "nsubjpass", "attr",
                           "conj",
                           "compound", "amod", "appos", "poss", "relcl"})

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

    def _light_verb(self, noun: int) -> int | None:
        """The light verb an event noun acts through ("held talks", "claimed responsibility for the
        attacks"), by token index."""
        lex, tt, cues = self.lex, self.tt, self.cues
        head, dep, pos, lm = tt.head, tt.dep, tt.pos, self.lm
        light_verbs = lex.sets["light_verbs"]
        h = head[noun]
        d = dep[noun]
        if d in ("dobj", "attr", "nsubjpass", "oprd", "conj") and pos[h] in ("VERB", "AUX"):
            if lm[h] in light_verbs and h not in cues and not (
                    lm[h] == "be" and any(dep[c] == "expl" for c in tt.children(h))):
                return h  # (not "there was no truce": an existential names nobody who acts)
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
