"""Reading contacts: the whole history, the detail a role may see, lookups and the queue view."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import routing
from routing_api.auth import User
from routing_api.catalog import PUSH_CHANNELS
from routing_api.contacts import Row, load
from routing_api.db.schema import contact_history, contacts, users
from routing_api.errors import invalid
from routing_api.events import WAITING_STATES
from routing_api.pd import (
    DETAIL_PD_ROLES,
    FULL_PD_ROLES,
    contact_detail,
    contact_summary,
    mask_fields,
)
from routing_api.timefmt import iso
from routing_api.verification import summary as verification_summary

_HISTORY = (
    sa.select(contact_history, users.c.username)
    .outerjoin(users, users.c.id == contact_history.c.actor_id)
    .where(contact_history.c.contact_id == sa.bindparam("contact_id"))
    .order_by(contact_history.c.id)
)


def history(conn: Connection, contact_id: int, *, full_pd: bool) -> list[dict[str, Any]]:
    rows = conn.execute(_HISTORY, {"contact_id": contact_id}).all()
    return [
        {
            "at": iso(r.at),
            "kind": r.kind,
            "actor_id": r.actor_id,
            "actor": r.username,
            "state": r.state,
            "data": r.data if full_pd else mask_fields(r.data),
        }
        for r in rows
    ]


def detail(conn: Connection, row: Row, viewer: User) -> dict[str, Any]:
    """The contact with its whole history and the history of the contacts it resumes."""
    full = viewer.role in DETAIL_PD_ROLES
    result = contact_detail(row, full_pd=full)
    result["history"] = history(conn, row["id"], full_pd=full)
    previous: list[dict[str, Any]] = []
    earlier_id = row["resumes_id"]
    while earlier_id is not None and len(previous) < 20:
        earlier = load(conn, earlier_id)
        previous.append(
            {
                **contact_summary(earlier, full_pd=full),
                "history": history(conn, earlier_id, full_pd=full),
            }
        )
        earlier_id = earlier["resumes_id"]
    result["previous"] = previous
    result["resumes"] = previous[0]["number"] if previous else None
    result["verification"] = verification_summary(conn, row["id"])
    return result


def lookup(
    conn: Connection,
    viewer: User,
    *,
    number: str | None,
    same_caller_as: int | None,
) -> list[dict[str, Any]]:
    """Earlier contacts of a caller, newest first: by the contact number the citizen quotes,
    or the caller of a contact. There is no lookup by phone: personal data never travels in
    a URL, where access logs and proxies keep it."""
    query = sa.select(contacts).order_by(contacts.c.created_at.desc()).limit(50)
    if number is not None:
        query = query.where(contacts.c.number == number)
    elif same_caller_as is not None:
        ref = load(conn, same_caller_as)
        if not ref["caller_phone"]:
            return []
        query = query.where(
            contacts.c.caller_phone == ref["caller_phone"], contacts.c.id != same_caller_as
        )
    else:
        raise invalid(
            "lookup_key",
            "Укажите номер обращения или обращение того же гражданина.",
            "Give a contact number or same_caller_as.",
        )
    full = viewer.role in FULL_PD_ROLES
    return [contact_summary(r, full_pd=full) for r in conn.execute(query).mappings().all()]


def owned_by(conn: Connection, user: User, now: float | None = None) -> list[dict[str, Any]]:
    """The contacts the user is working on (talking, on hold, wrapping up), oldest first:
    what a workstation reopens after a restart or a crash."""
    rows = (
        conn.execute(
            sa.select(contacts)
            .where(
                contacts.c.owner_id == user.id,
                contacts.c.state.in_(("in_progress", "on_hold", "wrap_up")),
            )
            .order_by(contacts.c.answered_at, contacts.c.id)
            .limit(100)
        )
        .mappings()
        .all()
    )
    full = user.role in FULL_PD_ROLES
    return [contact_summary(r, full_pd=full, now=now) for r in rows]


def queue_for(conn: Connection, user: User, now: float | None = None) -> list[dict[str, Any]]:
    """What the user may see and take: waiting contacts of its skills and offers to it.

    An operator's view leaves out the first line's waiting calls and chats but its own (they
    are in its queue summary, see routing_api/queue_summary.py).
    """
    where: list[sa.ColumnElement[bool]] = [contacts.c.state.in_((*WAITING_STATES, "offered"))]
    if user.role != "supervisor":
        where.append(
            sa.or_(
                contacts.c.queue != "line1",
                contacts.c.channel.not_in(sorted(PUSH_CHANNELS)),
                contacts.c.offered_to == user.id,
                contacts.c.target_user_id == user.id,
            )
        )
    rows = (
        conn.execute(
            sa.select(contacts)
            .where(*where)
            .order_by(contacts.c.priority_rank, contacts.c.queued_at, contacts.c.id)
            .limit(2000)
        )
        .mappings()
        .all()
    )
    full = user.role in FULL_PD_ROLES
    mode = routing.work_mode(conn)
    out = []
    for r in rows:
        mine = r["offered_to"] == user.id or r["target_user_id"] == user.id
        if user.role != "supervisor":
            # an operator's view: what it may take, and what is offered to it alone
            if r["state"] == "offered" and not mine:
                continue
            if not (mine or routing.skills_match(user, r)):
                continue
        item = contact_summary(r, full_pd=full, now=now)
        item["pullable"] = r["state"] in WAITING_STATES and routing.pullable(r)
        item["offered_to_me"] = r["offered_to"] == user.id
        item["held_by_mode"] = routing.pushed(mode, r) and not routing.mode_allows_offer(mode, r)
        out.append(item)
    return out
