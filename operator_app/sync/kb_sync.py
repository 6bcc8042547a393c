"""Pulling the expert system's change feed into the local store, page by page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from operator_app.sync.errors import ProtocolError
from operator_app.sync.ports import CursorsLike, KbStoreLike

log = logging.getLogger("sync")

#: the cursor's name; the same one store.kb keeps the feed position under
CURSOR = "kb.changes"
PAGE = 500

Progress = Callable[[int, "int | None"], None]


class KbSource(Protocol):
    """What KbSync needs of ApiClient."""

    def kb_changes(self, since: str = "0", limit: int = 500) -> dict[str, Any]: ...


class KbSync:
    """Brings the local KB up to date; the cursor advances after each applied page."""

    def __init__(
        self,
        client: KbSource,
        kb_store: KbStoreLike,
        cursors: CursorsLike,
        *,
        page_size: int = PAGE,
    ) -> None:
        self._client = client
        self.page_size = page_size
        self._kb = kb_store
        self._cursors = cursors

    def sync(self, progress: Progress | None = None) -> list[str]:
        """Apply every change since the last sync; ids of the articles that changed.

        `progress(done, total)` is called after each page; the total is not known (None).
        A crash between pages resumes after the last page applied.
        """
        since = self._cursors.get(CURSOR) or "0"
        changed: dict[str, None] = {}
        done = 0
        while True:
            page = self._client.kb_changes(since, self.page_size)
            items, after, more = _page(page)
            if items:
                for article_id in self._kb.apply_changes(items):
                    changed[article_id] = None
            done += len(items)
            if after != since:
                self._cursors.set(CURSOR, after)
                since = after
            if progress is not None:
                progress(done, None)
            if not more:
                break
            if not items:
                raise ProtocolError()  # has_more without progress would loop for ever
        log.info("kb sync: %d changes, %d articles changed", done, len(changed))
        return list(changed)


def _page(page: dict[str, Any]) -> tuple[list[dict[str, Any]], str, bool]:
    items, after, more = page.get("items"), page.get("next"), page.get("has_more")
    if not isinstance(items, list) or not isinstance(after, str) or not isinstance(more, bool):
        raise ProtocolError()
    if not all(isinstance(item, dict) for item in items):
        raise ProtocolError()
    return items, after, more
