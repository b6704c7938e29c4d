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
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
class Article(Record):
    """One article as a reader found it."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str = "-"  # file name, "file:line" or "-": where the user can find it
    notes: list[str] = Field(default_factory=list)  # reader warnings (encoding fallback, unparsed date)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v or not v.strip():
            raise ValueError("the article has no text")
        return v

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


class Actor(Record):
    """An actor as one article knows it (an in-document coreference cluster)."""

    key: str
    type: EntityType
    subtype: str | None = None
    name: str  # the fullest name form in the article
    aliases: list[Alias] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)  # honorifics taken off the name (Ayatollah, Sheikh)

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

    def actor(self, key: str) -> Actor:
        for a in self.actors:
            if a.key == key:
                return a
        raise KeyError(key)


Attribution.model_rebuild()
