"""The personal-data audit log: append-only, hash-chained, verifiable (DESIGN §4).

Each record's hash is sha256 over a canonical JSON serialisation of the record (its id
included) followed by the previous record's hash; the first record follows GENESIS. Records
name fields and results, never values: no personal data is in the log.

The chain stays linear because a record's id is the previous id + 1, chosen inside a write
transaction: writes are serialised (BEGIN IMMEDIATE on SQLite; on PostgreSQL a
transaction-scoped advisory lock that every replica's writers take, see `Database.write`),
and should two appenders ever read the same head anyway, the primary key refuses the second,
so the log can never fork.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api.auth import User
from routing_api.db.engine import Database
from routing_api.db.schema import audit_log
from routing_api.timefmt import iso

GENESIS = "0" * 64
#: the columns a record's hash covers, in the canonical order
HASHED = (
    "id",
    "at",
    "actor_id",
    "actor_role",
    "contact_id",
    "citizen_id",
    "action",
    "field",
    "result",
    "reason",
)


def canonical(record: dict[str, Any]) -> str:
    """The record as the one string its hash is computed over."""
    body = {name: record.get(name) for name in HASHED}
    # floats as repr: both databases keep 53-bit doubles, so the value reads back exactly
    body["at"] = repr(float(record["at"]))
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_hash(record: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256((canonical(record) + prev_hash).encode()).hexdigest()


def append(
    conn: Connection,
    now: float,
    actor: User | None,
    action: str,
    result: str,
    *,
    contact_id: int | None = None,
    citizen_id: int | None = None,
    field: str | None = None,
    reason: str | None = None,
) -> int:
    """Append one record in the caller's write transaction; returns its id."""
    if not conn.info.get("write"):
        raise RuntimeError("audit records are appended inside a write transaction")
    head = conn.execute(
        sa.select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
    ).first()
    prev_id, prev_hash = (head.id, head.hash) if head is not None else (0, GENESIS)
    record: dict[str, Any] = {
        "id": prev_id + 1,
        "at": now,
        "actor_id": actor.id if actor else None,
        "actor_role": _role(actor),
        "contact_id": contact_id,
        "citizen_id": citizen_id,
        "action": action,
        "field": field,
        "result": result,
        "reason": reason[:200] if reason else None,
    }
    conn.execute(
        audit_log.insert().values(
            **record, prev_hash=prev_hash, hash=record_hash(record, prev_hash)
        )
    )
    return int(record["id"])


def _role(actor: User | None) -> str | None:
    """The role as the audit names it: first / second line are told apart."""
    if actor is None:
        return None
    if actor.role == "operator" and actor.line is not None:
        return f"line{actor.line}"
    return actor.role


def public(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": iso(row.at),
        "actor_id": row.actor_id,
        "actor_role": row.actor_role,
        "contact_id": row.contact_id,
        "citizen_id": row.citizen_id,
        "action": row.action,
        "field": row.field,
        "result": row.result,
        "reason": row.reason,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def page(
    conn: Connection, *, after_id: int, limit: int, contact_id: int | None = None
) -> dict[str, Any]:
    query = sa.select(audit_log).where(audit_log.c.id > after_id).order_by(audit_log.c.id)
    if contact_id is not None:
        query = query.where(audit_log.c.contact_id == contact_id)
    rows = conn.execute(query.limit(limit + 1)).all()
    more = len(rows) > limit
    items = [public(r) for r in rows[:limit]]
    return {
        "items": items,
        "next_after_id": items[-1]["id"] if items else after_id,
        "has_more": more,
    }


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the chain: where it first breaks, if it does."""

    checked: int
    first_broken_id: int | None = None
    problem: str | None = None
    head_id: int = 0
    head_hash: str = GENESIS

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None

    def public(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "checked": self.checked,
            "first_broken_id": self.first_broken_id,
            "problem": self.problem,
            "head_id": self.head_id,
            "head_hash": self.head_hash,
        }


def _rows(db: Database, batch: int = 2000) -> Iterator[Any]:
    after = -1
    while True:
        with db.read() as conn:
            rows = conn.execute(
                sa.select(audit_log)
                .where(audit_log.c.id > after)
                .order_by(audit_log.c.id)
                .limit(batch)
            ).all()
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].id


def verify(db: Database) -> ChainReport:
    """Walk the chain from the start and report the first record that does not hold.

    A record breaks the chain when its id is not the previous id + 1 (a record was removed),
    its prev_hash is not the previous record's hash (a record before it was replaced), or its
    own hash does not match its content (it was edited).
    """
    expected_id, prev_hash, checked = 1, GENESIS, 0
    for row in _rows(db):
        record = dict(row._mapping)
        if row.id != expected_id:
            return ChainReport(checked, row.id, "missing_record", expected_id - 1, prev_hash)
        if row.prev_hash != prev_hash:
            return ChainReport(checked, row.id, "prev_hash_mismatch", row.id - 1, prev_hash)
        if record_hash(record, prev_hash) != row.hash:
            return ChainReport(checked, row.id, "hash_mismatch", row.id - 1, prev_hash)
        checked += 1
        expected_id, prev_hash = row.id + 1, row.hash
    return ChainReport(checked, head_id=expected_id - 1, head_hash=prev_hash)
