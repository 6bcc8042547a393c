"""KbSync from the real routing API: the whole expert system, resume after a crash, deltas."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from operator_app.sync.client import ApiClient
from operator_app.sync.kb_sync import CURSOR, KbSync
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
    assert progress == [(ARTICLES, None)]
    assert cursors[CURSOR] == str(max(max(page) for page in kb.pages))
    assert KbSync(client, kb, cursors).sync() == []
    assert len(kb.pages) == 1


def test_a_crash_mid_sync_resumes_after_the_last_page_applied(make_client: MakeClient) -> None:
    client = make_client("op1")
    kb, cursors = MemoryKb(crash_on_page=3), MemoryCursors()
    progress: list[tuple[int, int | None]] = []
    with pytest.raises(RuntimeError):
        KbSync(client, kb, cursors, page_size=100).sync(lambda d, t: progress.append((d, t)))
    assert progress == [(100, None), (200, None)]
    assert cursors[CURSOR] == str(kb.pages[1][-1])
    rest = KbSync(client, kb, cursors, page_size=100).sync()
    assert len(rest) == ARTICLES - 200
    seqs = [seq for page in kb.pages for seq in page]
    assert seqs == sorted(set(seqs)), "a page was fetched twice or out of order"
    assert len(kb.articles) == ARTICLES and len(kb.pages) == 4
    assert KbSync(client, kb, cursors, page_size=100).sync() == []
