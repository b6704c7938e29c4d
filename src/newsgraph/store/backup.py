"""Dump and load a whole knowledge base: a portable, exact copy, analysts' judgements included.

The file is gzip-compressed JSON Lines, readable with ``zcat``:

    {"format": "newsgraph-dump", "version": 1, "schema_version": 2, "tables": {"documents": 12, ...}}
    {"t": "documents", "r": {"id": "d...", "text": "...", "published": "2023-11-07", ...}}
    ...
    {"end": true, "rows": 1234, "sha256": "..."}

The end record's ``sha256`` is the checksum of every line before it (header included, each line's
UTF-8 bytes without its newline): a dump changed after it was written (a text edited, a row
removed) is refused. Format version 1 (no checksum) still loads.

One line per row, tables parents first, rows in primary-key order; dates and times as ISO strings.
Ids are kept, so a loaded store answers every query (and every URL of the API) as the original did.
The full-text index is rebuilt by the store's own triggers as the sentences are loaded.

``load`` goes into an empty store (``replace=True`` empties it first), in one transaction: a
truncated or damaged file changes nothing, and each bad record is one NG501 naming its line (not
JSON, a duplicate key, a record that is not an object, an unknown table or column, a missing
required field, an integer SQLite cannot hold, a lone surrogate, a row whose key is taken or whose
foreign key points at nothing).
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    delete,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import sort_tables

from ..errors import ConfigError
from . import Store
from . import schema as s
from .migrations import current_version

FORMAT = "newsgraph-dump"
VERSION = 2  # 2: the end record carries a sha256 of the lines before it
_READABLE = (1, 2)
_BATCH = 1000
_INT_RANGE = (-(2 ** 63), 2 ** 63 - 1)  # what SQLite (and PostgreSQL's bigint) holds
_SURROGATE = re.compile("[\ud800-\udfff]")


def tables(conn: Connection) -> list[Table]:
    """Every data table of the store, parents before children: the shared schema's tables and any
    other a migration created (read from the database itself, so no module's table is forgotten).
    Migration bookkeeping (``schema_migrations``, and ``kb_state``: what a store opened has filled
    once) and the full-text index (rebuilt by triggers) are not data."""
    names = set(inspect(conn).get_table_names())
    skip = {"schema_migrations", "kb_state"}
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
        digest = hashlib.sha256()
        with gzip.open(tmp, "wt", encoding="utf-8", newline="\n") as fh:
            def put(line: str) -> None:
                digest.update(line.encode("utf-8"))
                fh.write(line + "\n")

            put(json.dumps(header, ensure_ascii=False))
            for t in ts:
                for row in conn.execute(select(t).order_by(*t.primary_key.columns or t.columns)):
                    put(json.dumps({"t": t.name, "r": _encode(t, row._mapping)}, ensure_ascii=False))
                    total += 1
            fh.write(json.dumps({"end": True, "rows": total, "sha256": digest.hexdigest()}) + "\n")
    tmp.replace(path)  # a dump interrupted half-way never takes the name of a finished one
    return counts


def load(store: Store, path: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Load a dump into ``store`` in one transaction; return rows per table.
    The store must be empty unless ``replace``: then its data is deleted first (in the same transaction).
    Any bad record raises NG501 with its line number, and nothing is loaded."""
    digest = hashlib.sha256()
    lines = _lines(Path(path), digest)
    first = next(lines, None)
    header = first[1] if first else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ConfigError(f"{path}: not a newsgraph dump")
    if header.get("version") not in _READABLE:
        raise ConfigError(f"{path}: dump format version {header.get('version')} is not supported "
                          f"(this is {VERSION})")
    with store.write() as conn:
        by_name = {t.name: t for t in tables(conn)}
        counts_in = header.get("tables", {})
        if not isinstance(counts_in, dict):
            raise ConfigError(f"{path}:1: the header's `tables` is not an object; nothing was loaded")
        missing = sorted(set(counts_in) - set(by_name))
        if missing:
            raise ConfigError(f"{path}: this store has no table {', '.join(missing)}",
                              hint="load with the newsgraph version that wrote the dump, or a newer one")
        have = current_version(conn)
        schema_version = header.get("schema_version") or 0
        if not isinstance(schema_version, int):
            raise ConfigError(f"{path}:1: the header's schema_version is not a number; nothing was loaded")
        if schema_version > have:
            raise ConfigError(f"{path}: made by a newer newsgraph (schema {header['schema_version']}, "
                              f"this store has {have})", hint="upgrade newsgraph, then load")
        if replace:
            _empty(conn, list(by_name.values()))
        elif (nonempty := [t.name for t in by_name.values() if conn.execute(select(t).limit(1)).first()]):
            raise ConfigError(f"the store is not empty ({', '.join(nonempty)})",
                              hint="load into a new --db, or pass --replace to delete what it holds")
        loaded = {name: 0 for name in by_name}
        later: dict[str, list[tuple[int, dict, dict]]] = {}  # self-references, set once every row is in
        batch: list[tuple[int, dict]] = []
        table: Table | None = None
        ended = False
        for n, rec in lines:
            where = f"{path}:{n}"
            if not isinstance(rec, dict):
                raise ConfigError(f"{where}: a record must be a JSON object; nothing was loaded")
            if rec.get("end"):
                ended = rec.get("rows") == sum(loaded.values())
                if not ended:
                    raise ConfigError(f"{path}: the dump says {rec.get('rows')} rows, "
                                      f"it holds {sum(loaded.values())}")
                _check_sum(path, header, rec, lines.last_digest)
                break
            tname = rec.get("t")
            t = by_name.get(tname) if isinstance(tname, str) else None
            if t is None:
                raise ConfigError(f"{where}: unknown table {str(rec.get('t'))[:60]!r}; nothing was loaded")
            if not isinstance(rec.get("r"), dict):
                raise ConfigError(f"{where}: the record's row `r` must be a JSON object; nothing was loaded")
            if t is not table:
                _flush(conn, table, batch, path)
                table, batch = t, []
            row = _decode(t, rec["r"], where)
            selfref = _self_refs(t)
            if selfref and any(row.get(c) is not None for c in selfref):
                later.setdefault(t.name, []).append((n, {c.name: row[c.name] for c in t.primary_key.columns},
                                                     {c: row[c] for c in selfref if row.get(c) is not None}))
                row = {**row, **{c: None for c in selfref}}
            batch.append((n, row))
            loaded[t.name] += 1
            if len(batch) >= _BATCH:
                _flush(conn, table, batch, path)
                batch = []
        _flush(conn, table, batch, path)
        if not ended:
            raise ConfigError(f"{path}: the dump is truncated (no end record); nothing was loaded")
        for name, fixes in later.items():
            t = by_name[name]
            for n, key, values in fixes:
                try:
                    with conn.begin_nested():
                        conn.execute(update(t).where(*(t.c[k] == v for k, v in key.items())).values(**values))
                except SQLAlchemyError as exc:
                    raise ConfigError(f"{path}:{n}: {t.name}: {_db_reason(exc)}; "
                                      "nothing was loaded") from None
        for name, count in counts_in.items():
            if loaded.get(name, 0) != count:
                raise ConfigError(f"{path}: {name} has {loaded.get(name, 0)} rows, the header says {count}")
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, list(by_name.values()))
    return loaded


def _check_sum(path, header: dict, end: dict, digest: str | None) -> None:
    """A version-2 dump must carry the checksum of its lines, and they must still match it."""
    want = end.get("sha256")
    if header.get("version", 1) >= 2 and not want:
        raise ConfigError(f"{path}: the end record has no checksum; nothing was loaded",
                          hint="the dump was changed after it was written: use an untouched copy")
    if want and want != digest:
        raise ConfigError(f"{path}: the checksum does not match: the dump was changed after it was written; "
                          "nothing was loaded", hint="use an untouched copy of the dump")


# ------------------------------------------------------------------ helpers
class _Lines:
    """(line number, record) of a dump; ``last_digest`` is the checksum of every line before the
    current one (what the end record's ``sha256`` must equal)."""

    def __init__(self, path: Path, digest):
        self.path, self.digest, self.last_digest = path, digest, None
        self._it = self._read()

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._it)

    def _read(self) -> Iterator[tuple[int, object]]:
        path = self.path
        try:
            with gzip.open(path, "rt", encoding="utf-8", errors="surrogateescape") as fh:
                for n, line in enumerate(fh, 1):
                    line = line.rstrip("\n")
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line, object_pairs_hook=_no_duplicates)
                    except (ValueError, RecursionError) as exc:
                        raise ConfigError(f"{path}:{n}: not JSON ({str(exc)[:120]}); "
                                          "nothing was loaded") from None
                    self.last_digest = self.digest.hexdigest()
                    self.digest.update(line.encode("utf-8", "surrogateescape"))
                    yield n, rec
        except FileNotFoundError as exc:
            raise ConfigError(f"{path}: no such file") from exc
        except (OSError, EOFError, UnicodeError) as exc:  # not gzip, cut short, not UTF-8
            raise ConfigError(f"{path}: cannot read the dump ({exc}); nothing was loaded") from exc


def _lines(path: Path, digest=None) -> _Lines:
    return _Lines(path, digest or hashlib.sha256())


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"the key {k[:40]!r} appears twice")
        out[k] = v
    return out


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


def _decode(t: Table, rec: dict, where: str) -> dict:
    """A dump row as values for an insert; NG501 naming the line for anything the table cannot take."""
    extra = set(rec) - set(t.columns.keys())
    if extra:
        raise ConfigError(f"{where}: {t.name} has columns this newsgraph does not know: "
                          f"{', '.join(sorted(str(x)[:40] for x in extra))}; nothing was loaded")
    out = {}
    for c in t.columns:
        if c.name not in rec and _required(c):
            raise ConfigError(f"{where}: {t.name}.{c.name} is missing; nothing was loaded")
        v = rec.get(c.name)
        if v is not None:
            typ = c.type
            try:
                if isinstance(typ, LargeBinary) or isinstance(v, dict):
                    v = base64.b64decode(v["b64"], validate=True)
                elif isinstance(v, list):
                    raise TypeError("a list")
                elif isinstance(typ, DateTime):
                    v = dt.datetime.fromisoformat(v)
                elif isinstance(typ, Date):
                    v = dt.date.fromisoformat(v)
                elif isinstance(typ, Boolean):
                    v = bool(v)
                elif isinstance(typ, Integer):
                    if isinstance(v, float) and not v.is_integer():
                        raise ValueError("not a whole number")
                    v = int(v)
                    if not _INT_RANGE[0] <= v <= _INT_RANGE[1]:
                        raise ValueError("an integer too large to store")
                elif isinstance(typ, Float):
                    v = float(v)
                elif not isinstance(v, str):
                    v = str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                if isinstance(v, str) and _SURROGATE.search(v):
                    raise ValueError("a lone surrogate, which no UTF-8 text holds")
            except (TypeError, ValueError, KeyError, OverflowError, binascii.Error) as exc:
                raise ConfigError(f"{where}: {t.name}.{c.name}: bad value {str(v)[:60]!r} ({exc}); "
                                  "nothing was loaded") from None
        out[c.name] = v
    return out


def _required(c) -> bool:
    """A column a row must give: NOT NULL, no default, not a generated key."""
    if c.nullable or c.default is not None or c.server_default is not None:
        return False
    return not (c.primary_key and isinstance(c.type, Integer) and c.autoincrement in (True, "auto"))


def _self_refs(t: Table) -> list[str]:
    return [fk.parent.name for fk in t.foreign_keys if fk.column.table is t]


def _flush(conn: Connection, t: Table | None, batch: list[tuple[int, dict]], path) -> None:
    """Insert a batch; when the database refuses it (a key taken twice, a foreign key to nothing),
    find the first row it refuses, one by one, and name its line."""
    if t is None or not batch:
        return
    try:
        with conn.begin_nested():
            conn.execute(t.insert(), [row for _, row in batch])
        return
    except (SQLAlchemyError, OverflowError, UnicodeError, ValueError, TypeError) as exc:
        first_error = exc
    for n, row in batch:
        try:
            with conn.begin_nested():
                conn.execute(t.insert(), [row])
        except (SQLAlchemyError, OverflowError, UnicodeError, ValueError, TypeError) as exc:
            raise ConfigError(f"{path}:{n}: {t.name}: {_db_reason(exc)}; nothing was loaded") from None
    raise ConfigError(f"{path}: {t.name}: {_db_reason(first_error)}; nothing was loaded")


def _db_reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).splitlines()[0][:200]


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
                        f"SELECT setval('{seq}', "
                        f"COALESCE((SELECT MAX({c.name}) FROM {t.name}), 0) + 1, false)")

