"""Operator states (DESIGN §3): what the operator chose, and what the server sets."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events
from routing_api.auth import User
from routing_api.catalog import SETTABLE_STATES, catalog
from routing_api.db.schema import contacts, operator_state, users
from routing_api.errors import conflict, forbidden, invalid
from routing_api.history import add_history
from routing_api.timefmt import iso

ACTIVE_STATES = ("in_progress", "on_hold")


_STATE = sa.select(operator_state).where(operator_state.c.user_id == sa.bindparam("user_id"))
#: the columns set come from the parameters' names (`set_state`)
_SET_STATE = (
    operator_state.update()
    .where(operator_state.c.user_id == sa.bindparam("b_user_id"))
    .returning(*operator_state.c)
)
_STATE_COLUMNS = frozenset(operator_state.c.keys()) - {"user_id"}


def get_state(conn: Connection, user_id: int, now: float) -> Any:
    """The operator's state row, created as `offline` on first use."""
    row = conn.execute(_STATE, {"user_id": user_id}).first()
    if row is None:
        conn.execute(operator_state.insert().values(user_id=user_id, state="offline", since=now))
        row = conn.execute(
            sa.select(operator_state).where(operator_state.c.user_id == user_id)
        ).one()
    return row


def present(row: Any) -> dict[str, Any]:
    return {
        "user_id": row.user_id,
        "state": row.state,
        "reason": row.reason,
        "since": iso(row.since),
        "next_state": row.next_state,
        "next_reason": row.next_reason,
        "acw_until": iso(row.acw_until),
    }


def set_state(
    conn: Connection,
    user_id: int,
    now: float,
    state: str,
    reason: str | None = None,
    *,
    current: Any = None,
    **extra: Any,
) -> Any:
    """Write a state (with an event to the operator and supervisors) if it changes anything.

    `current` is the state row the caller read in this transaction (saves reading it again:
    a round trip on PostgreSQL in every accept, end and state change)."""
    row = current if current is not None else get_state(conn, user_id, now)
    values: dict[str, Any] = {"state": state, "reason": reason, **extra}
    if state != row.state or reason != row.reason:
        values["since"] = now
    assert values.keys() <= _STATE_COLUMNS, values.keys() - _STATE_COLUMNS
    new = conn.execute(_SET_STATE, {"b_user_id": user_id, **values}).one()
    if (new.state, new.reason, new.next_state) != (row.state, row.reason, row.next_state):
        events.append(
            conn,
            now,
            "operator.state",
            scope="operator",
            user_id=user_id,
            payload=present(new),
            routing_input=_may_take_more(row, new),
        )
    return new


def _may_take_more(before: Any, after: Any) -> bool:
    """Whether an operator's state change could let routing offer them something: they are
    ready, or in a contact with no request pending, and were not just that or better (an
    accept takes ready to in_contact; a break, wrap-up or sign-out offers nothing)."""
    if after.state not in ("ready", "in_contact") or after.next_state is not None:
        return False
    return before.state != "ready" or before.next_state is not None


def active_count(conn: Connection, user_id: int) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).where(
                contacts.c.owner_id == user_id, contacts.c.state.in_(ACTIVE_STATES)
            )
        ).scalar_one()
    )


def request_state(conn: Connection, user: User, now: float, state: str, reason: str | None) -> Any:
    """PUT /operators/me/state: what the operator asks for, applied now or after the contact."""
    if state not in SETTABLE_STATES:
        raise invalid(
            "invalid_state",
            "Состояния «в работе» и «постобработка» устанавливает сервер.",
            "in_contact and wrap_up are set by the server.",
        )
    if state == "not_ready":
        entry = catalog().reason(reason or "", "not_ready")
        if entry is None or entry["system"]:
            raise invalid(
                "invalid_reason",
                "Для состояния «не готов» укажите причину из списка.",
                "not_ready needs a reason code from /reason-codes.",
            )
    else:
        reason = None
    row = get_state(conn, user.id, now)
    if row.state == "in_contact":
        if state == "offline":
            raise conflict(
                "contacts_open",
                "Сначала завершите текущие обращения.",
                "Finish your open contacts before going offline.",
            )
        # ready clears a pending request; others wait for the contacts to end
        next_state = None if state == "ready" else state
        return set_state(
            conn,
            user.id,
            now,
            row.state,
            row.reason,
            current=row,
            next_state=next_state,
            next_reason=reason,
        )
    return set_state(
        conn,
        user.id,
        now,
        state,
        reason,
        current=row,
        next_state=None,
        next_reason=None,
        acw_until=None,
        seen_at=now,
    )


def after_contact_released(conn: Connection, user_id: int, now: float, acw_s: float) -> None:
    """A contact left this operator's hands: start after-contact work if it was the last one."""
    row = get_state(conn, user_id, now)
    if row.state != "in_contact" or active_count(conn, user_id) > 0:
        return
    set_state(conn, user_id, now, "wrap_up", None, current=row, acw_until=now + acw_s)


def finish_acw(conn: Connection, user_id: int, now: float) -> None:
    """The after-contact-work timer ran out: back to ready, or to what the operator asked for."""
    row = get_state(conn, user_id, now)
    state = row.next_state or "ready"
    set_state(
        conn,
        user_id,
        now,
        state,
        row.next_reason,
        current=row,
        next_state=None,
        next_reason=None,
        acw_until=None,
    )


def request_help(
    conn: Connection, user: User, now: float, contact: Any | None, text: str
) -> dict[str, Any]:
    """The operator asks the supervisor for help (a consultation; no telephony behind it).

    Supervisors see it as an `operator.help_requested` event; asked about a contact (its
    owner only), the contact's history records it too.
    """
    if contact is not None and contact["owner_id"] != user.id:
        raise forbidden(
            "Помощь можно запросить только по своему обращению.",
            "Ask for help only about a contact you handle.",
        )
    payload: dict[str, Any] = {
        "user_id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "text": text,
        "contact_id": None if contact is None else contact["id"],
        "number": None if contact is None else contact["number"],
        "at": iso(now),
    }
    if contact is not None:
        add_history(
            conn, contact["id"], now, "help_requested", user.id, contact["state"], {"text": text}
        )
    payload["event_id"] = events.append(
        conn, now, "operator.help_requested", scope="operator", user_id=user.id, payload=payload
    )
    return payload


def roster(conn: Connection) -> list[dict[str, Any]]:
    """Every active operator with its state (transfer targets, the supervisor's board)."""
    rows = conn.execute(
        sa.select(
            users.c.id,
            users.c.username,
            users.c.full_name,
            users.c.line,
            users.c.agency,
            users.c.region,
            operator_state.c.state,
            operator_state.c.reason,
            operator_state.c.since,
            operator_state.c.next_state,
        )
        .outerjoin(operator_state, operator_state.c.user_id == users.c.id)
        .where(users.c.role == "operator", users.c.disabled.is_(False))
        .order_by(users.c.username)
    ).all()
    return [
        {
            "id": r.id,
            "username": r.username,
            "full_name": r.full_name,
            "line": r.line,
            "agency": r.agency,
            "region": r.region,
            "state": r.state or "offline",
            "reason": r.reason,
            "since": iso(r.since),
            "next_state": r.next_state,
        }
        for r in rows
    ]
