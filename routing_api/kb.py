"""The expert system on the server: articles with versions and a change feed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events
from routing_api.db.engine import inserted_id
from routing_api.db.schema import kb_articles, kb_changes

REQUIRED = ("id", "agency", "category", "title", "answer")


def upsert(
    conn: Connection,
    now: float,
    article: Mapping[str, Any],
    actor: int | None = None,
    *,
    announce: bool = True,
) -> int:
    """Create or replace an article; returns its new version."""
    missing = [k for k in REQUIRED if not article.get(k)]
    if missing:
        raise ValueError(f"article {article.get('id')!r} lacks {', '.join(missing)}")
    current = conn.execute(
        sa.select(kb_articles.c.version, kb_articles.c.deleted).where(
            kb_articles.c.id == article["id"]
        )
    ).first()
    version = 1 if current is None else current.version + 1
    op = "created" if current is None or current.deleted else "updated"
    return _record(
        conn, now, article["id"], op, version, dict(article), actor, current is None, announce
    )


def delete(conn: Connection, now: float, article_id: str, actor: int | None = None) -> int:
    current = conn.execute(
        sa.select(kb_articles.c.version).where(kb_articles.c.id == article_id)
    ).first()
    if current is None:
        raise KeyError(article_id)
    return _record(conn, now, article_id, "deleted", current.version + 1, None, actor, False, True)


def _record(
    conn: Connection,
    now: float,
    article_id: str,
    op: str,
    version: int,
    data: dict[str, Any] | None,
    actor: int | None,
    new: bool,
    announce: bool,
) -> int:
    seq = inserted_id(
        conn.execute(
            kb_changes.insert().values(
                article_id=article_id, op=op, version=version, at=now, actor_id=actor, data=data
            )
        )
    )
    values = {
        "data": data,
        "version": version,
        "seq": seq,
        "updated_at": now,
        "deleted": data is None,
    }
    if new:
        conn.execute(kb_articles.insert().values(id=article_id, **values))
    else:
        conn.execute(kb_articles.update().where(kb_articles.c.id == article_id).values(**values))
    if announce:
        events.append(
            conn,
            now,
            "kb.changed",
            scope="staff",
            payload={"article_id": article_id, "op": op, "version": version, "seq": seq},
        )
    return version
