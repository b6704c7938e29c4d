"""The `newsgraph` command. Each command is a few lines over the library; command groups live in
their own modules and register on ``app`` when imported below."""
from __future__ import annotations

import sys

# the command modules register in this order, one line each (so adding one is a one-line change)
# isort: off
from ._app import app, state  # noqa: F401
from . import core  # noqa: F401,E402  (registers ingest, export, actors, show, events)
from . import admin  # noqa: F401,E402  (registers check, dump, load)
from . import serve  # noqa: F401,E402  (registers serve, report)
from . import judge  # noqa: F401,E402  (registers merge, split, alias, judgements, undo)
from . import claims  # noqa: F401,E402  (registers annotate, claims, contradictions)
from . import watch  # noqa: F401,E402  (registers feeds, poll, watch, watchlist, alerts)
# isort: on


def main() -> None:
    """Run a command. An error is one line (``error NGxxx: message (hint)``), exit code 2; an
    unexpected exception too, with its trace only under ``--verbose``. The store is closed on the
    way out, which checkpoints SQLite's WAL into the database file."""
    import os
    import traceback

    from ..errors import NewsgraphError
    from ._app import console_err, esc, lines

    try:
        app(standalone_mode=True)
    except NewsgraphError as exc:
        if os.environ.get("NEWSGRAPH_VERBOSE"):
            console_err.print(lines(traceback.format_exc()))
        console_err.print(f"[red]error[/red] {esc(exc)}", markup=True, highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        console_err.print("interrupted: the article being written was rolled back; nothing else changed")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug still gets one line, and the trace on request
        if os.environ.get("NEWSGRAPH_VERBOSE"):
            console_err.print(lines(traceback.format_exc()))
        from ..store import damaged_error

        if (damage := damaged_error(exc, state.db)) is not None:
            console_err.print(f"[red]error[/red] {esc(damage)}", markup=True, highlight=False)
            sys.exit(2)
        first = str(exc).splitlines()[0] if str(exc) else ""
        console_err.print(f"[red]error[/red] NG000: {esc(exc.__class__.__name__)}: {esc(first[:300])} "
                          "(a bug in newsgraph: run again with --verbose for the trace and report it)")
        sys.exit(2)
    finally:
        store = state._store
        if store is not None:
            state._store = None
            store.close()
