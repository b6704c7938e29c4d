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
    others: Annotated[list[str], typer.Argument(metavar="B [C ...]",
                                                help="the actors that are the same as A")],
    author: Annotated[str | None, AUTHOR] = None,
    reason: Annotated[str | None, REASON] = None,
    force: Annotated[bool, typer.Option("--force", help="merge even when their types differ")] = False,
) -> None:
    """B (and C ...) are A: their mentions and names move to A, for good (re-extraction keeps it; `undo`
    reverses each merge). A merged id goes on answering with A.

    Example: newsgraph merge "Esmail Qa'ani" "Ismail Ghaani" "Esmail Ghaani" --reason "one commander"
    """
    from ..resolve import judgements as j

    with state.store.write() as conn:
        done = j.merge_many(conn, [a, *others], author=_author(author), reason=reason, force=force)
    for r in done:
        console.print(f"judgement #{r['judgement']}: merged {r['merged']} into {r['entity']} "
                      f"({r['moved']} article actor(s) moved)")


@app.command()
def split(
    entity: Annotated[str, typer.Argument(help="the actor (id or name)")],
    name: Annotated[str, typer.Argument(help="the name whose mentions are someone else")],
    author: Annotated[str | None, AUTHOR] = None,
    reason: Annotated[str | None, REASON] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="show what would move; change nothing")] = False,
) -> None:
    """The mentions of ENTITY that go by NAME are another actor: they move to a new entity, and the
    matcher never puts NAME in ENTITY again. Only the mentions written NAME move: an article actor
    known by another name keeps its other mentions and its facts.

    Example: newsgraph split "Benjamin Netanyahu" "Benzion Netanyahu" --dry-run
    """
    from ..resolve import judgements as j

    with state.store.write() as conn:
        r = j.split(conn, entity, name, author=_author(author), reason=reason, dry_run=dry_run)
    if dry_run:
        console.print(f"dry run: nothing changed. {len(r['moves'])} article actor(s) of {r['entity']} "
                      "would move:")
        for m in r["moves"]:
            what = "the whole article actor" if m["whole"] else f"{len(m['mentions'])} mention(s)"
            console.print(f"  {m['doc_key']}: {what}: {esc(', '.join(m['mentions'][:6]))}")
        return
    console.print(f"judgement #{r['judgement']}: {esc(name)} is now {r['new_entity']}, "
                  f"apart from {r['entity']} "
                  f"({r['moved']} article actor(s), {r['moved_mentions']} other mention(s) moved)")


@app.command()
def suggestions(
    limit: Annotated[int, typer.Option(help="rows at most")] = 50,
    accept: Annotated[str | None, typer.Option("--accept", metavar="ID", help="merge this pair")] = None,
    reject: Annotated[str | None, typer.Option("--reject", metavar="ID", help="they are two actors")] = None,
    author: Annotated[str | None, AUTHOR] = None,
    reason: Annotated[str | None, REASON] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
) -> None:
    """Merge suggestions: pairs the matcher came close to merging, with the reasons. Accept one (a merge)
    or reject one (never suggested again); both are judgements `undo` reverses.

    Example: newsgraph suggestions --accept 'e1a2...~e3b4...'
    """
    from ..resolve import suggestions as sg

    if accept or reject:
        with state.store.write() as conn:
            r = sg.accept(conn, accept, author=_author(author), reason=reason) if accept else \
                sg.reject(conn, reject or "", author=_author(author), reason=reason)
        verb = "accepted: merged" if accept else "rejected: kept apart"
        console.print(f"judgement #{r['judgement']}: suggestion {esc(accept or reject or '')} {verb}")
        return
    with state.store.read() as conn:
        total, items = sg.suggestions(conn, limit=limit)
    if as_json:
        print_json({"total": total, "items": [i.as_dict() for i in items]})
        return
    if not items:
        console.print("no merge suggestions")
        return
    table = Table("id", "score", "a", "b", "reasons")
    for i in items:
        table.add_row(i.id, f"{i.score:.2f}", esc(f"{i.a['name']} ({i.a['type']})"),
                      esc(f"{i.b['name']} ({i.b['type']})"), esc("; ".join(i.reasons)))
    console.print(table)
    if total > len(items):
        console.print(f"{total - len(items)} more (--limit)")


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
