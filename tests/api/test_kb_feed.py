"""GET /kb/changes: strong ETags, 304 Not Modified to a matching If-None-Match, the number of
changes still to come (the workstation's progress bar) and the feed's head."""

from __future__ import annotations

import time
from typing import Any

from routing_api import kb
from routing_api.db.engine import Database
from tests.helpers.api import Client

ARTICLES = 386


def publish(database_url: str, article_id: str, answer: str) -> None:
    """A content change as the server records it (new version, feed entry, kb.changed event)."""
    db = Database(database_url)
    try:
        with db.write() as conn:
            current = kb.current(conn, article_id)
            assert current is not None
            kb.upsert(conn, time.time(), {**current["article"], "answer": answer})
    finally:
        db.dispose()


def feed(client: Client, since: str = "0", limit: int = 500, etag: str | None = None) -> Any:
    headers = {"If-None-Match": etag} if etag else {}
    return client.get("/kb/changes", params={"since": since, "limit": limit}, headers=headers)


def test_an_unchanged_feed_answers_304_to_its_etag(
    clients: dict[str, Client], database_url: str
) -> None:
    op = clients["op1"]
    first = feed(op, limit=100)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong: no W/ prefix
    body = first.json()
    assert len(body["items"]) == 100 and body["has_more"] is True
    assert body["remaining"] == ARTICLES - 100 and body["head"] == ARTICLES
    # the same request, the same validator; with it, nothing but 304
    assert feed(op, limit=100).headers["ETag"] == etag
    not_modified = feed(op, limit=100, etag=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b"" and not_modified.headers["ETag"] == etag
    assert feed(op, limit=100, etag=f'"other", {etag}').status_code == 304
    assert feed(op, limit=100, etag="*").status_code == 304
    # another page or page size is another representation: its own tag
    assert feed(op, since=body["next"], limit=100, etag=etag).status_code == 200
    assert feed(op, limit=50, etag=etag).status_code == 200
    assert feed(op, limit=100, etag=f"W/{etag}").status_code == 200
    # at the end of the feed: an empty page, then 304 for it
    end = feed(op, since=str(ARTICLES))
    assert end.status_code == 200 and end.json()["items"] == []
    assert end.json()["remaining"] == 0
    tag = end.headers["ETag"]
    assert feed(op, since=str(ARTICLES), etag=tag).status_code == 304
    # another user asking the same gets the same answer (the feed is not per user)
    assert feed(clients["sup1"], since=str(ARTICLES), etag=tag).status_code == 304

    publish(database_url, "KB-0002", "Новая редакция ответа.")
    changed = feed(op, since=str(ARTICLES), etag=tag)
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    items = changed.json()["items"]
    assert [(i["id"], i["op"], i["seq"]) for i in items] == [("KB-0002", "updated", ARTICLES + 1)]
    assert items[0]["article"]["answer"] == "Новая редакция ответа."
    assert changed.json()["head"] == ARTICLES + 1
    # the first page's old tag no longer matches either: the feed's head moved
    assert feed(op, limit=100, etag=etag).status_code == 200


def test_validation_and_access_come_before_the_etag(clients: dict[str, Client]) -> None:
    op, gateway = clients["op1"], clients["gateway"]
    etag = feed(op).headers["ETag"]
    assert feed(gateway, etag=etag).status_code == 403
    bad = op.get("/kb/changes", params={"since": "x"}, headers={"If-None-Match": etag})
    assert bad.status_code == 422 and bad.json()["message_ru"]
    unauthenticated = op.http.get(
        "/kb/changes", headers={"If-None-Match": etag, "Authorization": ""}
    )
    assert unauthenticated.status_code == 401
