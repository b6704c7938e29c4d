"""The Typer app, the global options, and what the commands share."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer
from rich.console import Console

from ..settings import db_url

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  help="newsgraph: turn news reporting into a sourced knowledge base.")
console = Console(highlight=False)
console_err = Console(stderr=True, highlight=False)


@dataclass
class State:
    db: str | None = None
    _store = None

    @property
    def store(self):
        if self._store is None:
            from ..service import open_store

            self._store = open_store(self.db)
        return self._store


state = State()


@app.callback()
def _global(db: Annotated[str | None, typer.Option(
        "--db", help="knowledge base: a SQLite file (default newsgraph.db, or $NEWSGRAPH_DB) or a SQLAlchemy "
                     "URL such as postgresql://user@host/db")] = None) -> None:
    state.db = db
    state._store = None


def db_label() -> str:
    from ..store import safe_url

    return safe_url(db_url(state.db))


def esc(text) -> str:
    """Text for Rich output: article text never becomes markup."""
    from rich.markup import escape

    return escape("" if text is None else str(text))
