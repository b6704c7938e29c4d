"""The Typer app, the global options, and what the commands share."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer
from rich.console import Console

from ..settings import db_url

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="newsgraph: turn news reporting into a sourced knowledge base.")
# soft_wrap: a line is never cut at the terminal's (or, piped, at 80) columns: one error, one line
console = Console(highlight=False, soft_wrap=True)
console_err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class State:
    db: str | None = None
    _store = None

    @property
    def store(self):
        """The store, refused (NG203) when SQLite's quick_check finds it damaged."""
        if self._store is None:
            from ..service import open_store

            self._store = open_store(self.db)
        return self._store

    def close(self) -> None:
        """Close the store: on SQLite this checkpoints the WAL into the .db file (see Store.close)."""
        store, self._store = self._store, None
        if store is not None:
            store.close()

    def unverified_store(self):
        """The store even when damaged: for `check`, which reports the damage."""
        if self._store is None:
            from ..store import open_store

            self._store = open_store(self.db, verify=False)
        return self._store


state = State()


@app.callback()
def _global(ctx: typer.Context, db: Annotated[str | None, typer.Option(
        "--db", help="knowledge base: a SQLite file (default newsgraph.db, or $NEWSGRAPH_DB) or a SQLAlchemy "
                     "URL such as postgresql://user@host/db")] = None,
        verbose: Annotated[bool, typer.Option(
            "--verbose", help="full traces with errors and warnings (also in worker processes)")] = False,
) -> None:
    import os

    state.db = db
    state._store = None
    ctx.call_on_close(state.close)  # however the command ends, the store file is left whole
    if verbose:
        os.environ["NEWSGRAPH_VERBOSE"] = "1"


def db_label() -> str:
    from ..store import safe_url

    return safe_url(db_url(state.db))


def esc(text) -> str:
    """Text for Rich output: article text never becomes markup, and no control character (an ESC
    sequence, a newline that forges a line of its own, a bidi override) reaches the terminal: each
    is shown as its escape (``\\x1b``, ``\\n``, ``\\u202e``)."""
    from rich.markup import escape

    return escape(visible("" if text is None else str(text)))


def lines(text) -> str:
    """Text of several lines (a trace) for Rich output: each line escaped as :func:`esc` does."""
    return "\n".join(esc(line) for line in str(text).splitlines())


def visible(text: str) -> str:
    """``text`` with every control, zero-width and bidi character written as its Python escape."""
    return text.translate(_VISIBLE)


def print_json(obj) -> None:
    """JSON on standard output. JSON escapes C0 controls itself; C1 controls, DEL, bidi and
    zero-width characters are escaped too (``\\u009b`` is still valid JSON), so none reaches a
    terminal raw."""
    import json

    text = json.dumps(obj, ensure_ascii=False, indent=1, default=str)
    print(text.translate(_JSON_ESCAPES))


def _escapes() -> tuple[dict[int, str], dict[int, str]]:
    from ..model import INVISIBLE

    codes = [*range(0x00, 0x20), *range(0x7F, 0xA0), *(ord(c) for c in INVISIBLE), *range(0xD800, 0xE000)]
    vis = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in codes}
    vis[ord("\t")], vis[ord("\n")], vis[ord("\r")] = "\\t", "\\n", "\\r"
    js = {c: f"\\u{c:04x}" for c in codes if c >= 0x7F}
    return vis, js


_VISIBLE, _JSON_ESCAPES = _escapes()
