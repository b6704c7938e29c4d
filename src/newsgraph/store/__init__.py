"""The store: SQLite by default, PostgreSQL by URL, one write path.

    store = open_store("newsgraph.db")            # or "postgresql://..."
    with store.write() as conn:  ...              # one transaction, serialised across processes
    with store.read() as conn:   ...
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..errors import StoreBusy, StoreError
from ..settings import db_url
from .migrations import migrate

# every PostgreSQL writer takes this transaction-level advisory lock: writes are serialised, so two
# ingests at once never create one actor twice
_PG_WRITE_LOCK = 0x6E657773  # "news"


class Store:
    def __init__(self, url: str, *, busy_timeout: float = 60.0):
        self.url = url
        self.dialect = url.split(":", 1)[0].split("+", 1)[0]
        try:
            if self.dialect == "sqlite":
                self.engine = create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False})
                _sqlite_setup(self.engine, busy_timeout)
            else:
                self.engine = create_engine(url, pool_pre_ping=True)
            with self.engine.connect() as conn, conn.begin():
                if self.dialect == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                migrate(conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store {safe_url(url)}: {exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0]}") from exc

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
        self.engine.dispose()


def _sqlite_setup(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("newsgraph_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def safe_url(url: str) -> str:
    """The URL without its password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def open_store(db: str | None = None) -> Store:
    return Store(db_url(db))
