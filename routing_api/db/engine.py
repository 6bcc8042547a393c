"""Engines and transactions for SQLite and PostgreSQL behind one small interface.

Every write transaction is serialised: `BEGIN IMMEDIATE` on SQLite, a transaction-scoped
advisory lock on PostgreSQL. That makes the event log's ids commit in id order (a follower
reading "after id N" can never skip a late commit) and capacity checks race-free. Claims
still use conditional UPDATEs, so correctness never rests on the lock alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

#: the advisory lock key that serialises writers on PostgreSQL
WRITE_LOCK_KEY = 0x45_4B_43_01


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Database:
    """The server's database: a SQLAlchemy engine plus read and write transactions."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            path = self.url.split(":///", 1)[1] if ":///" in self.url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            memory = path in ("", ":memory:")
            self.engine = sa.create_engine(
                self.url,
                connect_args={"check_same_thread": False, "timeout": 30},
                # an in-memory database has one connection; a file gets a pool
                **({} if memory else {"pool_size": pool_size, "max_overflow": 20}),
            )
            _sqlite_setup(self.engine)
        else:
            self.engine = sa.create_engine(
                self.url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True
            )

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A serialised read-write transaction; commits on success."""
        with self.engine.connect() as conn:
            conn.info["write"] = True
            try:
                with conn.begin():
                    if not self.is_sqlite:
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
                    yield conn
            finally:
                conn.info.pop("write", None)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction over one consistent snapshot."""
        with self.engine.connect() as conn:
            if not self.is_sqlite:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_setup(engine: Engine) -> None:
    """WAL, foreign keys, and transactions we begin ourselves (IMMEDIATE for writers)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let the "begin" hook below issue BEGIN
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of a single-row INSERT."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
