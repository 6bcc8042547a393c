"""Engines and transactions for SQLite and PostgreSQL behind one small interface.

Every write transaction is serialised: `BEGIN IMMEDIATE` on SQLite, a transaction-scoped
advisory lock on PostgreSQL. That makes the event log's ids commit in id order (a follower
reading "after id N" can never skip a late commit) and capacity checks race-free. Claims
still use conditional UPDATEs, so correctness never rests on the lock alone.

On PostgreSQL a write transaction that appended events also sends `NOTIFY ekc_events` with
the highest id it wrote (delivered on commit): every replica's event hub listens and reads
the new rows at once. The notification carries only an id; the log itself carries the data.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

#: the advisory lock key that serialises writers on PostgreSQL
WRITE_LOCK_KEY = 0x45_4B_43_01
#: the LISTEN/NOTIFY channel that tells every replica new events were committed
NOTIFY_CHANNEL = "ekc_events"
#: how the LISTEN connection names itself in pg_stat_activity
LISTENER_APPLICATION_NAME = "ekc-routing-api events"
#: `conn.info` key: the highest event id appended in the current write transaction
EVENTS_MAX_ID = "events_max_id"


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Database:
    """The server's database: a SQLAlchemy engine plus read and write transactions."""

    def __init__(
        self, url: str, *, pool_size: int = 10, background_checkpoints: bool = False
    ) -> None:
        if pool_size < 1:
            raise ValueError("the pool size must be at least 1")
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.pool_size = pool_size
        path = self.url.split(":///", 1)[1] if self.is_sqlite and ":///" in self.url else ""
        #: the SQLite database's file; None in memory and on PostgreSQL (another process can
        #: open this database unless it is SQLite in memory)
        self.sqlite_file = path if path not in ("", ":memory:") else None
        #: a SQLite file's write-ahead log is copied back into it by `checkpoint`, called by
        #: the owner (the server, every second), never by a commit (see `checkpoint`)
        self.background_checkpoints = background_checkpoints and self.sqlite_file is not None
        self.engine = self._create_engine()
        #: this process's writers queue here before they ask the database (see `write`)
        self._write_lock = threading.Lock()

    def _create_engine(self) -> Engine:
        if self.is_sqlite:
            if self.sqlite_file is not None:
                Path(self.sqlite_file).parent.mkdir(parents=True, exist_ok=True)
            memory = self.sqlite_file is None
            engine = sa.create_engine(
                self.url,
                # a failed statement's values (personal data) stay out of error messages and logs
                hide_parameters=True,
                connect_args={"check_same_thread": False, "timeout": 30},
                # an in-memory database has one connection; a file gets a pool
                **({} if memory else {"pool_size": self.pool_size, "max_overflow": 20}),
            )
            _sqlite_setup(engine, autocheckpoint=not self.background_checkpoints)
            return engine
        return sa.create_engine(
            self.url,
            pool_size=self.pool_size,
            max_overflow=10,
            pool_pre_ping=True,
            hide_parameters=True,
        )

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A serialised read-write transaction; commits on success.

        On PostgreSQL, if events were appended, `NOTIFY ekc_events, '<max id>'` goes out in
        the same transaction, so other replicas hear of the events exactly when they commit.

        The writers of one process first queue on a lock of their own, so the database lock
        only ever arbitrates between processes: on SQLite a writer that finds the database
        locked polls with growing sleeps (up to 100 ms each), which under load turned into
        seconds of unfair waiting; on PostgreSQL every writer waiting for the advisory lock
        would hold a pooled connection idle in its transaction.
        """
        with self._write_lock, self.engine.connect() as conn:
            conn.info["write"] = True
            conn.info.pop(EVENTS_MAX_ID, None)  # the info dict outlives a pool checkout
            try:
                with conn.begin():
                    if not self.is_sqlite:
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
                    yield conn
                    max_id = conn.info.pop(EVENTS_MAX_ID, None)
                    if max_id is not None and not self.is_sqlite:
                        conn.execute(sa.select(sa.func.pg_notify(NOTIFY_CHANNEL, str(max_id))))
            finally:
                conn.info.pop("write", None)
                conn.info.pop(EVENTS_MAX_ID, None)

    def listener_connect_args(self) -> dict[str, Any]:
        """Keyword arguments for a psycopg connection of its own (LISTEN), PostgreSQL only."""
        if self.is_sqlite:
            raise ValueError("LISTEN/NOTIFY needs PostgreSQL")
        cargs, cparams = self.engine.dialect.create_connect_args(self.engine.url)
        params = {k: v for k, v in cparams.items() if k != "context"}
        if cargs:
            params["conninfo"] = cargs[0]
        # notice a dead server or a silent network drop within about a minute
        params.setdefault("application_name", LISTENER_APPLICATION_NAME)
        params.setdefault("connect_timeout", 10)
        params.setdefault("keepalives", 1)
        params.setdefault("keepalives_idle", 30)
        params.setdefault("keepalives_interval", 10)
        params.setdefault("keepalives_count", 3)
        return params

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction over one consistent snapshot."""
        with self.engine.connect() as conn:
            if not self.is_sqlite:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def checkpoint(self) -> tuple[int, int, int] | None:
        """Copy the SQLite write-ahead log back into the database file, as far as no reader
        still needs it (PASSIVE: it waits for nobody); returns SQLite's (busy, frames in the
        log, frames copied), None if this database has no background checkpoints.

        By default SQLite does this inside the commit that takes the log past 1000 pages, so
        at the peak (the log grew by 4,800-7,500 pages a second) several commits a second also
        copied and fsynced while every writer queued behind them (10 ms each on an idle disk).
        Run from a thread of its own, it holds up no commit: WAL lets writers append meanwhile.
        """
        if not self.background_checkpoints:
            return None
        raw = self.engine.raw_connection()
        try:
            sqlite = raw.driver_connection
            assert sqlite is not None
            row = sqlite.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            raw.close()
        busy, frames, copied = row
        return int(busy), int(frames), int(copied)

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_setup(engine: Engine, *, autocheckpoint: bool = True) -> None:
    """WAL, foreign keys, and transactions we begin ourselves (IMMEDIATE for writers); with
    `autocheckpoint` off, commits never checkpoint (`Database.checkpoint` does)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let the "begin" hook below issue BEGIN
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if not autocheckpoint:
            cur.execute("PRAGMA wal_autocheckpoint=0")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of a single-row INSERT."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
