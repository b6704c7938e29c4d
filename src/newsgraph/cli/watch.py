"""feeds, poll, watch, watchlist, alerts: follow outlets and actors, and read what is new."""

from __future__ import annotations

import json
import logging
import sys
from typing import Annotated

import typer

from ._app import app, console, console_err, esc, state

feeds_app = typer.Typer(no_args_is_help=True, help="Feeds followed: add, list, remove.")
watchlist_app = typer.Typer(no_args_is_help=True, help="Actors watched: add, remove, show, rules.")
app.add_typer(feeds_app, name="feeds")
app.add_typer(watchlist_app, name="watchlist")

Every = Annotated[str, typer.Option("--every", help="time between polls: 90s, 15m, 2h, 1d")]
Delay = Annotated[float, typer.Option("--delay", min=0.0, help="seconds between two requests to one host")]
MaxBytes = Annotated[int | None, typer.Option("--max-bytes", help="size limit of a feed or page")]
Timeout = Annotated[
    float, typer.Option("--timeout", min=0.1, help="seconds to connect and between two chunks")
]


def _log_to_stderr() -> None:
    logger = logging.getLogger("newsgraph.watch")
    if not logger.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        logger.addHandler(h)
        logger.setLevel(logging.WARNING)
        logger.propagate = False


# ---------------------------------------------------------------- feeds
@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="the RSS or Atom feed's URL")],
    name: Annotated[
        str | None, typer.Option("--name", help="how to call it (default: the feed's title)")
    ] = None,
) -> None:
    """Follow a feed. Example: newsgraph feeds add https://example.org/world.rss --name Example"""
    from ..watch.feeds import add_feed

    f = add_feed(state.store, url, name)
    console.print(f"following feed {f['id']}: {esc(f['name'] or f['url'])}")


@feeds_app.command("list")
def feeds_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
) -> None:
    """The feeds followed, with their health: last poll, failures in a row, items ingested."""
    from rich.table import Table

    from ..watch.feeds import list_feeds

    with state.store.read() as conn:
        rows = list_feeds(conn)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        console_err.print("no feeds: add one with `newsgraph feeds add URL`")
        return
    table = Table(
        "id",
        "name",
        "url",
        "health",
        "last poll",
        "failures in a row",
        "ingested",
        "item failures",
        "last error",
    )
    for f in rows:
        table.add_row(
            str(f["id"]),
            esc(f["name"] or ""),
            esc(f["url"]),
            f["health"],
            f["last_poll"] or "never",
            str(f["failures"]),
            str(f["ingested"]),
            str(f["item_failures"]),
            esc((f["last_error"] or "")[:80]),
        )
    console.print(table)


@feeds_app.command("remove")
def feeds_remove(feed: Annotated[str, typer.Argument(help="the feed's id, URL or name")]) -> None:
    """Stop following a feed (the articles it brought stay)."""
    from ..watch.feeds import remove_feed

    f = remove_feed(state.store, feed)
    console.print(f"no longer following feed {f['id']}: {esc(f['name'] or f['url'])}")


# ---------------------------------------------------------------- poll / watch
def _print_round(cycle, *, quiet: bool = False) -> None:
    rep = cycle.poll
    for f in rep.feeds:
        if f.status == "failed":
            console_err.print(f"[red]feed failed[/red] {esc(f.error)}")
        for e in f.errors:
            console_err.print(f"[yellow]item failed[/yellow] {esc(e)}")
    console.print(
        f"feeds: {len(rep.feeds)} polled, {sum(f.status == 'not-modified' for f in rep.feeds)} unchanged, "
        f"{rep.failed_feeds} failed · items: {rep.new} new, {sum(f.skipped for f in rep.feeds)} seen, "
        f"{rep.failed_items} failed · alerts: {len(cycle.alerts)} new"
        + (" · stopped early" if rep.stopped else "")
    )
    if not quiet:
        for a in cycle.alerts:
            console.print(
                f"  [bold]{esc(a['statement'])}[/bold] · {a['kind']} · confidence {a['confidence']:.2f}"
            )


def _fetcher(delay: float, max_bytes: int | None, timeout: float):
    from ..watch.fetch import Fetcher

    return Fetcher(host_delay=delay, max_bytes=max_bytes, timeout=timeout, deadline=max(timeout * 3, 30.0))


@app.command()
def poll(
    delay: Delay = 1.0,
    max_bytes: MaxBytes = None,
    timeout: Timeout = 10.0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes")] = 1,
    webhook_wait: Annotated[
        float,
        typer.Option("--webhook-wait", min=0.0, help="seconds to wait for webhook deliveries at the end"),
    ] = 15.0,
) -> None:
    """Poll every feed once: ingest the new items, then show the new alerts.

    Example: newsgraph poll
    """
    from ..watch.loop import StopOnSignal, one_round
    from ..watch.webhook import Deliverer

    _log_to_stderr()
    store = state.store
    deliverer = Deliverer(store)
    try:
        with StopOnSignal() as stop, _fetcher(delay, max_bytes, timeout) as fetcher:
            cycle = one_round(store, fetcher=fetcher, stop=stop, deliverer=deliverer, workers=workers)
        _print_round(cycle)
        deliverer.drain(webhook_wait)  # this poll's alerts to the webhooks; what is left retries next time
    finally:
        deliverer.stop()
    if cycle.poll.failed_feeds and cycle.poll.failed_feeds == len(cycle.poll.feeds):
        raise typer.Exit(1)


@app.command("watch")
def watch_loop(
    every: Every = "15m",
    delay: Delay = 1.0,
    max_bytes: MaxBytes = None,
    timeout: Timeout = 10.0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes")] = 1,
    rounds: Annotated[int | None, typer.Option("--rounds", min=1, help="stop after N polls")] = None,
) -> None:
    """Poll the feeds every so often until Ctrl-C or SIGTERM; alerts after each poll.

    Stops cleanly: the item in hand is finished, and the next run resumes without duplicates or gaps.
    Example: newsgraph watch --every 15m
    """
    from ..watch.loop import StopOnSignal, parse_duration, run
    from ..watch.webhook import Deliverer

    seconds = parse_duration(every)
    _log_to_stderr()
    store = state.store
    deliverer = Deliverer(store)
    console_err.print(f"watching {_feed_count()} feed(s) every {esc(every)}; Ctrl-C to stop")
    try:
        with StopOnSignal() as stop, _fetcher(delay, max_bytes, timeout) as fetcher:
            n = run(
                store,
                seconds,
                fetcher=fetcher,
                stop=stop,
                deliverer=deliverer,
                rounds=rounds,
                on_round=_print_round,
                workers=workers,
            )
    finally:
        deliverer.stop()
    console_err.print(f"stopped after {n} poll(s); the next run resumes where this one ended")


def _feed_count() -> int:
    from ..watch.feeds import list_feeds

    with state.store.read() as conn:
        return len(list_feeds(conn))


# ---------------------------------------------------------------- watch lists
ListName = Annotated[str, typer.Option("--list", help="the watch list's name")]


@watchlist_app.command("add")
def watchlist_add(
    actor: Annotated[str, typer.Argument(help="an actor's name, alias or id")],
    list_name: ListName = "default",
) -> None:
    """Watch an actor: alerts on the new facts about it from now on.

    Example: newsgraph watchlist add "Qais al-Khazali" --list militias
    """
    from ..watch.alerts import watch

    r = watch(state.store, actor, list_name)
    console.print(
        f"{'watching' if r['added'] else 'already watching'} {esc(r['name'])} ({r['entity']}) "
        f"on the list {esc(r['list'])}"
    )


@watchlist_app.command("remove")
def watchlist_remove(
    actor: Annotated[str, typer.Argument(help="an actor's name, alias or id")],
    list_name: Annotated[str | None, typer.Option("--list", help="only this list")] = None,
) -> None:
    """Stop watching an actor (on one list, or on all)."""
    from ..watch.alerts import unwatch

    n = unwatch(state.store, actor, list_name)
    console.print(f"removed {n} watch entr{'y' if n == 1 else 'ies'}")
    if not n:
        raise typer.Exit(1)


@watchlist_app.command("show")
def watchlist_show(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """Every watch list with its rules and actors."""
    from ..watch.alerts import watchlists

    with state.store.read() as conn:
        lists = watchlists(conn)
    if as_json:
        print(json.dumps(lists, ensure_ascii=False, indent=1))
        return
    if not lists:
        console_err.print("no watch lists: add an actor with `newsgraph watchlist add ACTOR`")
        return
    for w in lists:
        console.print(f"[bold]{esc(w['name'])}[/bold] · {_rules_text(w)}")
        for a in w["actors"]:
            console.print(f"  - {esc(a['name'])} ({a['entity']}){' [gone]' if a['gone'] else ''}")


def _rules_text(w: dict) -> str:
    bits = [
        f"confidence ≥ {w['min_confidence']:.2f}",
        "sources: " + (", ".join(w["sources"]) or "all"),
        f"hedged: {w['hedged']}",
    ]
    if w["corroborated_only"]:
        bits.append("corroborated only")
    if w["webhook"]:
        bits.append(f"webhook {w['webhook']}")
    return " · ".join(bits)


@watchlist_app.command("rules")
def watchlist_rules(
    list_name: Annotated[str, typer.Argument(help="the watch list's name")] = "default",
    min_confidence: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="alert on facts this confident")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="reporter, named, anonymous; repeat")
    ] = None,
    all_sources: Annotated[bool, typer.Option("--all-sources", help="every kind of source again")] = False,
    hedged: Annotated[str | None, typer.Option(help="any | only | no")] = None,
    corroborated_only: Annotated[
        bool | None,
        typer.Option(
            "--corroborated-only/--any-corroboration", help="only facts with two independent sources"
        ),
    ] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST each alert as JSON to this URL ('' to stop)")
    ] = None,
) -> None:
    """Set a list's rules.

    Example: newsgraph watchlist rules militias --min-confidence 0.6 --corroborated-only
    """
    from ..watch.alerts import set_rules

    w = set_rules(
        state.store,
        list_name,
        min_confidence=min_confidence,
        sources=[] if all_sources else source,
        hedged=hedged,
        corroborated_only=corroborated_only,
        webhook=webhook,
    )
    console.print(f"{esc(w['name'])}: {_rules_text(w)}")


# ---------------------------------------------------------------- alerts
WEBHOOK_WAIT_AFTER_INGEST = 5.0  # seconds an ingest gives the webhooks before it exits


def alerts_after_ingest(changed: int) -> None:
    """After `ingest`: diff the knowledge base for the watch lists (when there are any), say how many
    alerts it made, and hand them to the lists' webhooks. The articles are stored by then, so delivery
    holds up nothing; it is given a few seconds, and what is not sent by then (a slow or failing hook)
    is retried by the next `poll` or `watch`."""
    from ..watch.alerts import has_watches, refresh
    from ..watch.webhook import Deliverer

    if not changed or not has_watches(state.store):
        return
    made = refresh(state.store)
    if made:
        console.print(f"alerts: {len(made)} new about watched actors (`newsgraph alerts` shows them)")
        deliverer = Deliverer(state.store)
        try:
            deliverer.drain(WEBHOOK_WAIT_AFTER_INGEST)
        finally:
            deliverer.stop()


@app.command()
def alerts(
    since: Annotated[
        str | None, typer.Option(help="since an ISO date/time or for a duration back: 24h, 7d")
    ] = None,
    list_name: Annotated[str | None, typer.Option("--list", help="only this watch list")] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="every alert, not only those not shown before")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """New facts about the actors watched, grouped by actor, each with its sentence, source and confidence.

    Without --since or --all: the alerts not shown before (after an ingest, the knowledge base is
    compared first). Example: newsgraph alerts --since 24h
    """
    from ..watch.alerts import cursor, digest, list_alerts, parse_since, refresh, set_cursor

    store = state.store
    when = parse_since(since)
    refresh(store)
    with store.read() as conn:
        after = None if (since or show_all) else cursor(conn)
        found = list_alerts(conn, since=when, after_id=after, list_name=list_name, limit=100_000)
    if found and not (since or show_all) and not list_name:
        set_cursor(store, max(a["id"] for a in found))
    if as_json:
        print(json.dumps(found, ensure_ascii=False, indent=1, default=str))
        return
    if not found:
        console_err.print("no new alerts")
        return
    for eid, name, items in digest(found):
        console.print(f"[bold]{esc(name)}[/bold] ({eid}) · {len(items)} alert(s)")
        for a in items:
            console.print(
                f"  - {esc('[' + a['kind'] + ']')} {esc(a['statement'])} · "
                f"confidence {a['confidence']:.2f} · "
                f"{esc(a.get('voice') or a.get('source'))} · {a.get('corroboration', 1)} source(s)"
            )
            if a.get("sentence"):
                console.print(
                    f"      [dim]“{esc(a['sentence'].strip())}” — "
                    f"{esc(a.get('publisher') or a.get('title') or a.get('document'))}"
                    f"{' (' + a['published'] + ')' if a.get('published') else ''}[/dim]"
                )
            if a.get("url"):
                console.print(f"      [dim]{esc(a['url'])} · evidence: {esc(a['link'])}[/dim]")
    sys.stdout.flush()
