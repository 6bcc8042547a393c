"""Mutating requests waiting to reach the routing API, each with its Idempotency-Key."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from operator_app.store.crypto import Cipher
from operator_app.store.db import LocalStore, from_iso, to_iso


class OutboxState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    #: the server refused it for good (e.g. 409/422): kept for the operator to see
    FAILED = "failed"


@dataclass(frozen=True)
class OutboxEntry:
    """One queued request, its body decrypted."""

    id: int
    key: str
    method: str
    path: str
    body: dict[str, Any] | None
    created_at: datetime
    attempts: int
    last_error: str | None
    state: OutboxState


_COLUMNS = "id, key, method, path, body, created_at, attempts, last_error, state"


class Outbox:
    """The durable queue replayed after reconnects; bodies are stored only encrypted."""

    def __init__(self, store: LocalStore, cipher: Cipher) -> None:
        self._store = store
        self._cipher = cipher

    def _entry(self, row: tuple[Any, ...]) -> OutboxEntry:
        id_, key, method, path, body, created_at, attempts, last_error, state = row
        return OutboxEntry(
            id=id_,
            key=key,
            method=method,
            path=path,
            body=None if body is None else json.loads(self._cipher.decrypt(body)),
            created_at=from_iso(created_at),
            attempts=attempts,
            last_error=last_error,
            state=OutboxState(state),
        )

    def add(
        self, method: str, path: str, body: dict[str, Any] | None, key: str | None = None
    ) -> OutboxEntry:
        """Queue a request; adding a key that is already queued returns that entry instead."""
        key = key or uuid.uuid4().hex
        sealed = None
        if body is not None:
            sealed = self._cipher.encrypt(json.dumps(body, ensure_ascii=False).encode("utf-8"))
        with self._store.write() as db:
            db.execute(
                "INSERT INTO outbox (key, method, path, body, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING",
                [key, method.upper(), path, sealed, self._store.now()],
            )
            row = db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE key = ?", [key]).fetchone()
        return self._entry(row)

    def _select(self, state: OutboxState) -> list[OutboxEntry]:
        with self._store.read() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE state = ? ORDER BY id", [state.value]
            ).fetchall()
        return [self._entry(row) for row in rows]

    def pending(self) -> list[OutboxEntry]:
        """Requests still to send, oldest first (the order they must be replayed in)."""
        return self._select(OutboxState.PENDING)

    def failed(self) -> list[OutboxEntry]:
        """Requests the server refused for good, oldest first."""
        return self._select(OutboxState.FAILED)

    def _update_pending(self, entry_id: int, assignments: str, params: list[Any]) -> bool:
        with self._store.write() as db:
            cursor = db.execute(
                f"UPDATE outbox SET {assignments} WHERE id = ? AND state = 'pending'",
                [*params, entry_id],
            )
            return cursor.rowcount > 0

    def mark_done(self, entry_id: int) -> bool:
        """The server accepted it; False if it was no longer pending (e.g. discarded)."""
        return self._update_pending(
            entry_id, "state = 'done', done_at = ?, last_error = NULL", [self._store.now()]
        )

    def mark_attempt(self, entry_id: int, error: str) -> bool:
        """A try failed in a way worth retrying (network, 5xx)."""
        return self._update_pending(entry_id, "attempts = attempts + 1, last_error = ?", [error])

    def mark_failed(self, entry_id: int, error: str) -> bool:
        """The server refused it for good; it leaves the replay and waits for the operator."""
        return self._update_pending(
            entry_id, "state = 'failed', attempts = attempts + 1, last_error = ?", [error]
        )

    def counts(self) -> tuple[int, int]:
        """(pending, failed)."""
        with self._store.read() as db:
            rows = dict(
                db.execute(
                    "SELECT state, count(*) FROM outbox WHERE state != 'done' GROUP BY state"
                ).fetchall()
            )
        return rows.get("pending", 0), rows.get("failed", 0)

    def discard(self, entry_id: int) -> bool:
        """Remove an entry (the operator dismissed a failed request)."""
        with self._store.write() as db:
            return db.execute("DELETE FROM outbox WHERE id = ?", [entry_id]).rowcount > 0

    def purge_done(self, older_than: datetime | timedelta) -> int:
        """Delete delivered entries done before a moment (or longer ago than a span)."""
        if isinstance(older_than, timedelta):
            older_than = self._store.clock() - older_than
        with self._store.write() as db:
            cursor = db.execute(
                "DELETE FROM outbox WHERE state = 'done' AND done_at < ?", [to_iso(older_than)]
            )
            return cursor.rowcount
