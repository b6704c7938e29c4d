"""annotate, claims, contradictions: who says so, and how firmly."""
from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated, Literal

import typer

from ._app import app, console, console_err, esc, print_json, state


class SourceKind(str, Enum):
    reporter = "reporter"
    anonymous = "anonymous"
    named = "named"


class AnnotateFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    text = "text"


@app.command()
def annotate(
    paths: Annotated[list[str], typer.Argument(help="files, folders (recursive) or - for standard input")],
    fmt: Annotated[AnnotateFormat, typer.Option("--format", "-f",
                                                help="jsonl (one JSON object per sentence), "
                                                "json (one array) or text")] = AnnotateFormat.jsonl,
    max_bytes: Annotated[int | None, typer.Option("--max-bytes", help="size limit per document")] = None,
) -> None:
    """Attribution and hedging of every sentence, without storing anything.

    Offsets are character offsets into the document's text as ingested (the body for JSON Lines).

    Example: newsgraph annotate article.txt --format jsonl
    """
    from ..claims import annotate_paths
    from ..errors import InputError

    failed = 0
    rows = []
    for item in annotate_paths(paths, max_bytes=max_bytes):
        if isinstance(item, InputError):
            failed += 1
            console_err.print(f"[red]failed[/red] {esc(item)}")
            continue
        if fmt is AnnotateFormat.jsonl:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        elif fmt is AnnotateFormat.json:
            rows.append(item)
        else:
            _print_sentence(item)
    if fmt is AnnotateFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _print_sentence(s: dict) -> None:
    eff = s["effective"]
    who = eff["source"] + (f": {eff['speaker']}" if eff.get("speaker") else "") + \
        (f" ({eff['source_text']})" if eff.get("source_text") and eff["source"] != "named" else "") + \
        (" [carried]" if eff.get("carried") else "") + \
        (f" · hedged: {eff['hedge_cue']}" if eff.get("hedged") else "")
    console.print(f"[bold]{s['sentence']}[/bold] [{s['start']}:{s['end']}] {esc(who)}")
    console.print(f"    {esc(s['text'])}")
    for a in s["attributions"]:
        cue = a["cue"]["text"] if a.get("cue") else "?"
        console.print(f"    [dim]cue {esc(cue)!s} · source {esc(a['source'].get('text'))} "
                      f"({a['source']['kind']})"
                      f" · content “{esc((a['content'] or {}).get('text', ''))[:80]}”[/dim]")


@app.command()
def claims(
    actor: Annotated[str | None, typer.Option(
        help="an actor's name, alias or id: facts it takes part in")] = None,
    kind: Annotated[str | None, typer.Option(help="role, tie, event, or a PLOVER type / tie kind")] = None,
    source: Annotated[SourceKind | None, typer.Option(help="at least one voice of this kind says it")] = None,
    hedged: Annotated[bool | None, typer.Option("--hedged/--not-hedged",
                                                help="every voice hedges / at least one does not")] = None,
    min_confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0,
                                                         help="confidence at least")] = None,
    single_source: Annotated[bool, typer.Option("--single-source",
                                                help="facts resting on one unnamed source")] = False,
    speaker: Annotated[str | None, typer.Option(help="a named speaker (name, alias or id) says it")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="as known on this date (2023, 2023-06-14)")
                     ] = None,
    limit: Annotated[int, typer.Option(min=1, help="claims at most")] = 100,
    offset: Annotated[int, typer.Option(min=0, help="claims to skip")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """Every fact as a claim: what is said, who says it, how firmly, how many publishers, confidence.
    Newest first; the filters mean what they mean in the API (newsgraph.kb.models.FactFilter).

    Example: newsgraph claims --source anonymous --hedged --kind ACCUSE --limit 20
    """
    from .. import claims as lib
    from ..kb import read as kb
    from ..kb.models import FactFilter

    cats: dict[str, Literal["role", "tie", "event"]] = {"role": "role", "tie": "tie", "event": "event"}
    cat = cats.get(kind or "")
    with state.store.read() as conn:
        aid = kb.find_actor(conn, actor).id if actor else None
        flt = FactFilter(actor=aid, category=cat, kinds=[kind] if kind and not cat else None,
                         sources=[source.value] if source else None, hedged=hedged,
                         single_source=True if single_source else None,
                         anonymous_only=True if single_source else None, min_confidence=min_confidence,
                         speaker=kb.find_actor(conn, speaker).id if speaker else None, as_of=as_of)
        page = kb.facts(conn, flt, limit=limit, offset=offset)
    found = page["facts"]
    names = {k: v["name"] for k, v in page["entities"].items()}
    if as_json:
        print_json(found)
        return
    if not found:
        console_err.print("no claims match")
        return
    for f in found:
        console.print(f"- [bold]{esc(lib.statement(f, names))}[/bold] · {f['category']} {f['id']}")
        console.print(f"    {esc(lib.voice(f['attribution'], names))} · confidence {f['confidence']:.2f} · "
                      f"{f['corroboration']} independent source(s): {esc('; '.join(f['publishers']))}")
        for ev in f["evidence"][:3]:
            outlet = ev.get('publisher') or ev.get('title') or ev['document']
            console.print(f"    [dim]“{esc(ev['text'].strip())}” — {esc(outlet)}"
                          f" · {esc(lib.voice(ev.get('attribution') or {}, names))}[/dim]")
    sys.stdout.flush()
    at_least = "" if page.get("total_exact", True) else "at least "
    console_err.print(f"{len(found)} of {at_least}{page['total']} claims")


@app.command()
def contradictions(
    actor: Annotated[str | None, typer.Option(help="an actor's name, alias or id")] = None,
    kind: Annotated[str | None, typer.Option(help="negation, role_status, role_holder or date")] = None,
    limit: Annotated[int, typer.Option(min=1, help="contradictions at most")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="contradictions to skip")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """Facts that cannot both hold (stated and denied, current and former, two holders of one office,
    dates that differ), with both sides and their evidence; counts by kind, "N of M" at the end.

    Example: newsgraph contradictions --actor Khamenei --kind negation --limit 20
    """
    from .. import claims as lib
    from ..kb import read as kb

    with state.store.write() as conn:  # actors written since the last read: their contradictions first
        kb.refresh_dirty(conn)
    with state.store.read() as conn:
        aid = kb.find_actor(conn, actor).id if actor else None
        page = kb.contradictions(conn, actor=aid, kind=kind, limit=limit, offset=offset)
    found = page["contradictions"]
    names = {k: v["name"] for k, v in page["entities"].items()}
    if as_json:
        print_json(found)
        return
    if not found:
        console_err.print("no contradictions found")
        return
    for c in found:
        console.print(f"[bold]{c['id']} {c['kind']}:[/bold] {esc(c['reason'])} "
                      f"(among the facts of {esc(names.get(c['actor'], c['actor']))})")
        for label in ("a", "b"):
            side = c[label]
            console.print(f"  {label}) {esc(lib.statement(side, names))} · "
                          f"{esc(lib.voice(side['attribution'], names))}"
                          f" · confidence {side.get('confidence', 0):.2f}")
            for ev in side["evidence"][:3]:
                console.print(f"     [dim]“{esc(ev['text'].strip())}” — "
                              f"{esc(ev.get('publisher') or ev.get('title') or ev['document'])}"
                              f"{' (' + ev['published'] + ')' if ev.get('published') else ''}[/dim]")
    sys.stdout.flush()
    console_err.print(f"{len(found)} of {page['total']} contradictions ("
                      + ", ".join(f"{k} {v}" for k, v in sorted(page["groups"].items())) + ")")
