"""merge, split, alias add|remove, judgements, undo: the analyst's decisions about actors."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ._app import app, console, esc, print_json, state

AUTHOR = typer.Option("--author", help="who decides (default: $USER)")
REASON = typer.Option("--reason", help="why, in a few words (kept with the decision)")

alias_app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                        help="Give an actor a name, or take one away.")
app.add_typer(alias_app, name="alias")


def _author(author: str | None) -> str:
    from ..resolve.judgements import default_author

    return author or default_author()


@app.command()
def merge(
    a: Annotated[str, typer.Argument(help="the actor that stays (id or name)")],
    b: Annotated[str, typer.Argument(help="the actor that is the same as A (id or name)")],
    author: Annotated[str | None, AUTHOR] = None,
    reason: Annotated[str | None, REASON] = None,
    force: Annotated[bool, typer.Option("--force", help="merge even when their types differ")] = False,
) -> None:
    """B is A: B's mentions and names move to A, for good (re-extraction keeps it; `undo` reverses it).

    Example: newsgraph merge "Esmail Qa'ani" "Ismail Ghaani" --reason "same Quds Force commander"
    """
    from ..resolve import judgements as j

    with state.store.write() as conn:
        r = j.merge(conn, a, b, author=_author(author), reason=reason, force=force)
    console.print(f"judgement #{r['judgement']}: merged {r['merged']} into {r['entity']} "
                  f"({r['moved']} article actor(s) moved)")


@app.command()
def split(
    entity: Annotated[str, typer.Argument(help="the actor (id or name)")],
    name: Annotated[str, typer.Argument(help="the name whose mentions are someone else")],
    author: Annotated[str | None, AUTHOR] = None,
    reason: Annotated[str | None, REASON] = None,
) -> None:
    """The mentions of ENTITY that go by NAME are another actor: they move to a new entity, and the
    matcher never puts NAME in ENTITY again.

    Example: newsgraph split e3f1c2a9b0d4e5f6a "Ali Al-Sistani" --reason "two clerics merged"
    """
    from ..resolve import judgements as j

    with state.store.write() as conn:
        r = j.split(conn, entity, name, author=_author(author), reason=reason)
    console.print(f"judgement #{r['judgement']}: {esc(name)} is now {r['new_entity']}, "
                  f"apart from {r['entity']} "
                  f"({r['moved']} article actor(s) moved)")


@alias_app.command("add")
def alias_add(
    entity: Annotated[str, typer.Argument(help="the actor (id or name)")],
    name: Annotated[str, typer.Argument(help="the name it also goes by")],
    author: Annotated[str | None, AUTHOR] = None,
    reason: Annotated[str | None, REASON] = None,
) -> None:
    """ENTITY also goes by NAME (an actor of a later article called NAME is resolved to it).

    Example: newsgraph alias add "Abdulaziz Al-Muhammadawi" "Abu Fadak"
    """
    from ..resolve import judgements as j

    with state.store.write() as conn:
        r = j.alias_add(conn, entity, name, author=_author(author), reason=reason)
    console.print(f"judgement #{r['judgement']}: {r['entity']} also goes by {esc(r['name'])}")


@alias_app.command("remove")
def alias_remove(
    entity: Annotated[str, typer.Argument(help="the actor (id or name)")],
    name: Annotated[str, typer.Argument(help="the name it does not go by")],
    author: Annotated[str | None, AUTHOR] = None,
    reason: Annotated[str | None, REASON] = None,
) -> None:
    """ENTITY does not go by NAME: the name is no longer shown or matched for it.

    Example: newsgraph alias remove "Popular Mobilization Units" "Hashd"
    """
    from ..resolve import judgements as j

    with state.store.write() as conn:
        r = j.alias_remove(conn, entity, name, author=_author(author), reason=reason)
    console.print(f"judgement #{r['judgement']}: {r['entity']} no longer goes by {esc(r['name'])}")


@app.command()
def judgements(
    active: Annotated[bool, typer.Option("--active", help="only decisions in force (not undone)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
) -> None:
    """The analysts' decisions: what, who, when, why, and whether undone."""
    from ..resolve import judgements as j

    with state.store.read() as conn:
        rows = j.list_judgements(conn, include_undone=not active)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no judgements yet")
        return
    table = Table("id", "decision", "author", "when", "reason", "state")
    for r in rows:
        state_ = f"undone {r['undone_at'][:16]}" + (f" by {r['undone_by']}" if r.get("undone_by") else "") \
            if r["undone_at"] else "in force"
        table.add_row(str(r["id"]), esc(j.describe(r)), esc(r["author"]), (r["created_at"] or "")[:16],
                      esc(r["reason"] or ""), state_)
    console.print(table)


@app.command()
def undo(
    judgement_id: Annotated[int, typer.Argument(metavar="ID",
                                                help="the judgement's number (`newsgraph judgements`)")],
    author: Annotated[str | None, AUTHOR] = None,
) -> None:
    """Reverse a decision; it stays listed, marked undone."""
    from ..resolve import judgements as j

    with state.store.write() as conn:
        r = j.undo(conn, judgement_id, author=_author(author))
    console.print(f"judgement #{r['judgement']} ({r['kind']}) undone"
                  + (f"; {r['moved_back']} article actor(s) moved back" if r["moved_back"] else ""))
