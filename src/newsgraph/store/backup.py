"""Dump and load a whole knowledge base: a portable, exact copy, analysts' judgements included.

The file is gzip-compressed JSON Lines, readable with ``zcat``:

    {"format": "newsgraph-dump", "version": 1, "schema_version": 2, "tables": {"documents": 12, ...}}
    {"t": "documents", "r": {"id": "d...", "text": "...", "published": "2023-11-07", ...}}
    ...
    {"end": true, "rows": 1234}

One line per row, tables parents first, rows in primary-key order; dates and times as ISO strings.
Ids are kept, so a loaded store answers every query (and every URL of the API) as the original did.
The full-text index is rebuilt by the store's own triggers as the sentences are loaded.

``load`` goes into an empty store (``replace=True`` empties it first), in one transaction: a
truncated or damaged file changes nothing.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import base64

from sqlalchemy import (
    Boolean, Connection, Date, DateTime, Float, Integer, LargeBinary, MetaData, Table, delete, func, inspect, select,
    update,
)
from sqlalchemy.schema import sort_tables

from ..errors import ConfigError
from . import Store
from . import schema as s
from .migrations import current_version

FORMAT = "newsgraph-dump"
VERSION = 1
_BATCH = 1000


def tables(conn: Connection) -> list[Table]:
    """Every data table of the store, parents before children: the shared schema's tables and any
    other a migration created (read from the database itself, so no module's table is forgotten).
    Migration bookkeeping and the full-text index (rebuilt by triggers) are not data."""
    names = set(inspect(conn).get_table_names())
    skip = {"schema_migrations"}
    if conn.dialect.name == "sqlite":
        for (vt,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"):
            skip |= {n for n in names if n == vt or n.startswith(vt + "_")}
    names -= skip
    known = {t.name: t for t in s.metadata.sorted_tables if t.name in names}
    other = sorted(names - set(known))
    if other:
        reflected = MetaData()
        reflected.reflect(bind=conn, only=other, extend_existing=True)
        extra = [reflected.tables[n] for n in other]
    else:
        extra = []
    return sort_tables(list(known.values()) + extra)


def dump(store: Store, path: str | Path) -> dict[str, int]:
    """Write the whole knowledge base to ``path`` (gzip JSON Lines); return rows per table.
    One read transaction: a concurrent ingest is either wholly in the dump or not at all."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with store.read() as conn:
        ts = tables(conn)
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar() or 0 for t in ts}
        header = {"format": FORMAT, "version": VERSION, "schema_version": current_version(conn),
                  "dialect": conn.dialect.name, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                  "tables": counts}
        total = 0
        with gzip.open(tmp, "wt", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(header, ensure_ascii=False) + "\n")
            for t in ts:
                for row in conn.execute(select(t).order_by(*t.primary_key.columns or t.columns)):
                    fh.write(json.dumps({"t": t.name, "r": _encode(t, row._mapping)}, ensure_ascii=False) + "\n")
                    total += 1
            fh.write(json.dumps({"end": True, "rows": total}) + "\n")
    tmp.replace(path)  # a dump interrupted half-way never takes the name of a finished one
    return counts


def load(store: Store, path: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Load a dump into ``store`` in one transaction; return rows per table.
    The store must be empty unless ``replace``: then its data is deleted first (in the same transaction)."""
    lines = _lines(Path(path))
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ConfigError(f"{path}: not a newsgraph dump")
    if header.get("version") != VERSION:
        raise ConfigError(f"{path}: dump format version {header.get('version')} is not supported (this is {VERSION})")
    with store.write() as conn:
        by_name = {t.name: t for t in tables(conn)}
        missing = sorted(set(header.get("tables", {})) - set(by_name))
        if missing:
            raise ConfigError(f"{path}: this store has no table {', '.join(missing)}",
                              hint="load with the newsgraph version that wrote the dump, or a newer one")
        have = current_version(conn)
        if (header.get("schema_version") or 0) > have:
            raise ConfigError(f"{path}: made by a newer newsgraph (schema {header['schema_version']}, "
                              f"this store has {have})", hint="upgrade newsgraph, then load")
        if replace:
            _empty(conn, list(by_name.values()))
        elif (nonempty := [t.name for t in by_name.values() if conn.execute(select(t).limit(1)).first()]):
            raise ConfigError(f"the store is not empty ({', '.join(nonempty)})",
                              hint="load into a new --db, or pass --replace to delete what it holds")
        loaded = {name: 0 for name in by_name}
        later: dict[str, list[tuple[dict, dict]]] = {}  # self-references, set once every row is in
        batch: list[dict] = []
        table: Table | None = None
        ended = False
        for rec in lines:
            if rec.get("end"):
                ended = rec.get("rows") == sum(loaded.values())
                if not ended:
                    raise ConfigError(f"{path}: the dump says {rec.get('rows')} rows, it holds {sum(loaded.values())}")
                break
            t = by_name.get(rec.get("t"))
            if t is None:
                raise ConfigError(f"{path}: unknown table {rec.get('t')!r}")
            if t is not table:
                _flush(conn, table, batch)
                table, batch = t, []
            row = _decode(t, rec["r"], path)
            selfref = _self_refs(t)
            if selfref and any(row.get(c) is not None for c in selfref):
                later.setdefault(t.name, []).append(({c.name: row[c.name] for c in t.primary_key.columns},
                                                     {c: row[c] for c in selfref if row.get(c) is not None}))
                row = {**row, **{c: None for c in selfref}}
            batch.append(row)
            loaded[t.name] += 1
            if len(batch) >= _BATCH:
                _flush(conn, table, batch)
                batch = []
        _flush(conn, table, batch)
        if not ended:
            raise ConfigError(f"{path}: the dump is truncated (no end record); nothing was loaded")
        for name, fixes in later.items():
            t = by_name[name]
            for key, values in fixes:
                conn.execute(update(t).where(*(t.c[k] == v for k, v in key.items())).values(**values))
        for name, n in header.get("tables", {}).items():
            if loaded.get(name, 0) != n:
                raise ConfigError(f"{path}: {name} has {loaded.get(name, 0)} rows, the header says {n}")
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, list(by_name.values()))
    return loaded


# ------------------------------------------------------------------ helpers
def _lines(path: Path) -> Iterator[dict]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError as exc:
                        raise ConfigError(f"{path}:{n}: not JSON ({exc}); nothing was loaded") from exc
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such file") from exc
    except (OSError, EOFError) as exc:  # not gzip, or cut short
        raise ConfigError(f"{path}: cannot read the dump ({exc}); nothing was loaded") from exc


def _encode(t: Table, row) -> dict:
    out = {}
    for c in t.columns:
        v = row[c.name]
        if isinstance(v, dt.datetime) and v.tzinfo is not None:
            v = v.astimezone(dt.timezone.utc).isoformat()  # one form whatever the server's time zone
        elif isinstance(v, (dt.date, dt.datetime)):
            v = v.isoformat()
        elif isinstance(v, (bytes, bytearray, memoryview)):
            v = {"b64": base64.b64encode(bytes(v)).decode("ascii")}
        out[c.name] = v
    return out


def _decode(t: Table, rec: dict, path) -> dict:
    out = {}
    for c in t.columns:
        v = rec.get(c.name)
        if v is not None:
            typ = c.type
            try:
                if isinstance(typ, LargeBinary) or isinstance(v, dict):
                    v = base64.b64decode(v["b64"])
                elif isinstance(typ, DateTime):
                    v = dt.datetime.fromisoformat(v)
                elif isinstance(typ, Date):
                    v = dt.date.fromisoformat(v)
                elif isinstance(typ, Boolean):
                    v = bool(v)
                elif isinstance(typ, Integer):
                    v = int(v)
                elif isinstance(typ, Float):
                    v = float(v)
            except (TypeError, ValueError, KeyError) as exc:
                raise ConfigError(f"{path}: {t.name}.{c.name}: bad value {v!r}") from exc
        out[c.name] = v
    extra = set(rec) - set(t.columns.keys())
    if extra:
        raise ConfigError(f"{path}: {t.name} has columns this newsgraph does not know: {', '.join(sorted(extra))}")
    return out


def _self_refs(t: Table) -> list[str]:
    return [fk.parent.name for fk in t.foreign_keys if fk.column.table is t]


def _flush(conn: Connection, t: Table | None, batch: list[dict]) -> None:
    if t is not None and batch:
        conn.execute(t.insert(), batch)


def _empty(conn: Connection, ts: list[Table]) -> None:
    for t in reversed(ts):
        for c in _self_refs(t):
            conn.execute(update(t).values({c: None}))
        conn.execute(delete(t))


def _reset_sequences(conn: Connection, ts: list[Table]) -> None:
    for t in ts:
        for c in t.primary_key.columns:
            if isinstance(c.type, Integer) and c.autoincrement in (True, "auto"):
                seq = conn.exec_driver_sql(f"SELECT pg_get_serial_sequence('{t.name}', '{c.name}')").scalar()
                if seq:
                    conn.exec_driver_sql(
                        f"SELECT setval('{seq}', COALESCE((SELECT MAX({c.name}) FROM {t.name}), 0) + 1, false)")

