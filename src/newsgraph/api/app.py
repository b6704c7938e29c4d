"""The HTTP API and the web UI: ``create_app(store)`` returns a FastAPI app.

    from newsgraph.api import create_app
    app = create_app(open_store("kb.db"), token="s3cret")     # uvicorn.run(app, host="127.0.0.1")

Safe by default, through the one security layer, ``api.security`` (installed last, outermost): the
token for writes (and for every request on a public server), the Host allowlist (loopback names by
default), the security headers and CSP on every response, bounded bodies, no path tricks. The UI
builds its DOM with ``textContent`` only; no CORS unless ``cors_origins`` is given. Every error, ours
or the framework's, is one JSON shape (:func:`error_body`)::

      {"error": {"code": "NG301", "message": "no actor called 'X'", "hint": "...", "status": 404}}
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import BadRequest, Forbidden, HTTPError, NewsgraphError, NotFound, Unauthorized
from ..kb import read as kb
from ..kb.models import ActorPage, ContradictionPage, Dossier, FactFilter, Network
from ..model import PLOVER_TYPES, TIE_KINDS
from ..store import Store, queries
from ..store import schema as s
from . import security, suggestions

WEB = Path(__file__).resolve().parent.parent / "web"
STATIC = WEB / "static"
CYTOSCAPE = WEB / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js"


# ---------------------------------------------------------------- errors
class ErrorDetail(BaseModel):
    code: str = Field(examples=["NG301"])
    message: str
    hint: str = ""
    status: int


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_body(exc: NewsgraphError) -> dict:
    """The one JSON shape of every API error."""
    return {"error": {"code": exc.code, "message": exc.message, "hint": exc.hint or "", "status": exc.status}}


def _error_response(exc: NewsgraphError, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(exc), status_code=exc.status, headers=headers)


ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (401, 403, 404, 422, 500)}


# ---------------------------------------------------------------- inputs
DateStr = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                      description="ISO date or partial date: 2023, 2023-06, 2023-06-14")]
SourceKindQ = Literal["reporter", "anonymous", "named"]
PloverType = Literal[PLOVER_TYPES]  # type: ignore[valid-type]  # the 16 types, from the model
Limit = Annotated[int, Query(ge=1, le=5000, description="rows at most")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Confidence = Annotated[float | None, Query(ge=0.0, le=1.0, description="facts at least this confident")]
HedgedQ = Annotated[bool | None, Query(description="true: only hedged; false: no hedged")]


class ArticleIn(BaseModel):
    """One article to ingest (the JSON Lines reader's fields)."""

    text: str = Field(min_length=1, max_length=20 * 1024 * 1024)
    title: str | None = Field(default=None, max_length=2000)
    # any form the readers take ("2023-11-07", "2023", "7 November 2023"): the Article model applies the
    # same date rules to both, and a date it cannot use is a warning in the answer, as in an ingest
    published: str | None = Field(default=None, max_length=64)
    url: str | None = Field(default=None, max_length=4000)
    publisher: str | None = Field(default=None, max_length=300)


# ---------------------------------------------------------------- helpers
def _actor_id(conn, actor: str | None) -> str | None:
    """The one way a name given to a read becomes an entity id (kb.find_actor)."""
    return kb.find_actor(conn, actor).id if actor else None


def _actor_out(a) -> dict:
    """An actor in a list: the read model, plus the fields earlier clients read."""
    d = a.model_dump() if hasattr(a, "model_dump") else dict(a)
    d["mention_count"] = d["mentions"]
    d["aliases"] = d.get("names", [])
    return d


def require_token(request: Request) -> None:
    """Every write needs the server's token (Authorization: Bearer TOKEN); without one, no writes."""
    want = request.app.state.token
    if not want:
        raise Forbidden("this server takes no writes")
    if not security.token_ok(request.headers.get("authorization"), want):
        raise Unauthorized("a valid token is needed to write")


# ---------------------------------------------------------------- the app
def create_app(store: Store, *, token: str | None = None,
               allowed_hosts: Sequence[str] | None = security.LOOPBACK_HOSTS,
               cors_origins: Sequence[str] | None = None, title: str = "newsgraph") -> FastAPI:
    """The API and UI over one store. See the module docstring for the safe defaults."""
    app = FastAPI(title=title, version="1", description="A sourced knowledge base of actors, roles, ties and "
                  "events read from news articles; every fact with its sentence, source and confidence.",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.token = token

    @app.exception_handler(NewsgraphError)
    async def _ng(_req: Request, exc: NewsgraphError):
        return _error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return _error_response(BadRequest("; ".join(parts) or "invalid request"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            return _error_response(BadRequest("the request body is not JSON in UTF-8"))  # bad input: 422
        msg = {404: "no such page", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return _error_response(HTTPError(msg, exc.status_code), headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_req: Request, exc: Exception):
        err = NewsgraphError(f"internal error ({exc.__class__.__name__})", hint="see the server log")
        err.status = 500
        return _error_response(err)

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"],
                           allow_headers=["Authorization", "Content-Type"])

    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.get("/stats", summary="What the knowledge base holds")
    def stats() -> dict:
        with store.read() as conn:  # "actors": what the lists show (actors named in a current document)
            return {"counts": queries.counts(conn), "actors": kb.actors(conn, limit=1)["total"]}

    def _flt(actor: str | None = None, **kw: Any) -> FactFilter:
        return FactFilter(actor=actor, **{k: v for k, v in kw.items() if v not in (None, [])})

    @api.get("/actors", summary="Actors, most prominent first (true total; facets by type)",
             response_model=ActorPage)
    def actors(type: Literal["person", "organization", "location", "group", "other"] | None = None,  # noqa: A002
               q: Annotated[str | None, Query(max_length=200, description="a name or part of one")] = None,
               sort: Literal["mentions", "prominence"] = "mentions",
               limit: Limit = 200, offset: Offset = 0) -> dict:
        with store.read() as conn:
            page = kb.actors(conn, type_=type, q=q, limit=limit, offset=offset, facets=True, sort=sort)
        page["actors"] = [_actor_out(a) for a in page["actors"]]
        return page

    @api.get("/actors/{actor}",
             summary="An actor's dossier: names, roles, ties, a page of events, with evidence",
             response_model=Dossier)
    def dossier(actor: Annotated[str, PathParam(max_length=300, description="id, name or alias")],
                as_of: DateStr = None, events_limit: Annotated[int, Query(ge=1, le=500)] = 25,
                events_offset: Offset = 0) -> dict:
        with store.read() as conn:
            d = kb.dossier(conn, actor, events_limit=events_limit, events_offset=events_offset,
                           flt=_flt(as_of=as_of))
        d["actor"] = _actor_out(d["actor"])
        d["as_of"] = as_of
        return d

    @api.get("/events", summary="Events, filtered and paged, with the true total")
    def events(actor: Annotated[str | None,
                                Query(max_length=300, description="id, name or alias")] = None,
               type: Annotated[list[PloverType] | None,  # noqa: A002
                               Query(description="PLOVER types")] = None,
               since: DateStr = None, until: DateStr = None,
               source: Annotated[list[SourceKindQ] | None, Query(description="who says it")] = None,
               hedged: HedgedQ = None,
               single_source: bool | None = None, anonymous_only: bool | None = None,
               min_confidence: Confidence = None, as_of: DateStr = None,
               order: Literal["asc", "desc"] = "asc", histogram: bool = False,
               limit: Limit = 500, offset: Offset = 0) -> dict:
        with store.read() as conn:
            flt = _flt(_actor_id(conn, actor), category="event", kinds=type, since=since, until=until,
                       sources=source, hedged=hedged, single_source=single_source,
                       anonymous_only=anonymous_only, min_confidence=min_confidence, as_of=as_of)
            page = kb.facts(conn, flt, limit=limit, offset=offset, order=order, histogram=histogram)
        page["events"] = page.pop("facts")
        return page

    @api.get("/claims", summary="Every fact as a claim: what is said, who says it, how firmly")
    def claims(source: Annotated[list[SourceKindQ] | None, Query(description="who says it")] = None,
               hedged: bool | None = None, min_confidence: Confidence = None,
               single_source: bool | None = None, anonymous_only: bool | None = None,
               category: Literal["role", "tie", "event"] | None = None,
               actor: Annotated[str | None,
                                Query(max_length=300, description="id, name or alias")] = None,
               speaker: Annotated[str | None,
                                  Query(max_length=300, description="a named speaker's id or name")] = None,
               order: Literal["asc", "desc"] = "desc", limit: Limit = 500, offset: Offset = 0) -> dict:
        with store.read() as conn:
            flt = _flt(_actor_id(conn, actor), category=category, sources=source, hedged=hedged,
                       single_source=single_source, anonymous_only=anonymous_only,
                       min_confidence=min_confidence, speaker=_actor_id(conn, speaker))
            page = kb.facts(conn, flt, limit=limit, offset=offset, order=order)
        page["claims"] = page.pop("facts")
        return page

    @api.get("/contradictions",
             summary="Facts that cannot both hold, both sides with evidence; by actor and kind",
             response_model=ContradictionPage)
    def contradictions(actor: Annotated[str | None,
                                        Query(max_length=300, description="id, name or alias")] = None,
                       kind: Literal["negation", "role_status", "role_holder", "date"] | None = None,
                       limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Offset = 0) -> dict:
        with store.read() as conn:  # a read only: the write path computes them (kb.refresh_pending)
            return kb.contradictions(conn, actor=_actor_id(conn, actor), kind=kind, limit=limit,
                                     offset=offset)

    @api.get("/network",
             summary="The top actors by prominence for the filters, with their strongest links",
             response_model=Network)
    def network(as_of: DateStr = None, since: DateStr = None, until: DateStr = None,
                type: Annotated[list[str] | None,  # noqa: A002
                                Query(max_length=40, description="PLOVER types, tie kinds or 'role'")] = None,
                source: Annotated[list[SourceKindQ] | None, Query(description="who says it")] = None,
                hedged: HedgedQ = None,
                top: Annotated[int, Query(ge=1, le=2000,
                                          description="actors shown, most prominent first")] = 150,
                expand: Annotated[list[str] | None,
                                  Query(max_length=300, description="also these actors' neighbours")] = None,
                min_confidence: Confidence = None,
                isolated: Annotated[bool, Query(
                    description="ignored: actors without links are not drawn")] = False,
                ) -> dict:
        if as_of and (not until or until > as_of):
            until = as_of  # what was known then: facts dated up to that day (from the aggregates)
        with store.read() as conn:
            flt = _flt(since=since, until=until, kinds=[t for t in type or [] if t], sources=source,
                       hedged=hedged)
            ex = [_actor_id(conn, e) or "" for e in expand or []]
            out = dict(kb.network(conn, flt, top=top, expand=ex))
        mx = max((n["prominence"] for n in out["nodes"]), default=0) or 1
        out["nodes"] = [dict(n, prominence=round(n["prominence"] / mx, 3)) for n in out["nodes"]]
        out["as_of"] = as_of
        out["types"] = {"role": ["role"], "tie": list(TIE_KINDS), "event": list(PLOVER_TYPES)}
        return out

    @api.get("/search",
             summary="Search names (with spelling variants) and sentences: paged, totals, facets")
    def search(q: Annotated[str, Query(min_length=1, max_length=200)],
               type: Literal["person", "organization", "location", "group", "other"] | None = None,  # noqa: A002
               publisher: Annotated[str | None, Query(max_length=300)] = None,
               since: DateStr = None, until: DateStr = None, source_kind: SourceKindQ | None = None,
               limit: Annotated[int, Query(ge=1, le=200)] = 20, offset: Offset = 0) -> dict:
        with store.read() as conn:
            r = kb.search(conn, q, type_=type, publisher=publisher, since=since, until=until,
                          source_kind=source_kind, limit=limit, offset=offset)
        acts, sents = r["actors"], r["sentences"]
        return {"query": q, "actors": [_actor_out(a) for a in acts["actors"]], "actors_total": acts["total"],
                "actor_facets": acts.get("facets", {}), "sentences": sents["items"],
                "sentences_total": sents["total"], "sentences_total_exact": sents.get("total_exact", True),
                "sentence_facets": sents["facets"],
                "offset": offset, "limit": limit}

    @api.get("/documents", summary="Documents, oldest ingested first")
    def documents(limit: Limit = 500, offset: Offset = 0) -> dict:
        with store.read() as conn:
            docs = queries.documents(conn)
        return {"total": len(docs), "documents": docs[offset:offset + limit]}

    @api.get("/documents/{document_id}", summary="A document: text, sentences, mentions, facts with offsets")
    def document(document_id: Annotated[str, PathParam(max_length=64)]) -> dict:
        with store.read() as conn:
            doc = queries.document(conn, document_id)
            doc["facts"] = _document_facts(conn, document_id)
            doc["cues"] = _cues(conn, document_id)
            ids = {m["entity"] for m in doc["mentions"]} | kb.ids_in(doc["facts"])
            doc["entities"] = kb.refs(conn, ids)
        return doc

    @api.post("/documents", status_code=201, dependencies=[Depends(require_token)],
              summary="Ingest one article (needs the server's token)")
    def add_document(article: ArticleIn) -> dict:
        from ..errors import InputError
        from ..model import Article
        from ..service import ingest_items

        try:  # the Article model cleans the fields exactly as it does for every reader
            art = Article.model_validate({"text": article.text, "title": article.title, "url": article.url,
                                          "published": article.published, "publisher": article.publisher,
                                          "origin": "api"})
        except InputError as exc:
            raise BadRequest(exc.message, hint=exc.hint) from exc
        except ValueError as exc:
            raise BadRequest(str(exc).splitlines()[0]) from exc
        if article.published and art.published is None:  # the same rules; a caller can be told at once
            raise BadRequest(art.notes[-1] if art.notes else f"cannot use the date {article.published!r}",
                             hint="give the publication date as 2023-11-07, 2023-11 or 2023, or leave it out")
        report = ingest_items(store, [art])
        if report.failed:
            raise BadRequest("; ".join(report.errors))
        return {"documents": report.documents, "new": report.new, "unchanged": report.unchanged,
                "versions": report.versions, "duplicates": report.duplicates, "warnings": report.warnings}

    app.include_router(api)
    from . import watch as _watch  # watch: feeds, watch lists, alerts, /alerts.atom
    app.include_router(_watch.router, responses=ERRORS)
    app.include_router(suggestions.router(store, require_token), responses=ERRORS)

    def _warm() -> None:
        """The default network view, computed once at start (in the background), so that the first
        visitor does not wait for it; any write empties the cache as usual. A page of events too: it
        loads the word lists events are read with (the countries of store.facts, 0.7-1.2 s), which the
        first dossier or timeline otherwise waited for."""
        try:
            with store.read() as conn:
                kb.network(conn, FactFilter(), top=150)
                kb.facts(conn, FactFilter(category="event"), limit=1)
        except Exception:  # noqa: BLE001  (a cold cache is only slower)
            pass

    threading.Thread(target=_warm, name="newsgraph-warm", daemon=True).start()
    from .review import router as review_router  # analysts' decisions from the UI (token required)
    app.include_router(review_router)

    # ------------------------------------------------------------ the UI
    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        allowed = {p.name: p for p in STATIC.iterdir() if p.is_file()} if STATIC.is_dir() else {}
        if name not in allowed:
            raise NotFound(f"no static file {name!r}")
        media = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml"}.get(allowed[name].suffix)
        return FileResponse(allowed[name], media_type=media, headers={"Cache-Control": "no-cache"})

    @app.get("/vendor/cytoscape.min.js", include_in_schema=False)
    def cytoscape() -> Response:
        if not CYTOSCAPE.is_file():
            raise NotFound("Cytoscape.js is not installed",
                           hint="run `make web-deps` (npm ci in src/newsgraph/web)")
        return FileResponse(CYTOSCAPE, media_type="text/javascript; charset=utf-8")

    security.install(app, token=token, allowed_hosts=allowed_hosts, cors_origins=cors_origins)
    return app


def _document_facts(conn, did: str) -> list[dict]:
    """The facts stated in one document, each with its sentence's offsets (and trigger offsets for events):
    the document's facts from the read side (kb_fact_rows by document; a near-duplicate copy shows its
    first copy's facts), not every fact of the store."""
    first = conn.execute(select(s.documents.c.duplicate_of).where(s.documents.c.id == did)).scalar() or did
    fr = s.kb_fact_rows
    fids = list(conn.execute(select(fr.c.fact_id).where(fr.c.document_id == first).distinct()).scalars())
    triggers: dict[tuple[int, str], list[tuple[int, int]]] = {}
    ev = s.events.c
    for r in conn.execute(select(ev.type, ev.trigger_start, ev.trigger_end, s.sentences.c.idx)
                          .join(s.sentences, s.sentences.c.id == s.events.c.sentence_id)
                          .where(s.events.c.document_id == first)):
        if r.trigger_start is not None:
            triggers.setdefault((r.idx, r.type), []).append((r.trigger_start, r.trigger_end))
    out = []
    for f in kb.load_facts(conn, fids):
        kind = f["category"]
        for e in f["evidence"]:
            if e["document"] != did:
                continue
            att = e.get("attribution") or {}
            item = {"id": f["id"], "category": kind, "sentence": e["sentence"], "start": e["start"],
                    "end": e["end"], "confidence": f["confidence"], "attribution": att,
                    "hedged": bool(att.get("hedged"))}
            if kind == "role":
                item.update(label=f["title"], person=f["person"], organization=f["organization"],
                            status=f["status"])
            elif kind == "tie":
                # the sides are lists, as an event's
                item.update(label=f["kind"], source=[f["source"]], target=[f["target"]])
            else:
                item.update(label=f["type"], type=f["type"], source=f["source"], target=f["target"],
                            negated=f["negated"], time=f["time"],
                            triggers=[list(t) for t in triggers.get((e["sentence"], f["type"]), [])])
            out.append(item)
    out.sort(key=lambda x: (x["start"], x["category"]))
    return out


def _cues(conn, did: str) -> list[dict]:
    """Hedge and attribution cues in a document, with offsets."""
    out = []
    for r in conn.execute(select(s.hedges.c.start, s.hedges.c.end, s.hedges.c.text)
                          .join(s.sentences, s.sentences.c.id == s.hedges.c.sentence_id)
                          .where(s.sentences.c.document_id == did)):
        out.append({"kind": "hedge", "start": r.start, "end": r.end, "text": r.text})
    for r in conn.execute(select(s.attributions.c.cue, s.attributions.c.cue_start, s.attributions.c.cue_end,
                                 s.attributions.c.source_kind)
                          .join(s.sentences, s.sentences.c.id == s.attributions.c.sentence_id)
                          .where(s.sentences.c.document_id == did)):
        if r.cue_start is not None and r.cue_end is not None:
            out.append({"kind": "attribution", "start": r.cue_start, "end": r.cue_end, "text": r.cue,
                        "source": r.source_kind})
    out.sort(key=lambda c: c["start"])
    return out
