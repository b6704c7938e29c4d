"""check, dump, load: the knowledge base's integrity and its backup."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, console, console_err, db_label, esc, state


@app.command()
def check(as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False) -> None:
    """Check the knowledge base: foreign keys, orphans, counts, full-text index in sync.
    Exit code 0 when clean, 1 when a problem is found.

    Example: newsgraph check
    """
    from ..store.integrity import check as run_check
    from ..store.integrity import counts

    store = state.store
    problems = run_check(store)
    with store.read() as conn:
        rows = counts(conn)
    if as_json:
        print(json.dumps({"db": db_label(), "clean": not problems, "counts": rows,
                          "problems": [{"check": p.check, "detail": p.detail, "count": p.count}
                                       for p in problems]},
                         ensure_ascii=False, indent=1))
    else:
        console.print(f"{esc(db_label())}: " + ", ".join(f"{k} {v}" for k, v in rows.items()))
        for p in problems:
            console_err.print(f"[red]problem[/red] {esc(p)}")
        console.print("clean: no problem found" if not problems else f"{len(problems)} problem(s) found")
    if problems:
        raise typer.Exit(1)


@app.command()
def dump(file: Annotated[Path, typer.Argument(help="the dump to write (gzip JSON Lines, e.g. kb.ngdump.gz)")]
         ) -> None:
    """Write the whole knowledge base, analysts' decisions included, to one portable file.

    Example: newsgraph dump kb.ngdump.gz
    """
    from ..store.backup import dump as do_dump

    counts = do_dump(state.store, file)
    console.print(f"wrote {esc(file)}: {sum(counts.values())} rows (" +
                  ", ".join(f"{k} {v}" for k, v in counts.items() if v) + ")")


@app.command()
def load(
    file: Annotated[Path, typer.Argument(help="a file written by `newsgraph dump`")],
    replace: Annotated[bool, typer.Option("--replace", help="delete what the store holds first")] = False,
) -> None:
    """Load a dump into an empty knowledge base (all or nothing).

    Example: newsgraph --db restored.db load kb.ngdump.gz
    """
    from ..store.backup import load as do_load

    counts = do_load(state.store, file, replace=replace)
    console.print(f"loaded {esc(file)} into {esc(db_label())}: {sum(counts.values())} rows (" +
                  ", ".join(f"{k} {v}" for k, v in counts.items() if v) + ")")
