"""The store: SQLite by default, PostgreSQL by URL, one write path.

    store = open_store("newsgraph.db")            # or "postgresql://..."
    with store.write() as conn:  ...              # one transaction, serialised across processes
    with store.read() as conn:   ...
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from ..errors import DamagedStore, NoDriver, StoreBusy, StoreError
from ..settings import db_url
from .migrations import migrate

# every PostgreSQL writer takes this transaction-level advisory lock: writes are serialised, so two
# ingests at once never create one actor twice
_PG_WRITE_LOCK = 0x6E657773  # "news"


class Store:
    """One knowledge base: its engine, its write and read transactions, and the resolver that the
    writer gives each article's actors to (``None`` for a store only read, or only migrated).
    ``verify`` (the default) runs SQLite's ``quick_check`` before anything else: a damaged file is
    refused with one NG203 line and a way back, never written into (``newsgraph check`` opens with
    ``verify=False`` to report the damage instead)."""

    def __init__(self, url: str, *, busy_timeout: float = 60.0, resolver: Any = None, verify: bool = True):
        self.url = url
        self.resolver = resolver  # a store.writer.Resolver; newsgraph.open_store passes one
        self.dialect = url.split(":", 1)[0].split("+", 1)[0]
        try:
            if self.dialect == "sqlite":
                self.engine = create_engine(url, connect_args={"timeout": busy_timeout,
                                                               "check_same_thread": False})
                _sqlite_setup(self.engine, busy_timeout)
            else:
                self.engine = create_engine(url, pool_pre_ping=True)
        except (ImportError, SQLAlchemyError) as exc:  # mysql:// without its driver, an unknown scheme
            raise NoDriver(f"cannot open the store {safe_url(url)}: newsgraph has no driver for "
                           f"{self.dialect!r} ({exc.__class__.__name__})") from None
        try:
            if self.dialect == "sqlite" and verify:
                self._verify()
            with self.engine.connect() as conn, conn.begin():
                if self.dialect == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                migrate(conn)
        except DBAPIError as exc:
            if _damaged(exc):
                raise DamagedStore(f"the store {safe_url(url)} is damaged ({_first_line(exc)})") from exc
            raise StoreError(f"cannot open the store {safe_url(url)}: {exc.__class__.__name__}: "
                             f"{_first_line(exc)}") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store {safe_url(url)}: {exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0]}") from exc

    def _verify(self) -> None:
        """SQLite's quick_check (pages, indexes, row format; about 1 s per GB): the first failing
        line goes into the NG203 message."""
        with self.engine.connect() as conn:
            found = conn.exec_driver_sql("PRAGMA quick_check(3)").fetchall()
        rows = [" ".join(str(r[0]).split()) for r in found]
        if rows != ["ok"]:
            raise DamagedStore(f"the store {safe_url(self.url)} is damaged (SQLite quick_check: "
                               f"{'; '.join(str(r) for r in rows)[:200]})")

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction. SQLite: BEGIN IMMEDIATE (waits for the file lock, then fails with
        StoreBusy); PostgreSQL: an advisory lock serialises writers."""
        try:
            with self.engine.connect().execution_options(newsgraph_write=True) as conn:
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                    yield conn
        except OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreBusy(f"the store {safe_url(self.url)} is locked by another writer") from exc
            raise StoreError(f"store error: {str(exc).splitlines()[0]}") from exc

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        """Close every connection. On SQLite the write-ahead log is first copied into the database
        file and emptied (``wal_checkpoint(TRUNCATE)``): when a command ends, the ``.db`` file alone
        is the whole store, and a copy of it is a backup. A reader still holding the file (a
        server) only makes the checkpoint partial; the next close finishes it."""
        if self.dialect == "sqlite":
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except SQLAlchemyError:
                pass  # a damaged or locked store: closing still closes
        self.engine.dispose()


def _sqlite_setup(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        # checkpoint the WAL every ~16 MB rather than SQLite's default ~4 MB (1000 pages): an article
        # writes ~120 WAL pages, most of them the same hot index and full-text pages again, so a
        # longer interval copies each of them to the database file (and syncs it) less often.
        # Measured over 200 articles: commit 0.8 -> 0.6 ms CPU and 3.2 -> 1.7 ms wall per article.
        # Durability is that of WAL with synchronous=NORMAL either way; the WAL may grow to ~16 MB.
        cur.execute("PRAGMA wal_autocheckpoint=4000")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # straight to the driver: through exec_driver_sql a BEGIN was measured to cost as much as a query
        _driver(conn, "BEGIN IMMEDIATE" if conn.get_execution_options().get("newsgraph_write") else "BEGIN")


def _driver(conn: Connection, sql: str, params: Sequence[tuple] | Sequence[dict] | None = None) -> None:
    """Run SQL on the Connection's own DBAPI connection (in its transaction): one statement, or one
    executemany over ``params``. A driver error is raised as SQLAlchemy would raise it
    (``sqlalchemy.exc.OperationalError`` ...), so callers (``Store.write``: locked -> StoreBusy)
    handle it alike."""
    dbapi = conn.dialect.loaded_dbapi
    driver: Any = conn.connection.driver_connection  # sqlite3.Connection: open while conn is
    try:
        if params is None:
            driver.execute(sql)
        else:
            driver.executemany(sql, params)
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, params, exc, dbapi.Error, dialect=conn.dialect,
                                  ismulti=params is not None) from exc


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """Insert rows (dicts with the same keys) in one executemany.

    On SQLite this skips SQLAlchemy's statement and per-row parameter handling (measured: with ~400
    rows an article it cost as much as SQLite's own inserts): the INSERT is compiled once per table
    and set of columns, each row becomes a plain tuple, its values converted by the bind processors
    SQLAlchemy itself would apply (dates and times to text, booleans to integers), and the rows go to
    the driver's ``executemany`` on the Connection's own DBAPI connection, in its transaction. A
    driver error is raised as SQLAlchemy would raise it (``sqlalchemy.exc.OperationalError`` ...),
    so callers handle it alike. PostgreSQL, and any insert whose SQL has parameters the rows do not
    give (a column default), take the ordinary path."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        plan = _sqlite_insert(conn, table, tuple(rows[0]))
        if plan is not None:
            sql, values = plan
            _driver(conn, sql, [values(row) for row in rows])
            return
    conn.execute(table.insert(), list(rows))


_SQLITE_INSERTS: dict[tuple, tuple[str, Callable[[dict], tuple]] | None] = {}


def _sqlite_insert(conn: Connection, table: Table, keys: tuple[str, ...]):
    """(SQL, row -> parameter tuple) for an INSERT of these columns into the table; None when the
    compiled statement needs more than the given columns (SQLAlchemy fills defaults in)."""
    cache_key = (type(conn.dialect), conn.dialect.paramstyle, table, keys)
    if cache_key not in _SQLITE_INSERTS:
        dialect = conn.dialect
        compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
        order = list(compiled.positiontup or ())
        if sorted(order) != sorted(keys):
            _SQLITE_INSERTS[cache_key] = None
        else:
            get: Callable[[dict], tuple]
            if len(order) > 1:
                get = itemgetter(*order)
            else:
                def get(row: dict, k: str = order[0]) -> tuple:
                    return (row[k],)
            procs = [(i, compiled.binds[k].type.dialect_impl(dialect).bind_processor(dialect))
                     for i, k in enumerate(order)]
            procs = [(i, p) for i, p in procs if p is not None]
            if procs:
                def values(row: dict, get: Callable[[dict], tuple] = get, procs: list = procs) -> tuple:
                    v = list(get(row))
                    for i, p in procs:
                        v[i] = p(v[i])
                    return tuple(v)
            else:
                values = get  # type: ignore[assignment]
            _SQLITE_INSERTS[cache_key] = (str(compiled), values)
    return _SQLITE_INSERTS[cache_key]


_DAMAGE = ("malformed", "not a database", "disk image", "corrupt", "file is encrypted")


def _damaged(exc: BaseException) -> bool:
    """Is this driver error SQLite saying its file is damaged?"""
    return any(w in str(exc).lower() for w in _DAMAGE)


def damaged_error(exc: BaseException, db: str | None = None) -> DamagedStore | None:
    """The NG203 error for a driver error met after the store was opened (damage quick_check did not
    see, or that came later), else None."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DBAPIError) and _damaged(seen):
            return DamagedStore(f"the store {safe_url(db_url(db))} is damaged ({_first_line(seen)})")
        seen = seen.__cause__ or seen.__context__
    return None


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig if exc.orig is not None else exc).splitlines()[0][:200]


def safe_url(url: str) -> str:
    """The URL without its password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        if ":" not in creds:  # no password to hide
            return url
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def open_store(db: str | None = None, *, resolver: Any = None, verify: bool = True) -> Store:
    """The store at ``db`` (a path or URL; NEWSGRAPH_DB or newsgraph.db by default), migrated.
    To ingest into it, give it a resolver, or open it with ``newsgraph.open_store``, which does."""
    return Store(db_url(db), resolver=resolver, verify=verify)
