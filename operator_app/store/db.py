"""The workstation's local SQLite cache: connection, pragmas, schema version and migrations.

Threading: one connection shared by all threads, guarded by one re-entrant lock. Every
write runs in `write()` (lock + one transaction) and every read in `read()` (the same
lock), so a reader never sees another thread's half-done transaction and writes are
serialised. The store's operations are short (one row, or one small batch), so the UI
thread waiting on the lock costs microseconds to a few milliseconds — simpler and safer
than a writer thread plus a second connection, and it works the same for ":memory:".
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from operator_app.store.errors import StoreVersionError
from operator_app.store.schema import MIGRATIONS, Migration, Version

log = logging.getLogger("store")

BUSY_TIMEOUT_MS = 10_000


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """A sortable UTC timestamp string; naive datetimes are refused, not guessed."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is required")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def format_version(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


def parse_version(text: str) -> Version:
    major, minor = text.split(".")
    return int(major), int(minor)


class LocalStore:
    """One open workstation database; `None` as path opens a private in-memory one."""

    def __init__(
        self,
        path: Path | None,
        *,
        clock: Callable[[], datetime] = utc_now,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        self.path = path
        self.clock = clock
        self._lock = threading.RLock()
        conn = sqlite3.connect(
            ":memory:" if path is None else str(path),
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # shared across threads under self._lock
        )
        try:
            self._db = Database(conn, execute_plugins=False)
            self._configure(file_backed=path is not None)
            self.schema_version = self._migrate(migrations)
        except BaseException:
            conn.close()
            raise

    def _configure(self, *, file_backed: bool) -> None:
        db = self._db
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # deleted rows are overwritten with zeros (drafts are encrypted anyway)
        db.execute("PRAGMA secure_delete = ON")
        if file_backed:
            db.enable_wal()
            # FULL: a committed draft survives a crash of the process *and* of the machine;
            # the write rate (a debounced draft, an outbox row) makes the fsync cost moot
            db.execute("PRAGMA synchronous = FULL")

    def _stored_version(self, supported: Version) -> Version | None:
        if not self._db["meta"].exists():
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            return None
        try:
            return parse_version(str(row[0]))
        except ValueError:
            raise StoreVersionError.unreadable(str(row[0]), format_version(supported)) from None

    def _migrate(self, migrations: Sequence[Migration]) -> Version:
        """Bring the schema to the newest version in one transaction; refuse a newer major."""
        target = migrations[-1][0]
        with self._lock, self._transaction():
            stored = self._stored_version(target)
            if stored is not None and stored[0] > target[0]:
                raise StoreVersionError.newer(format_version(stored), format_version(target))
            if stored is not None and stored >= target:
                return stored  # same, or a newer minor: forward compatible, nothing to do
            for version, migration in migrations:
                if stored is None or version > stored:
                    log.info("store: migrating to schema %s", format_version(version))
                    migration(self._db)
            self._db.table("meta").upsert(
                {"key": "schema_version", "value": format_version(target)}, pk="key"
            )
            return target

    @contextmanager
    def _transaction(self) -> Iterator[Database]:
        if self._db.conn.in_transaction:
            with self._db.atomic():  # nested: a savepoint
                yield self._db
            return
        # IMMEDIATE takes the write lock up front: no deadlock on upgrading a read lock
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            self._db.rollback()  # also when COMMIT itself failed (busy, disk full)
            raise

    @contextmanager
    def write(self) -> Iterator[Database]:
        """The database inside one transaction, holding the store's lock (re-entrant)."""
        with self._lock, self._transaction() as db:
            yield db

    @contextmanager
    def read(self) -> Iterator[Database]:
        """The database for reading, holding the store's lock."""
        with self._lock:
            yield self._db

    def now(self) -> str:
        """The injected clock's current time as a stored timestamp."""
        return to_iso(self.clock())

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
