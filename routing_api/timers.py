"""Everything that happens because time passed: offer timeouts, after-contact work, presence,
long waits, housekeeping — then routing. Safe to run in every replica at once."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import contacts as contact_ops
from routing_api import events, kpis, operators, routing
from routing_api.catalog import PUSH_CHANNELS
from routing_api.clock import MOSCOW
from routing_api.context import Env
from routing_api.db.schema import contacts, idempotency_keys, login_failures, operator_state, users
from routing_api.history import add_history


def tick(conn: Connection, env: Env, connected: Collection[int]) -> None:
    """One pass of the timers, in the caller's write transaction."""
    now = env.now
    if connected:
        conn.execute(
            operator_state.update()
            .where(operator_state.c.user_id.in_(list(connected)))
            .values(seen_at=now)
        )
    expire_offers(conn, env)
    for (user_id,) in conn.execute(
        sa.select(operator_state.c.user_id).where(
            operator_state.c.state == "wrap_up", operator_state.c.acw_until <= now
        )
    ).all():
        operators.finish_acw(conn, user_id, now)
    drop_absent(conn, env)
    redirect_long_waits(conn, env)
    contact_ops.mark_overdue(conn, env)
    routing.route(conn, now, env.settings.offer_timeout_s)
    kpis.sample_waiting(conn, now)


def expire_offers(conn: Connection, env: Env) -> None:
    """An offer not accepted in time goes back; the operator becomes not_ready(missed)."""
    expired = (
        conn.execute(
            sa.select(contacts).where(
                contacts.c.state == "offered", contacts.c.offer_expires_at <= env.now
            )
        )
        .mappings()
        .all()
    )
    for row in expired:
        user_id = row["offered_to"]
        contact_ops.release_offer(conn, env, row, "time out", "offer_timeout", user_id, {})
        state = operators.get_state(conn, user_id, env.now)
        if state.state == "in_contact":
            operators.set_state(
                conn,
                user_id,
                env.now,
                state.state,
                state.reason,
                current=state,
                next_state="not_ready",
                next_reason="missed",
            )
        elif state.state in ("ready", "wrap_up"):
            operators.set_state(
                conn, user_id, env.now, "not_ready", "missed", current=state, acw_until=None
            )


def drop_absent(conn: Connection, env: Env) -> None:
    """Presence: no event stream for longer than the grace period → not_ready(disconnected)."""
    limit = env.now - env.settings.presence_grace_s
    rows = conn.execute(
        sa.select(operator_state.c.user_id, operator_state.c.state)
        .join(users, users.c.id == operator_state.c.user_id)
        .where(
            users.c.role == "operator",
            operator_state.c.state.in_(("ready", "in_contact")),
            operator_state.c.next_state.is_(None),
            sa.or_(operator_state.c.seen_at.is_(None), operator_state.c.seen_at < limit),
        )
    ).all()
    for user_id, state in rows:
        if state == "ready":
            operators.set_state(conn, user_id, env.now, "not_ready", "disconnected")
        else:
            operators.set_state(
                conn,
                user_id,
                env.now,
                state,
                None,
                next_state="not_ready",
                next_reason="disconnected",
            )


def next_morning(now: float) -> float:
    """08:00 Moscow time after `now` (night-mode callbacks)."""
    local = datetime.fromtimestamp(now, UTC).astimezone(MOSCOW)
    morning = local.replace(hour=8, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)
    return morning.timestamp()


def redirect(conn: Connection, env: Env, row: contact_ops.Row, why: str, due_at: float) -> None:
    """Offer the citizen a callback instead of waiting: this contact ends, a task is queued."""
    row = contact_ops._transition(
        conn, row, "redirect", (row["state"],), state="redirected", ended_at=env.now
    )
    callback = contact_ops.schedule_callback(
        conn, env, row, channel="callback", due_at=due_at, why=why
    )
    add_history(
        conn,
        row["id"],
        env.now,
        "redirected",
        None,
        "redirected",
        {"why": why, "callback": None if callback is None else callback["number"]},
    )
    events.contact_event(
        conn,
        env.now,
        "contact.redirected",
        row,
        before="queued",
        callback=None if callback is None else callback["number"],
        why=why,
    )


def redirect_long_waits(conn: Connection, env: Env) -> None:
    """Long waits and off-hours calls turn into callback tasks (DESIGN §3.4, work modes).

    Every tick, so it reads narrow columns, and in the modes that offer everything only the
    contacts past the wait limit; a full row is read only for a contact it redirects (the
    queue's whole rows, JSON and all, were most of a tick's time with 800 waiting).
    """
    mode = routing.work_mode(conn)
    after = env.settings.redirect_after_s
    where = [
        contacts.c.state == "queued",
        contacts.c.queue == "line1",
        contacts.c.channel.in_(tuple(PUSH_CHANNELS)),
        contacts.c.caller_phone.is_not(None),
        contacts.c.caller_phone != "",  # no number to call back: it keeps its place
    ]
    if mode not in routing.MODES_HOLDING_OFFERS:  # only long waits are redirected
        if not after:
            return
        where.append(contacts.c.queued_at < env.now - after)
    waiting = conn.execute(
        sa.select(contacts.c.id, contacts.c.channel, contacts.c.category, contacts.c.queued_at)
        .where(*where)
        .order_by(contacts.c.queued_at, contacts.c.id)
    ).all()
    for row in waiting:
        if not routing.mode_allows_offer(mode, row._mapping):
            if row.channel != "voice":
                continue
            why = f"mode:{mode}"
            due = next_morning(env.now) if mode == "night" else env.now + 2 * 3600
        elif after and env.now - row.queued_at > after:
            why, due = "long_wait", env.now + env.settings.callback_due_s
        else:
            continue
        redirect(conn, env, contact_ops.load(conn, row.id), why, due)


def housekeeping(conn: Connection, env: Env) -> None:
    """Forget idempotency keys after their retention and old failed logins."""
    conn.execute(
        idempotency_keys.delete().where(
            idempotency_keys.c.created_at < env.now - env.settings.idempotency_ttl_s
        )
    )
    conn.execute(
        login_failures.delete().where(login_failures.c.at < env.now - env.settings.login_window_s)
    )
