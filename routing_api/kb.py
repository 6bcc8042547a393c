"""The expert system on the server: articles with versions and a change feed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events
from routing_api.db.engine import inserted_id
from routing_api.db.schema import kb_articles, kb_changes, users
from routing_api.timefmt import iso

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


def upsert_many(
    conn: Connection, now: float, articles: Sequence[Mapping[str, Any]], actor: int | None = None
) -> list[int]:
    """Create or replace many articles in bulk (an import), without events; their versions.

    The same rows as `upsert` one by one, written with a few executemany statements.
    """
    for article in articles:
        missing = [k for k in REQUIRED if not article.get(k)]
        if missing:
            raise ValueError(f"article {article.get('id')!r} lacks {', '.join(missing)}")
    ids = [a["id"] for a in articles]
    known: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(
            sa.select(kb_articles.c.id, kb_articles.c.version, kb_articles.c.deleted).where(
                kb_articles.c.id.in_(chunk)
            )
        ):
            known[row.id] = row
    changes = []
    for article in articles:
        prior = known.get(article["id"])
        changes.append(
            {
                "article_id": article["id"],
                "op": "created" if prior is None or prior.deleted else "updated",
                "version": 1 if prior is None else prior.version + 1,
                "at": now,
                "actor_id": actor,
                "data": dict(article),
            }
        )
    if not changes:
        return []
    seqs = (
        conn.execute(
            kb_changes.insert().returning(kb_changes.c.seq, sort_by_parameter_order=True), changes
        )
        .scalars()
        .all()
    )
    new_rows: list[dict[str, Any]] = []
    old_rows: list[dict[str, Any]] = []
    for change, seq in zip(changes, seqs, strict=True):
        values = {
            "b_id": change["article_id"],
            "data": change["data"],
            "version": change["version"],
            "seq": seq,
            "updated_at": now,
            "deleted": False,
        }
        (old_rows if change["article_id"] in known else new_rows).append(values)
    if new_rows:
        conn.execute(
            kb_articles.insert().values(
                id=sa.bindparam("b_id"),
                data=sa.bindparam("data", type_=sa.JSON),
                version=sa.bindparam("version"),
                seq=sa.bindparam("seq"),
                updated_at=sa.bindparam("updated_at"),
                deleted=sa.bindparam("deleted"),
            ),
            new_rows,
        )
    if old_rows:
        conn.execute(
            kb_articles.update()
            .where(kb_articles.c.id == sa.bindparam("b_id"))
            .values(
                data=sa.bindparam("data", type_=sa.JSON),
                version=sa.bindparam("version"),
                seq=sa.bindparam("seq"),
                updated_at=sa.bindparam("updated_at"),
                deleted=sa.bindparam("deleted"),
            ),
            old_rows,
        )
    return [int(c["version"]) for c in changes]


def current(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """The article as it stands ({id, version, updated_at, deleted, article}), or None."""
    row = conn.execute(sa.select(kb_articles).where(kb_articles.c.id == article_id)).first()
    if row is None:
        return None
    return {
        "id": row.id,
        "version": row.version,
        "updated_at": iso(row.updated_at),
        "deleted": bool(row.deleted),
        "article": row.data,
    }


def history(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    """Every version of an article, newest first, with who changed it, when and how."""
    rows = conn.execute(
        sa.select(kb_changes, users.c.username, users.c.full_name)
        .outerjoin(users, users.c.id == kb_changes.c.actor_id)
        .where(kb_changes.c.article_id == article_id)
        .order_by(kb_changes.c.seq.desc())
    ).all()
    return [
        {
            "version": r.version,
            "op": r.op,
            "at": iso(r.at),
            "actor": None
            if r.actor_id is None
            else {"id": r.actor_id, "username": r.username, "full_name": r.full_name},
            "article": r.data,
        }
        for r in rows
    ]


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
