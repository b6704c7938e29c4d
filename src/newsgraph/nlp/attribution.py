"""Attribution: who says each sentence, and how firmly.

For every sentence the stage appends a :class:`~newsgraph.model.SentenceAnnotation` to
``ctx.annotations``: the hedges found in it, the explicit attributions (cue, source, content, nested
attributions as a chain) and the *effective* attribution that the sentence's facts carry
(``ctx.attribution_of(i)``).

How a sentence is read (the words come from ``data/attribution.yaml``; the structure from the parse):

1. **Cues.** A reporting verb attributes when it takes a clause ("sources told X *that* ...",
   "...", he said) or stands in a parenthetical ("On the surface, informed sources told X, the
   purpose was ..."); "according to X" attributes the clause it modifies. The source is the verb's
   subject (or the agent of a passive, or the object of "according to"); the content is the clause.
   A cue inside another cue's content is nested ("A said that B alleged C": B is in A's chain).
   Cues inside quotation marks belong to the quoted speaker and are not read.
2. **Source kind.** ``reporter`` when the source is the outlet itself (its name, its web address,
   "this newspaper", "we"); ``named`` when the source is an actor of the article (its head word is a
   mention, or an organisation speaks through a spokesman or statement; pronouns are resolved to
   the voice or the person just before); ``anonymous`` for unnamed sources ("informed sources",
   "one well-informed Iranian source", "officials", "people familiar with ...").
3. **Hedges.** Passive reporting ("is said to", "are alleged to", "it is believed that"),
   perception passives ("is viewed as"), raising verbs ("appear to", "seems"), evidential adverbs
   ("allegedly", "reportedly", "apparently" ...), adjectives ("the alleged efforts", "suspected
   militants"), epistemic "may"/"might", and allegation cues ("sources charged that").
   A hedge marks the sentence's facts only when it governs the main clause (the root, its
   conjuncts and complements, the content of a main cue): "to apparently facilitate ..., X engaged
   with Y" does not hedge the engagement.
4. **Effective attribution.** The outermost cue governing the main clause (its inner voices as the
   chain). Without one, a passive reporting hedge means an unnamed source ("They are also said to
   have met" -> anonymous). Without either, an unnamed voice of the paragraph carries over
   (``carried=True``) until it changes: a new paragraph, a new cue, the outlet's own voice, or the
   narration moving from the sources' past to the reporter's present (a present-tense main clause,
   or a time expression the voice does not cover). Otherwise the reporter asserts it.
   Only unnamed voices carry: an outlet retells what its unnamed sources told it as a running
   account, while a named speaker's words are marked sentence by sentence ("he said", "he added"),
   so a sentence after "X said ..." without a cue is the reporter's narration.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import cast

import numpy
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Attribution, Hedge, SentenceAnnotation, Span
from .context import ArticleContext, TokenTable

# ---------------------------------------------------------------- lexicon


# compared and hashed by identity (there is one, from ``lexicon()``): the per-sentence caches keyed on
# it (``_hedge_words``, ``_governors``) would otherwise hash all eighteen word sets on every call
@dataclass(frozen=True, eq=False)
class Lexicon:
    cue_verbs: frozenset[str]
    allegation_verbs: frozenset[str]
    reporter_verbs: frozenset[str]
    passive_report_verbs: frozenset[str]
    passive_report_of: frozenset[str]
    passive_report_not_hedge: frozenset[str]
    perception_verbs: frozenset[str]
    raising_verbs: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_adjectives: frozenset[str]
    hedge_modals: frozenset[str]
    anonymous_nouns: frozenset[str]
    spokes_nouns: frozenset[str]
    institution_nouns: frozenset[str]
    noun_cues: frozenset[str]
    title_nouns: frozenset[str]
    hedge_raising_adjectives: frozenset[str]
    self_reference: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from . import lexicon as lexicons  # the one validated loader of nlp/data

    data = lexicons.load("attribution.yaml", dict[str, list[str]])
    return Lexicon(**{k: frozenset(str(x).lower() for x in data[k]) for k in Lexicon.__dataclass_fields__})


QUOTE_OPEN = {"“", "‘", "«", '"'}
QUOTE_CLOSE = {"”", "’", "»", '"'}
SUBJ = ("nsubj", "nsubjpass", "csubj")
# hedges that also leave the source of the claim unnamed (passive reporting)
REPORTIVE = "reportive"
_DOMAIN = re.compile(r"^[\w-]+\.(com|net|org|media|news|info|co|uk|tv|io|me)$", re.I)


_LEADING = re.compile(r"^(the|www\.)\s*")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    text = text.lower().replace("’", "'").strip(" \t\n,.;:\"'“”")
    return _SPACES.sub(" ", _LEADING.sub("", text))


# ---------------------------------------------------------------- per-sentence findings


@dataclass
class Cue:
    """An explicit attribution in one sentence."""

    cue: list[Token]
    anchor: Token  # the clause it governs: a main cue governs the sentence
    source: list[int]  # token indices, in order
    source_head: Token | None
    content: list[int]  # token indices, in order
    allegation: bool = False
    reporter_verb: bool = False
    kind: str = "anonymous"
    speaker: str | None = None
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    extent: tuple[int, int] | None = None  # the cue as written out (token start, end): "has also said:"


@dataclass
class HedgeFound:
    tokens: list[Token]
    anchor: Token | None
    kind: str  # reportive | perception | raising | adverb | adjective | modal | allegation
    noun: Token | None = None  # for adjectives: the noun it modifies

    @property
    def start(self) -> int:
        return self.tokens[0].idx

    @property
    def end(self) -> int:
        t = self.tokens[-1]
        return t.idx + len(t.text)


@dataclass
class Voice:
    """What carries over between sentences of one paragraph."""

    attribution: Attribution
    tense: str | None
    time: tuple[str, bool] | None  # (value, inherited)
    sentence: int
    carries: bool = True  # the voice goes on over the next sentences (see ``_carries``)


@dataclass
class State:
    paragraph: int = -1
    voice: Voice | None = None
    recent: list[tuple[int, Attribution]] = field(default_factory=list)  # explicit voices, latest last
    outlets: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- the stage


def run(ctx: ArticleContext) -> None:
    state = State(outlets=outlet_names(ctx.article.publisher, ctx.article.url))
    text = ctx.doc_text
    tab = ctx.tokens
    space, idx, tx = tab.is_space, tab.idx, tab.text
    prev_end = 0
    para = 0
    for i, sent in enumerate(ctx.sentences):
        # the sentence's first and last tokens that are not white space
        first, last = sent.start, sent.end - 1
        while first <= last and space[first]:
            first += 1
        while last >= first and space[last]:
            last -= 1
        start = idx[first] if first <= last else sent.start_char
        end = idx[last] + len(tx[last]) if first <= last else sent.end_char
        if i > 0 and ("\n" in text[prev_end:start] or "\n" in text[start:end]):
            para += 1  # a new paragraph, or a heading run into the sentence
        prev_end = end
        ctx.annotations.append(annotate_sentence(ctx, i, sent, para, state))


def annotate_sentence(ctx: ArticleContext, i: int, sent: SpacySpan, para: int,
                      state: State) -> SentenceAnnotation:
    lex = lexicon()
    if para != state.paragraph:
        state.paragraph = para
        state.voice = None
    tab = ctx.tokens
    quoted = quoted_tokens(sent, tab)
    cues = find_cues(sent, quoted, lex, tab)
    for c in cues:
        classify(ctx, c, state, lex, i)
    how = mode()
    # the cue classifier's cues the rules missed. Combined, those that report a clause with a speaker ("X
    # blasted that ...", "..., X noted") join the rules' cues: they nest, and give the facts their voice;
    # the others (PolNeAR's holders of a view or a wish: "X wants ...") are reported by annotate only
    extra = learned_cues(sent, cues if how == "combined" else [], tab, quoted) if how != "rules" else []
    for c in extra:
        classify(ctx, c, state, lex, i)
    if how == "combined" and extra:
        voiced = [c for c in extra if _reports_clause(tab, c, quoted)]
        if voiced:
            cues = cues + voiced
            extra = [c for c in extra if c not in voiced]
    nest(cues)
    hedges = find_hedges(sent, quoted, lex, cues, tab)
    verdict = _learned_hedge(ctx, sent, hedges)
    main = main_path(sent, cues, lex, tab)
    main_hedges = [h for h in hedges if is_main_hedge(h, main)]

    plain = {n: to_attribution(ctx, c) for n, c in enumerate(cues)}  # each cue's own, without its chain
    atts = dict(plain)
    # children into chains (the writer stores chain members as nested under their parent)
    for n in sorted(atts, key=lambda n: -depth(cues, n)):
        c = cues[n]
        if c.children:
            atts[n] = atts[n].model_copy(update={"chain": [atts[k] for k in c.children]})
    # the attributions reported (annotate, the stored sentence): the rules' cues of a speaker's own view
    # that the learned components do not back are left out ("X said he believes ...", a quoted "I think
    # ..."): the view is told by the speaker's words, and PolNeAR marks the words; they still give the
    # facts their voice (``atts``, the chain)
    hidden = _unbacked_views(cues, tab) if how == "combined" else set()
    shown = atts
    if hidden:
        shown = dict(plain)
        for n in sorted(shown, key=lambda n: -depth(cues, n)):
            kids = _shown_children(cues, n, hidden)
            if kids:
                shown[n] = shown[n].model_copy(update={"chain": [shown[k] for k in kids]})
    roots = [n for n, c in enumerate(cues) if c.parent is None]
    top = [shown[k] for n in roots for k in (_shown_children(cues, n, hidden) if n in hidden else [n])] \
        if how != "model" else []
    top += [to_attribution(ctx, c) for c in extra]

    hedged = bool(main_hedges)
    hedge_cue = main_hedges[0] if main_hedges else None
    main_cues = [n for n, c in enumerate(cues) if c.anchor.i in main]
    effective: Attribution
    tense = sentence_tense(sent, main, tab)
    time = _time(ctx, i)
    if main_cues:
        outer = min(main_cues, key=lambda n: depth(cues, n))
        chain_ids = [n for n in main_cues if n != outer and is_ancestor(cues, outer, n)]
        chain_ids.sort(key=lambda n: depth(cues, n))
        alleg = next((cues[n] for n in [outer, *chain_ids] if cues[n].allegation), None)
        hedge_text: str | None
        if alleg is not None and (hedge_cue is None or hedge_cue.kind == "allegation"):
            hedged = True
            hedge_text = _cue_hedge_text(alleg)  # "charged that"
        else:
            hedge_text = _hedge_text(ctx, hedge_cue) if hedge_cue else None
        # (one copy: the models are many, and a copy per field set made two)
        effective = plain[outer].model_copy(update={"chain": [plain[n] for n in chain_ids], "hedged": hedged,
                                                    "hedge_cue": hedge_text})
        content_root = cues[outer].content
        state.voice = Voice(effective, tense_of_tokens(content_root, main, tab) or tense, time, i,
                            carries=_carries(cues[outer], effective, tab))
        state.recent.append((i, effective))
    else:
        reportive = next((h for h in main_hedges if h.kind == REPORTIVE), None)
        hedge_text = _hedge_text(ctx, hedge_cue) if hedge_cue else None
        voice = state.voice
        if reportive is not None:
            if voice is not None and voice.carries and voice.attribution.source == "anonymous":
                effective = voice.attribution.model_copy(update={
                    "carried": True, "hedged": True, "hedge_cue": hedge_text,
                    "content_span": ctx.span(sent.start_char, sent.end_char)})
            else:
                verb = next((t for t in reportive.tokens if t.tag_ == "VBN"), reportive.tokens[-1])
                effective = Attribution(source="anonymous", cue=verb.text, cue_span=ctx.token_span(verb),
                                        content_span=ctx.span(sent.start_char, sent.end_char), hedged=True,
                                        hedge_cue=hedge_text)
            state.voice = Voice(effective.model_copy(update={"hedged": False, "hedge_cue": None}),
                                reportive_tense(reportive) or tense, time, i)
        elif voice is not None and voice.carries and not voice_changes(voice, tense, time):
            effective = voice.attribution.model_copy(update={
                "carried": True, "hedged": hedged, "hedge_cue": hedge_text,
                "content_span": ctx.span(sent.start_char, sent.end_char)})
        else:
            state.voice = None
            effective = Attribution(source="reporter", hedged=hedged, hedge_cue=hedge_text)
    # the voice that reports each speech act (a fact whose trigger is the cue itself: "X denied ..."):
    # the outer cue of a nested one, else the outlet, which reports who said what
    speech: dict[int, Attribution] = {}
    if cues:  # (made only for a sentence with speech acts: most sentences have none)
        outer_voice = Attribution(source="reporter", hedged=hedged,
                                  hedge_cue=effective.hedge_cue if hedged else None)
    for n, c in enumerate(cues):
        voice_of = atts[c.parent] if c.parent is not None else outer_voice
        for t in c.cue:
            speech[t.i] = voice_of
    ctx.shared.setdefault("attribution.speech_voices", {})[i] = speech  # type: ignore[index]
    # every voice of the sentence with the words it covers, for a fact told outside the effective voice's
    # content ("X said ..., adding that Y refused": the refusal is X's, by the second cue)
    voices = [(a.content_span.start, a.content_span.end, a) for a in
              [atts[n] for n in range(len(cues))] + [to_attribution(ctx, c) for c in extra]
              if a.content_span is not None]
    if voices:
        ctx.shared.setdefault("attribution.voices", {})[i] = voices  # type: ignore[index]
    # the hedges annotate reports: those that mark the sentence's facts, and, where the detector finds the
    # sentence uncertain, the others too (or the word it weighs most, when the rules found none)
    uncertain, learned_hedge = verdict
    # where the detector finds the sentence certain, the rules' hedges of the main clause stay but for
    # the weak kind ("may") that marks a fact's hedging but not, alone, an uncertain claim
    kept = hedges if uncertain is not False else [h for h in main_hedges if h.kind not in WEAK_HEDGES]
    out_hedges = [Hedge(start=h.start, end=h.end, text=ctx.doc_text[h.start:h.end]) for h in kept]
    if learned_hedge is not None and not out_hedges:
        out_hedges.append(learned_hedge)
    return SentenceAnnotation(sentence=i, hedges=out_hedges, attributions=top, effective=effective)


def _unbacked_views(cues: list[Cue], tab: TokenTable) -> set[int]:
    """The rules' cues of a speaker's own view that the cue classifier does not back (no word of the cue
    scores ``confirm``): a nested cue that is its parent's speaker again, and a cue whose source is the
    one speaking or spoken to ("I", "you": a quoted "I think ..."; of such cues in PolNeAR's train split
    84 of 298 are gold cues, of the rules' other cues nine in ten)."""
    m = cue_model()
    views = [n for n, c in enumerate(cues) if _first_person(c) or
             (c.parent is not None and _own_view(c, cues[c.parent]))]
    if m is None or not views:
        return set()
    scores = cue_scores(tab, m)
    return {n for n in views if not any(scores[t.i] >= m.confirm for t in cues[n].cue)}


def _first_person(c: Cue) -> bool:
    head = c.source_head
    return head is not None and head.pos_ == "PRON" and head.lower_ in _SPEAKING and c.source == [head.i]


def _own_view(c: Cue, parent: Cue) -> bool:
    """Whether a nested cue is its parent's speaker again ("X said he believes ..."): the same actor, or
    a personal pronoun."""
    head = c.source_head
    if head is None:
        return False
    if head.pos_ == "PRON" and head.lower_ in _PERSONAL:
        return True
    return c.speaker is not None and c.speaker == parent.speaker


_PERSONAL = frozenset({"he", "she", "i", "we", "they"})
_SPEAKING = frozenset({"i", "you"})  # the one speaking, the one spoken to


def _shown_children(cues: list[Cue], n: int, hidden: set[int]) -> list[int]:
    """The children of cue n that are reported: a hidden child's place is taken by its own children."""
    out: list[int] = []
    for k in cues[n].children:
        out += _shown_children(cues, k, hidden) if k in hidden else [k]
    return out


def attribution_for(ctx: ArticleContext, sentence: int, trigger: Token | None = None) -> Attribution:
    """The attribution a fact of the sentence carries. Facts in what is reported carry the sentence's
    effective attribution (``ctx.attribution_of``); a fact whose trigger is the reporting verb itself
    (the speech act: "X *denied* attacking Y", "X *accused* Y") is told by the voice around it (the
    outer cue of a nested attribution, else the reporter), not by its own speaker."""
    if trigger is not None:
        voice = ctx.shared.get("attribution.speech_voices", {}).get(sentence, {}).get(trigger.i)  # type: ignore[attr-defined]
        if voice is not None:
            return voice
    att = ctx.attribution_of(sentence)
    if trigger is None or att.carried:
        return att
    at = trigger.idx
    content = att.content_span
    if content is None or content.start <= at < content.end:
        return att  # the reporter's own sentence, or a fact in what the voice says
    # a fact outside what the sentence's voice says: the voice whose words hold it (the narrowest)
    voices = ctx.shared.get("attribution.voices", {}).get(sentence)  # type: ignore[attr-defined]
    inside = [(e - s, a) for s, e, a in voices or () if s <= at < e]
    if not inside:
        return att
    other = min(inside, key=lambda x: x[0])[1]
    if att.hedged and not other.hedged:
        other = other.model_copy(update={"hedged": True, "hedge_cue": att.hedge_cue})
    return other


def _time(ctx: ArticleContext, i: int) -> tuple[str, bool] | None:
    tv = ctx.time_of(i)
    return (tv.value, tv.inherited) if tv else None


def _carries(c: Cue, att: Attribution, tab: TokenTable) -> bool:
    """Whether a sentence's voice goes on over the next ones. An outlet retells what its unnamed sources
    *told* it as a running account ("informed sources said ... They also met ..."), and "according to X"
    frames what follows as X's account ("According to the army, 1,000 fighters attacked. They killed
    ..."). A named speaker's words are marked sentence by sentence ("he said", "he added"), so a sentence
    after "X said ..." without a cue is the reporter's narration; and a claim in the present by a group
    ("activists claim ...", "critics say ...") is a stance, not an account the next sentences go on with."""
    if att.source == "reporter":
        return False
    if c.cue[0].lower_ == "according":
        return True
    return att.source == "anonymous" and _tense_at(c.cue[0].i, tab) != "present"


def voice_changes(voice: Voice, tense: str | None, time) -> bool:
    """The narration leaves the carried voice: the sources told of the past and the sentence speaks
    in the present (the reporter's background), or it names a time the voice does not cover."""
    if voice.tense == "past" and tense == "present":
        return True
    if time and not time[1] and voice.time:
        a, b = time[0], voice.time[0]
        if not (a.startswith(b) or b.startswith(a)):
            return True
    return False


# ---------------------------------------------------------------- quotes


_QUOTE_MARKS = ("“", "”", "‘", "’", "«", "»", '"', "``", "''")


def quoted_tokens(sent: SpacySpan, tab: TokenTable) -> set[int]:
    """Token indices inside quotation marks (curly or straight) within the sentence."""
    return _quoted_between(tab, sent.start, sent.end)


def _quoted_between(tab: TokenTable, start: int, end: int) -> set[int]:
    """Token indices inside quotation marks in the sentence of tokens [start, end)."""
    # the article's quotation marks (token index -> text), found once: a sentence is read from one
    # mark to the next, the tokens between them inside or outside as a whole
    marks: dict[int, str] | None = tab.memo.get("attribution.quote_marks")  # type: ignore[assignment]
    if marks is None:
        strings = tab.doc.vocab.strings
        by_hash = {strings[q]: q for q in _QUOTE_MARKS}
        marks = tab.memo["attribution.quote_marks"] = {k: by_hash[h] for k, h in enumerate(tab.orth)
                                                       if h in by_hash}
        tab.memo["attribution.quote_mark_list"] = list(marks)
    at: list[int] = tab.memo["attribution.quote_mark_list"]  # type: ignore[assignment]
    pairs = {"“": "”", "‘": "’", "«": "»"}
    inside: set[int] = set()
    stack: list[str] = []
    straight = False
    pos = start  # the first token not yet placed
    for i in at[bisect.bisect_left(at, start):bisect.bisect_left(at, end)]:
        if stack or straight:
            inside.update(range(pos, i))
        text = marks[i]
        if text in pairs:
            stack.append(pairs[text])
        elif stack and text == stack[-1]:
            stack.pop()
        elif text in ('"', "``", "''"):
            straight = not straight
        else:  # a mark that opens and closes nothing is a word like the others
            pos = i
            continue
        pos = i + 1
    if stack or straight:
        inside.update(range(pos, end))
    return inside


# ---------------------------------------------------------------- cues
# The cue finder works on token indices and reads the TokenTable: ``doc[i]``, ``t.subtree`` and
# ``t.children`` build a Token object per token, and the subtrees of sources and contents are most of
# the tokens of every sentence with a cue. A cue's source and content are sorted index lists.


def subtree(tab: TokenTable, k: int) -> list[int]:
    """Indices of ``doc[k].subtree``, in order (the token and all it governs)."""
    out = [k]
    todo = [k]
    children = tab.children
    while todo:
        kids = children(todo.pop())
        out += kids
        todo += kids
    out.sort()
    return out


def trim(tab: TokenTable, toks: list[int]) -> list[int]:
    """Drop leading/trailing punctuation, spaces and complementisers."""
    toks = sorted(toks)
    punct, space, text = tab.is_punct, tab.is_space, tab.text
    lo, hi = 0, len(toks)
    while lo < hi and (punct[toks[lo]] or space[toks[lo]]
                       or (tab.dep[toks[lo]] == "mark" and tab.lower[toks[lo]] == "that")) \
            and text[toks[lo]] not in QUOTE_OPEN:
        lo += 1
    while lo < hi and (punct[toks[hi - 1]] or space[toks[hi - 1]]) and text[toks[hi - 1]] not in QUOTE_CLOSE \
            and not (text[toks[hi - 1]] == ")" and any(text[t] == "(" for t in toks[lo:hi])):
        hi -= 1
    return toks[lo:hi]


def contiguous(tab: TokenTable, toks: list[int]) -> list[int]:
    """The longest run of consecutive tokens (a span for the output)."""
    toks = sorted(toks)
    if not toks:
        return []
    runs, cur = [], [toks[0]]
    for t in toks[1:]:
        if t == cur[-1] + 1:
            cur.append(t)
        else:
            runs.append(cur)
            cur = [t]
    runs.append(cur)
    punct = tab.is_punct
    return trim(tab, max(runs, key=lambda r: sum(not punct[x] for x in r)))


def _subject(tab: TokenTable, k: int, speaker: bool = False) -> int | None:
    """The subject of verb k (as an index): its own, a passive's agent, or that of the verb it is a
    conjunct or complement of (followed up the tree by a loop that visits each verb once). ``speaker``:
    k is a cue, whose participle the parse may hang on the clause another cue reports."""
    dep, head = tab.dep, tab.head
    cue = k if speaker else -1
    seen: set[int] = set()
    while k not in seen:
        seen.add(k)
        kids = tab.children(k)
        for d in ("nsubj", "csubj"):
            subs = [c for c in kids if dep[c] == d]
            if subs:  # the subject nearest before the verb (a heading run into the sentence may add one)
                before = [c for c in subs if c < k]
                return before[-1] if before else subs[0]
        for c in kids:
            if dep[c] == "agent":
                for g in tab.children(c):
                    if dep[g] == "pobj":
                        return g
        if dep[k] in ("conj", "xcomp") and head[k] != k:
            up = head[k]
            # "X said the convoy would leave and warned ...": a cue joined to the clause another cue
            # reports is its speaker's, as above
            if k == cue and dep[k] == "conj" and dep[up] == "ccomp" and head[up] != up \
                    and tab.lemma[head[up]] in lexicon().cue_verbs:
                up = head[up]
            k = up
            continue
        # a participle that goes on from the verb it hangs on: "X said ..., adding that ...",
        # "X rejected it, saying that ...", "X began by saying that ...": X's words too
        if tab.tag[k] == "VBG" and head[k] != k:
            up = head[k]
            if dep[k] == "advcl" and tab.pos[up] in ("VERB", "AUX"):
                # "X said the plan would fail, arguing that ...": the parse hangs the speaker's participle
                # on the clause X's verb reports; the plan argues nothing
                if k == cue and dep[up] == "ccomp" and head[up] != up \
                        and tab.lemma[head[up]] in lexicon().cue_verbs:
                    up = head[up]
                k = up
                continue
            if dep[k] == "pcomp" and tab.lower[up] in ("by", "after", "before", "while", "in") \
                    and head[up] != up and tab.pos[head[up]] in ("VERB", "AUX"):
                k = head[up]
                continue
        # "X was quoted as saying that ...", "Reuters reported residents as saying ...": the speaker is X,
        # the residents (whoever reported or quoted them is the outer voice)
        if dep[k] == "pcomp" and tab.lower[head[k]] == "as" \
                and tab.lemma[head[head[k]]] in ("quote", "cite", "report"):
            return next((c for c in tab.children(head[head[k]]) if dep[c] in ("nsubjpass", "dobj")), None)
        return None
    return None


def near(tab: TokenTable, toks: list[int], pivot: int) -> list[int]:
    """The part of the tokens in the cue's paragraph: a sentence the segmenter ran across a line
    break (a heading, a caption) is cut there, keeping the piece nearest the cue."""
    toks = sorted(toks)
    punct = tab.is_punct
    if toks and not tab.newline_between(toks[0], toks[-1]):
        # no line break: one piece, as below
        return toks if any(not punct[t] for t in toks) else []
    pieces: list[list[int]] = [[]]
    space, text = tab.is_space, tab.text
    for t in toks:
        if space[t] and "\n" in text[t]:
            pieces.append([])
            continue
        if pieces[-1] and pieces[-1][-1] != t - 1 and "\n" in tab.span_text(pieces[-1][-1], t):
            pieces.append([])
        pieces[-1].append(t)
        # (a token's trailing whitespace is one space at most: no line break there)
    pieces = [p for p in pieces if any(not punct[x] for x in p)]
    if len(pieces) <= 1:
        return toks if pieces else []
    return min(pieces, key=lambda p: min(abs(x - pivot) for x in p))


def _set_off(tab: TokenTable, k: int, sent: SpacySpan) -> bool:
    """The clause headed by k stands apart: commas or dashes around it, or it ends the sentence."""
    punct, text = tab.is_punct, tab.text
    words = [t for t in subtree(tab, k) if not punct[t]] or [k]
    lo, hi = min(words), max(words)
    before = text[lo - 1] if lo - 1 >= sent.start else None
    after = text[hi + 1] if hi + 1 < sent.end else None
    marks = {",", "—", "–", "-", "(", ")", ";"}
    if before is not None and before in marks:
        return True
    if after is not None and after in marks:
        return True
    # "..., informed sources explained." ends the sentence
    return before is not None and (after is None or after in {".", "!", "?"})


def find_cues(sent: SpacySpan, quoted: set[int], lex: Lexicon, tab: TokenTable) -> list[Cue]:
    cues: list[Cue] = []
    doc = sent.doc
    dep, lower, head, pos = tab.dep, tab.lower, tab.head, tab.pos

    for k in _in_sentence(_cue_candidates(tab, lex), sent):
        if k in quoted:
            continue
        # "according to X"
        if lower[k] == "according" and k + 1 < sent.end and lower[k + 1] == "to":
            pobj = next((c for c in tab.children(k + 1) if dep[c] == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in tab.children(k) if dep[c] == "pobj"), None)
            if pobj is None:
                continue
            anchor = head[k]
            skip = set(subtree(tab, k))
            if _sentence_edge(tab, k, sent):  # "According to X, ..." / "..., according to X." covers it all
                anchor = sent.root.i
            content = near(tab, [t for t in subtree(tab, anchor) if t not in skip], k) if anchor != k else []
            cues.append(Cue(cue=[doc[k], doc[k + 1]], anchor=doc[anchor],
                            source=trim(tab, subtree(tab, pobj)),
                            source_head=doc[pobj],
                            content=contiguous(tab, content)))
            continue
        lemma, p = tab.lemma[k], pos[k]  # tok.lemma_.lower(), tok.pos_
        if p == "NOUN" and lemma in lex.noun_cues:
            cue = noun_cue(tab, k)
            if cue is not None:
                cues.append(cue)
            continue
        if p not in ("VERB", "AUX") or lemma not in lex.cue_verbs:
            continue
        kids = tab.children(k)
        passive = any(dep[c] == "auxpass" for c in kids)
        if tab.tag[k] == "VBN" and not passive \
                and not any(dep[c] == "aux" and doc[c].lemma_ == "have" for c in kids) \
                and dep[k] in ("acl", "relcl", "advcl", "amod", "ccomp", "conj", "xcomp"):
            continue  # a participle ("much of it believed to have been ..."): no speaker
        subj = _subject(tab, k, speaker=True)
        if passive and (subj is None or dep[subj] != "pobj"):
            continue  # "is said to", "it is believed that": a hedge, read below
        if subj is None or lower[subj] == "it" and dep[subj] in ("nsubj", "expl"):
            continue
        cue_toks = [k] + [c for c in kids if dep[c] == "prt"]
        speaker = subj
        if lemma in ("report", "quote", "cite") and not passive:
            # "Reuters reported residents as saying ...": the residents speak, through the agency's report
            obj = next((c for c in kids if dep[c] == "dobj"), None)
            as_ = next((c for c in kids if dep[c] == "prep" and lower[c] == "as"), None)
            saying = None if as_ is None else next(
                (g for g in tab.children(as_) if dep[g] == "pcomp" and tab.lemma[g] in lex.cue_verbs), None)
            if obj is not None and as_ is not None and saying is not None:
                speaker = obj
                cue_toks += [as_, saying]
        content_child = next((c for c in kids if dep[c] == "ccomp"), None)
        if content_child is None and lemma in ("claim", "deny", "admit", "confirm", "insist"):
            # "claimed to have ...", "denied attacking ...": a proposition; "threatened to ..." is an act
            content_child = next((c for c in kids if dep[c] == "xcomp"), None)
        if content_child is None:
            content_child = next((c for c in kids if dep[c] == "parataxis" and c < k
                                  and not _bare_cue(tab, c, lex)), None)
        that = _that_after(tab, k, sent) if content_child is None else None
        anchor = k
        if that is not None:
            # a parse that lost the clause ("X told Y that ..." split into two roots): the words after "that"
            space = tab.is_space
            content = trim(tab, near(tab, [t for t in range(that + 1, sent.end) if not space[t]], k))
        elif content_child is not None:
            content = trim(tab, near(tab, subtree(tab, content_child), k))
            if dep[k] == "pcomp" and lower[head[k]] == "as":  # "X was quoted as saying that ..."
                anchor = head[head[k]]
        elif dep[k] == "ROOT" and (before := _clause_before(tab, k, subj, sent)):
            # "Palestinian youths threw stones ..., officials said." parsed with the clause as a noun phrase
            content = contiguous(tab, near(tab, before, k))
        elif dep[k] in ("advcl", "parataxis", "ccomp", "conj") and head[k] != k and _bare_cue(tab, k, lex) \
                and pos[head[k]] in ("VERB", "AUX") and _set_off(tab, k, sent) \
                and not any(dep[c] in ("dobj",) and doc[c].lemma_ not in ("-PRON-",) and ctx_free_dobj(tab, c)
                            for c in kids):
            skip = set(subtree(tab, k))
            content = contiguous(tab, near(tab, [t for t in subtree(tab, head[k]) if t not in skip], k))
            anchor = head[k]
        else:
            continue
        if not content:
            continue
        cues.append(Cue(cue=[doc[c] for c in sorted(cue_toks)], anchor=doc[anchor],
                        extent=verb_group(tab, k, max(cue_toks), sent),
                        source=trim(tab, near(tab, subtree(tab, speaker), k)), source_head=doc[speaker],
                        content=content,
                        allegation=lemma in lex.allegation_verbs, reporter_verb=lemma in lex.reporter_verbs))
    # a speaker's label opens the sentence or a line inside it (a transcript run into the line before)
    space, text = tab.is_space, tab.text
    lines = [k + 1 for k in range(sent.start, sent.end - 1) if space[k] and "\n" in text[k]]
    for first in [sent.start, *lines]:
        label = _speaker_label(sent, tab, first)
        if label is not None:
            cues.append(label)
    cues += _signatures(sent, tab)
    return cues


_LABEL_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _named_words(tab: TokenTable) -> frozenset[str]:
    """The words of the article's person and organisation names, once per article: a headline's one-word
    label the tagger reads as a common noun ("Sandoval: ...") is a name when the article names it so."""
    kept = tab.memo.get("attribution.named_words")
    if kept is None:
        ents, text = tab.ent_type, tab.text
        kept = tab.memo["attribution.named_words"] = frozenset(
            text[k] for k in range(tab.n) if ents[k] in ("PERSON", "ORG") and text[k][:1].isupper())
    return cast("frozenset[str]", kept)


def _speaker_label(sent: SpacySpan, tab: TokenTable, first: int) -> Cue | None:
    """ "Pat Smith: Voters Are Worried" (a headline), "SMITH: Well, look ..." (a transcript, inside the
    quotation marks that open its paragraphs): a name and a colon open the line (at token ``first``) and
    what follows on it is theirs. The name is at most five words, capitalised, with no verb, and a proper
    noun or a named entity in it (or a word of a name found elsewhere in the article), not a place alone
    (a dateline, "LONDON: ...") nor a letter ("Q: ..."); three words or more must follow."""
    space, punct, text = tab.is_space, tab.is_punct, tab.text
    while first < sent.end and (space[first] or tab.is_quote[first]):
        first += 1
    colon = next((k for k in range(first, min(sent.end, first + 6)) if text[k] == ":"), None)
    if colon is None or colon == first:
        return None
    name = list(range(first, colon))
    pos = tab.pos
    if any(punct[k] and text[k] not in (".", "'", "’", "-") for k in name) \
            or any(pos[k] in ("VERB", "AUX", "ADP", "DET", "NUM") for k in name) \
            or not any(pos[k] == "PROPN" or tab.ent_type[k] in _LABEL_ENTS or text[k] in _named_words(tab)
                       for k in name) \
            or not all(text[k][:1].isupper() or punct[k] for k in name) \
            or all(tab.ent_type[k] in ("GPE", "LOC") for k in name) \
            or all(len(text[k]) < 2 for k in name):  # an interview's "Q:" and "A:" name no one
        return None
    line_end = next((k for k in range(colon + 1, sent.end) if space[k] and "\n" in text[k]), sent.end)
    rest = [k for k in range(colon + 1, line_end) if not space[k]]
    if sum(not punct[k] for k in rest) < 3:
        return None
    doc = sent.doc
    head = _root(tab, first, colon)
    content = trim(tab, rest)
    if not content:
        return None
    return Cue(cue=[doc[colon]], anchor=doc[_root(tab, content[0], content[-1] + 1)], source=name,
               source_head=doc[head], content=content)


_DASHES = frozenset({"—", "―", "–", "--"})
_CLOSING_QUOTES = frozenset({"”", '"', "''", "»"})
_OPENING_QUOTES = frozenset({"“", '"', "``", "«"})
_SIGNATURE_WORDS = 6  # "Maria de la Cruz Ortega": a name, not a clause
_QUOTE_REACH = 400  # tokens back to the opening quotation mark (a quoted paragraph at most)


def _signatures(sent: SpacySpan, tab: TokenTable) -> list[Cue]:
    """A quotation signed with a dash and a name: ‘“We will not give up.” — Ana Ortiz’ (readers' and
    witnesses' words, epigraphs). The dash follows the closing quotation mark (the quotation may end the
    sentence before), and the name runs to the end of the line or a comma ("— Ana Ortiz, 54, a nurse"):
    at most six capitalised words (a particle inside: "Piet van Wyk"), a proper noun or a person among
    them, no verb. The quotation is what the dash attributes."""
    text, space = tab.text, tab.is_space
    out: list[Cue] = []
    doc = sent.doc
    for k in range(sent.start, sent.end):
        if text[k] not in _DASHES:
            continue
        q = k - 1
        while q >= 0 and space[q] and "\n" not in text[q]:
            q -= 1
        if q < 0 or text[q] not in _CLOSING_QUOTES:
            continue
        name: list[int] = []
        m = k + 1
        while m < sent.end and not (space[m] and "\n" in text[m]) and text[m] != ",":
            if not space[m]:
                name.append(m)
            m += 1
        while name and text[name[-1]] == ".":
            name.pop()  # "— Ana Ortiz." (the initials' dots stay: "Ana M. Ortiz")
        if not name or len(name) > _SIGNATURE_WORDS \
                or not all(text[n][:1].isupper() or text[n] in (".", "-", "'")
                           or tab.pos[n] == "PROPN" and name[0] < n < name[-1] for n in name) \
                or any(tab.pos[n] in ("VERB", "AUX") and not text[n][:1].isupper() for n in name) \
                or not any(tab.pos[n] == "PROPN" or tab.ent_type[n] == "PERSON" for n in name):
            continue
        opening = next((o for o in range(q - 1, max(-1, q - _QUOTE_REACH), -1)
                        if text[o] in _OPENING_QUOTES or space[o] and "\n" in text[o]), None)
        if opening is None or text[opening] not in _OPENING_QUOTES or opening + 1 >= q:
            continue
        content = [t for t in range(opening + 1, q) if not space[t]]
        here = [t for t in content if t >= sent.start]
        anchor = _root(tab, here[0], here[-1] + 1) if here else k
        out.append(Cue(cue=[doc[k]], anchor=doc[anchor], source=name,
                       source_head=doc[_root(tab, name[0], name[-1] + 1)], content=content))
    return out


_GROUP_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})


def verb_group(tab: TokenTable, k: int, last: int, sent: SpacySpan) -> tuple[int, int]:
    """A verb cue as it is written out: with the auxiliaries, negation and adverbs right before it
    ("has said", "is also warning", "did not say") and a colon right after it ("said:"), as PolNeAR
    marks cues (in its train split 3,000 cues take the auxiliary before them, 90 leave it out)."""
    lo = k
    dep, head, punct = tab.dep, tab.head, tab.is_punct
    while lo - 1 >= sent.start and head[lo - 1] == k and dep[lo - 1] in _GROUP_DEPS and not punct[lo - 1]:
        lo -= 1
    hi = last + 1
    if hi < sent.end and tab.text[hi] == ":":
        hi += 1
    return lo, hi


def _per_article(tab: TokenTable, key: str, lex: Lexicon, make) -> list[int]:
    """``make()``, a list of token indices, worked out once per article (and lexicon)."""
    kept = tab.memo.get(key)
    if kept is None or kept[0] is not lex:  # type: ignore[index]
        kept = tab.memo[key] = (lex, make())
    return kept[1]  # type: ignore[index]


def _in_sentence(hits: list[int], sent: SpacySpan) -> list[int]:
    """The sorted token indices that fall in the sentence."""
    return hits[bisect.bisect_left(hits, sent.start):bisect.bisect_left(hits, sent.end)]


def _cue_candidates(tab: TokenTable, lex: Lexicon) -> list[int]:
    """The tokens that can be a cue: "according", cue nouns and cue verbs. (A plain scan of the lemma
    list: ``TokenTable.has`` would first sort the article's lemmas, parts of speech and words.)"""
    def make() -> list[int]:
        lem, pos, nouns, verbs = tab.lemma, tab.pos, lex.noun_cues, lex.cue_verbs
        words = _cue_lemmas(lex)
        out = [k for k, lm in enumerate(lem) if lm in words
               and (pos[k] == "NOUN" and lm in nouns or pos[k] in ("VERB", "AUX") and lm in verbs)]
        low = tab.lower
        if "according" not in low:  # (a scan in C; most articles have none)
            return out
        return sorted(set(out).union(k for k, w in enumerate(low) if w == "according"))
    return _per_article(tab, "attribution.cues", lex, make)


@functools.lru_cache(maxsize=4)
def _cue_lemmas(lex: Lexicon) -> frozenset[str]:
    return lex.noun_cues | lex.cue_verbs


def _bare_cue(tab: TokenTable, c: int, lex: Lexicon) -> bool:
    """ "informed sources say" standing in a sentence: a cue with a subject and nothing said."""
    dep = tab.dep
    return tab.lemma[c] in lex.cue_verbs and not any(
        dep[g] in ("ccomp", "xcomp") or dep[g] == "dobj" and ctx_free_dobj(tab, g) for g in tab.children(c))


def _that_after(tab: TokenTable, k: int, sent: SpacySpan) -> int | None:
    """ "that" right after the cue or after its addressee, when the parser did not make a clause of it."""
    dep, lower = tab.dep, tab.lower
    nxt = k + 1
    for c in tab.children(k):  # in order
        if c == nxt and dep[c] in ("dobj", "dative", "prt") and lower[c] != "that":
            nxt = max(subtree(tab, c)) + 1
    if nxt >= sent.end:
        return None
    t = nxt
    if lower[t] != "that" or dep[t] == "mark" or tab.head[t] != k and dep[t] != "ROOT":
        return None
    pos = tab.pos
    return t if any(pos[x] in ("VERB", "AUX") for x in range(t + 1, sent.end)) else None


def _sentence_edge(tab: TokenTable, k: int, sent: SpacySpan) -> bool:
    """The phrase headed by k opens the sentence, or closes it after a comma."""
    ids = subtree(tab, k)
    lo, hi = ids[0], ids[-1]
    punct, space = tab.is_punct, tab.is_space
    if not any(not punct[t] and not space[t] for t in range(sent.start, lo)):
        return True  # no words before it
    words_after = any(not punct[t] and not space[t] for t in range(hi + 1, sent.end))
    return not words_after and lo - 1 >= sent.start and tab.text[lo - 1] in (",", "—", "–")


def _clause_before(tab: TokenTable, k: int, subj: int | None, sent: SpacySpan) -> list[int]:
    """For a sentence-final "..., officials said": the words before the comma that precedes the subject."""
    if subj is None or subj > k:
        return []
    lo = subtree(tab, subj)[0]
    comma = lo - 1 if lo - 1 > sent.start else None
    if comma is None or tab.text[comma] not in (",", "—", "–"):
        return []
    dep = tab.dep
    if any(t > k and dep[t] in ("dobj", "ccomp", "xcomp") for t in tab.children(k)):
        return []
    space, punct = tab.is_space, tab.is_punct
    words = [t for t in range(sent.start, comma) if not space[t]]
    return words if sum(not punct[t] for t in words) >= 3 else []


def noun_cue(tab: TokenTable, k: int) -> Cue | None:
    """ "claims by the opposition that the vote was rigged", "Iran's assertion that ..." """
    dep, lower, children = tab.dep, tab.lower, tab.children
    clause = next((c for c in children(k) if dep[c] in ("acl", "ccomp", "relcl")
                   and any(dep[g] == "mark" and lower[g] == "that" for g in children(c))), None)
    if clause is None:
        return None
    src = next((c for c in children(k) if dep[c] == "poss"), None)
    if src is None:
        prep = next((c for c in children(k) if dep[c] == "prep" and lower[c] in ("by", "from", "of")), None)
        src = next((g for g in children(prep) if dep[g] == "pobj"), None) if prep is not None else None
    if src is None:
        return None
    source = [t for t in subtree(tab, src) if not (dep[t] == "case" and tab.head[t] == src)]
    doc = tab.doc
    return Cue(cue=[doc[k]], anchor=doc[k], source=trim(tab, source), source_head=doc[src],
               content=trim(tab, near(tab, subtree(tab, clause), k)),
               allegation=tab.lemma[k] in ("claim", "allegation", "accusation", "charge", "rumor", "rumour",
                                           "speculation", "contention"))


def ctx_free_dobj(tab: TokenTable, c: int) -> bool:
    """A direct object that is what was said ("explained the plan"), not the addressee ("told Amwaj")."""
    return tab.lemma[tab.head[c]] not in ("tell", "inform", "assure", "brief", "warn", "remind")


def nest(cues: list[Cue]) -> None:
    """Parent = the innermost other cue whose content holds this cue's word."""
    contents = [set(c.content) for c in cues]
    for n, c in enumerate(cues):
        best, size = None, None
        for m, other in enumerate(cues):
            if m == n or c.cue[0].i not in contents[m]:
                continue
            if other.cue[0].i in contents[n] and len(contents[m]) <= len(contents[n]):
                continue  # each inside the other's content (a bad parse): the wider one is outer
            if size is None or len(contents[m]) < size:
                best, size = m, len(contents[m])
        c.parent = best
    for n, c in enumerate(cues):
        if c.parent is not None:
            cues[c.parent].children.append(n)


def depth(cues: list[Cue], n: int) -> int:
    d = 0
    seen = set()
    parent = cues[n].parent
    while parent is not None and n not in seen:
        seen.add(n)
        n = parent
        parent = cues[n].parent
        d += 1
    return d


def is_ancestor(cues: list[Cue], a: int, n: int) -> bool:
    seen = set()
    parent = cues[n].parent
    while parent is not None and n not in seen:
        seen.add(n)
        n = parent
        if n == a:
            return True
        parent = cues[n].parent
    return False


# ---------------------------------------------------------------- sources


def outlet_names(publisher: str | None, url: str | None) -> set[str]:
    names: set[str] = set()
    for raw in (publisher, _host(url)):
        if not raw:
            continue
        f = fold(raw)
        names.add(f)
        base = f.split("/")[0]
        names.add(base)
        if "." in base:
            stem = base.rsplit(".", 1)[0]
            if len(stem) > 2:
                names.add(stem)
    return {n for n in names if n}


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url if "://" in url else "//" + url).hostname or ""
    return host.removeprefix("www.") or None


def classify(ctx: ArticleContext, c: Cue, state: State, lex: Lexicon, i: int) -> None:
    head = c.source_head
    if head is None:
        c.kind = "anonymous"
        return
    text_of = ctx.tokens.text
    raw = " ".join(text_of[t] for t in c.source).lower() if c.source else ""
    text = fold(raw)
    forms = {text, text.replace(" ", ""), raw.replace(" ", ""), fold(raw.replace(" ", ""))}
    if forms & state.outlets or text in lex.self_reference \
            or (c.reporter_verb and (_DOMAIN.match(text.replace(" ", "")) or text.startswith("this "))):
        c.kind = "reporter"
        return
    if head.pos_ == "PRON" or head.lower_ in ("he", "she", "they", "we", "i", "it"):
        c.kind, c.speaker = resolve_pronoun(ctx, head, state, i)
        return
    key = ctx.actor_of(head)
    if key:
        c.kind, c.speaker = "named", key
        return
    lemma = head.lemma_.lower()
    if lemma in lex.anonymous_nouns or head.lower_ in lex.anonymous_nouns:
        named = [c2 for c2 in head.children if c2.dep_ == "appos" and ctx.actor_of(c2)]
        if named:
            c.kind, c.speaker = "named", ctx.actor_of(named[0])
        elif lemma in lex.title_nouns and head.tag_ in ("NN", "NNP") and _definite(head):
            # one identified office holder on the record: "Norway's foreign minister said"
            orgs = [k for k in ctx.actors_in(_owner_tokens(head))
                    if ctx.actors[k].type in ("organization", "location", "group")]
            c.kind, c.speaker = "named", orgs[0] if orgs else None
        else:
            c.kind = "anonymous"
        _learn_outlet(ctx, c, state)
        return
    actors = ctx.actors_in(_owner_tokens(head))
    if lemma in lex.spokes_nouns or lemma in lex.institution_nouns:
        # an organisation speaking on the record: "a Pentagon spokesman", "the army said in a statement"
        orgs = [k for k in actors if ctx.actors[k].type in ("organization", "location", "group")]
        if orgs:
            c.kind, c.speaker = "named", orgs[0]
        elif lemma in lex.institution_nouns or _definite(head):
            c.kind, c.speaker = "named", None
        else:
            c.kind = "anonymous"
        return
    if actors:
        people = [k for k in actors if ctx.actors[k].type == "person"]
        c.kind, c.speaker = "named", (people or actors)[0]
        return
    # a proper name the entity recogniser passed over ("— Odile Brun") names someone all the same
    c.kind = "named" if head.pos_ == "PROPN" and head.text[:1].isupper() else "anonymous"


def _owner_tokens(head: Token) -> list[Token]:
    """The source's head and what says whose it is: modifiers before it ("Pentagon spokesman",
    "Norway's minister") and of/for/from/by phrases ("a spokesman for the ministry"), not the places
    and times around it ("a statement issued in Paris")."""
    out = [head]
    for c in head.children:
        if c.dep_ in ("compound", "poss", "amod", "nmod", "appos", "conj"):
            out += list(c.subtree)
        elif c.dep_ == "prep" and c.lower_ in ("of", "for", "from", "by", "at"):
            out += list(c.subtree)
    return sorted(out, key=lambda t: t.i)


def _definite(head: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "one")
               for c in head.children)


def _learn_outlet(ctx: ArticleContext, c: Cue, state: State) -> None:
    """With no publisher known, whoever unnamed sources *told* is the outlet ("sources told X")."""
    if ctx.article.publisher or c.cue[0].lemma_.lower() != "tell":
        return
    for ch in c.cue[0].children:
        if ch.dep_ in ("dobj", "dative") and ch.pos_ == "PROPN":
            state.outlets.add(fold(" ".join(t.text for t in ch.subtree)))


def resolve_pronoun(ctx: ArticleContext, head: Token, state: State, i: int) -> tuple[str, str | None]:
    low = head.lower_
    if low in ("we", "i", "us"):
        return "reporter", None
    key = ctx.actor_of(head)
    if key:
        return "named", key
    recent = [(j, a) for j, a in state.recent if i - j <= 3]
    if low in ("he", "she"):
        for _, a in reversed(recent):
            if a.source == "named" and a.speaker and ctx.actors[a.speaker].type == "person":
                return "named", a.speaker
        k = _previous_actor(ctx, head, ("person",))
        return ("named", k) if k else ("named", None)
    if low == "they":
        if state.voice is not None and state.voice.attribution.source == "anonymous":
            return "anonymous", None
        for _, a in reversed(recent):
            if a.source == "anonymous":
                return "anonymous", None
            if a.source == "named" and a.speaker and ctx.actors[a.speaker].type != "person":
                return "named", a.speaker
        k = _previous_actor(ctx, head, ("organization", "group", "location"))
        return ("named", k) if k else ("anonymous", None)
    k = _previous_actor(ctx, head, ("organization", "group", "location"))
    return ("named", k) if k else ("anonymous", None)


def _previous_actor(ctx: ArticleContext, head: Token, types: tuple[str, ...]) -> str | None:
    sent_idx = ctx.sentence_of(head.idx)
    best = None
    for m in ctx.mentions:
        if m.start >= head.idx or sent_idx - m.sentence > 2:
            continue
        if ctx.actors.get(m.actor) is not None and ctx.actors[m.actor].type in types:
            if best is None or m.start > best.start:
                best = m
    return best.actor if best else None


def to_attribution(ctx: ArticleContext, c: Cue) -> Attribution:
    start, end = c.cue[0].idx, c.cue[-1].idx + len(c.cue[-1].text)
    if c.extent is not None:
        tab = ctx.tokens
        a, b = c.extent
        start, end = min(start, tab.idx[a]), max(end, tab.idx[b - 1] + len(tab.text[b - 1]))
    cue_text = ctx.doc_text[start:end]
    src = _span(ctx, c.source)
    return Attribution(source=c.kind, speaker=c.speaker if c.kind == "named" else None,  # type: ignore[arg-type]
                       source_text=src.text if src else None, source_span=src, cue=cue_text,
                       cue_span=ctx.span(start, end),
                       content_span=_span(ctx, c.content),
                       hedged=c.allegation, hedge_cue=_cue_hedge_text(c) if c.allegation else None)


def _span(ctx: ArticleContext, toks: list[int]) -> Span | None:
    if not toks:
        return None
    tab = ctx.tokens
    return ctx.span(tab.idx[toks[0]], tab.idx[toks[-1]] + len(tab.text[toks[-1]]))


def _cue_hedge_text(c: Cue) -> str:
    tok = c.cue[0]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "that":
        return f"{tok.text} that"
    return " ".join(t.text for t in c.cue)


def _hedge_text(ctx: ArticleContext, h: HedgeFound) -> str:
    return ctx.doc_text[h.start:h.end]


# ---------------------------------------------------------------- hedges


def find_hedges(sent: SpacySpan, quoted: set[int], lex: Lexicon, cues: list[Cue],
                tab: TokenTable) -> list[HedgeFound]:
    out: list[HedgeFound] = []
    taken: set[int] = set()
    doc = sent.doc
    verbs, words = _hedge_words(lex)

    def add(tokens: list[Token], anchor: Token | None, kind: str, noun: Token | None = None) -> None:
        tokens = sorted(tokens, key=lambda t: t.i)
        if any(t.i in taken for t in tokens):
            return
        taken.update(range(tokens[0].i, tokens[-1].i + 1))
        out.append(HedgeFound(tokens=list(sent.doc[tokens[0].i:tokens[-1].i + 1]), anchor=anchor, kind=kind,
                              noun=noun))

    # only the lexicon's verbs and words (and "could") can hedge: a plain scan, once per article
    def make() -> list[int]:
        by_lemma = [k for k, lm in enumerate(tab.lemma) if lm in verbs]
        by_word = [k for k, w in enumerate(tab.lower) if w in words]
        return sorted(set(by_lemma).union(by_word))

    for k in _in_sentence(_per_article(tab, "attribution.hedges", lex, make), sent):
        if k in quoted or k in taken:
            continue
        tok = doc[k]
        lemma, low = tab.lemma[k], tab.lower[k]  # tok.lemma_.lower(), tok.lower_
        auxpass = [doc[c] for c in tab.children(k) if tab.dep[c] == "auxpass"]
        # passive reporting: "is said to", "are alleged to", "it is believed that", "is suspected of"
        if tok.tag_ == "VBN" and auxpass and lemma in lex.passive_report_verbs | lex.passive_report_of:
            if lemma in lex.passive_report_not_hedge:
                continue
            expl = next((c for c in tok.children if c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it"),
                        None)
            nxt = tok.nbor(1) if tok.i + 1 < sent.end else None
            if expl is not None and any(c.dep_ == "ccomp" for c in tok.children):
                add([expl, tok], tok, REPORTIVE)
                continue
            if nxt is not None and nxt.lower_ == "to" and lemma in lex.passive_report_verbs:
                add([auxpass[0], nxt], tok, REPORTIVE)
                continue
            if lemma in lex.passive_report_of \
                    and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                add([auxpass[0], tok], tok, REPORTIVE)
                continue
        # reduced passive: "most of the money thought to have been lost", "a man said to be close to ..."
        if tok.tag_ == "VBN" and not auxpass and lemma in lex.passive_report_verbs \
                and lemma not in lex.passive_report_not_hedge \
                and tok.dep_ in ("acl", "relcl", "advcl", "amod") \
                and tok.i + 1 < sent.end and tok.nbor(1).lower_ == "to":
            add([tok, tok.nbor(1)], tok, REPORTIVE)
            continue
        # perception: "is viewed as", "is considered (as)"
        if tok.tag_ == "VBN" and auxpass and lemma in lex.perception_verbs:
            as_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            if as_ is not None:
                add([auxpass[0], as_], tok, "perception")
                continue
            if lemma in ("consider", "deem", "regard") and any(c.dep_ in ("oprd", "xcomp", "attr", "acomp")
                                                                for c in tok.children):
                add([auxpass[0], tok], tok, "perception")
                continue
        # raising: "appear to", "seems", "it appears as if"
        if lemma in lex.raising_verbs and tok.pos_ in ("VERB", "AUX"):
            if any(c.dep_ in ("xcomp", "ccomp", "advcl", "acomp", "oprd", "attr") for c in tok.children):
                nxt = tok.nbor(1) if tok.i + 1 < sent.end else None
                add([tok, nxt] if nxt is not None and nxt.lower_ == "to" else [tok], tok, "raising")
                continue
        if low in lex.hedge_adverbs and tok.pos_ == "ADV":
            anchor = tok.head
            while anchor.pos_ == "AUX" and anchor.head.i != anchor.i and anchor.dep_ in ("aux", "auxpass"):
                anchor = anchor.head
            add([tok], anchor, "adverb")
            continue
        if low in lex.hedge_adjectives and tok.dep_ in ("amod", "compound") \
                and tok.head.pos_ in ("NOUN", "PROPN"):
            noun = tok.head
            # "the alleged efforts failed", "he is a suspected spy": the claim is in doubt; "police arrested
            # suspected militants": the arrest is not (only what the people arrested are called)
            add([tok], noun.head if noun.dep_ in ("nsubj", "nsubjpass", "attr", "appos") else None,
                "adjective", noun)
            continue
        if tok.tag_ == "MD" and (low in lex.hedge_modals or low == "could") :
            nxt = tok.nbor(1) if tok.i + 1 < sent.end else None
            if low == "could":
                if nxt is None or nxt.lower_ != "have":
                    continue  # "could" alone is as often ability as possibility; "could have" is epistemic
                add([tok, nxt], tok.head, "modal")
            else:
                add([tok], tok.head, "modal")
            continue
        if low in lex.hedge_raising_adjectives and tok.dep_ in ("acomp", "amod") and tok.pos_ == "ADJ":
            x = next((c for c in tok.children if c.dep_ == "xcomp"), None)
            to = next((c for c in x.children if c.dep_ == "aux" and c.lower_ == "to"), None) \
                if x is not None else None
            if to is not None:
                cop = next((c for c in tok.head.children if c.dep_ in ("aux", "auxpass")), None) \
                    if tok.head.lemma_ != "be" else tok.head
                start = cop if cop is not None and cop.i < tok.i else tok
                add([start, to], tok.head, "raising")
                continue
    for c in cues:
        if c.allegation and not any(t.i in taken for t in c.cue):
            add([c.cue[0]], c.anchor, "allegation")
    out.sort(key=lambda h: h.start)
    return out


@functools.lru_cache(maxsize=4)
def _hedge_words(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas and the lower-cased words that some hedge test in ``find_hedges`` starts from."""
    verbs = lex.passive_report_verbs | lex.passive_report_of | lex.perception_verbs | lex.raising_verbs
    words = lex.hedge_adverbs | lex.hedge_adjectives | lex.hedge_modals | lex.hedge_raising_adjectives
    return verbs, words | {"could"}


@functools.lru_cache(maxsize=4)
def _governors(lex: Lexicon) -> frozenset[str]:
    return lex.cue_verbs | lex.passive_report_verbs | lex.raising_verbs | lex.perception_verbs


def main_path(sent: SpacySpan, cues: list[Cue], lex: Lexicon, tab: TokenTable) -> set[int]:
    """Token indices of the sentence's main predicates: the root, its conjuncts and open complements,
    and the content clauses of reporting, raising and perception verbs on that path."""
    cue_anchors = {c.cue[0].i for c in cues}
    governors = _governors(lex)
    deps, lemmas = tab.dep, tab.lemma
    todo: list[int] = []
    k = _first_root(sent, deps)
    while k is not None:  # every root (a sentence the segmenter joined has several)
        todo.append(k)
        try:
            k = deps.index("ROOT", k + 1, sent.end)
        except ValueError:
            k = None
    main: set[int] = set()
    while todo:
        t = todo.pop()
        if t in main:
            continue
        main.add(t)
        for ch in tab.children(t):
            dep = deps[ch]
            if dep in ("conj", "xcomp"):
                todo.append(ch)
            elif dep in ("ccomp", "parataxis") and (lemmas[t] in governors or t in cue_anchors):
                todo.append(ch)
            elif dep in ("aux", "auxpass"):
                main.add(ch)
    return main


def is_main_hedge(h: HedgeFound, main: set[int]) -> bool:
    a = h.anchor
    if a is None or a.i not in main:
        return False
    # a purpose infinitive the parser made the root ("to apparently facilitate X, they engaged ...")
    # is not the main clause when a finite clause with a subject hangs off it
    if a.dep_ == "ROOT" and a.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in a.children) \
            and not any(c.dep_ in SUBJ for c in a.children) \
            and any(c.dep_ in ("conj", "advcl") and any(g.dep_ in SUBJ for g in c.children)
                    for c in a.children):
        return False
    return True


# ---------------------------------------------------------------- tense


def tense_of(v: Token, tab: TokenTable | None = None) -> str | None:
    if tab is not None:
        return _tense_at(v.i, tab)
    aux_tags = [c.tag_ for c in v.children if c.dep_ in ("aux", "auxpass")]
    return _tense_of_tags(aux_tags, v.tag_)


def _tense_at(k: int, tab: TokenTable) -> str | None:
    """``tense_of(doc[k])`` from the table, without building the Token."""
    dep, tag = tab.dep, tab.tag
    return _tense_of_tags([tag[c] for c in tab.children(k) if dep[c] in ("aux", "auxpass")], tag[k])


def _tense_of_tags(aux_tags: list[str], verb_tag: str) -> str | None:
    """The tense of a verb from its auxiliaries' tags (in order) and its own."""
    if "MD" in aux_tags:
        return "present"
    tags = aux_tags + [verb_tag]
    if tags[0] in ("VBZ", "VBP"):
        return "present"
    if "VBD" in tags:
        return "past"
    if "VBZ" in tags or "VBP" in tags:
        return "present"
    return None


def _first_root(sent: SpacySpan, deps: list[str]) -> int | None:
    """The first token of the sentence the parser made a root (``list.index`` scans in C)."""
    try:
        return deps.index("ROOT", sent.start, sent.end)
    except ValueError:
        return None


def sentence_tense(sent: SpacySpan, main: set[int], tab: TokenTable) -> str | None:
    k = _first_root(sent, tab.dep)
    return _tense_at(k, tab) if k is not None else None


def tense_of_tokens(tokens: list[int], main: set[int], tab: TokenTable) -> str | None:
    """Tense of a content clause (token indices): of its highest verb."""
    if not tokens:
        return None
    heads, poss = tab.head, tab.pos
    ids = set(tokens)
    for k in tokens:
        if (heads[k] not in ids or heads[k] == k) and poss[k] in ("VERB", "AUX"):
            return _tense_at(k, tab)
    return None


def reportive_tense(h: HedgeFound) -> str | None:
    """"is said to have met" speaks of the past; "is said to be aspiring" of the present."""
    verb = h.anchor
    if verb is None:
        return None
    x = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
    if x is None:
        return tense_of(verb)
    if any(c.dep_ == "aux" and c.lower_ == "have" for c in x.children):
        return "past"
    return tense_of(x) if x.tag_ != "VB" else "present"


# ---------------------------------------------------------------- the learned hedge detector


def hedge_features(tab: TokenTable, sent: SpacySpan,
                   hedges: list[HedgeFound]) -> tuple[list[tuple[str, int]], list[int]]:
    """The uncertainty detector's features of one sentence (see :mod:`.uncertainty`), and the token
    index of each word position they point at."""
    from .uncertainty import features

    words = [k for k in range(sent.start, sent.end) if not tab.is_space[k] and not tab.is_punct[k]]
    feats = features([tab.lower[k] for k in words], [tab.lemma[k] for k in words], [h.kind for h in hedges],
                     [tab.pos[k] for k in words], _hedge_lexicon(lexicon()))
    return feats, words


@functools.lru_cache(maxsize=2)
def _hedge_lexicon(lex: Lexicon) -> dict[str, str]:
    """Word -> the rules' list it is on, for the detector's features (the first list wins)."""
    out: dict[str, str] = {}
    for name in ("hedge_adverbs", "hedge_adjectives", "hedge_modals", "raising_verbs", "passive_report_verbs",
                 "perception_verbs", "allegation_verbs", "hedge_raising_adjectives", "anonymous_nouns"):
        for w in getattr(lex, name):
            out.setdefault(w, name)
    return out


# ---------------------------------------------------------------- the learned cues
# which cues annotate reports: "combined" (the rules' and the cue classifier's), "rules" or "model" (each
# alone, for comparison: NEWSGRAPH_ATTRIBUTION=rules|model|combined)
MODES = ("combined", "rules", "model")


def mode() -> str:
    import os

    value = os.environ.get("NEWSGRAPH_ATTRIBUTION", "combined")
    return value if value in MODES else "combined"


def _root(tab: TokenTable, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the first one when there are several)."""
    head = tab.head
    for k in range(start, end):
        if not start <= head[k] < end or head[k] == k:
            return k
    return start


def _learned_content(tab: TokenTable, sent: SpacySpan, cue: tuple[int, int],
                     source: tuple[int, int] | None) -> list[int]:
    """What a learned cue attributes: the clause it governs, else the clause it stands in, without the
    cue and the source."""
    c_root = _root(tab, *cue)
    dep = tab.dep
    kid = next((c for c in tab.children(c_root) if dep[c] in ("ccomp", "xcomp", "dobj", "pobj", "acl", "prep")
                and not (source and source[0] <= c < source[1])), None)
    skip = set(range(*cue)) | (set(range(*source)) if source else set())
    if kid is not None:
        toks = subtree(tab, kid)
    else:
        up = tab.head[c_root]
        toks = subtree(tab, up) if up != c_root else list(range(sent.start, sent.end))
    return contiguous(tab, [t for t in toks if t not in skip and sent.start <= t < sent.end])


def _own_source(tab: TokenTable, k: int) -> int | None:
    """The holder a learned cue names itself: a verb's subject (or passive agent), a noun's owner ("his
    plan") or maker ("a statement by X"), the object of "according to"."""
    subj = _subject(tab, k, speaker=True)
    if subj is not None:
        return subj
    dep = tab.dep
    for c in tab.children(k):
        if dep[c] == "poss":
            return c
        if dep[c] in ("prep", "agent") and (tab.lower[c] == "by" or tab.lemma[k] == "accord"):
            return next((g for g in tab.children(c) if dep[g] == "pobj"), None)
    return None


def learned_cues(sent: SpacySpan, known: list[Cue], tab: TokenTable,
                 quoted: set[int] | None = None) -> list[Cue]:
    """The cues the cue classifier (``cue_model``) finds that the rules did not: its words joined in the
    tree (``_joined_hits``), each with the holder it names itself (``_own_source``) and what it governs."""
    m = cue_model()
    if m is None:
        return []
    q = quoted or set()
    scores = cue_scores(tab, m)
    taken = {t.i for c in known for t in c.cue}
    hits = [k for k in range(sent.start, sent.end) if scores[k] >= m.threshold and k not in taken]
    doc = sent.doc
    out: list[Cue] = []
    for a, b in _joined_hits(tab, hits, taken):
        if any(a <= t < b for t in taken) or _chained(tab, _root(tab, a, b), taken):
            continue
        src = None
        subj = _own_source(tab, _root(tab, a, b))
        if subj is not None and not a <= subj < b:
            toks = trim(tab, subtree(tab, subj))
            src = (toks[0], toks[-1] + 1) if toks else None
        if src is None and max(scores[a:b]) < m.bare:
            continue  # a cue not sure enough to stand alone ("is said")
        if not _speech_evidence(tab, _root(tab, a, b), q, sent):
            continue  # "gunmen attacked the convoy": a deed done to a thing, not words said about it
        source = list(range(*src)) if src else []
        out.append(Cue(cue=list(doc[a:b]), anchor=doc[_root(tab, a, b)], source=source,
                       source_head=doc[_root(tab, *src)] if src else None,
                       content=_learned_content(tab, sent, (a, b), src),
                       extent=verb_group(tab, a, a, sent) if b == a + 1 and tab.pos[a] == "VERB" else None))
    return out


def _joined_hits(tab: TokenTable, hits: list[int], covered: set[int]) -> list[tuple[int, int]]:
    """The classifier's hits as cue spans: hits joined in the tree are one cue, and a hit joined to a
    cue found already is part of it, not a cue of its own. Joined: the auxiliary of "has said", the
    preposition of "called for", and the links PolNeAR keeps inside one cue (``_CHAIN_DEPS``: "continued
    to call for", "have expressed concern", "issued a statement calling")."""
    head, dep = tab.head, tab.dep
    at: dict[int, int] = {}  # each hit (an adverb moved to its verb) -> the first hit of its group
    for k in hits:
        if dep[k] in _GROUP_DEPS and tab.pos[head[k]] == "VERB" and head[k] not in covered:
            k = head[k]  # "then" of "then references": the verb is the cue
        at.setdefault(k, k)
    groups = {k: [k] for k in at}
    joins = _CUE_PARTS | _CHAIN_DEPS
    for k in sorted(at):
        h = head[k]
        if h != k and dep[k] in joins and h in at and at[h] != at[k]:
            a, b = at[h], at[k]
            for t in groups.pop(b):
                at[t] = a
                groups[a].append(t)
    # the groups joined to a cue found already: under it ("has" of "has said"), or over it ("appeared"
    # over "to suggest")
    found = {at[k] for k in at if _chained(tab, k, covered) or (dep[k] in _CUE_PARTS and head[k] in covered)}
    return [(min(g), max(g) + 1) for k, g in sorted(groups.items()) if k not in found]


def _chained(tab: TokenTable, k: int, taken: set[int]) -> bool:
    """Whether the word k is linked to a cue found already as a part of it (``_CHAIN_DEPS``): "seemed"
    over the rules' "to think", "concern" under "have expressed"."""
    dep = tab.dep
    if dep[k] in _CHAIN_DEPS and tab.head[k] in taken:
        return True
    return any(c in taken and dep[c] in _CHAIN_DEPS for c in tab.children(k))


# what a learned cue on a verb of physical action needs: PolNeAR's election news reads "X attacked Y's
# plan" as words said about a plan, and the learned components take "attacked", "hit", "blasted" as cues;
# in conflict news "gunmen attacked the convoy" is a deed. A verb the event lexicon types as material
# conflict (``_DEED_TYPES``) with a direct object is a cue only with evidence of speech: a clause it
# introduces (complement, "that"/"whether", a parenthetical "..., X noted"), a complement that judges the
# object ("as reckless", "for lying"), a quotation in the sentence, or an object that is itself something
# said or proposed (a pronoun, a proposition noun learned from polnear_train, a clause hanging on it).
_DEED_TYPES = frozenset({"ASSAULT", "COERCE"})
_SPEECH_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "csubj", "oprd", "acomp"})
_JUDGING_PREPS = frozenset({"as", "for", "over", "about"})
_MARKS = frozenset({"that", "whether", "if"})
_WHEN = frozenset({"DATE", "TIME"})  # "for hours" judges nothing


def _speech_evidence(tab: TokenTable, k: int, quoted: set[int], sent: SpacySpan) -> bool:
    """Whether a learned cue at token k shows that it reports words or a view, not a physical act."""
    if tab.pos[k] not in ("VERB", "AUX") or tab.lemma[k] not in _deed_verbs():
        return True  # "criticized", "noted"; nouns ("his plan"), "according to", a speaker's dash
    dep = tab.dep
    objs = [c for c in tab.children(k) if dep[c] in ("dobj", "dative")]
    if not objs:
        return True  # "..., he added", "she agreed": no object to be a deed's target
    if dep[k] in ("parataxis", "ccomp") or quoted:
        return True
    said = lexicon().cue_verbs
    nouns = _proposition_nouns()
    for c in tab.children(k):
        d = dep[c]
        if d in _SPEECH_DEPS or (d == "mark" and tab.lower[c] in _MARKS) \
                or (d == "advcl" and tab.lemma[c] in said):
            return True  # "..., saying ...": not "..., killing 17"
        if d == "prep":
            objs_of = [g for g in tab.children(c) if dep[g] in ("pobj", "pcomp")]
            if any(tab.lemma[g] in nouns for g in objs_of):
                return True  # "in a statement", "over his remarks"
            if tab.lower[c] in _JUDGING_PREPS and any(tab.ent_type[g] not in _WHEN for g in objs_of):
                return True  # "as reckless", "for lying"
    for o in objs:
        if tab.pos[o] == "PRON" or tab.lemma[o] in nouns:
            return True
        clauses = [g for g in tab.children(o) if dep[g] in ("acl", "relcl", "ccomp")]
        if any(dep[h] in ("ccomp", "mark") for g in clauses for h in tab.children(g)):
            return True  # "the claim that ...", "the plan he said would ..."
    return False


@functools.lru_cache(maxsize=1)
def _deed_verbs() -> frozenset[str]:
    from .events.lexicon import lexicon as event_lexicon

    return frozenset(w for w, c in event_lexicon().verbs.items() if c.type in _DEED_TYPES)


@functools.lru_cache(maxsize=1)
def _proposition_nouns() -> frozenset[str]:
    import json

    path = resources.files("newsgraph.nlp.models").joinpath(CUE_MODEL_FILE)
    if not path.is_file():
        return frozenset()
    return frozenset(json.loads(path.read_text("utf-8")).get("proposition_nouns", []))


# The cue words the rules pass over, weighed by a logistic regression over the parse (``make train``:
# ``newsgraph.train.attribution cues``, fitted on PolNeAR's train split): a token is scored by its word,
# its part of speech, its place in the tree (what it governs, what governs it, its subject) and whether
# it stands in quotation marks. PolNeAR marks a broad set of cues (verbs of saying, believing, wanting
# and judging, "according to", nouns like "a statement" or "his plan", a speaker's dash or colon) whose
# long tail no word list grown by hand reaches; the frame tells "called for X" from "called a meeting".
# The features are hashed, not spelled: each is one 64-bit key mixed from the spaCy ids of the words,
# tags and labels it reads (with the number of its template: 0 the lemma, 1 the part of speech, ...),
# made for every token of an article at once (numpy over ``Doc.to_array``); the article's scores are one
# look-up of those keys in a table of 2**CUE_BITS weights and one sum per token.
CUE_MODEL_FILE = "cue_words.json"
_CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADV", "ADP"})
_CUE_MARKS = frozenset({":", "—", "―", "–", "--"})
_CUE_PARTS = frozenset({"aux", "auxpass", "neg", "advmod", "prep", "prt", "agent", "mark", "cc", "punct"})
# the links inside one cue in PolNeAR's train split (pairs of words so linked, both in gold cues: in one
# cue : in two): xcomp 392 : 8 ("continued to call for"), dobj 932 : 5 ("expressed concern"), acl
# 114 : 2 ("a statement calling"), pcomp 109 : 0, pobj 708 : 1, acomp 294 : 0, amod 695 : 0, compound
# 184 : 0; not conj 31 : 496, advcl 140 : 833 or ccomp 11 : 271, which link one cue to another
_CHAIN_DEPS = frozenset({"xcomp", "dobj", "acl", "pcomp", "pobj", "acomp", "amod", "compound"})
_CHILD_WORDS = frozenset({"prep", "prt", "mark", "agent", "neg", "aux", "auxpass", "advmod", "dative"})
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant: key = (key ^ value) * _MIX, per value
CUE_BITS = 20  # the features are hashed into 2**20 weights (few of the ~100,000 in the train split collide)


@dataclass(frozen=True)
class CueModel:
    weights: numpy.ndarray  # one weight per hashed feature (``cue_keys`` & ``2**CUE_BITS - 1``)
    bias: float
    threshold: float  # a word the rules passed over is a cue from this probability
    confirm: float  # a rule cue of a speaker's own view is reported when one of its words scores this much
    bare: float  # a word the classifier alone found stands without a source from this probability


@functools.lru_cache(maxsize=1)
def cue_model() -> CueModel | None:
    """The shipped weights (read once per process), or None when the package carries none."""
    import json

    path = resources.files("newsgraph.nlp.models").joinpath(CUE_MODEL_FILE)
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    weights = numpy.zeros(1 << CUE_BITS, dtype=numpy.float32)
    weights[numpy.array(data["buckets"], dtype=numpy.int64)] = data["weights"]
    return CueModel(weights=weights, bias=float(data["bias"]), threshold=float(data["threshold"]),
                    confirm=float(data["confirm"]), bare=float(data["bare"]))


def cue_buckets(keys: numpy.ndarray) -> numpy.ndarray:
    """The weight of each feature key, as an index into ``CueModel.weights``."""
    return (keys & numpy.uint64((1 << CUE_BITS) - 1)).astype(numpy.int64)


@functools.lru_cache(maxsize=16)
def _hashes(words: frozenset[str]) -> numpy.ndarray:
    """The spaCy ids of the words (as ``Doc.to_array`` gives them: a symbol's own, else the hash)."""
    from spacy.strings import get_string_id

    return numpy.array(sorted(get_string_id(w) for w in words), dtype=numpy.uint64)


def _mix(template: int, *values: numpy.ndarray) -> numpy.ndarray:
    key = numpy.full(len(values[0]), template + 1, dtype=numpy.uint64)
    for v in values:
        key = (key ^ v) * _MIX
    return key


_LOWER_LEMMA: dict[int, int] = {}  # a lemma's id -> the id of the lemma lower-cased, for every article


def _lower_lemmas(tab: TokenTable, lem: numpy.ndarray) -> numpy.ndarray:
    """The ids of the lemmas lower-cased (``TokenTable.lemma``): "Say" at the start of a heading is "say"."""
    from spacy.strings import get_string_id

    ids, where = numpy.unique(lem, return_inverse=True)
    known = _LOWER_LEMMA
    out = []
    for h in ids.tolist():
        low = known.get(h)
        if low is None:
            low = known[h] = get_string_id(tab.doc.vocab.strings[h].lower())
        out.append(low)
    return numpy.array(out, dtype=numpy.uint64)[where]


def cue_candidates(tab: TokenTable) -> numpy.ndarray:
    """The tokens that can be (part of) a cue, as indices: a content word or preposition, or a speaker's
    dash or colon."""
    kept = tab.memo.get("attribution.cue_candidates")
    if kept is None:
        from spacy.attrs import ORTH, POS
        from spacy.parts_of_speech import IDS

        arr = tab.doc.to_array([POS, ORTH]).reshape(tab.n, 2).astype(numpy.uint64)
        pos_ids = numpy.array([IDS[p] for p in _CUE_POS], dtype=numpy.uint64)
        kept = tab.memo["attribution.cue_candidates"] = numpy.flatnonzero(
            numpy.isin(arr[:, 0], pos_ids) | numpy.isin(arr[:, 1], _hashes(_CUE_MARKS)))
    return cast("numpy.ndarray", kept)


def cue_keys(tab: TokenTable) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The features of the article's candidate tokens (``cue_candidates``) for the cue classifier, as
    (token, key) pairs, each key once per token (training and run time share this function)."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, POS, TAG
    from spacy.parts_of_speech import IDS

    n = tab.n
    cand = cue_candidates(tab)
    if not len(cand):
        empty = numpy.zeros(0, dtype=numpy.int64)
        return empty, empty.astype(numpy.uint64)
    arr = tab.doc.to_array([LOWER, LEMMA, TAG, POS, DEP, ENT_TYPE, HEAD]).astype(numpy.uint64)
    word, lem, tag, pos, dep, ent = (arr[:, j] for j in range(6))
    lem = _lower_lemmas(tab, lem)
    at = numpy.arange(n, dtype=numpy.int64)
    head = arr[:, 6].astype(numpy.int64) + at
    quoted: set[int] = set()
    if tab.memo.get("attribution.quote_mark_list") != []:  # (an article without quotation marks: none)
        bounds = numpy.flatnonzero(numpy.diff(numpy.array(tab.sent))) + 1
        for a, b in zip([0, *bounds.tolist()], [*bounds.tolist(), n]):
            quoted |= _quoted_between(tab, a, b)
    q = numpy.zeros(n, dtype=numpy.uint64)
    q[list(quoted)] = 1
    # the verb's subject: its own (the last one), else that of the verb it is a conjunct or complement of
    subj = numpy.full(n, -1, dtype=numpy.int64)
    is_subj = numpy.isin(dep, _hashes(_SUBJ_DEPS)) & (head != at)
    subj[head[is_subj]] = at[is_subj]
    climbs = numpy.isin(dep, _hashes(frozenset({"conj", "xcomp"}))) & (head != at)
    for _ in range(2):
        take = climbs & (subj < 0)
        subj[take] = subj[head[take]]
    pron = numpy.uint64(IDS["PRON"])
    none = numpy.uint64(1)
    s = numpy.where(subj >= 0, subj, 0)
    has_s = subj >= 0
    kind = numpy.where(~has_s, none, numpy.where(pos[s] == pron, word[s] ^ numpy.uint64(2),
                                                 numpy.where(ent[s] != 0, ent[s], pos[s])))
    s_word = numpy.where(~has_s, none, numpy.where(pos[s] == pron, word[s], lem[s]))
    before = numpy.concatenate(([numpy.uint64(3)], word[:-1]))
    after = numpy.concatenate((word[1:], [numpy.uint64(4)]))
    c = cand
    L, D, up = lem[c], dep[c], head[c]
    root = up == c
    rows = [c] * 7
    keys = [_mix(0, L), _mix(1, pos[c]), _mix(2, tag[c]), _mix(3, D), _mix(4, L, D), _mix(5, pos[c], D),
            _mix(6, q[c])]
    rows += [c, c]
    keys += [_mix(23, L, tag[c]), _mix(24, L, q[c])]
    h = ~root
    rows += [c[h]] * 4 + [c[root]]
    keys += [_mix(7, lem[up[h]]), _mix(8, D[h], pos[up[h]]), _mix(9, L[h], lem[up[h]]),
             _mix(10, D[h], dep[up[h]]), _mix(11, numpy.zeros(int(root.sum()), dtype=numpy.uint64))]
    up2 = head[up[h]]
    rows += [c[h], c[h]]
    keys += [_mix(25, D[h], lem[up[h]]), _mix(26, L[h], lem[up2])]
    # what it governs: each child's label, and the word of a function word ("called for", "said that")
    is_cand = numpy.zeros(n, dtype=bool)
    is_cand[c] = True
    kid = numpy.flatnonzero((head != at) & is_cand[head])
    par = head[kid]
    fw = numpy.isin(dep[kid], _hashes(_CHILD_WORDS))
    k2, p2 = kid[fw], par[fw]
    kid_tok = numpy.concatenate((par, par, p2, p2))
    kid_key = numpy.concatenate((_mix(12, dep[kid]), _mix(13, lem[par], dep[kid]),
                                 _mix(14, dep[k2], word[k2]), _mix(15, lem[p2], dep[k2], word[k2])))
    # each once per token: two prepositions give "child dep" = prep once
    _, first = numpy.unique(kid_key ^ (kid_tok.astype(numpy.uint64) * _MIX), return_index=True)
    rows.append(kid_tok[first])
    keys.append(kid_key[first])
    verb = (pos[c] == numpy.uint64(IDS["VERB"])) | (pos[c] == numpy.uint64(IDS["AUX"]))
    v = c[verb]
    rows += [v] * 3
    keys += [_mix(16, kind[v]), _mix(17, lem[v], kind[v]), _mix(18, s_word[v])]
    rows += [c] * 4
    keys += [_mix(19, before[c]), _mix(20, after[c]), _mix(21, L, after[c]), _mix(22, before[c], L)]
    return numpy.concatenate(rows), numpy.concatenate(keys)


def cue_scores(tab: TokenTable, m: CueModel) -> list[float]:
    """The cue classifier's probability for every token of the article (0 for a token that is no
    candidate), made once per article."""
    kept = tab.memo.get("attribution.cue_scores")
    if kept is None:
        tok, key = cue_keys(tab)
        z = numpy.bincount(tok, weights=m.weights[cue_buckets(key)], minlength=tab.n)
        p = 1.0 / (1.0 + numpy.exp(-numpy.clip(z + m.bias, -30.0, 30.0)))
        out = numpy.zeros(tab.n)
        cand = cue_candidates(tab)
        out[cand] = p[cand]
        kept = tab.memo["attribution.cue_scores"] = out.tolist()  # read a token at a time: a list
    return cast("list[float]", kept)


def _reports_clause(tab: TokenTable, c: Cue, quoted: set[int]) -> bool:
    """A learned cue that tells what someone says: a verb outside quotation marks with a speaker and a
    clause ("X blasted that ...", "..., X noted")."""
    k = c.anchor.i
    if not c.source or not c.content or k in quoted or tab.pos[k] != "VERB":
        return False
    dep = tab.dep
    return dep[k] == "parataxis" or any(dep[g] == "ccomp" for g in tab.children(k))


def _learned_hedge(ctx: ArticleContext, sent: SpacySpan,
                   hedges: list[HedgeFound]) -> tuple[bool | None, Hedge | None]:
    """The uncertainty detector's verdict on the sentence (None without a detector), and a hedge on the
    word that weighs most towards uncertainty (the whole sentence when no single word does)."""
    from .uncertainty import model, score

    m = model()
    if m is None or sent.end - sent.start > MAX_HEDGE_TOKENS:
        return None, None
    tab = ctx.tokens
    feats, words = hedge_features(tab, sent, hedges)
    p, best = score(feats, m)
    if p < m.threshold:
        return False, None
    if best >= 0:
        k = words[best]
        return True, Hedge(start=tab.idx[k], end=tab.idx[k] + len(tab.text[k]), text=tab.text[k])
    return True, Hedge(start=sent.start_char, end=sent.end_char, text=sent.text)


# the rule hedges that alone do not make annotate call a sentence uncertain against the detector: epistemic
# modals (the CoNLL-2010 annotators leave most "may" sentences certain: kept, weasel_dev F1 falls by 0.02
# on the train split's five folds as on dev). They still mark the facts (``effective.hedge_cue``).
WEAK_HEDGES = frozenset({"modal"})
MAX_HEDGE_TOKENS = 400  # a "sentence" longer than this is a list or a table, not a claim to weigh
