"""Response models of the read routes (the API's contract, in the OpenAPI document)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorOut(_Out):
    id: str
    name: str
    type: str
    label: str
    mentions: int
    mention_count: int
    documents: int
    degree: int
    prominence: float
    aliases: list[str]


class ActorList(_Out):
    total: int = Field(description="actors matching, all pages together")
    offset: int
    limit: int
    actors: list[ActorOut]
    facets: dict[str, dict[str, int]] = Field(default_factory=dict)


class DossierOut(_Out):
    actor: ActorOut
    names: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    roles_total: int
    ties: list[dict[str, Any]]
    ties_total: int
    events: list[dict[str, Any]]
    events_page: dict[str, Any] = Field(description="total, offset, limit and a histogram by month")
    entities: dict[str, dict[str, Any]]


class ContradictionPage(_Out):
    total: int
    offset: int
    limit: int
    contradictions: list[dict[str, Any]]
    groups: dict[str, int]
    entities: dict[str, dict[str, Any]]
    pending_actors: int


class NodeOut(_Out):
    id: str
    name: str
    label: str
    type: str
    mentions: int
    prominence: float
    weight: int
    x: float = Field(0.0, description="position computed on the server: the page draws without a layout pass")
    y: float = 0.0


class EdgeOut(_Out):
    id: str
    source: str
    target: str
    kind: str
    category: str
    weight: int


class NetworkOut(_Out):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    total_actors: int
    top: int
    as_of: str | None = None
    types: dict[str, list[str]]
