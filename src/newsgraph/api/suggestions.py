"""Merge suggestions over HTTP (the contract shared with the workbench UI):

    GET  /api/suggestions?limit=50&offset=0     -> {"total", "items": [{"id", "score", "reasons", "a", "b"}]}
    POST /api/suggestions/{id}/accept | /reject    -> {"judgement": int}   (token required)

Accepting is a merge, rejecting a ``distinct`` judgement; both are undone like any judgement.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam

from ..kb.read import refresh_pending
from ..store import Store


def router(store: Store, require_token: Callable[..., Any]) -> APIRouter:
    """The /api/suggestions routes over this store; writes need the server's token."""
    api = APIRouter(prefix="/api")

    @api.get("/suggestions", summary="Merge suggestions: pairs the matcher nearly merged, with reasons")
    def list_suggestions(limit: Annotated[int, Query(ge=1, le=500)] = 50,
                         offset: Annotated[int, Query(ge=0)] = 0) -> dict:
        from ..resolve.suggestions import suggestions

        with store.read() as conn:
            total, items = suggestions(conn, limit=limit, offset=offset)
        return {"total": total, "items": [i.as_dict() for i in items]}

    @api.post("/suggestions/{suggestion_id}/accept", dependencies=[Depends(require_token)],
              summary="Accept a merge suggestion: the two actors are one (a merge judgement)")
    def accept(suggestion_id: Annotated[str, PathParam(max_length=100)]) -> dict:
        from ..resolve.suggestions import accept as do_accept

        with store.write() as conn:
            out = {"judgement": do_accept(conn, suggestion_id, author="api")["judgement"]}
        refresh_pending(store)  # contradictions of the re-pointed actors, on the write path
        return out

    @api.post("/suggestions/{suggestion_id}/reject", dependencies=[Depends(require_token)],
              summary="Reject a merge suggestion: the two actors are distinct (never suggested again)")
    def reject(suggestion_id: Annotated[str, PathParam(max_length=100)]) -> dict:
        from ..resolve.suggestions import reject as do_reject

        with store.write() as conn:
            return {"judgement": do_reject(conn, suggestion_id, author="api")["judgement"]}

    return api
