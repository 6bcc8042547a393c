"""What sync needs from local storage, as small protocols (store/ provides the real ones)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class OutboxEntryLike(Protocol):
    """One queued request: replayed with its own Idempotency-Key; `path` is under /api/v1."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def body(self) -> Mapping[str, Any] | None: ...
    @property
    def attempts(self) -> int: ...


class OutboxLike(Protocol):
    """The local queue of requests made while offline (or whose reply was lost)."""

    def pending(self) -> Sequence[OutboxEntryLike]: ...
    def mark_done(self, entry_id: int, /) -> object: ...
    def mark_attempt(self, entry_id: int, error: str, /) -> object: ...
    def mark_failed(self, entry_id: int, error: str, /) -> object: ...


class KbStoreLike(Protocol):
    """The local expert system: applies one page of the change feed, returns changed ids."""

    def apply_changes(self, items: list[dict[str, Any]], /) -> list[str]: ...
    def reset(self) -> list[str]:
        """Forget every article (the feed was replaced); the ids forgotten."""
        ...


class CursorsLike(Protocol):
    """Named resume positions of server feeds."""

    def get(self, name: str, /) -> str | None: ...
    def set(self, name: str, value: str, /) -> None: ...
