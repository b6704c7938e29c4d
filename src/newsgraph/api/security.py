"""The server's security layer: one ASGI middleware, outermost, installed by ``create_app``.

    install(app, token=..., allowed_hosts=..., cors_origins=..., max_body_bytes=...)

What it enforces, whatever routes other modules add:
- **writes need the token**: every request with a method other than GET/HEAD/OPTIONS must carry
  ``Authorization: Bearer <token>``; without a configured token writes are off (403). A cookie never
  counts for a write, so another site cannot make a browser write (no CSRF).
- **a public server needs the token for everything**: when the app serves names other than loopback
  (``allowed_hosts`` holds another name or ``*``), or a request comes from a non-loopback peer, reads
  need the token too: the ``Authorization`` header, or the ``newsgraph_token`` cookie (HttpOnly,
  SameSite=Strict) that ``GET /any/page?token=TOKEN`` sets before redirecting to the page without it.
  Serving a public name without a token is refused when the app is built (:func:`check_public`).
- **request bodies are bounded**: ``Content-Length`` over the limit is refused (413) before reading;
  a chunked body is counted as it arrives and cut at the limit. Default: the per-document limit
  (``--max-bytes`` / ``$NEWSGRAPH_MAX_BYTES``, 20 MB) plus 1 MiB of envelope; ``$NEWSGRAPH_MAX_BODY``.
- **only this machine's names by default**: the Host header must be one of ``allowed_hosts``
  (:data:`LOOPBACK_HOSTS` unless the server is given others), so a DNS-rebinding page cannot
  read a local server (400).
- **no path tricks**: a URL path with ``..`` segments, backslashes, control characters (NUL, tab,
  CR, LF, ...) or percent-encoded slashes/dots/backslashes/control characters is refused (400,
  NG608) before any route sees it, so no redirect can carry one into a ``Location``. Routes never
  take file names from requests (the static route only serves names listed from its own folder).
- **headers on every response**, errors included: Content-Security-Policy without inline script
  (``script-src 'self'``), nosniff, ``frame-ancestors 'none'``/X-Frame-Options, no-referrer,
  Cross-Origin-*-Policy, a Permissions-Policy, and ``Cache-Control: no-store`` on the API.
- **CORS stays off** unless origins are given; a wildcard origin is refused.

Errors have the API's one JSON shape: ``{"error": {"code", "message", "hint", "status"}}``.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import os
import re
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, urlencode

from ..errors import BadPath, BodyTooLarge, ConfigError
from ..settings import max_bytes as default_max_bytes

# the names of this machine: the default Host allowlist, and the peers that may read without a token
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
LOOPBACK_NAMES = set(LOOPBACK_HOSTS)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
COOKIE = "newsgraph_token"

# Cytoscape.js inserts one fixed <style> element (position: relative on its container): only that one
# inline style is allowed, by its hash
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
_CY_HASH = base64.b64encode(hashlib.sha256(CYTOSCAPE_STYLE.encode()).digest()).decode()
CSP = (f"default-src 'none'; script-src 'self'; style-src 'self' 'sha256-{_CY_HASH}'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
       "object-src 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

# "..", "\" and control characters, raw or percent-encoded (also double-encoded), and encoded "/"
# anywhere in the path
_BAD_PATH = re.compile(r"(^|/)\.\.?(/|$)|\\|[\x00-\x1f\x7f]|%(25)*(2e|2f|5c|[01][0-9a-f]|7f)", re.I)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    h = host.strip().strip("[]").lower()
    if h in LOOPBACK_NAMES or host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def check_public(hosts: Iterable[str] | None, token: str | None) -> bool:
    """True when the server answers to other than loopback names; then a token is required
    (ConfigError otherwise). ``newsgraph serve --host`` checks its address with this."""
    hosts = list(hosts or [])
    public = any(h == "*" or not is_loopback(h) for h in hosts)
    if public and not token:
        raise ConfigError(f"serving {', '.join(hosts)} (not only this machine) needs a token",
                          hint="pass --token TOKEN or set NEWSGRAPH_TOKEN; "
                               "clients send 'Authorization: Bearer TOKEN'")
    if public and len(token or "") < 12:
        raise ConfigError("the token is too short to serve other machines (12 characters at least)",
                          hint="e.g. python -c 'import secrets; print(secrets.token_urlsafe())'")
    return public


def body_limit(value: int | None = None) -> int:
    if value:
        return value
    env = os.environ.get("NEWSGRAPH_MAX_BODY")
    if env and env.isdigit():
        return int(env)
    return default_max_bytes() + (1 << 20)


def token_ok(authorization: str | None, token: str | None) -> bool:
    """Whether an ``Authorization`` header carries the server's token (constant-time compare)."""
    return _same(_bearer(authorization or ""), token)


def install(app, *, token: str | None = None, allowed_hosts: Sequence[str] | None = None,
            cors_origins: Sequence[str] | None = None, max_body_bytes: int | None = None, **_ignored) -> None:
    """Put the security middleware around ``app`` (outermost). Raises ConfigError for unsafe settings."""
    public = check_public(allowed_hosts or (), token)
    if cors_origins and any(o.strip() == "*" for o in cors_origins):
        raise ConfigError("CORS for every origin ('*') is refused",
                          hint="name the origins the UI is served from")
    hosts = None if not allowed_hosts or "*" in allowed_hosts else {h.lower() for h in allowed_hosts}
    app.add_middleware(SecurityMiddleware, token=token, public=public, max_body=body_limit(max_body_bytes),
                       hosts=hosts)
    app.state.security = {"public": public, "max_body": body_limit(max_body_bytes), "writes": bool(token)}


class SecurityMiddleware:
    def __init__(self, app, *, token: str | None, public: bool, max_body: int,
                 hosts: set[str] | None = None):
        self.app = app
        self.hosts = hosts  # None: any Host header
        self.token = token
        self.public = public
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send, api=scope.get("path", "").startswith("/api"))
        raw_path = (scope.get("raw_path") or scope.get("path", "").encode()).decode("latin-1")
        if _BAD_PATH.search(raw_path) or _BAD_PATH.search(scope.get("path", "")):
            await _error(send, 400, BadPath.code, "a path with '..', '\\', control characters or encoded "
                         "separators is refused", BadPath.hint)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.hosts is not None:
            host = _hostname(headers.get("host", "")).lower()
            if host not in self.hosts:
                await _error(send, 400, "NG600", f"host {host!r} is not served",
                             "start the server with --host to serve other names")
                return
        method = scope.get("method", "GET").upper()
        bearer = _bearer(headers.get("authorization", ""))
        # ---- who may ask
        if method not in SAFE_METHODS:
            if not self.token:
                await _error(send, 403, "NG603", "this server takes no writes",
                             "start the server with `newsgraph serve --token TOKEN`")
                return
            if not _same(bearer, self.token):
                await _error(send, 401, "NG602", "a valid token is needed to write",
                             "send Authorization: Bearer <token>", www_auth=True)
                return
        elif self.public or not is_loopback((scope.get("client") or ("", 0))[0]):
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
            if self.token and method == "GET" and "token" in query and _same(query["token"], self.token):
                await _login_redirect(send, scope, query, self.token)
                return
            if not self.token or not (_same(bearer, self.token) or _same(_cookie(headers.get("cookie", "")),
                                                                           self.token)):
                await _error(send, 401, "NG602", "this server needs a token",
                             "send Authorization: Bearer <token>, or open /?token=<token> once in a browser",
                             www_auth=True)
                return
        # ---- how much it may send
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await _error(send, 400, "NG600", "a bad Content-Length")
                return
            if int(length) > self.max_body:
                await _error(send, 413, BodyTooLarge.code,
                             f"the request body ({int(length):,} bytes) is over the limit of "
                             f"{self.max_body:,} bytes", BodyTooLarge.hint)
                return
        state = {"seen": 0, "over": False, "started": False}

        async def bounded_receive():
            message = await receive()
            if message["type"] == "http.request":
                state["seen"] += len(message.get("body", b""))
                if state["seen"] > self.max_body:
                    state["over"] = True
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message):
            if state["over"]:  # whatever the app answers to a cut-off body (often a 400), it becomes a 413
                if not state["started"]:
                    state["started"] = True
                    await _error(send, 413, BodyTooLarge.code, self._over(), BodyTooLarge.hint)
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracking_send)
        except _BodyTooLarge:
            if not state["started"]:
                await _error(send, 413, BodyTooLarge.code, self._over(), BodyTooLarge.hint)
        except Exception:
            if state["over"] and not state["started"]:
                await _error(send, 413, BodyTooLarge.code, self._over(), BodyTooLarge.hint)
            else:
                raise


    def _over(self) -> str:
        return f"the request body is over the limit of {self.max_body:,} bytes"


class _BodyTooLarge(Exception):
    pass


def _same(given: str | None, want: str | None) -> bool:
    if not given or not want:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), want.encode("utf-8", "replace"))


def _bearer(value: str) -> str | None:
    scheme, _, rest = value.strip().partition(" ")
    return rest.strip() if scheme.lower() == "bearer" and rest.strip() else None


def _cookie(value: str) -> str | None:
    for part in value.split(";"):
        name, _, v = part.strip().partition("=")
        if name == COOKIE:
            return v
    return None


def _with_headers(send, *, api: bool):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            have = {k.decode("latin-1").lower() for k, _ in message.get("headers", [])}
            extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k not in have]
            if api and "cache-control" not in have:
                extra.append((b"cache-control", b"no-store"))
            message = dict(message, headers=list(message.get("headers", [])) + extra)
        await send(message)
    return wrapped


async def _error(send, status: int, code: str, message: str, hint: str = "", *,
                 www_auth: bool = False) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "hint": hint, "status": status}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if www_auth:
        headers.append((b"www-authenticate", b'Bearer realm="newsgraph"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _login_redirect(send, scope, query: dict, token: str) -> None:
    """``?token=`` once: a cookie for the browser, then the same page without the token in its URL."""
    rest = {k: v for k, v in query.items() if k != "token"}
    location = scope.get("path", "/") + (("?" + urlencode(rest)) if rest else "")
    if not location.startswith("/") or location.startswith("//"):
        location = "/"
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1", "replace")),
                            (b"set-cookie", cookie.encode()), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


def _hostname(header: str) -> str:
    """The host of a Host header, without its port ("[::1]:8765" -> "[::1]")."""
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


# ---------------------------------------------------------------- the connection: a header-read timeout
HEADER_TIMEOUT = 10.0  # seconds a client has to send a request's complete headers


def header_timeout_protocol(timeout: float = HEADER_TIMEOUT) -> type:
    """uvicorn's h11 protocol with a deadline for a request's headers (``uvicorn.run(http=...)``).

    uvicorn has no such timeout: a client that connects and sends nothing, or sends its headers a
    byte every few seconds (slowloris), holds a connection for ever. Here the clock starts when the
    connection opens, and again when a kept-alive connection starts its next request; when it runs
    out before the headers are complete, the connection is closed. Bodies and responses are not
    timed by this (the body limit bounds a body)."""
    import asyncio

    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutProtocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            self._header_timer: asyncio.TimerHandle | None = None
            super().connection_made(transport)
            self._arm()

        def _arm(self) -> None:
            if self._header_timer is None:
                self._header_timer = self.loop.call_later(timeout, self._headers_too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def data_received(self, data: bytes) -> None:
            if self.conn.their_state is h11.IDLE:  # a request is starting: its headers are timed
                self._arm()
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the headers are complete
                self._disarm()

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeaderTimeoutProtocol
