"""check, dump, load: the knowledge base's integrity and its backup."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, console, console_err, db_label, esc, print_json, state


@app.command()
def check(as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False) -> None:
    """Check the knowledge base: foreign keys, orphans, counts, full-text index in sync.
    Exit code 0 when clean, 1 when a problem is found.

    Example: newsgraph check
    """
    from ..store.integrity import Problem, counts
    from ..store.integrity import check as run_check

    store = state.unverified_store()  # a damaged store is what check is for: report, do not refuse
    problems = run_check(store)
    try:
        with store.read() as conn:
            rows = counts(conn)
    except Exception as exc:  # noqa: BLE001 - a damaged file: the problems say why
        rows = {}
        problems.append(Problem("storage", f"cannot count the rows: {str(exc).splitlines()[0][:200]}"))
    if as_json:
        print_json({"db": db_label(), "clean": not problems, "counts": rows,
                    "problems": [{"check": p.check, "detail": p.detail, "count": p.count} for p in problems]})
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
