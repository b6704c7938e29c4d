"""serve (the API and web UI) and report (one actor's dossier as a self-contained HTML page)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, console, console_err, db_label, esc, state


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on (127.0.0.1: this machine only)")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8765,
    token: Annotated[str | None, typer.Option(
        help="enable writes (POST /api/documents) for clients sending 'Authorization: Bearer TOKEN'; "
             "default $NEWSGRAPH_TOKEN, else writes are off")] = None,
) -> None:
    """Serve the JSON API (/api, schema at /api/openapi.json) and the web UI.

    Example: newsgraph serve --port 8765   then open http://127.0.0.1:8765/
    """
    import uvicorn

    from ..api import create_app
    from ..api.security import LOOPBACK_HOSTS, header_timeout_protocol

    token = token or os.environ.get("NEWSGRAPH_TOKEN") or None
    loopback = host in ("127.0.0.1", "localhost", "::1")
    if not loopback:
        console_err.print(f"[yellow]warning[/yellow] listening on {esc(host)}: "
                          "anyone who can reach this machine can read the knowledge base")
    hosts = LOOPBACK_HOSTS if loopback else ("*",)
    web = create_app(state.store, token=token, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"serving {esc(db_label())} at http://{esc(shown)}:{port}/  "
                  f"(writes {'on' if token else 'off'}; "
                  "Ctrl-C to stop)")
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False,
                http=header_timeout_protocol())  # a client must send its headers within 10 s


@app.command()
def report(
    actor: Annotated[str, typer.Argument(help="an actor's name, alias or id")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write")] = Path("dossier.html"),
) -> None:
    """Write one actor's dossier as a self-contained HTML page (no scripts, nothing fetched).

    Example: newsgraph report "Qais Al-Khazali" -o khazali.html
    """
    from ..report import write_report

    path = write_report(state.store, actor, output)
    console.print(f"wrote {esc(path)}")
