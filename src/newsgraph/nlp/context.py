"""The shared record of one article while the stages work on it."""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

import numpy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_QUOTE,
    IS_SPACE,
    IS_UPPER,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import (
    Actor,
    Alias,
    Article,
    Attribution,
    Event,
    Extraction,
    Mention,
    Role,
    Sentence,
    SentenceAnnotation,
    Span,
    Tie,
    TimeValue,
)
from .textscan import PUNCTUATION

_FINAL = PUNCTUATION.sentence_final
_TEXT_KEY = "newsgraph.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document and kept on it: ``Doc.text`` joins every token on each
    call. (``Pipeline`` records the text it tokenised; otherwise the entity-pattern component, which
    reads the text first, stores it. The text never changes afterwards, retokenising included.)"""
    kept = doc.user_data.get(_TEXT_KEY)
    if kept is not None and kept[0] == id(doc):
        return kept[1]
    # none kept, or kept by the Doc this one's user_data was copied from (Span.as_doc, Doc.copy): rebuild
    return keep_text(doc, doc.text).user_data[_TEXT_KEY][1]


def keep_text(doc: Doc, text: str) -> Doc:
    """Records the text ``doc`` was tokenised from (the tokenizer keeps every character, so it is
    ``doc.text``) for :func:`doc_text`, with the doc it belongs to."""
    doc.user_data[_TEXT_KEY] = (id(doc), text)
    return doc
_CLOSERS = frozenset(PUNCTUATION.closers)


def merge_fragments(sents: list[SpacySpan]) -> list[SpacySpan]:
    """Rejoin sentences the parser cut in the middle ("... Chief of Staff Abdulaziz (Abu Fadak)" |
    "Al-Muhammadawi; ..."; "... that Kata’ib" | "Hezbollah plans ..."): a sentence that does not end in
    sentence-final punctuation runs on into the next one, unless a line break separates them
    (headings, captions and list items stay apart)."""
    out: list[SpacySpan] = []
    text = doc_text(sents[0].doc) if sents else ""
    for s in sents:
        if out:
            prev = out[-1]
            toks = [prev[i] for i in range(len(prev) - 1, max(-1, len(prev) - 8), -1)
                    if not prev[i].is_space][::-1]
            last = toks[-1].text if toks else ""
            ends = last.endswith(_FINAL) or (last in _CLOSERS and len(toks) > 1
                                             and toks[-2].text.endswith(_FINAL))
            gap = text[prev.end_char:s.start_char]
            brk = "\n" in gap or (prev[-1].is_space and "\n" in prev[-1].text)
            if toks and not ends and not brk:
                out[-1] = prev.doc[prev.start:s.end]
                continue
        out.append(s)
    return out


class TokenTable:
    """The per-token values of one document that the stages read in their loops, as plain lists indexed
    by token, read once per article (one ``Doc.to_array``; each distinct string looked up once): ``doc[i]``,
    ``t.head`` and ``t.children`` build a new Token object on every access and string attributes go
    through the string store, which adds up in loops over every token. ``ArticleContext.tokens`` holds
    the article's table; what a stage derives from it stays in that stage (kept in ``memo`` when a
    later sentence or stage asks again)."""

    __slots__ = ("doc", "n", "orth", "text", "lower", "lemma", "tag", "pos", "dep", "ent_type", "idx", "ws",
                 "is_punct", "is_space", "is_quote", "is_alpha", "is_upper", "head", "sent", "ent_iob",
                 "memo", "_arr", "_kids", "_kid_at", "_names", "_lemmas", "_codes")

    # the columns of _arr, in order
    _ATTRS = (ORTH, LOWER, LEMMA, TAG, POS, DEP, ENT_TYPE, IDX, SPACY, IS_PUNCT, IS_SPACE, IS_QUOTE, IS_ALPHA,
              IS_UPPER, HEAD, SENT_START, ENT_IOB)
    _COLUMN = {"lower": 1, "lemma": 2, "tag": 3, "pos": 4, "dep": 5, "ent_type": 6}

    def __init__(self, doc: Doc):
        self.doc = doc
        self.n = n = len(doc)
        arr = self._arr = doc.to_array(list(self._ATTRS)).reshape(n, len(self._ATTRS))
        cols: list[list[int]] = arr.T.tolist()  # type: ignore[assignment]  # uint64 columns
        strings = doc.vocab.strings
        # each distinct string looked up once (the lemma lower-cased, as t.lemma_.lower())
        names = self._names = {h: strings[h]
                               for h in set().union(cols[0], cols[1], cols[3], cols[5], cols[6])}
        lemmas = self._lemmas = {h: strings[h].lower() for h in set(cols[2])}
        self.orth: list[int] = cols[0]  # the text's hash (Token.orth)
        self.text, self.lower, self.tag, self.dep, self.ent_type = (
            list(map(names.__getitem__, cols[k])) for k in (0, 1, 3, 5, 6))
        self.lemma = list(map(lemmas.__getitem__, cols[2]))
        self.pos = list(map(POS_NAMES.__getitem__, cols[4]))
        self.idx: list[int] = cols[7]
        self.ws, self.is_punct, self.is_space, self.is_quote, self.is_alpha, self.is_upper = (
            arr[:, 8:14] != 0).T.tolist()
        # HEAD is an offset stored unsigned: the signed offset plus the position is the head's index
        at = numpy.arange(n, dtype=numpy.int64)
        heads = arr[:, 14].astype(numpy.int64) + at
        self.head: list[int] = heads.tolist()
        # the parser's sentence of each token (as t.sent), numbered: a new one at each sent_start == 1
        starts = arr[:, 15] == 1
        if n:
            starts[0] = False
        self.sent: list[int] = numpy.cumsum(starts).tolist()
        self.ent_iob: list[int] = cols[16]  # Token.ent_iob: 0 unset, 1 inside, 2 outside, 3 begins an entity
        # children grouped by head, in order (a stable sort); a root, its own head, goes to a last group
        groups = numpy.where(heads == at, n, heads)
        self._kids: list[int] = numpy.argsort(groups, kind="stable").tolist()
        self._kid_at: list[int] = numpy.concatenate(
            ([0], numpy.cumsum(numpy.bincount(groups, minlength=n + 1)))).tolist()
        self._codes: dict[str, tuple[list[str], numpy.ndarray]] = {}
        self.memo: dict[str, object] = {}  # what a stage derives from the table for the article, by key

    # ---- the parse tree
    def children(self, i: int) -> list[int]:
        """Indices of token i's children, in order (``[c.i for c in doc[i].children]``)."""
        return self._kids[self._kid_at[i]:self._kid_at[i + 1]]

    def lefts(self, i: int) -> list[int]:
        """Indices of ``doc[i].lefts`` (the left children, in order). spaCy reads them as the tokens from
        the left edge up to i whose head is i; the left edge is at or before every descendant, so they
        are the children before i (without building the Token spaCy's left edge is read from)."""
        return [j for j in self.children(i) if j < i]

    def depth(self, i: int) -> int:
        """How many heads up token ``i`` is from its root (at most 50)."""
        head = self.head
        d = 0
        while head[i] != i and d < 50:
            i = head[i]
            d += 1
        return d

    # ---- tokens by their values
    def has(self, column: str, test) -> numpy.ndarray:
        """For each token, whether its value in a column ("lemma", "lower", "pos", "tag", "dep",
        "ent_type") passes ``test``: tested once per distinct value."""
        codes = self._codes.get(column)
        if codes is None:
            hashes, where = numpy.unique(self._arr[:, self._COLUMN[column]], return_inverse=True)
            table = self._lemmas if column == "lemma" else POS_NAMES if column == "pos" else self._names
            name = table.__getitem__
            codes = self._codes[column] = (list(map(name, hashes.tolist())), where.reshape(-1))
        values, where = codes
        return numpy.fromiter(map(test, values), dtype=bool, count=len(values))[where]

    def within(self, key: str, test, start: int, end: int, source: object = None) -> list[int]:
        """The tokens of start..end that ``test(self)`` (a mask over all tokens, made with ``has``) marks,
        from a list made once per article under ``key`` in ``memo``. ``source`` is what ``test`` reads
        besides the table (a lexicon): the list is made again when another one comes with the key."""
        kept = self.memo.get(key)
        if kept is None or kept[0] is not source:  # type: ignore[index]
            kept = self.memo[key] = (source, numpy.flatnonzero(test(self)).tolist())
        hits: list[int] = kept[1]  # type: ignore[index]
        return hits[bisect.bisect_left(hits, start):bisect.bisect_left(hits, end)]

    def line_breaks(self) -> list[int]:
        """The space tokens holding a line break, in order (worked out once)."""
        breaks: list[int] | None = self.memo.get("line_breaks")  # type: ignore[assignment]
        if breaks is None:
            text = self.text
            breaks = self.memo["line_breaks"] = [k for k, sp in enumerate(self.is_space)
                                                 if sp and "\n" in text[k]]
        return breaks

    def newline_between(self, lo: int, hi: int) -> bool:
        """A token of lo..hi holds a line break (only space tokens can: spaCy's whitespace_ is a space)."""
        breaks = self.line_breaks()
        return bisect.bisect_left(breaks, lo) < bisect.bisect_right(breaks, hi)

    # ---- characters
    def char_span(self, start: int, end: int, expand: bool = False) -> tuple[int, int] | None:
        """(start, end) tokens of ``doc.char_span(start, end, alignment_mode="expand" if expand else
        "strict")``, or None, without building the Span. The tokens tile the text (each one with its
        trailing space), so the token holding a character is the last one starting at or before it."""
        idx, text = self.idx, self.text
        limit = idx[-1] + len(text[-1]) + self.ws[-1] if self.n else 0
        if not (0 <= start < limit and 0 < end <= limit):
            return None
        s = bisect.bisect_right(idx, start) - 1
        e = bisect.bisect_right(idx, end - 1) - 1
        if expand:
            if start == idx[s] + len(text[s]):
                s += 1  # the character is the previous token's trailing space
        elif start != idx[s] or end != idx[e] + len(text[e]):
            return None
        if s > e + 1:  # an empty stretch between tokens: let spaCy answer (it raises)
            sp = self.doc.char_span(start, end, alignment_mode="expand" if expand else "strict")
            return None if sp is None else (sp.start, sp.end)
        return s, e + 1

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` (tokens start..end-1, the last one's trailing space off)."""
        if start >= end:
            return ""
        return doc_text(self.doc)[self.idx[start]:self.idx[end - 1] + len(self.text[end - 1])]


@dataclass
class ArticleContext:
    article: Article
    doc: Doc
    sentences: list[SpacySpan] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    annotations: list[SentenceAnnotation] = field(default_factory=list)
    sentence_times: list[TimeValue | None] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # what one stage builds for the article and a later stage reuses (e.g. the events Resolver)
    shared: dict[str, object] = field(default_factory=dict)
    # token index -> actor key, filled by index_mentions()
    _token_actor: dict[int, str] = field(default_factory=dict)
    _sent_starts: list[int] = field(default_factory=list)
    # mention (start, end) -> its token range (or None), kept across index_mentions() calls
    _mention_tokens: dict[tuple[int, int], range | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sentences:
            self.sentences = merge_fragments(list(self.doc.sents))
        self._sent_starts = [s.start_char for s in self.sentences]

    @functools.cached_property
    def tokens(self) -> TokenTable:
        """The doc's per-token values as plain lists (see :class:`TokenTable`), built on first use."""
        return TokenTable(self.doc)

    # ---- sentences
    def sentence_of(self, char: int) -> int:
        """Index of the sentence holding a character offset."""
        return max(0, bisect.bisect_right(self._sent_starts, char) - 1)

    @property
    def doc_text(self) -> str:
        """The text the model saw (odd spaces made plain): :func:`doc_text`, which keeps it on the doc
        (``Doc.text`` joins every token on each call)."""
        return doc_text(self.doc)

    @property
    def text(self) -> str:
        """The article text as ingested (offsets agree with the doc's; odd spaces are not normalised)."""
        return self.article.text

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, text=self.text[start:end])

    def token_span(self, sp: SpacySpan | Token) -> Span:
        if isinstance(sp, Token):
            return self.span(sp.idx, sp.idx + len(sp.text))
        return self.span(sp.start_char, sp.end_char)

    # ---- actors and mentions
    def new_key(self, prefix: str = "a") -> str:
        return f"{prefix}{len(self.actors) + 1}"

    def add_actor(self, actor: Actor) -> Actor:
        self.actors[actor.key] = actor
        return actor

    def add_alias(self, key: str, name: str, kind: str, sentence: int | None) -> None:
        actor = self.actors[key]
        if name and all(a.name != name for a in actor.aliases):
            actor.aliases.append(Alias(name=name, kind=kind, sentence=sentence))

    def add_mention(self, start: int, end: int, key: str, kind: str = "name") -> Mention:
        m = Mention(start=start, end=end, text=self.text[start:end], sentence=self.sentence_of(start),
                    actor=key, kind=kind)  # type: ignore[arg-type]
        self.mentions.append(m)
        return m

    def index_mentions(self) -> None:
        """Map tokens to the actor they mention (call after the actor stage)."""
        self._token_actor.clear()
        token_actor = self._token_actor
        for m in self.mentions:
            toks = self.mention_tokens(m.start, m.end)
            if toks is None:
                continue
            for i in toks:
                token_actor.setdefault(i, m.actor)

    def mention_tokens(self, start: int, end: int) -> range | None:
        """The token indices of the characters start..end (``char_span`` expanded), kept per article:
        the actor stage asks again for every mention each time it indexes them."""
        at = (start, end)
        if at not in self._mention_tokens:
            sp = self.tokens.char_span(start, end, expand=True)
            self._mention_tokens[at] = None if sp is None else range(*sp)
        return self._mention_tokens[at]

    def actor_of(self, token: Token) -> str | None:
        return self._token_actor.get(token.i)

    def actor_at(self, i: int) -> str | None:
        """The actor key token ``i`` mentions (``actor_of`` by token index, without building the Token)."""
        return self._token_actor.get(i)

    def actors_in(self, tokens) -> list[str]:
        """Actor keys mentioned by any of the tokens, in order, without repeats."""
        out: list[str] = []
        get = self._token_actor.get
        # a span by its token indices: iterating it would build a Token object per token
        for i in range(tokens.start, tokens.end) if isinstance(tokens, SpacySpan) else (t.i for t in tokens):
            k = get(i)
            if k and k not in out:
                out.append(k)
        return out

    # ---- attribution
    def attribution_of(self, sentence: int) -> Attribution:
        if 0 <= sentence < len(self.annotations):
            return self.annotations[sentence].effective
        return Attribution()

    def time_of(self, sentence: int) -> TimeValue | None:
        if 0 <= sentence < len(self.sentence_times):
            return self.sentence_times[sentence]
        return None

    # ---- result
    def _sentence(self, i: int, s: SpacySpan) -> Sentence:
        """The sentence with surrounding white space trimmed, its text from the article."""
        start, end = s.start_char, s.end_char
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        start, end = start + lead, max(start + lead, end - trail)
        return Sentence(index=i, start=start, end=end, text=self.text[start:end])

    def to_extraction(self) -> Extraction:
        used = {m.actor for m in self.mentions}
        used |= {k for r in self.roles for k in (r.person, r.organization)}
        used |= {k for t in self.ties for k in (t.source, t.target)}
        used |= {k for e in self.events
                 for k in (*e.source, *e.target, *([e.location] if e.location else []))}
        return Extraction(
            article=self.article,
            sentences=[self._sentence(i, s) for i, s in enumerate(self.sentences)],
            actors=[a for k, a in self.actors.items() if k in used],
            mentions=sorted(self.mentions, key=lambda m: (m.start, m.end)),
            annotations=self.annotations,
            roles=self.roles,
            ties=self.ties,
            events=self.events,
            sentence_times=self.sentence_times,
        )
