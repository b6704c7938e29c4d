"""The watch API: alerts (JSON and Atom), feeds with their health, watch lists.

Reads need nothing more than the rest of the API; writes (follow a feed, watch an actor) need the
server's token, like every write (the security layer checks it too)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..errors import (
    BadRequest,
    Forbidden,
    JudgementError,
    NewsgraphError,
    NotFound,
    StoreError,
    Unauthorized,
)

router = APIRouter()


def _store(request: Request):
    return request.app.state.store


def require_token(request: Request) -> None:
    want = request.app.state.token
    if not want:
        raise Forbidden("this server takes no writes")
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(value.strip().encode(), want.encode()):
        raise Unauthorized("a valid token is needed to write")


Since = Annotated[str | None, Query(max_length=40, description="ISO date/time, or a duration back: 24h, 7d")]
ListQ = Annotated[str | None, Query(max_length=200, description="only this watch list")]


def _up_to_date(request: Request) -> None:
    """Diff the knowledge base for alerts when it changed since the last look (an article ingested through
    the API, a merge), so that readers of /api/alerts and /alerts.atom see them without a poll. A store
    busy with a writer is no error: the alerts stored so far are served."""
    from ..kb.read import ReadCache
    from ..watch.alerts import has_watches, refresh

    store = _store(request)
    with store.read() as conn:
        stamp = ReadCache.stamp_of(conn)
    if getattr(request.app.state, "watch_stamp", None) == stamp:
        return
    try:
        if has_watches(store):
            refresh(store)
    except StoreError:
        return
    request.app.state.watch_stamp = stamp


def _alerts(request: Request, since: str | None, list_name: str | None, limit: int) -> list[dict]:
    from ..watch.alerts import list_alerts, parse_since

    _up_to_date(request)

    try:
        when = parse_since(since)
    except NewsgraphError as exc:
        raise BadRequest(exc.message) from exc
    with _store(request).read() as conn:
        return list_alerts(conn, since=when, list_name=list_name, limit=limit)


@router.get("/api/alerts", summary="New facts about watched actors, newest first, with evidence")
def alerts(
    request: Request,
    since: Since = None,
    list: ListQ = None,  # noqa: A002
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict:
    found = _alerts(request, since, list, limit)
    return {"total": len(found), "alerts": found}


@router.get(
    "/alerts.atom",
    summary="The alerts as an Atom feed, for any feed reader",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def alerts_atom(request: Request, since: Since = None, list: ListQ = None) -> Response:  # noqa: A002
    from ..watch.atom import render

    found = _alerts(request, since, list, 200)
    body = render(found, base_url=str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/api/feeds", summary="The feeds followed, with their health")
def feeds(request: Request) -> dict:
    from ..watch.feeds import list_feeds

    with _store(request).read() as conn:
        rows = list_feeds(conn)
    return {"total": len(rows), "feeds": rows}


class FeedIn(BaseModel):
    url: str = Field(min_length=8, max_length=4000)
    name: str | None = Field(default=None, max_length=300)


@router.post(
    "/api/feeds",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Follow a feed (needs the server's token)",
)
def add_feed(request: Request, feed: FeedIn) -> dict:
    from ..watch.feeds import add_feed as add

    try:
        return add(_store(request), feed.url, feed.name)
    except NewsgraphError as exc:
        if exc.status == 400:
            raise BadRequest(exc.message, hint=exc.hint) from exc
        raise


@router.delete(
    "/api/feeds/{feed_id}",
    dependencies=[Depends(require_token)],
    summary="Stop following a feed (needs the server's token)",
)
def remove_feed(request: Request, feed_id: Annotated[int, PathParam(ge=1)]) -> dict:
    from ..watch.feeds import remove_feed as remove

    return remove(_store(request), str(feed_id))


@router.get("/api/watchlist", summary="Watch lists with their rules and actors")
def watchlist(request: Request) -> dict:
    from ..watch.alerts import watchlists

    with _store(request).read() as conn:
        lists = watchlists(conn)
    return {"lists": lists, "watched": sorted({a["entity"] for w in lists for a in w["actors"]})}


class WatchIn(BaseModel):
    actor: str = Field(min_length=1, max_length=300)
    list: str = Field(default="default", min_length=1, max_length=200)


@router.post(
    "/api/watchlist",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Watch an actor (needs the server's token)",
)
def watch_actor(request: Request, item: WatchIn) -> dict:
    from ..watch.alerts import watch

    try:
        return watch(_store(request), item.actor, item.list)
    except (NotFound, JudgementError) as exc:  # the body names no actor (or several): bad input
        raise BadRequest(exc.message, hint=exc.hint) from exc


@router.delete(
    "/api/watchlist/{actor}",
    dependencies=[Depends(require_token)],
    summary="Stop watching an actor (needs the server's token)",
)
def unwatch_actor(
    request: Request, actor: Annotated[str, PathParam(max_length=300)], list: ListQ = None
) -> dict:  # noqa: A002
    from ..watch.alerts import unwatch

    return {"removed": unwatch(_store(request), actor, list)}
