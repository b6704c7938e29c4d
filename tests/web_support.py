"""Support for the API, web and report tests: hand-written articles, a served app, Chromium."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

# hedged and firm statements between named actors (written for these tests)
HEDGED_ARTICLE = """Harbour talks stall as ministers trade blame
Published on 3 March 2024
The Norwegian foreign minister Kari Lundgren reportedly met the Chilean trade envoy Mateo Ibarra in Oslo last week, according to two officials who asked not to be named.
Lundgren is said to have threatened Ibarra with new tariffs on copper.
Ibarra later accused Lundgren of bad faith, the envoy told reporters.
The Chilean government praised the Norwegian port authority on Tuesday.
Content retrieved from: https://example.org/news/harbour-talks.
"""

# markup in the title and the body must be shown as text everywhere
XSS_TITLE = 'Minister <script>window.__xss=1</script> visits <img src=x onerror="window.__xss=2"> harbour'
XSS_ARTICLE = XSS_TITLE + """
Published on 5 March 2024
The Danish defence minister Lars Holm <img src=x onerror="window.__xss=3"> met the Estonian army chief Tiit Kask in Tallinn on Monday.
Holm praised Kask <script>window.__xss=4</script> for the joint exercises.
Content retrieved from: https://example.org/news/harbour-visit.
"""


def ingest_texts(store, folder: Path, texts: dict[str, str]):
    from newsgraph.service import ingest_paths

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        p = folder / name
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    report = ingest_paths(store, paths)
    assert report.failed == 0, report.errors
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(app):
    """The app on uvicorn in a background thread at http://127.0.0.1:<free port>."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
