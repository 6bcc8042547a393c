"""Replaying the outbox: each queued request sent once in effect, in order."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from operator_app.sync.errors import (
    ConflictError,
    ForbiddenError,
    InvalidError,
    NotFoundError,
    SyncError,
)
from operator_app.sync.ports import OutboxLike

log = logging.getLogger("sync")

#: refusals that will not change by retrying: the entry leaves the replay for the operator
FINAL = (ForbiddenError, NotFoundError, ConflictError, InvalidError)


@dataclass(frozen=True)
class DrainResult:
    sent: int
    failed: int
    remaining: int


class Sender(Protocol):
    """What the replayer needs of ApiClient."""

    def request(
        self, method: str, path: str, json: Any = None, *, idempotency_key: str | None = None
    ) -> Any: ...


class OutboxReplayer:
    """Sends pending entries in order with their own keys; stops at the first network error."""

    def __init__(self, client: Sender, outbox: OutboxLike) -> None:
        self._client = client
        self._outbox = outbox
        self._lock = threading.Lock()

    def drain(self) -> DrainResult:
        """Send what is pending; a second concurrent call waits, then sees what is left."""
        with self._lock:
            sent = failed = 0
            entries = list(self._outbox.pending())
            for index, entry in enumerate(entries):
                try:
                    self._client.request(
                        entry.method,
                        entry.path,
                        dict(entry.body) if entry.body is not None else None,
                        idempotency_key=entry.key,
                    )
                except FINAL as exc:
                    if isinstance(exc, ConflictError) and exc.code == "idempotency_in_progress":
                        self._outbox.mark_attempt(entry.id, _describe(exc))
                        return DrainResult(sent, failed, len(entries) - index)
                    log.info("outbox entry %d refused (%s)", entry.id, exc.code)
                    self._outbox.mark_failed(entry.id, _describe(exc))
                    failed += 1
                except SyncError as exc:
                    # offline, 5xx, throttled, session lost: keep it and try again later
                    log.info("outbox entry %d not sent (%s); will retry", entry.id, exc.code)
                    self._outbox.mark_attempt(entry.id, _describe(exc))
                    return DrainResult(sent, failed, len(entries) - index)
                else:
                    self._outbox.mark_done(entry.id)
                    sent += 1
            return DrainResult(sent, failed, 0)


def _describe(error: SyncError) -> str:
    """What the outbox keeps about a failure: the code and the server's words (Russian)."""
    return f"{error.code}: {error.message_ru}"
