"""In-memory stand-ins for our own local storage (store/): an outbox, a KB and cursors."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Entry:
    id: int
    key: str
    method: str
    path: str
    body: dict[str, Any] | None
    attempts: int = 0
    state: str = "pending"
    last_error: str | None = None


class MemoryOutbox:
    """Entries by id, in insertion order; counts every state change."""

    def __init__(self) -> None:
        self.entries: dict[int, Entry] = {}
        self.done_calls: list[int] = []
        self._lock = threading.Lock()

    def add(self, key: str, method: str, path: str, body: dict[str, Any] | None = None) -> int:
        with self._lock:
            entry_id = len(self.entries) + 1
            self.entries[entry_id] = Entry(entry_id, key, method, path, body)
            return entry_id

    def pending(self) -> list[Entry]:
        with self._lock:
            return [e for e in self.entries.values() if e.state == "pending"]

    def _set(self, entry_id: int, **changes: Any) -> None:
        with self._lock:
            self.entries[entry_id] = replace(self.entries[entry_id], **changes)

    def mark_done(self, entry_id: int) -> None:
        self.done_calls.append(entry_id)
        self._set(entry_id, state="done")

    def mark_attempt(self, entry_id: int, error: str) -> None:
        self._set(entry_id, attempts=self.entries[entry_id].attempts + 1, last_error=error)

    def mark_failed(self, entry_id: int, error: str) -> None:
        self._set(entry_id, state="failed", last_error=error)

    def lose_reply(self, entry_id: int) -> None:
        """As if the server's answer never arrived: the entry is pending again."""
        self._set(entry_id, state="pending")


class MemoryKb:
    """Articles by id; can be told to crash while applying a given page."""

    def __init__(self, crash_on_page: int | None = None) -> None:
        self.articles: dict[str, dict[str, Any]] = {}
        self.pages: list[list[int]] = []
        self.crash_on_page = crash_on_page

    def apply_changes(self, items: list[dict[str, Any]]) -> list[str]:
        if self.crash_on_page is not None and len(self.pages) + 1 == self.crash_on_page:
            self.crash_on_page = None
            raise RuntimeError("disk full")
        self.pages.append([item["seq"] for item in items])
        for item in items:
            if item["op"] == "deleted":
                self.articles.pop(item["id"], None)
            else:
                self.articles[item["id"]] = item["article"]
        return [item["id"] for item in items]

    def reset(self) -> list[str]:
        ids = sorted(self.articles)
        self.articles.clear()
        return ids


class MemoryCursors(dict[str, str]):
    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(name, default)

    def set(self, name: str, value: str) -> None:
        self[name] = value
