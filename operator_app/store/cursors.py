"""Named resume positions of server feeds (the KB change feed, the event stream)."""

from __future__ import annotations

from operator_app.store.db import LocalStore


class Cursors:
    """Small string values by name, written in the caller's transaction when there is one."""

    def __init__(self, store: LocalStore) -> None:
        self._store = store

    def get(self, name: str) -> str | None:
        with self._store.read() as db:
            row = db.execute("SELECT value FROM cursors WHERE name = ?", [name]).fetchone()
        return None if row is None else str(row[0])

    def set(self, name: str, value: str) -> None:
        with self._store.write() as db:
            db.table("cursors").upsert({"name": name, "value": value}, pk="name")
