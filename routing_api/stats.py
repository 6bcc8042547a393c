"""Today's counters for the operator's status bar (Moscow day), from the contact history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import queue_summary
from routing_api.auth import User
from routing_api.clock import moscow_day_start
from routing_api.contact_views import queue_for
from routing_api.context import Env
from routing_api.db.schema import contact_history, contacts


def operator_stats(conn: Connection, env: Env, user: User) -> dict[str, Any]:
    day = moscow_day_start(datetime.fromtimestamp(env.now, UTC)).timestamp()
    mine = sa.and_(contact_history.c.actor_id == user.id, contact_history.c.at >= day)
    counts: dict[str, int] = dict(
        conn.execute(
            sa.select(contact_history.c.kind, sa.func.count())
            .where(
                mine,
                contact_history.c.kind.in_(
                    (
                        "accepted",
                        "declined",
                        "offer_timeout",
                        "escalated",
                        "transferred",
                        "wrapped_up",
                    )
                ),
            )
            .group_by(contact_history.c.kind)
        ).all()
    )
    closed = conn.execute(
        sa.select(
            contacts.c.answered_at, contacts.c.ended_at, contacts.c.closed_at, contacts.c.resolved
        ).where(
            contacts.c.owner_id == user.id,
            contacts.c.state == "closed",
            contacts.c.closed_at >= day,
        )
    ).all()
    # handling time = talk and hold + after-contact work (capped at the ACW timer, so a
    # wrap-up sent late from an outbox does not inflate it)
    handle = [
        (r.ended_at - r.answered_at) + min(r.closed_at - r.ended_at, env.settings.acw_s)
        for r in closed
        if r.answered_at is not None and r.ended_at is not None
    ]
    queue = [q for q in queue_for(conn, user, env.now) if q["state"] != "offered"]
    waits = [
        env.now - datetime.fromisoformat(q["queued_at"].replace("Z", "+00:00")).timestamp()
        for q in queue
    ]
    waiting = len(queue)
    if queue_summary.receives(user):
        # the first line's calls and chats are not in an operator's list: in its summary
        for group in queue_summary.served(queue_summary.read_groups(conn), user):
            waiting += group.waiting
            waits.append(env.now - group.oldest_queued_at)
    return {
        "day_start": datetime.fromtimestamp(day, UTC).isoformat().replace("+00:00", "Z"),
        "accepted": counts.get("accepted", 0),
        "closed": len(closed),
        "resolved": sum(1 for r in closed if r.resolved),
        "declined": counts.get("declined", 0),
        "missed": counts.get("offer_timeout", 0),
        "escalated": counts.get("escalated", 0),
        "transferred": counts.get("transferred", 0),
        "aht_s": round(sum(handle) / len(handle), 1) if handle else None,
        "queue_waiting": waiting,
        "queue_longest_wait_s": round(max(waits), 1) if waits else 0.0,
    }
