"""The schema as an ordered list of migrations; the last one's version is the current one.

A new MINOR only adds what older programs can ignore (a table, a nullable column, an
index); anything an older program would misread is a new MAJOR. Never edit a shipped
migration: append a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

Version = tuple[int, int]
Migration = tuple[Version, Callable[[Database], None]]


def initial(db: Database) -> None:
    """1.0: meta, the KB index, feed cursors, the outbox and drafts."""
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})
    kb = db.table("kb_articles").create(
        {
            "id": str,
            "data": str,  # the article as JSON text
            "version": int,
            "updated_at": str,  # the server's time
            "seq": int,  # the feed position that last changed it (0: imported)
            "changed_at": str,  # local time it changed here
        },
        pk="id",
        not_null={"data", "version", "seq", "changed_at"},
    )
    kb.create_index(["changed_at"])
    db.table("cursors").create({"name": str, "value": str}, pk="name", not_null={"value"})
    outbox = db.table("outbox").create(
        {
            "id": int,
            "key": str,  # the Idempotency-Key
            "method": str,
            "path": str,
            "body": bytes,  # encrypted JSON, NULL for no body
            "created_at": str,
            "attempts": int,
            "last_error": str,
            "state": str,  # pending | done | failed
            "done_at": str,
        },
        pk="id",
        not_null={"key", "method", "path", "created_at", "attempts", "state"},
        defaults={"attempts": 0, "state": "pending"},
    )
    outbox.create_index(["key"], unique=True)
    outbox.create_index(["state", "id"])
    db.table("drafts").create(
        {"contact_id": int, "field": str, "body": bytes, "updated_at": str},
        pk=("contact_id", "field"),
        not_null={"body", "updated_at"},
    )


MIGRATIONS: tuple[Migration, ...] = (((1, 0), initial),)
SCHEMA_VERSION: Version = MIGRATIONS[-1][0]
