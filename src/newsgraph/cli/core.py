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
    from .watch import alerts_after_ingest  # watch: the alerts this ingest made
    alerts_after_ingest(report.new + report.versions + report.duplicates)
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
    actor: Annotated[str | None, typer.Option(help="only the facts this actor (name, alias or id) "
                                                   "takes part in")] = None,
    since: Annotated[str | None, typer.Option(help="only facts dated from (2023, 2023-06-14)")] = None,
    until: Annotated[str | None, typer.Option(help="only facts dated until")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="as known on this date")] = None,
) -> None:
    """Write the knowledge base to a file (the filters mean what they mean in the API: FactFilter).

    Example: newsgraph export --format json -o kb.json
    """
    from ..export import EXTENSIONS
    from ..export import export as do_export
    from ..kb.models import FactFilter

    flt = None
    if actor or since or until or as_of:
        from ..kb import read as kb

        with state.store.read() as conn:
            aid = kb.find_actor(conn, actor).id if actor else None
        flt = FactFilter(actor=aid, since=since, until=until, as_of=as_of)
    path = do_export(state.store, fmt, output or Path("export" + EXTENSIONS.get(fmt, ".json")), flt)
    console.print(f"wrote {esc(path)}")


@app.command()
def actors(
    type_: Annotated[str | None, typer.Option("--type", help="person, organization, location, group")] = None,
    limit: Annotated[int, typer.Option(min=1, help="rows at most")] = 200,
    offset: Annotated[int, typer.Option(min=0, help="rows to skip")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
) -> None:
    """List actors, most mentioned first (with how many there are in all)."""
    from ..kb import read as kb

    with state.store.read() as conn:
        page = kb.actors(conn, type_=type_, limit=limit, offset=offset)
    rows = [a.model_dump() for a in page["actors"]]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "type", "name", "also known as", "mentions", "docs", "links")
    for e in rows:
        other = [a for a in e["names"] if a != e["name"].lower()]
        table.add_row(esc(e["id"]), esc(e["type"]), esc(e["name"]), esc(", ".join(other[:6])),
                      str(e["mentions"]), str(e["documents"]), str(e["degree"]))
    console.print(table)
    console_err.print(f"{offset + 1 if rows else 0}-{offset + len(rows)} of {page['total']} actors")


@app.command()
def show(name: Annotated[str, typer.Argument(help="an actor's name, alias or id")],
         limit: Annotated[int, typer.Option(min=1, help="events at most")] = 50) -> None:
    """An actor's dossier: names, roles, ties and events, each with its sentence and source."""
    from ..kb import read as kb

    with state.store.read() as conn:
        d = kb.dossier(conn, name, events_limit=limit)
    a = d["actor"]
    names = {k: v["name"] for k, v in d["entities"].items()}
    console.print(f"[bold]{esc(a.name)}[/bold]  ({esc(a.type)}, {esc(a.id)}, {a.mentions} mentions "
                  f"in {a.documents} documents)")
    console.print("names: " + esc(", ".join(f"{n['name']} ({n['count']})" for n in d["names"])))
    if d["roles"]:
        console.print(f"\n[bold]roles[/bold] ({len(d['roles'])} of {d['roles_total']})")
        for r in d["roles"]:
            console.print(f"- {esc(names.get(r['person']))}: {esc(r['title'])} of "
                          f"{esc(names.get(r['organization']))} ({esc(r['status'])}) · {_voice(r)}")
            _evidence(r)
    if d["ties"]:
        console.print(f"\n[bold]ties[/bold] ({len(d['ties'])} of {d['ties_total']})")
        for t in d["ties"]:
            console.print(f"- {esc(names.get(t['source']))} {esc(t['kind'])} "
                          f"{esc(names.get(t['target']))} · {_voice(t)}")
            _evidence(t)
    if d["events"]:
        console.print(f"\n[bold]events[/bold] ({len(d['events'])} of {d['events_page']['total']}, "
                      "newest first)")
        for e in d["events"]:
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
    limit: Annotated[int, typer.Option(min=1, help="events at most")] = 200,
    offset: Annotated[int, typer.Option(min=0, help="events to skip")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """Events, oldest first, with their sources and evidence ("N of M" at the end).

    Example: newsgraph events --actor Khamenei --type REJECT --since 2023
    """
    from ..kb import read as kb
    from ..kb.models import FactFilter

    with state.store.read() as conn:
        aid = kb.find_actor(conn, actor).id if actor else None
        flt = FactFilter(actor=aid, category="event", kinds=[t.upper() for t in type_] if type_ else None,
                         since=since, until=until)
        page = kb.facts(conn, flt, limit=limit, offset=offset, order="asc")
    evs = page["facts"]
    if as_json:
        print_json(evs)
        return
    if not evs:
        console_err.print("no events match")
    names = {k: v["name"] for k, v in page["entities"].items()}
    for e in evs:
        _event_line(e, names)
    sys.stdout.flush()
    console_err.print(f"{len(evs)} of {page['total']} events")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="words, a name or part of one (spelling variants are found)")],
    type_: Annotated[str | None, typer.Option("--type", help="actors of this type only")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="hits at most, per list")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="hits to skip")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """Search actors' names and the sentences of the articles, with totals and facets.

    Example: newsgraph search "Qassem Soleimani"
    """
    from ..kb import read as kb

    with state.store.read() as conn:
        r = kb.search(conn, query, type_=type_, limit=limit, offset=offset)
    acts, sents = r["actors"], r["sentences"]
    if as_json:
        r["actors"]["actors"] = [a.model_dump() for a in acts["actors"]]
        print_json(r)
        return
    console.print(f"[bold]actors[/bold] ({len(acts['actors'])} of {acts['total']}; "
                  + ", ".join(f"{k} {v}" for k, v in acts.get("facets", {}).get("type", {}).items()) + ")")
    for a in acts["actors"]:
        console.print(f"- {esc(a.label)} · {a.mentions} mentions · {a.id}")
    console.print(f"[bold]sentences[/bold] ({len(sents['items'])} of {sents['total']})")
    for h in sents["items"]:
        outlet = h.get('publisher') or h.get('title') or h['document']
        console.print(f"- “{esc(h['text'].strip())}” — {esc(outlet)}"
                      f"{' (' + h['published'] + ')' if h.get('published') else ''}")
    sys.stdout.flush()


@app.command("kb-rebuild")
def kb_rebuild() -> None:
    """Recompute the read side's aggregates (prominence, edge weights, facts, contradictions) from the
    stored rows. The writer keeps them up to date; this is for a check or after a repair."""
    import time

    from ..kb import read as kb
    from ..store import aggregates

    t0 = time.perf_counter()
    with state.store.write() as conn:
        out = aggregates.rebuild(conn)
        t1 = time.perf_counter()
        kb.refresh_dirty(conn)
    t2 = time.perf_counter()
    console.print(f"aggregates rebuilt: {out['documents']} documents, {out['fact_rows']} fact rows, "
                  f"{out['actors']} actors in {t1 - t0:.1f}s; contradictions in {t2 - t1:.1f}s")
