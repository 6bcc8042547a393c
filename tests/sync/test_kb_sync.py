"""KbSync from the real routing API: the whole expert system, resume after a crash, deltas,
304 Not Modified for an unchanged feed, a replaced feed pulled again."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from operator_app.store import Cursors, KbStore, LocalStore
from operator_app.sync.client import ApiClient
from operator_app.sync.kb_sync import CURSOR, ETAG_CURSOR, KbSync
from routing_api import kb
from routing_api.db.engine import Database
from tests.sync.fakes import MemoryCursors, MemoryKb

MakeClient = Callable[..., ApiClient]
ARTICLES = 386


def test_the_first_sync_pulls_every_article_and_the_second_is_empty(
    make_client: MakeClient,
) -> None:
    client = make_client("op1")
    kb, cursors = MemoryKb(), MemoryCursors()
    progress: list[tuple[int, int | None]] = []
    changed = KbSync(client, kb, cursors).sync(lambda done, total: progress.append((done, total)))
    assert len(changed) == ARTICLES == len(set(changed)) == len(kb.articles)
    assert all(article.get("title") for article in kb.articles.values())
    assert progress == [(ARTICLES, ARTICLES)]
    assert cursors[CURSOR] == str(max(max(page) for page in kb.pages))
    assert KbSync(client, kb, cursors).sync() == []
    assert len(kb.pages) == 1


def test_a_crash_mid_sync_resumes_after_the_last_page_applied(make_client: MakeClient) -> None:
    client = make_client("op1")
    kb, cursors = MemoryKb(crash_on_page=3), MemoryCursors()
    progress: list[tuple[int, int | None]] = []
    with pytest.raises(RuntimeError):
        KbSync(client, kb, cursors, page_size=100).sync(lambda d, t: progress.append((d, t)))
    assert progress == [(100, ARTICLES), (200, ARTICLES)]
    assert cursors[CURSOR] == str(kb.pages[1][-1])
    rest = KbSync(client, kb, cursors, page_size=100).sync()
    assert len(rest) == ARTICLES - 200
    seqs = [seq for page in kb.pages for seq in page]
    assert seqs == sorted(set(seqs)), "a page was fetched twice or out of order"
    assert len(kb.articles) == ARTICLES and len(kb.pages) == 4
    assert KbSync(client, kb, cursors, page_size=100).sync() == []


def publish(database_url: str, article_id: str | None = None, *, delete: str | None = None) -> None:
    """A content change as the server records it (new version, feed entry, kb.changed event)."""
    db = Database(database_url)
    try:
        with db.write() as conn:
            if delete is not None:
                kb.delete(conn, time.time(), delete)
            if article_id is not None:
                current = kb.current(conn, article_id)
                assert current is not None
                answer = current["article"]["answer"] + " Уточнено."
                kb.upsert(conn, time.time(), {**current["article"], "answer": answer})
    finally:
        db.dispose()


def test_an_unchanged_feed_costs_a_304_and_a_change_still_arrives(
    make_client: MakeClient, database_url: str, tmp_path: Path
) -> None:
    client = make_client("op1")
    with LocalStore(tmp_path / "kb.sqlite3") as store:
        kb_store, cursors = KbStore(store), Cursors(store)
        sync = KbSync(client, kb_store, cursors)
        assert len(sync.sync()) == ARTICLES and not sync.not_modified
        assert sync.sync() == [] and not sync.not_modified  # an empty page, and its ETag kept
        assert cursors.get(ETAG_CURSOR)
        assert sync.sync() == [] and sync.not_modified  # the server answered 304
        assert KbSync(client, kb_store, cursors).sync() == []  # the tag outlives the object
        publish(database_url, "KB-0002", delete="KB-0003")
        changed = sync.sync()
        assert not sync.not_modified and sorted(changed) == ["KB-0002", "KB-0003"]
        assert kb_store.get("KB-0003") is None
        article = kb_store.get("KB-0002")
        assert article is not None and article["answer"].endswith("Уточнено.")
        assert kb_store.count() == ARTICLES - 1
        assert sync.sync() == [] and not sync.not_modified
        assert sync.sync() == [] and sync.not_modified


def test_a_replaced_feed_is_pulled_again_from_the_start(
    make_client: MakeClient, tmp_path: Path
) -> None:
    """A cursor beyond the feed's newest change (a restored or another server) starts over."""
    client = make_client("op1")
    with LocalStore(tmp_path / "kb.sqlite3") as store:
        kb_store, cursors = KbStore(store), Cursors(store)
        KbSync(client, kb_store, cursors).sync()
        kb_store.apply_changes(
            [
                {
                    "seq": 90_000,
                    "id": "X-ORPHAN",
                    "op": "created",
                    "version": 1,
                    "article": {"title": "Чужая карточка", "answer": "—"},
                }
            ],
            "90000",
        )
        changed = KbSync(client, kb_store, cursors).sync()
        assert "X-ORPHAN" in changed and kb_store.get("X-ORPHAN") is None
        assert kb_store.count() == ARTICLES
        assert cursors.get(CURSOR) == str(ARTICLES)
