"""The read models: what every reader (CLI, API, report, exports) gets back, declared once."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["reporter", "anonymous", "named"]
Category = Literal["role", "tie", "event"]


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorRef(Model):
    id: str
    name: str
    type: str


class Actor(Model):
    """An actor as lists show it: how prominent, how often named, when."""

    id: str
    name: str
    type: str
    label: str = Field(description="the name with its type in words, for people")
    mentions: int
    documents: int
    degree: int = Field(description="evidence items of facts linking it to another actor")
    prominence: float
    first_seen: str | None = None
    last_seen: str | None = None
    names: list[str] = Field(default_factory=list, description="folded name forms (spelling variants)")


class Evidence(Model):
    document: str
    sentence: int | None = None
    text: str | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    attribution: dict[str, Any] = Field(default_factory=dict)
    confidence: float | None = None


class Fact(Model):
    """A fact: one role, tie or event stated by one or more evidence items."""

    id: str = Field(description="hash of the fact's content: stable across ingests")
    category: Category
    label: str
    date: str | None = None
    confidence: float = 0.0
    corroboration: int = 0
    hedged: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class Claim(Fact):
    """A fact as a claim: who says it (voices), how firmly."""

    voices: dict[str, int] = Field(default_factory=dict)


class Contradiction(Model):
    id: str
    kind: str
    reason: str
    actor: str
    a: dict[str, Any]
    b: dict[str, Any]


class Page(Model):
    total: int = Field(description="how many match, all pages together")
    offset: int
    limit: int


class ActorPage(Page):
    actors: list[Actor]
    facets: dict[str, dict[str, int]] = Field(default_factory=dict)


class FactPage(Page):
    facts: list[Fact]
    entities: dict[str, dict[str, Any]] = Field(default_factory=dict)
    histogram: dict[str, int] = Field(default_factory=dict, description="facts per month, all pages")


class ContradictionPage(Page):
    contradictions: list[Contradiction]
    groups: dict[str, int] = Field(default_factory=dict, description="contradictions per kind")
    entities: dict[str, dict[str, Any]] = Field(default_factory=dict)
    pending_actors: int = Field(0, description="actors whose contradictions are still to be recomputed")


class NetworkNode(Model):
    id: str
    name: str
    label: str
    type: str
    mentions: int
    prominence: float
    weight: int = Field(description="evidence items of the shown links, for the filters")
    x: float = 0.0
    y: float = 0.0


class NetworkEdge(Model):
    id: str
    source: str
    target: str
    kind: str
    category: str
    weight: int


class Network(Model):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    total_actors: int = Field(description="actors with a link for the filters, shown or not")
    top: int


class Dossier(Model):
    """An actor's dossier, as the CLI, the API and the report read it."""

    actor: Actor
    names: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    roles_total: int
    ties: list[dict[str, Any]]
    ties_total: int
    events: list[dict[str, Any]] = Field(description="one page of the actor's events, newest first")
    events_page: dict[str, Any] = Field(description="total, offset, limit and a histogram by month")
    entities: dict[str, dict[str, Any]]


class SearchResult(Model):
    query: str
    actors: ActorPage
    sentences: dict[str, Any]


class FactFilter(BaseModel):
    """One filter for every list of facts, each field with one meaning everywhere.

    - ``actor``: an entity id; the fact involves it on any side;
    - ``category``: role, tie or event; ``kinds``: PLOVER types, tie kinds or role titles;
    - ``since`` / ``until``: the fact's date (event time, role start, else publication) in the window;
      partial dates are ranges (``2023`` is all of 2023);
    - ``sources``: at least one voice stating the fact is of one of these kinds;
    - ``hedged``: True = every voice hedges; False = at least one voice does not;
    - ``single_source``: stated in one document only; ``anonymous_only``: every voice is anonymous;
    - ``negated``: events stated as not having happened (True) or as having happened (False);
    - ``speaker``: an entity id; at least one voice stating the fact is this named actor;
    - ``min_confidence``: the fact's confidence (:mod:`newsgraph.store.facts`) is at least this;
    - ``as_of``: the knowledge base as it stood on that date: only evidence published by then counts
      (confidence and corroboration are the ones known then), facts dated later drop out, a role whose
      end date had passed is ``former``.
    """

    actor: str | None = None
    category: Category | None = None
    kinds: list[str] | None = None
    since: str | None = None
    until: str | None = None
    sources: list[SourceKind] | None = None
    hedged: bool | None = None
    single_source: bool | None = None
    anonymous_only: bool | None = None
    negated: bool | None = None
    speaker: str | None = None
    min_confidence: float | None = None
    as_of: str | None = None

    def key(self) -> tuple:
        return tuple(
            (k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(self.model_dump().items())
        )
