"""The `newsgraph` command. Each command is a few lines over the library; command groups live in
their own modules and register on ``app`` when imported below."""
from __future__ import annotations

import sys

from ._app import app, state  # noqa: F401
from . import core  # noqa: F401,E402  (registers ingest, export, actors, show, events)
from . import admin  # noqa: F401,E402  (registers check, dump, load)
from . import serve  # noqa: F401,E402  (registers serve, report)
from . import judge  # noqa: F401,E402  (registers merge, split, alias, judgements, undo)
from . import claims  # noqa: F401,E402  (registers annotate, claims, contradictions)
from . import watch  # noqa: F401,E402  (registers feeds, poll, watch, watchlist, alerts: issue 18)


def main() -> None:
    from ..errors import NewsgraphError
    from ._app import console_err

    try:
        app()
    except NewsgraphError as exc:
        console_err.print(f"[red]error[/red] {exc}", markup=True, highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        console_err.print("interrupted: the article being written was rolled back; nothing else changed")
        sys.exit(130)
