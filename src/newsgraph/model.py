"""The records newsgraph works with, defined once.

Readers produce :class:`Article`; the NLP pipeline turns one article into one
:class:`Extraction` (everything found in it, with character offsets into
``Article.text``); the store writer resolves its in-document actors against the
knowledge base and stores it; exports and the API read the store back.

Conventions:
- offsets are character offsets into the article text as ingested (the body);
- every fact (role, tie, event) names the sentence it came from (``sentence``, an index
  into ``Extraction.sentences``) and carries an :class:`Attribution`;
- actors inside one article are referred to by their local key (``ActorRef.key``),
  cross-article entity ids only exist in the store.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EntityType = Literal["person", "organization", "location", "group", "other"]
SourceKind = Literal["reporter", "anonymous", "named"]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
TIE_KINDS = ("member_of", "part_of", "ally_of", "rival_of", "sponsor_of")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


# ---------------------------------------------------------------- input
# Characters that draw nothing and change how text around them reads: zero-width spaces and joiners,
# the word joiner and invisible operators, the BOM, soft hyphen, Mongolian vowel separator and the
# bidi controls (a Trojan-source name reads one way and sorts another). None belongs in a name.
INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
_NAME_DROP = {ord(c): None for c in INVISIBLE}
# line and page separators become the newline they mean; every other C0/C1 control but the tab goes
_LINE_BREAKS = {ord(c): "\n" for c in "\f\v\x1c\x1d\x1e\x85\u2028\u2029"}
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
MAX_FIELD = 2000  # characters of a title, url or publisher


def clean_text(text: str) -> str:
    """An article body as newsgraph keeps it: line ends made ``\\n``; C0 and C1 controls (but
    newline and tab) and lone surrogates each made one space, so that every offset after them still
    points at the same character of the text the user holds (a mis-decoded U+0083 used to shift
    every later span by one). Invisible and bidi characters stay in running text
    (Arabic and Persian prose is written with them); names lose them (:func:`clean_name`), and the
    terminal and exports escape or drop what their medium cannot show."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    return _CONTROLS.sub(" ", text)


def clean_name(value: str | None) -> str | None:
    """A one-line field (title, url, publisher, an actor's name): no control, invisible or bidi
    character, runs of white space made one space, at most MAX_FIELD characters; blank is None."""
    if value is None:
        return None
    value = "".join(ch if unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp") else " "
                    for ch in str(value).translate(_NAME_DROP))
    value = " ".join(value.split())[:MAX_FIELD]
    return value or None


class Article(Record):
    """One article as a reader (or the API) found it.

    Validation is THE one place input is cleaned, whoever made the article: the text loses its
    control characters (:func:`clean_text`), one-line fields theirs (:func:`clean_name`, blank ->
    None), and ``published`` follows one set of date rules (:func:`newsgraph.dates.parse_date`):
    a bare year is a year-precision date, a relative date ("5 days ago") has nothing to count from
    and is dropped, as is a date before 1800 or in the future; each drop is a note. An empty text
    raises NG101 and a text over the model's ``MAX_CHARS`` NG103, naming ``origin``."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    published_precision: Literal["year", "month", "day"] | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str = "-"  # file name, "file:line" or "-": where the user can find it
    notes: list[str] = Field(default_factory=list)  # reader warnings (encoding fallback, unparsed date)

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        from .dates import parse_date_precision
        from .errors import EmptyInput, TooLarge
        from .settings import MAX_CHARS

        data = dict(data)
        origin = clean_name(data.get("origin")) or "-"
        data["origin"] = origin
        text = data.get("text")
        if isinstance(text, str):
            text = clean_text(text)
            if not text.strip():
                raise EmptyInput(f"{origin}: the article has no text")
            if len(text) > MAX_CHARS:
                raise TooLarge(f"{origin}: {len(text):,} characters is over the limit of {MAX_CHARS:,} "
                               "characters per article", hint="split the article into parts (chapters, "
                               "days of a live blog) and ingest them as separate documents")
            data["text"] = text
        for key in ("title", "url", "publisher"):
            if isinstance(data.get(key), str):
                data[key] = clean_name(data[key])
        notes = list(data.get("notes") or [])
        pub = data.get("published")
        if pub is not None and not (isinstance(pub, str) and not pub.strip()):
            given_precision = data.get("published_precision")
            date, precision, why = parse_date_precision(pub)
            if date is None:
                shown = clean_name(str(pub)) or ""
                notes.append(f"{origin}: cannot use the publication date {shown[:40]!r} ({why}); "
                             "stored without a publication date")
            data["published"] = date
            data["published_precision"] = (given_precision or precision) if date else None
        else:
            data["published"] = None
            data["published_precision"] = None
        data["notes"] = notes
        return data

    @property
    def content_hash(self) -> str:
        """Identity of the article's content: same text, same title -> same hash."""
        h = hashlib.sha256()
        h.update((self.title or "").strip().encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update(" ".join(self.text.split()).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    @property
    def label(self) -> str:
        """How the article is named to a user: url, title or origin."""
        return self.url or self.title or self.origin


# ---------------------------------------------------------------- extraction
class Span(Record):
    start: int
    end: int
    text: str


class Sentence(Record):
    index: int
    start: int
    end: int
    text: str


class Mention(Record):
    """A stretch of text that refers to an actor."""

    start: int
    end: int
    text: str
    sentence: int
    actor: str  # local key
    kind: Literal["name", "alias", "description", "pronoun"] = "name"


class Alias(Record):
    name: str
    kind: str = "name"  # name | kunya | acronym | known_as | nickname | nom_de_guerre | surname | title_form
    sentence: int | None = None

    @field_validator("name")
    @classmethod
    def _clean_name(cls, v: str) -> str:
        return clean_name(v) or v


class Actor(Record):
    """An actor as one article knows it (an in-document coreference cluster)."""

    key: str
    type: EntityType
    subtype: str | None = None
    name: str  # the fullest name form in the article
    aliases: list[Alias] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)  # honorifics taken off the name (Ayatollah, Sheikh)

    @field_validator("name")
    @classmethod
    def _clean_name(cls, v: str) -> str:
        return clean_name(v) or v

    def alias_names(self) -> list[str]:
        seen: dict[str, None] = {self.name: None}
        for a in self.aliases:
            seen.setdefault(a.name, None)
        return list(seen)


class Hedge(Span):
    pass


class Attribution(Record):
    """Who says a fact, and how firmly."""

    source: SourceKind = "reporter"
    speaker: str | None = None  # local actor key when source == "named"
    source_text: str | None = None
    source_span: Span | None = None
    cue: str | None = None  # attribution cue ("told", "according to") or hedge cue
    cue_span: Span | None = None
    content_span: Span | None = None
    hedged: bool = False
    hedge_cue: str | None = None
    chain: list["Attribution"] = Field(default_factory=list)  # nested: outer voices first
    carried: bool = False  # inherited from an earlier sentence of the same narration


class SentenceAnnotation(Record):
    """Attribution and hedging of one sentence (what `newsgraph annotate` prints)."""

    sentence: int
    hedges: list[Hedge] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    effective: Attribution = Field(default_factory=Attribution)  # what facts of this sentence carry


class TimeValue(Record):
    value: str  # ISO date or partial date: 2023, 2023-06, 2023-06-14
    precision: Literal["year", "month", "day"]
    text: str | None = None  # the expression it came from
    inherited: bool = False


class Role(Record):
    person: str
    organization: str
    title: str
    status: Literal["current", "former"] = "current"
    since: str | None = None
    until: str | None = None
    sentence: int
    span: Span | None = None
    attribution: Attribution = Field(default_factory=Attribution)


class Tie(Record):
    kind: str  # one of TIE_KINDS
    source: str  # member / part / sponsor
    target: str  # group / whole / sponsored
    sentence: int
    span: Span | None = None
    attribution: Attribution = Field(default_factory=Attribution)


class Event(Record):
    type: str  # one of PLOVER_TYPES
    cameo: str | None = None
    trigger: Span | None = None
    source: list[str] = Field(default_factory=list)  # local actor keys
    target: list[str] = Field(default_factory=list)
    location: str | None = None
    time: TimeValue | None = None
    sentence: int
    negated: bool = False
    attribution: Attribution = Field(default_factory=Attribution)


class Extraction(Record):
    """Everything the pipeline found in one article."""

    article: Article
    sentences: list[Sentence] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    annotations: list[SentenceAnnotation] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    ties: list[Tie] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    sentence_times: list[TimeValue | None] = Field(default_factory=list)
    # a stage that failed on this article (one line each, naming the document and sentence): the rest is kept
    warnings: list[str] = Field(default_factory=list)

    def actor(self, key: str) -> Actor:
        for a in self.actors:
            if a.key == key:
                return a
        raise KeyError(key)


Attribution.model_rebuild()
