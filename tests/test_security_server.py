"""Server security: loopback by default, a token for other addresses and for every write, bounded
request bodies, no request path reaching the file system, CORS off, strict headers on the UI."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsgraph.api import create_app
from newsgraph.api import security
from newsgraph.errors import ConfigError
from newsgraph import open_store

from .test_concurrency_ingest import free_port, start_server

NG = str(Path(sys.executable).parent / "newsgraph")
TOKEN = "correct-horse-battery-staple"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    s = open_store(str(tmp_path_factory.mktemp("sec") / "kb.db"))
    yield s
    s.close()


@pytest.fixture
def client(kb):
    return TestClient(create_app(kb, token=TOKEN))


def write_routes(app) -> list[tuple[str, str]]:
    """Every (method, path) that writes: from the OpenAPI schema and from the routers themselves
    (routes left out of the schema included)."""
    out = set()
    for path, ops in app.openapi()["paths"].items():
        for m in ops:
            if m.upper() in WRITE_METHODS:
                out.add((m.upper(), re.sub(r"\{[^}]+\}", "x", path)))

    def walk(routes, prefix=""):
        for r in routes:
            inner = getattr(r, "original_router", None)
            if inner is not None:
                walk(inner.routes, prefix + getattr(getattr(r, "include_context", None), "prefix", ""))
                continue
            for m in getattr(r, "methods", None) or []:
                if m in WRITE_METHODS:
                    out.add((m, re.sub(r"\{[^}]+\}", "x", prefix + r.path)))

    walk(app.routes)
    return sorted(out)


# ---------------------------------------------------------------- listening address
def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (Linux /proc/net/tcp and tcp6)."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for ln in lines:
            parts = ln.split()
            addr, p = parts[1].rsplit(":", 1)
            if int(p, 16) == port and parts[3] == "0A":  # LISTEN
                found.add(addr)
    return found


def test_security_serve_listens_on_loopback_only_by_default(kb, tmp_path):
    db = tmp_path / "kb.db"
    open_store(str(db)).close()
    port = free_port()
    server = start_server(db, port)
    try:
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_security_serve_on_another_address_needs_a_token(tmp_path):
    db = tmp_path / "kb.db"
    open_store(str(db)).close()
    env = {k: v for k, v in __import__("os").environ.items() if k != "NEWSGRAPH_TOKEN"}
    proc = subprocess.Popen([NG, "--db", str(db), "serve", "--host", "0.0.0.0", "--port", str(free_port())],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the server started on 0.0.0.0 without a token")
    assert proc.returncode != 0
    assert "token" in err.lower()
    # and in the library: a public app without a token is not built
    with pytest.raises(ConfigError, match="token"):
        create_app(open_store(str(db)), token=None, allowed_hosts=("*",))
    with pytest.raises(ConfigError, match="too short"):
        create_app(open_store(str(db)), token="abc", allowed_hosts=("0.0.0.0",))


def test_security_public_server_needs_the_token_for_reads_too(kb):
    app = create_app(kb, token=TOKEN, allowed_hosts=("*",))
    c = TestClient(app)
    r = c.get("/api/stats")
    assert r.status_code == 401 and r.json()["error"]["code"] == "NG602"
    assert c.get("/", follow_redirects=False).status_code == 401
    assert c.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert c.get("/api/stats", headers={"Authorization": "Bearer wrong-token-wrong"}).status_code == 401
    # a browser opens /?token=... once: a strict cookie, and the token leaves the address bar
    r = c.get(f"/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert c.get("/api/stats").status_code == 200  # the cookie now rides along
    # a cookie never authorises a write (no cross-site request forgery)
    r = c.post("/api/documents", json={"text": "Officials met in Baghdad."})
    assert r.status_code == 401


def test_security_non_loopback_peer_needs_the_token(kb):
    """Even an app built for loopback names asks a remote peer for the token (a forged Host header
    does not help)."""
    app = create_app(kb, token=TOKEN)
    c = TestClient(app, client=("203.0.113.9", 5555))
    assert c.get("/api/stats", headers={"Host": "127.0.0.1"}).status_code == 401
    assert c.get("/api/stats", headers={"Host": "127.0.0.1", "Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_security_unknown_host_header_is_refused(client):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 cannot read the local server."""
    r = client.get("/api/stats", headers={"Host": "evil.example"})
    assert r.status_code == 400


# ---------------------------------------------------------------- writes
def test_security_every_write_endpoint_needs_the_token(kb, client):
    routes = write_routes(create_app(kb, token=TOKEN))
    assert ("POST", "/api/documents") in routes
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer not-the-token"}, {"Authorization": TOKEN},
                        {"Cookie": f"{security.COOKIE}={TOKEN}"}):
            r = client.request(method, path, json={"text": "x"}, headers=headers)
            assert r.status_code == 401, (method, path, headers, r.status_code)
            assert r.json()["error"]["code"] == "NG602"
    # without a token configured, writes are off altogether
    closed = TestClient(create_app(kb, token=None))
    for method, path in routes:
        r = closed.request(method, path, json={"text": "x"}, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "NG603"
    # with the token, the write goes through to the route
    r = client.post("/api/documents", json={"text": ""}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422


def test_security_write_routes_added_later_are_covered_too():
    """The rule is the middleware's, not each route's: a route that forgets its dependency is still shut."""
    app = FastAPI()
    hits = []

    @app.post("/api/actors/{actor}/merge")
    def merge(actor: str) -> dict:
        hits.append(actor)
        return {"ok": True}

    @app.delete("/api/judgements/{jid}")
    def undo(jid: int) -> dict:
        hits.append(jid)
        return {"ok": True}

    security.install(app, token=TOKEN, allowed_hosts=security.LOOPBACK_NAMES)
    c = TestClient(app)
    assert c.post("/api/actors/e1/merge").status_code == 401
    assert c.delete("/api/judgements/3").status_code == 401
    assert hits == []
    assert c.post("/api/actors/e1/merge", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert hits == ["e1"]


# ---------------------------------------------------------------- bodies
def test_security_request_body_is_bounded(kb, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_MAX_BODY", "2000")
    c = TestClient(create_app(kb, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    r = c.post("/api/documents", content=b'{"text": "' + b"x" * 5000 + b'"}', headers=auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "NG607"
    assert "2,000 bytes" in r.json()["error"]["message"]

    def chunks():  # no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    r = c.post("/api/documents", content=chunks(), headers=auth)
    assert r.status_code == 413
    # unauthenticated big bodies are refused before anything is read
    r = c.post("/api/documents", content=b"z" * 5000, headers={"Content-Type": "application/json"})
    assert r.status_code == 401
    # the default limit is the per-document limit plus an envelope
    monkeypatch.delenv("NEWSGRAPH_MAX_BODY")
    monkeypatch.setenv("NEWSGRAPH_MAX_BYTES", "100000")
    assert security.body_limit() == 100000 + (1 << 20)


# ---------------------------------------------------------------- the file system
def test_security_no_request_path_reaches_the_file_system(client):
    """Every file the server opens, lists or stats while answering hostile requests is recorded (Python
    audit hooks); none of them is named by the request."""
    opened: list[str] = []
    active = {"on": False}

    def hook(event, args):
        if active["on"] and event in ("open", "os.listdir", "os.scandir", "os.stat", "os.lstat", "os.remove",
                                      "os.rename", "os.mkdir", "shutil.copyfile", "sqlite3.connect"):
            opened.append(f"{event} {args[0]!s}")

    sys.addaudithook(hook)
    marker = "zzsecretzz"
    paths = [f"/static/../../{marker}", f"/static/..%2f..%2f{marker}", f"/static/%2e%2e/%2e%2e/{marker}",
             f"/static/..%252f{marker}", f"/static/{marker}%00.js", f"/static/..\\{marker}",
             f"/vendor/../../{marker}", f"/static//etc/{marker}", f"/api/documents/..%2F{marker}",
             f"/static/{marker}", f"/{marker}", f"/static/%2Fetc%2F{marker}"]
    active["on"] = True
    try:
        statuses = {p: client.get(p).status_code for p in paths}
        # an authorised ingest whose every field names a file: stored as text, no file is read
        r = client.post("/api/documents", json={"text": f"Officials read file:///etc/{marker} in Baghdad.",
                                                "url": f"file:///etc/{marker}", "path": f"/etc/{marker}",
                                                "title": f"../../{marker}", "publisher": f"/etc/{marker}"},
                        headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        doc = client.get(f"/api/documents/{r.json()['documents'][0]}").json()
        assert marker in doc["text"] and doc["url"] == f"file:///etc/{marker}"
    finally:
        active["on"] = False
    assert all(s in (400, 401, 404) for s in statuses.values()), statuses
    assert not [o for o in opened if marker in o], opened
    assert not [o for o in opened if "/etc/" in o], opened


def test_security_path_tricks_are_refused_before_routing(client):
    for p in ("/static/..%2fapp.py", "/static/%2e%2e%2fapi%2fapp.py", "/static/..%5capp.py", "/static/a%00.js",
              "/static/%252e%252e/app.py"):
        r = client.get(p)
        assert r.status_code == 400 and r.json()["error"]["code"] == "NG608", p
    # ordinary paths still work
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/api/actors/Al-Amiri%20%28Abu%20Hassan%29").status_code == 404  # not found, not refused


# ---------------------------------------------------------------- CORS and headers
def test_security_cors_is_off_by_default(client, kb):
    pre = client.options("/api/documents", headers={"Origin": "https://evil.example",
                                                    "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    r = client.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    with pytest.raises(ConfigError, match="CORS"):
        create_app(kb, token=TOKEN, cors_origins=["*"])
    c = TestClient(create_app(kb, token=TOKEN, cors_origins=["https://ui.example"]))
    assert c.get("/api/stats", headers={"Origin": "https://ui.example"}).headers.get(
        "access-control-allow-origin") == "https://ui.example"
    assert "access-control-allow-origin" not in c.get("/api/stats", headers={"Origin": "https://evil.example"}).headers


def csp_directives(value: str) -> dict[str, list[str]]:
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_security_headers_on_the_ui_without_inline_script(client):
    for path in ("/", "/static/app.js", "/api/stats", "/no/such/page", "/static/..%2fx"):
        r = client.get(path)
        csp = csp_directives(r.headers["content-security-policy"])
        script = csp.get("script-src", csp.get("default-src"))
        assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, (path, csp)
        assert not any(s.startswith(("'sha", "'nonce", "http", "*", "data:")) for s in script), script
        assert csp.get("frame-ancestors") == ["'none'"] and csp.get("object-src", csp.get("default-src")) == ["'none'"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
    r = client.get("/")
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    # the page itself has no inline script and no event-handler attributes (the CSP would block them)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html, re.I)
    assert not re.search(r"\son[a-z]+\s*=", html, re.I)
    assert not re.search(r"javascript:", html, re.I)
    # the API is not cached; error responses of the security layer carry the headers too
    assert client.get("/api/stats").headers["cache-control"] == "no-store"
    r = client.post("/api/documents", json={})
    assert r.status_code == 401 and "content-security-policy" in r.headers


def test_security_encoded_control_characters_in_a_path_are_a_clean_400(kb):
    """A percent-encoded CR, LF or tab in a path (with a valid token, on a public server) is refused
    before routing: no exception, and no token-login redirect carrying it into a Location header."""
    app = create_app(kb, token=TOKEN, allowed_hosts=("*",))
    c = TestClient(app, raise_server_exceptions=False)
    for p in ("/%09/evil.example", "/%0d%0aSet-Cookie:%20x=1", "/%0a", "/api/stats%0d", "/%2509/evil.example"):
        for query in ("", f"?token={TOKEN}"):
            r = c.get(p + query, follow_redirects=False, headers={"Authorization": f"Bearer {TOKEN}"})
            assert r.status_code == 400 and r.json()["error"]["code"] == "NG608", p + query
            assert "location" not in r.headers


def test_security_the_test_client_name_is_not_served(kb):
    """Only this machine's names are served by default: `testserver` (Starlette's test client's
    name) is no special case."""
    assert "testserver" not in security.LOOPBACK_HOSTS
    c = TestClient(create_app(kb, token=TOKEN), base_url="http://testserver")
    assert c.get("/api/stats").status_code == 400



def test_security_a_client_that_sends_no_complete_headers_is_cut_off(kb):
    """Slowloris: headers sent a piece at a time, never finished, do not hold a connection for ever
    (uvicorn alone has no header-read timeout); a complete request on the same server still works."""
    import socket
    import threading

    import uvicorn

    port = free_port()
    config = uvicorn.Config(create_app(kb), host="127.0.0.1", port=port, log_level="warning",
                            http=security.header_timeout_protocol(0.5))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
            slow.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            start = time.monotonic()
            time.sleep(0.3)
            slow.sendall(b"X-Slow: 1\r\n")  # more data does not restart the clock
            assert slow.recv(1024) == b""  # closed by the server
            assert time.monotonic() - start < 3
        with socket.create_connection(("127.0.0.1", port), timeout=5) as ok:
            ok.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert ok.recv(1024).startswith(b"HTTP/1.1 200")
    finally:
        server.should_exit = True
        thread.join(10)
