"""Pulling the expert system's change feed into the local store, page by page.

The feed answers every page with a strong ETag. When the local copy is up to date, the last
answer (an empty page at the cursor) is remembered with its ETag, and the next sync asks
with `If-None-Match`: an unchanged feed then costs a 304 Not Modified without a body.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from operator_app.sync.errors import ProtocolError
from operator_app.sync.ports import CursorsLike, KbStoreLike

log = logging.getLogger("sync")

#: the cursor's name; the same one store.kb keeps the feed position under
CURSOR = "kb.changes"
#: the ETag of the empty page at the cursor, with the cursor it answered: {"since", "etag"}
ETAG_CURSOR = "kb.changes.etag"
PAGE = 500

Progress = Callable[[int, "int | None"], None]
#: called with each page's items once the page is stored (the index follows a first sync)
PageHook = Callable[[list[dict[str, Any]]], None]
Answer = tuple[dict[str, Any] | None, str | None]


class KbSource(Protocol):
    """What KbSync needs of ApiClient."""

    def kb_changes_if_changed(
        self, since: str, limit: int, etag: str | None
    ) -> tuple[dict[str, Any] | None, str | None]: ...


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
        #: whether the last sync() was answered 304 Not Modified (nothing downloaded)
        self.not_modified = False

    def sync(self, progress: Progress | None = None, on_page: PageHook | None = None) -> list[str]:
        """Apply every change since the last sync; ids of the articles that changed.

        `progress(done, total)` is called after each page, with the number of changes the
        feed still held when this sync started (None when the server does not say).
        A crash between pages resumes after the last page applied. A feed whose newest change
        is older than the cursor was replaced (a restored or another server): the local copy
        is emptied and pulled again from the start. The next page downloads while one is
        being stored (the server's work overlaps ours); the cursor still moves page by page.
        """
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-prefetch") as prefetch:
            return self._sync(prefetch, progress, on_page)

    def _sync(
        self,
        prefetch: ThreadPoolExecutor,
        progress: Progress | None,
        on_page: PageHook | None,
    ) -> list[str]:
        since = self._cursors.get(CURSOR) or "0"
        changed: dict[str, None] = {}
        done = 0
        total: int | None = None
        self.not_modified = False
        ahead: Future[Answer] | None = None
        request: tuple[str, str | None] | None = (since, self._known_etag(since))
        while True:
            if ahead is not None:
                page, fresh_etag = ahead.result()
            else:
                assert request is not None
                page, fresh_etag = self._fetch(*request)
            ahead = None
            if page is None:
                self.not_modified = True
                log.info("kb sync: not modified since %s", since)
                return []
            items, after, more = _page(page)
            head = page.get("head")
            if isinstance(head, int) and head < int(since) and not items:
                log.warning(
                    "kb feed ends at %d, before our cursor %s: pulling it again", head, since
                )
                changed.update(dict.fromkeys(self._kb.reset()))
                self._cursors.set(CURSOR, "0")
                self._cursors.set(ETAG_CURSOR, "")
                since, done, total, request = "0", 0, None, ("0", None)
                continue
            if more and items:
                ahead = prefetch.submit(self._fetch, after, None)
            if total is None:
                remaining = page.get("remaining")
                if isinstance(remaining, int):
                    total = done + len(items) + remaining
            if items:
                for article_id in self._kb.apply_changes(items):
                    changed[article_id] = None
                if on_page is not None:
                    on_page(items)
            done += len(items)
            if after != since:
                self._cursors.set(CURSOR, after)
                since = after
            if progress is not None:
                progress(done, total)
            if not more:
                # The empty page at the cursor is what the next sync will ask for again.
                if not items and fresh_etag:
                    self._cursors.set(ETAG_CURSOR, json.dumps({"since": since, "etag": fresh_etag}))
                break
            if not items:
                raise ProtocolError()  # has_more without progress would loop for ever
        log.info("kb sync: %d changes, %d articles changed", done, len(changed))
        return list(changed)

    def _fetch(self, since: str, etag: str | None) -> Answer:
        return self._client.kb_changes_if_changed(since, self.page_size, etag)

    def _known_etag(self, since: str) -> str | None:
        raw = self._cursors.get(ETAG_CURSOR)
        try:
            known = json.loads(raw) if raw else None
        except ValueError:
            return None
        if isinstance(known, dict) and known.get("since") == since:
            etag = known.get("etag")
            return etag if isinstance(etag, str) else None
        return None


def _page(page: dict[str, Any]) -> tuple[list[dict[str, Any]], str, bool]:
    items, after, more = page.get("items"), page.get("next"), page.get("has_more")
    if not isinstance(items, list) or not isinstance(after, str) or not isinstance(more, bool):
        raise ProtocolError()
    if not all(isinstance(item, dict) for item in items):
        raise ProtocolError()
    return items, after, more
