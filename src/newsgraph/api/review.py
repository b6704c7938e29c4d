"""Analysts' decisions from the UI: merge (several at once), split by name (with a preview), alias
add/remove, "not an actor", the list of decisions and undo. Every write needs the server's token.

The decisions are those of :mod:`newsgraph.resolve.judgements` (the CLI's merge, split, alias, undo):
stored apart from extracted data, listed with who, when and why, undoable. After each one the read
side's aggregates follow (:func:`newsgraph.store.aggregates.after_judgement`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from ..resolve import judgements as j
from ..store import schema as s
from .app import ERRORS, require_token

router = APIRouter(prefix="/api", responses=ERRORS, tags=["review"])
Ref = Annotated[
    str, Field(min_length=1, max_length=300, description="an actor's id (or a name only it goes by)")
]


class Why(BaseModel):
    reason: str | None = Field(default=None, max_length=2000)
    author: str | None = Field(default=None, max_length=200, description="who decides (default: web)")


class MergeIn(Why):
    keep: Ref
    others: list[Ref] = Field(min_length=1, max_length=50, description="actors that are the same as KEEP")
    force: bool = False


class SplitIn(Why):
    entity: Ref
    name: str = Field(min_length=1, max_length=300)


class AliasIn(Why):
    entity: Ref
    name: str = Field(min_length=1, max_length=300)
    action: Literal["add", "remove"]


class ActorIn(Why):
    entity: Ref


def _store(request: Request):
    return request.app.state.store


def _after(request: Request, out: Any) -> Any:
    """A decision re-pointed actors: their contradictions are recomputed now, on the write path."""
    from ..kb.read import refresh_pending

    refresh_pending(_store(request))
    return out


def _author(body: Why) -> str:
    return (body.author or "").strip() or "web"


@router.get("/review/features", summary="Which review tools this server offers")
def features(request: Request) -> dict[str, bool]:
    return {"suggestions": "/api/suggestions" in request.app.openapi().get("paths", {})}


@router.get("/judgements", summary="Every decision: who, when, why, and whether it was undone")
def judgements(
    request: Request,
    include_undone: bool = True,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    with _store(request).read() as conn:
        rows = j.list_judgements(conn, include_undone=include_undone)
    rows.reverse()  # newest first
    return {"total": len(rows), "offset": offset, "limit": limit, "judgements": rows[offset : offset + limit]}


@router.post("/review/merge", dependencies=[Depends(require_token)], summary="Merge several actors into one")
def merge(body: MergeIn, request: Request) -> dict[str, Any]:
    out = []
    with _store(request).write() as conn:  # all of them or none
        for other in body.others:
            r = j.merge(conn, body.keep, other, author=_author(body), reason=body.reason, force=body.force)
            out.append(r)
    return _after(request, {
        "judgements": [r["judgement"] for r in out],
        "entity": out[0]["entity"],
        "merged": [r["merged"] for r in out],
    })


@router.get("/review/split-preview", summary="What a split by name would move (nothing is changed)")
def split_preview(
    request: Request,
    entity: Annotated[str, Query(max_length=300)],
    name: Annotated[str, Query(min_length=1, max_length=300)],
) -> dict[str, Any]:
    """The split's own dry run (``resolve.judgements.split(dry_run=True)``): what would move, and what
    stays; a name no actor of ENTITY goes by, or one all of them go by, is the split's own error."""
    from sqlalchemy import func, select

    with _store(request).read() as conn:
        plan = j.split(conn, entity, name, dry_run=True)
        moves = plan["moves"]
        total = conn.execute(
            select(func.count()).select_from(s.doc_actors).where(s.doc_actors.c.entity_id == plan["entity"])
        ).scalar() or 0
        docs = sorted({m["document"] for m in moves if m.get("document")})[:20]
        titles = (
            dict(
                conn.execute(
                    select(s.documents.c.id, s.documents.c.title).where(s.documents.c.id.in_(docs))
                ).all()
            )
            if docs
            else {}
        )
    return {
        "entity": plan["entity"],
        "name": name,
        "moves": len(moves),
        "stays": total - sum(1 for m in moves if m["whole"]),
        "documents": [{"id": d, "title": titles.get(d)} for d in docs],
        "names_moving": sorted({n for m in moves for n in m["mentions"]})[:20],
    }


@router.post(
    "/review/split",
    dependencies=[Depends(require_token)],
    summary="The actors going by NAME are someone else",
)
def split(body: SplitIn, request: Request) -> dict[str, Any]:
    with _store(request).write() as conn:
        r = j.split(conn, body.entity, body.name, author=_author(body), reason=body.reason)
    return _after(request, r)


@router.post(
    "/review/alias", dependencies=[Depends(require_token)], summary="Add or remove a name of an actor"
)
def alias(body: AliasIn, request: Request) -> dict[str, Any]:
    fn = j.alias_add if body.action == "add" else j.alias_remove
    with _store(request).write() as conn:
        r = fn(conn, body.entity, body.name, author=_author(body), reason=body.reason)
    return _after(request, r)


@router.post("/review/not-actor", dependencies=[Depends(require_token)], summary="Mark an entity as no actor")
def not_actor(body: ActorIn, request: Request) -> dict[str, Any]:
    with _store(request).write() as conn:
        r = j.not_actor(conn, body.entity, author=_author(body), reason=body.reason)
    return _after(request, r)


@router.post(
    "/judgements/{judgement_id}/undo", dependencies=[Depends(require_token)], summary="Undo a decision"
)
def undo(
    judgement_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)], request: Request, body: Why | None = None
) -> dict[str, Any]:
    with _store(request).write() as conn:
        r = j.undo(conn, judgement_id, author=_author(body or Why()))
    return _after(request, r)
