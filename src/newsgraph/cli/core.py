"""ingest, export, actors, show, events."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ._app import app, console, console_err, esc, lines, print_json, state


def freeze_model() -> None:
    """Load the spaCy model and move it, and whatever else is alive now, out of the garbage
    collector's view. The model is hundreds of thousands of long-lived Python objects that every full
    collection would walk again (about 4 ms per article over an ingest); they are never garbage, and
    later objects are collected as usual. Only a process that newsgraph itself runs to extract does
    this (this command, the extraction workers): a library user's process keeps its collector."""
    import gc

    from ..nlp import load_model

    load_model()
    gc.collect()
    gc.freeze()


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="files, folders (recursive) or - for standard input")],
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes")] = 1,
    ray: Annotated[str | None, typer.Option("--ray",
                                            help="extract on a Ray cluster: ADDRESS or 'local'")] = None,
    max_bytes: Annotated[int | None, typer.Option("--max-bytes", help="size limit per document")] = None,
) -> None:
    """Read articles (plain text, HTML, JSON Lines), extract, and store them.

    Example: newsgraph ingest ../shared/seeds/ articles.jsonl
    """
    from ..ingest import iter_files
    from ..service import ingest_paths

    store = state.store
    if workers <= 1 and not ray:  # this process extracts: its model is long-lived
        freeze_model()
    total = sum(1 for _ in iter_files(paths))
    with Progress(TextColumn("[bold]ingest[/bold]"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(), console=console_err, transient=False,
                  disable=not console_err.is_terminal) as bar:
        task = bar.add_task("", total=None if total == 1 else None)

        def progress(label: str, outcome: str) -> None:
            bar.update(task, advance=1, description=esc(f"{outcome}: {Path(label).name}"[:60]))

        report = ingest_paths(store, paths, max_bytes=max_bytes, progress=progress, workers=workers, ray=ray)
    show = lines if os.environ.get("NEWSGRAPH_VERBOSE") else esc  # a trace has lines; a message is one
    for w in report.warnings:
        console_err.print(f"[yellow]warning[/yellow] {show(w)}")
    for e in report.errors:
        console_err.print(f"[red]failed[/red] {show(e)}")
    console.print(f"documents: {report.new} new, {report.versions} new versions, "
                  f"{report.unchanged} unchanged, {report.duplicates} near-duplicates, "
                  f"{report.failed} failed · entities {report.entities} · "
                  f"roles {report.roles} · events {report.events}")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="json (the full knowledge base), graphml or gexf (the "
                                     "actor network for Gephi), csv (one table per kind, zipped), ftm "
                                     "(FollowTheMoney entities for Aleph), stix (a STIX 2.1 bundle)")
                   ] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="file to write (default export.<format>)")] = None,
) -> None:
    """Write the knowledge base to a file.

    Example: newsgraph export --format json -o kb.json
    """
    from ..export import EXTENSIONS
    from ..export import export as do_export

    path = do_export(state.store, fmt, output or Path("export" + EXTENSIONS.get(fmt, ".json")))
    console.print(f"wrote {esc(path)}")


@app.command()
def actors(
    type_: Annotated[str | None, typer.Option("--type", help="person, organization, location")] = None,
    limit: Annotated[int, typer.Option(help="rows at most")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
) -> None:
    """List actors, most mentioned first."""
    from ..store import queries

    with state.store.read() as conn:
        ents = queries.entities(conn, with_mentions=False)
    ents = [e for e in ents
            if e["type"] in ("person", "organization", "location") and (not type_ or e["type"] == type_)]
    ents.sort(key=lambda e: (-e["mention_count"], e["name"]))
    ents = ents[:limit]
    if as_json:
        print_json(ents)
        return
    table = Table("id", "type", "name", "also known as", "mentions", "docs")
    for e in ents:
        other = [a for a in e["aliases"] if a != e["name"]]
        table.add_row(esc(e["id"]), esc(e["type"]), esc(e["name"]), esc(", ".join(other[:6])),
                      str(e["mention_count"]),
                      str(len(e["documents"])))
    console.print(table)


@app.command()
def show(name: Annotated[str, typer.Argument(help="an actor's name, alias or id")]) -> None:
    """An actor's dossier: names, roles, ties and events, each with its sentence and source."""
    from ..resolve.keys import fold
    from ..store import queries

    with state.store.read() as conn:
        ent = queries.find_entity(conn, name, fold(name))
        roles = [r for r in queries.roles(conn) if ent["id"] in (r["person"], r["organization"])]
        ties = [t for t in queries.ties(conn) if ent["id"] in (t["source"], t["target"])]
        events = queries.events(conn, actor=ent["id"])
        names = {e["id"]: e["name"] for e in queries.entities(conn, with_mentions=False)}
    console.print(f"[bold]{esc(ent['name'])}[/bold]  ({esc(ent['type'])}, {esc(ent['id'])}, "
                  f"{ent['mention_count']} mentions)")
    console.print("names: " + esc(", ".join(ent["aliases"])))
    if roles:
        console.print("\n[bold]roles[/bold]")
        for r in roles:
            console.print(f"- {esc(names.get(r['person']))}: {esc(r['title'])} of "
                          f"{esc(names.get(r['organization']))} ({esc(r['status'])}) · {_voice(r)}")
            _evidence(r)
    if ties:
        console.print("\n[bold]ties[/bold]")
        for t in ties:
            console.print(f"- {esc(names.get(t['source']))} {esc(t['kind'])} "
                          f"{esc(names.get(t['target']))} · {_voice(t)}")
            _evidence(t)
    if events:
        console.print("\n[bold]events[/bold]")
        for e in events:
            _event_line(e, names)


def _voice(f: dict) -> str:
    a = f["attribution"]
    s = esc(a["source"]) + (" (hedged: " + esc(a.get("hedge_cue") or "") + ")" if a.get("hedged") else "")
    return f"{s} · confidence {f.get('confidence', 0):.2f} · {f.get('corroboration', 1)} source(s)"


def _evidence(f: dict) -> None:
    for ev in f["evidence"][:3]:
        quote = " ".join(ev["text"].split())  # a sentence on one line, whatever its line breaks
        outlet = ev.get("publisher") or ev.get("title") or ev["document"]
        console.print(f"    [dim]“{esc(quote)}” — {esc(outlet)}[/dim]")


def _event_line(e: dict, names: dict) -> None:
    src = ", ".join(esc(names.get(x, x)) for x in e["source"]) or "?"
    tgt = ", ".join(esc(names.get(x, x)) for x in e["target"]) or "?"
    when = f" [{esc(e['time'])}]" if e.get("time") else ""
    neg = " (negated)" if e.get("negated") else ""
    console.print(f"- {esc(e['type'])}{neg}{when}: {src} → {tgt} · {_voice(e)}")
    _evidence(e)


@app.command()
def events(
    actor: Annotated[str | None, typer.Option(help="an actor's name or id")] = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="PLOVER type; repeat for several")] = None,
    since: Annotated[str | None, typer.Option(help="ISO date or partial date")] = None,
    until: Annotated[str | None, typer.Option(help="ISO date or partial date")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """Events, with their sources and evidence.

    Example: newsgraph events --actor Khamenei --type REJECT --since 2023
    """
    from ..resolve.keys import fold
    from ..store import queries

    with state.store.read() as conn:
        aid = queries.find_entity(conn, actor, fold(actor))["id"] if actor else None
        evs = queries.events(conn, actor=aid, types=[t.upper() for t in type_] if type_ else None,
                             since=since, until=until)
        names = {e["id"]: e["name"] for e in queries.entities(conn, with_mentions=False)}
    if as_json:
        for e in evs:
            e.pop("attributions", None)
        print_json(evs)
        return
    if not evs:
        console_err.print("no events match")
    for e in evs:
        _event_line(e, names)
    sys.stdout.flush()
