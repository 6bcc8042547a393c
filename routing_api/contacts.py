"""The contact lifecycle (DESIGN §2), enforced here: every transition is a conditional UPDATE.

queued → offered → in_progress ⇄ on_hold → wrap_up → closed, with the exits escalated,
transferred, redirected and abandoned. A contact acted on in a state that does not allow
it is 409; one owned by someone else is 403.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events, operators, routing
from routing_api.auth import User
from routing_api.catalog import PRIORITIES, VOICE_LIKE, catalog
from routing_api.context import Env
from routing_api.db.engine import inserted_id
from routing_api.db.schema import contact_history, contacts, users
from routing_api.errors import (
    ApiError,
    conflict,
    forbidden,
    illegal_transition,
    invalid,
    not_found,
)
from routing_api.events import WAITING_STATES
from routing_api.history import add_history
from routing_api.timefmt import iso

Row = Mapping[Any, Any]
ACTIVE = ("in_progress", "on_hold")
TERMINAL = frozenset({"closed", "abandoned", "redirected"})


#: the statements every write runs, built once (values come as parameters)
_LOAD = sa.select(contacts).where(contacts.c.id == sa.bindparam("contact_id"))
#: the columns set come from the parameters' names (`_transition`)
_TRANSITION = (
    contacts.update()
    .where(
        contacts.c.id == sa.bindparam("b_id"),
        contacts.c.state == sa.bindparam("b_state"),
        contacts.c.version == sa.bindparam("b_version"),
    )
    .values(version=contacts.c.version + 1)
    .returning(*contacts.c)  # the row as it now is, without a second round trip
)
_COLUMNS = frozenset(contacts.c.keys()) - {"id", "version"}
_INSERT_CONTACT = contacts.insert()
_SET_NUMBER = contacts.update().where(contacts.c.id == sa.bindparam("b_id")).returning(*contacts.c)


def load(conn: Connection, contact_id: int) -> Row:
    row = conn.execute(_LOAD, {"contact_id": contact_id}).mappings().first()
    if row is None:
        raise not_found("Обращение не найдено", "Contact")
    return row


def _transition(
    conn: Connection, row: Row, action: str, allowed: Iterable[str], **values: Any
) -> Row:
    """Move a contact on, only from the state we read (lost races become 409)."""
    allowed = tuple(allowed)
    if row["state"] not in allowed:
        raise illegal_transition(action, row["state"])
    assert values.keys() <= _COLUMNS, values.keys() - _COLUMNS  # a parameter, not a column
    moved = (
        conn.execute(
            _TRANSITION,
            {"b_id": row["id"], "b_state": row["state"], "b_version": row["version"], **values},
        )
        .mappings()
        .first()
    )
    if moved is None:
        raise illegal_transition(action, load(conn, row["id"])["state"])
    return moved


def _own(row: Row, user: User) -> None:
    """Owner-only actions: someone else's contact is 403, an unowned one is a state error."""
    if row["owner_id"] is not None and row["owner_id"] != user.id:
        raise forbidden(
            "Это обращение ведёт другой сотрудник.", "Another user handles this contact."
        )


def create(
    conn: Connection,
    env: Env,
    creator: User | None,
    body: Mapping[Any, Any],
    *,
    line: Mapping[str, Any] | None = None,
) -> Row:
    """A new contact from a channel gateway (or a task the server makes); routed at once.

    `line` places a server-made task in a queue other than the first line's (queue,
    target_agency, target_region); gateways cannot set it.
    """
    cat = catalog().categories.get(body["category"])
    if cat is None:
        raise invalid(
            "unknown_category",
            "Неизвестная категория обращения.",
            "Unknown category.",
            details={"category": body["category"]},
        )
    resumes = None
    if body.get("resumes"):
        resumes = conn.execute(
            sa.select(contacts.c.id).where(contacts.c.number == body["resumes"])
        ).scalar_one_or_none()
        if resumes is None:
            raise invalid(
                "unknown_contact_number",
                "Обращение с таким номером не найдено.",
                "No contact has that number.",
                details={"resumes": body["resumes"]},
            )
    caller = body.get("caller") or {}
    now = env.now
    values = {
        "channel": body["channel"],
        "kind": body.get("kind"),
        "category": body["category"],
        "topic": body.get("topic"),
        "priority": body.get("priority", "normal"),
        "priority_rank": PRIORITIES[body.get("priority", "normal")],
        "agency": body.get("agency") or cat["agency"],
        "region": body.get("region"),
        "language": body.get("language") or "ru",
        "caller_phone": caller.get("phone"),
        "caller_name": caller.get("name"),
        "caller_email": caller.get("email"),
        "ivr": body.get("ivr"),
        "subject": body.get("subject"),
        "body": body.get("body"),
        "form": body.get("form"),
        "reply_channel": body.get("reply_channel"),
        "state": "queued",
        "queue": "line1",
        "created_at": now,
        "queued_at": now,
        "due_at": body.get("due_at"),
        "resumes_id": resumes,
        "parent_id": body.get("parent_id"),
        "created_by": creator.id if creator else None,
        **(line or {}),
    }
    new_id = inserted_id(conn.execute(_INSERT_CONTACT, values))
    stamp = datetime.fromtimestamp(now, UTC).strftime("%y%m")
    row = (
        conn.execute(_SET_NUMBER, {"b_id": new_id, "number": f"{stamp}-{new_id:07d}"})
        .mappings()
        .one()
    )
    add_history(
        conn,
        new_id,
        now,
        "created",
        creator.id if creator else None,
        "queued",
        {"channel": row["channel"], "resumes": body.get("resumes")},
    )
    for message in body.get("messages") or ():
        add_history(
            conn,
            new_id,
            now,
            "message",
            None,
            "queued",
            {
                "from": message.get("from", "citizen"),
                "text": message["text"],
                "at": message.get("at"),
            },
        )
    events.contact_event(conn, now, "contact.created", row)
    return row


TASK_CHANNELS = frozenset({"callback", "outbound"})


def attempts(conn: Connection, row: Row) -> int:
    """How many callback / outbound tasks precede and include `row` in its chain."""
    count = 0
    current: Row | None = row
    while current is not None and current["channel"] in TASK_CHANNELS and count < 50:
        count += 1
        parent = current["parent_id"]
        current = None if parent is None else load(conn, parent)
    return count


def schedule_callback(
    conn: Connection, env: Env, parent: Row, *, channel: str, due_at: float, why: str
) -> Row | None:
    """A callback (or first-line outbound call) task for `parent`'s caller, due at `due_at`.

    The task resumes the parent's number, so its history travels with it, and stays on the
    parent's line (a second-line contact's callback goes back to that agency and region).
    None when there is no number to call or the chain has used up its attempts; the parent's
    history says which.
    """
    if not parent["caller_phone"]:
        add_history(
            conn,
            parent["id"],
            env.now,
            "callback_skipped",
            None,
            parent["state"],
            {"why": "no_phone"},
        )
        return None
    if attempts(conn, parent) >= env.settings.callback_attempts:
        add_history(
            conn,
            parent["id"],
            env.now,
            "callback_skipped",
            None,
            parent["state"],
            {"why": "attempts_exhausted"},
        )
        return None
    line = (
        {
            "queue": "line2",
            "target_agency": parent["target_agency"],
            "target_region": parent["target_region"],
        }
        if parent["queue"] == "line2"
        else None
    )
    task = create(
        conn,
        env,
        None,
        {
            "channel": channel,
            "category": parent["category"],
            "priority": parent["priority"],
            "agency": parent["agency"],
            "region": parent["region"],
            "language": parent["language"],
            "caller": {"phone": parent["caller_phone"], "name": parent["caller_name"]},
            "topic": parent["topic"],
            "kind": parent["kind"],
            "resumes": parent["number"],
            "parent_id": parent["id"],
            "due_at": due_at,
        },
        line=line,
    )
    add_history(
        conn,
        parent["id"],
        env.now,
        "callback_scheduled",
        None,
        parent["state"],
        {"why": why, "callback": task["number"], "channel": channel, "due_at": iso(due_at)},
    )
    return task


def mark_overdue(conn: Connection, env: Env) -> int:
    """Announce, once, every waiting task whose due time has passed (`contact.overdue`)."""
    marked = sa.select(contact_history.c.contact_id).where(
        contact_history.c.kind == "overdue", contact_history.c.contact_id == contacts.c.id
    )
    rows = (
        conn.execute(
            sa.select(contacts).where(
                contacts.c.state.in_(WAITING_STATES),
                contacts.c.due_at.is_not(None),
                contacts.c.due_at <= env.now,
                ~sa.exists(marked),
            )
        )
        .mappings()
        .all()
    )
    for row in rows:
        add_history(
            conn, row["id"], env.now, "overdue", None, row["state"], {"due_at": iso(row["due_at"])}
        )
        events.contact_event(conn, env.now, "contact.overdue", row)
    return len(rows)


def _was_offered_to(conn: Connection, contact_id: int, user_id: int) -> bool:
    """Whether the contact was ever offered to this user (its history says so): an accept
    that waited in line longer than any decline memory is still a lost race."""
    return (
        conn.execute(
            sa.select(contact_history.c.id)
            .where(
                contact_history.c.contact_id == contact_id,
                contact_history.c.kind == "offered",
                contact_history.c.actor_id == user_id,
            )
            .limit(1)
        ).first()
        is not None
    )


def offer_lost() -> ApiError:
    return conflict(
        "offer_expired",
        "Время на принятие истекло, обращение вернулось в очередь или предложено другому "
        "оператору.",
        "The offer ran out: the contact went back to the queue or to another operator.",
    )


def accept(conn: Connection, env: Env, user: User, contact_id: int) -> Row:
    """Accept an offer, or take (pull) a waiting contact one may take."""
    row = load(conn, contact_id)
    if row["state"] == "offered":
        if row["offered_to"] != user.id:
            if _was_offered_to(conn, row["id"], user.id):
                # this operator's own offer ran out and went to a colleague: a lost race
                # (the client's view was right a moment ago), not a forbidden act
                raise offer_lost()
            raise forbidden(
                "Это обращение предложено другому оператору.",
                "This contact is offered to someone else.",
            )
        if row["offer_expires_at"] is not None and row["offer_expires_at"] <= env.now:
            raise offer_lost()
    elif row["state"] in WAITING_STATES:
        _check_pull(conn, env, user, row)
    else:
        raise illegal_transition("accept", row["state"])
    before = row["state"]
    row = _transition(
        conn,
        row,
        "accept",
        (row["state"],),
        state="in_progress",
        owner_id=user.id,
        offered_to=None,
        offer_expires_at=None,
        target_user_id=None,
        answered_at=row["answered_at"] or env.now,
    )
    wait = env.now - row["queued_at"]
    add_history(
        conn,
        row["id"],
        env.now,
        "accepted",
        user.id,
        "in_progress",
        {"wait_s": round(wait, 3), "pulled": before != "offered", "queue": row["queue"]},
    )
    if row["channel"] in VOICE_LIKE:
        env.after_commit(lambda ext: ext.telephony.bridge(row["id"], user.id))
    state = operators.get_state(conn, user.id, env.now)
    operators.set_state(
        conn,
        user.id,
        env.now,
        "in_contact",
        None,
        current=state,
        acw_until=None,
        last_served_at=env.now,
        next_state=state.next_state,
        next_reason=state.next_reason,
    )
    events.contact_event(conn, env.now, "contact.accepted", row, before=before)
    return row


def _check_pull(conn: Connection, env: Env, user: User, row: Row) -> None:
    if not routing.pullable(row):
        raise illegal_transition("take", "queued")
    if not routing.skills_match(user, row):
        raise forbidden(
            "Это обращение не входит в вашу очередь.", "This contact is not in your queue."
        )
    if user.role == "operator":
        state = operators.get_state(conn, user.id, env.now)
        if state.state not in ("ready", "in_contact") or state.next_state is not None:
            raise conflict(
                "operator_not_ready",
                "Взять обращение можно в состоянии «готов».",
                "Only a ready operator can take a contact.",
            )
        if not routing.has_capacity(user, routing.load_of(conn, user.id), row["channel"]):
            raise invalid(
                "no_capacity",
                "Сначала завершите текущие обращения этого канала.",
                "You are at your limit for this channel.",
            )


def decline(conn: Connection, env: Env, user: User, contact_id: int, reason: str) -> Row:
    row = load(conn, contact_id)
    if row["state"] == "offered" and row["offered_to"] != user.id:
        raise forbidden(
            "Это обращение предложено другому оператору.",
            "This contact is offered to someone else.",
        )
    if catalog().reason(reason, "decline") is None:
        raise invalid(
            "invalid_reason",
            "Укажите причину отказа из списка.",
            "Give a decline reason code from /reason-codes.",
        )
    return release_offer(conn, env, row, "decline", "declined", user.id, {"reason": reason})


def release_offer(
    conn: Connection,
    env: Env,
    row: Row,
    action: str,
    kind: str,
    actor: int,
    data: Mapping[Any, Any],
) -> Row:
    """An offer ends without acceptance: the contact waits again where it waited before."""
    target = row["target_user_id"]
    row = _transition(
        conn,
        row,
        action,
        ("offered",),
        state=row["wait_state"] or "queued",
        offered_to=None,
        offer_expires_at=None,
        target_user_id=None,
    )
    add_history(conn, row["id"], env.now, kind, actor, row["state"], data)
    events.contact_event(
        conn, env.now, f"contact.{kind}", row, before="offered", audience=(actor, target), **data
    )
    return row


def hold(conn: Connection, env: Env, user: User, contact_id: int, on: bool) -> Row:
    row = load(conn, contact_id)
    _own(row, user)
    action = "hold" if on else "resume"
    if row["state"] in ACTIVE and row["channel"] not in VOICE_LIKE:
        raise illegal_transition(action, row["state"])
    row = _transition(
        conn,
        row,
        action,
        ("in_progress",) if on else ("on_hold",),
        state="on_hold" if on else "in_progress",
    )
    add_history(conn, row["id"], env.now, action, user.id, row["state"])
    if on:
        env.after_commit(lambda ext: ext.telephony.hold(row["id"]))
    else:
        env.after_commit(lambda ext: ext.telephony.resume(row["id"]))
    events.contact_event(conn, env.now, f"contact.{'held' if on else 'resumed'}", row)
    return row


def end(conn: Connection, env: Env, user: User, contact_id: int) -> Row:
    row = load(conn, contact_id)
    _own(row, user)
    row = _transition(conn, row, "end", ACTIVE, state="wrap_up", ended_at=env.now)
    add_history(conn, row["id"], env.now, "ended", user.id, "wrap_up")
    if row["channel"] in VOICE_LIKE:
        env.after_commit(lambda ext: ext.telephony.hang_up(row["id"]))
    operators.after_contact_released(conn, user.id, env.now, env.settings.acw_s)
    events.contact_event(conn, env.now, "contact.ended", row)
    return row


def wrap_up(
    conn: Connection,
    env: Env,
    user: User,
    contact_id: int,
    disposition: str,
    resolved: bool,
    notes: str,
) -> Row:
    row = load(conn, contact_id)
    _own(row, user)
    if disposition not in catalog().dispositions:
        raise invalid(
            "unknown_disposition",
            "Неизвестный результат обращения.",
            "Unknown disposition.",
            details={"disposition": disposition},
        )
    if row["state"] == "wrap_up" and row["owner_id"] is None:
        raise forbidden(
            "Это обращение ведёт другой сотрудник.", "Another user handles this contact."
        )
    row = _transition(
        conn,
        row,
        "wrap up",
        ("wrap_up",),
        state="closed",
        closed_at=env.now,
        disposition=disposition,
        resolved=resolved,
    )
    add_history(
        conn,
        row["id"],
        env.now,
        "wrapped_up",
        user.id,
        "closed",
        {"disposition": disposition, "resolved": resolved, "notes": notes},
    )
    callback = None
    if not resolved and catalog().dispositions[disposition].get("callback", True):
        # an unresolved contact gets a callback task due within 15 minutes (DESIGN §6)
        callback = schedule_callback(
            conn,
            env,
            row,
            channel="callback",
            due_at=env.now + env.settings.callback_due_s,
            why="unresolved",
        )
    events.contact_event(
        conn,
        env.now,
        "contact.closed",
        row,
        disposition=disposition,
        resolved=resolved,
        callback=None if callback is None else callback["number"],
    )
    return row


def post_message(conn: Connection, env: Env, user: User, contact_id: int, text: str) -> Row:
    """A chat / e-mail reply from the operator, or the citizen's message via the gateway."""
    row = load(conn, contact_id)
    if user.role == "gateway":
        if row["state"] in TERMINAL:
            raise illegal_transition("message", row["state"])
        sender = "citizen"
    else:
        _own(row, user)
        if row["owner_id"] is None or row["state"] not in ACTIVE:
            raise illegal_transition("message", row["state"])
        if row["channel"] in VOICE_LIKE:
            raise invalid(
                "not_for_channel",
                "В голосовом обращении нельзя отправить сообщение.",
                "A voice contact takes no written messages.",
            )
        sender = "operator"
    add_history(
        conn,
        row["id"],
        env.now,
        "message",
        user.id if sender == "operator" else None,
        row["state"],
        {"from": sender, "text": text},
    )
    events.contact_event(
        conn,
        env.now,
        "contact.message",
        row,
        message={"from": sender, "text": text, "at": iso(env.now)},
    )
    return row


def abandon(conn: Connection, env: Env, user: User, contact_id: int) -> Row:
    """The citizen hung up or left: a waiting contact is lost, a live one goes to wrap-up."""
    row = load(conn, contact_id)
    if row["state"] in ACTIVE:
        row = _transition(conn, row, "abandon", ACTIVE, state="wrap_up", ended_at=env.now)
        add_history(conn, row["id"], env.now, "citizen_left", None, "wrap_up")
        operators.after_contact_released(conn, row["owner_id"], env.now, env.settings.acw_s)
        events.contact_event(conn, env.now, "contact.citizen_left", row)
        return row
    before, offered_to = row["state"], row["offered_to"]
    row = _transition(
        conn,
        row,
        "abandon",
        (*WAITING_STATES, "offered"),
        state="abandoned",
        ended_at=env.now,
        offered_to=None,
        offer_expires_at=None,
    )
    add_history(
        conn,
        row["id"],
        env.now,
        "abandoned",
        None,
        "abandoned",
        {"waited_s": round(env.now - row["queued_at"], 3)},
    )
    outbound = None
    if (
        row["channel"] == "voice"
        and env.now - row["queued_at"] >= env.settings.outbound_after_abandon_s
    ):
        # an unanswered call: the first line calls the citizen back (DESIGN §1)
        outbound = schedule_callback(
            conn,
            env,
            row,
            channel="outbound",
            due_at=env.now + env.settings.callback_due_s,
            why="abandoned",
        )
    events.contact_event(
        conn,
        env.now,
        "contact.abandoned",
        row,
        before=before,
        audience=(offered_to,),  # an offer that ends here leaves its operator's view
        callback=None if outbound is None else outbound["number"],
    )
    return row


def _requeue(
    conn: Connection,
    env: Env,
    user: User,
    row: Row,
    action: str,
    state: str,
    allowed: Iterable[str],
    **values: Any,
) -> Row:
    was_active = row["state"] in ACTIVE
    row = _transition(
        conn,
        row,
        action,
        allowed,
        state=state,
        owner_id=None,
        offered_to=None,
        offer_expires_at=None,
        queued_at=env.now,
        **values,
    )
    if was_active:
        operators.after_contact_released(conn, user.id, env.now, env.settings.acw_s)
    return row


def transfer(
    conn: Connection,
    env: Env,
    user: User,
    contact_id: int,
    *,
    operator_id: int | None,
    queue: str | None,
    agency: str | None,
    region: str | None,
) -> Row:
    row = load(conn, contact_id)
    _own(row, user)
    if (operator_id is None) == (queue is None):
        raise invalid(
            "transfer_target",
            "Укажите либо оператора, либо очередь.",
            "Give either operator_id or queue.",
        )
    values: dict[str, Any] = {}
    if operator_id is not None:
        target = conn.execute(sa.select(users).where(users.c.id == operator_id)).first()
        if target is None or target.role != "operator" or target.disabled or target.id == user.id:
            raise invalid(
                "transfer_target",
                "Перевести можно только другому оператору.",
                "Transfer goes to another active operator.",
            )
        target_user = User.from_row(target)
        values.update(
            target_user_id=target.id,
            queue="line1" if target.line == 1 else "line2",
            target_agency=target_user.agency if target.line == 2 else None,
            target_region=target_user.region if target.line == 2 else None,
        )
    else:
        values.update(_queue_target(row, queue or "line1", agency, region), target_user_id=None)
    before_owner = row["owner_id"]
    row = _requeue(conn, env, user, row, "transfer", "transferred", ACTIVE, **values)
    data = {
        "from": user.id,
        "to_operator": operator_id,
        "queue": row["queue"],
        "agency": row["target_agency"],
        "region": row["target_region"],
    }
    add_history(conn, row["id"], env.now, "transferred", user.id, "transferred", data)
    events.contact_event(
        conn, env.now, "contact.transferred", row, audience=(before_owner,), transfer=data
    )
    return row


def _queue_target(row: Row, queue: str, agency: str | None, region: str | None) -> dict[str, Any]:
    if queue == "line2":
        agency = agency or row["agency"]
        if agency is None:
            raise invalid(
                "agency_required",
                "Для второй линии укажите ведомство.",
                "Second line needs an agency.",
            )
        return {"queue": "line2", "target_agency": agency, "target_region": region or row["region"]}
    return {"queue": queue, "target_agency": None, "target_region": None}


def escalate(
    conn: Connection,
    env: Env,
    user: User,
    contact_id: int,
    *,
    target: str,
    agency: str | None,
    region: str | None,
    reason: str,
    notes: str,
) -> Row:
    row = load(conn, contact_id)
    _own(row, user)
    if row["owner_id"] is None:
        raise illegal_transition("escalate", row["state"])
    before_owner = row["owner_id"]
    values = _queue_target(row, target, agency, region)
    row = _requeue(
        conn,
        env,
        user,
        row,
        "escalate",
        "escalated",
        (*ACTIVE, "wrap_up"),
        target_user_id=None,
        **values,
    )
    data = {
        "from": user.id,
        "from_username": user.username,
        "target": target,
        "agency": row["target_agency"],
        "region": row["target_region"],
        "reason": reason,
        "notes": notes,
    }
    add_history(conn, row["id"], env.now, "escalated", user.id, "escalated", data)
    events.contact_event(
        conn,
        env.now,
        "contact.escalated",
        row,
        audience=(before_owner,),
        escalation={k: v for k, v in data.items() if k != "notes"},
    )
    return row


def link_earlier(conn: Connection, env: Env, user: User, contact_id: int, number: str) -> Row:
    """The citizen quotes an earlier contact's number: this contact resumes it (owner only).

    Sets `resumes_id` once, so whoever gets the contact later (a second-line specialist) sees
    the earlier history with it. Linking again to the same number changes nothing; a contact
    that already resumes another one is 409; an unknown number, the contact itself or a
    number that already continues this one is 422.
    """
    row = load(conn, contact_id)
    if row["owner_id"] != user.id:
        _own(row, user)
        raise illegal_transition("link", row["state"])
    if row["state"] not in (*ACTIVE, "wrap_up"):
        raise illegal_transition("link", row["state"])
    earlier = (
        conn.execute(sa.select(contacts).where(contacts.c.number == number)).mappings().first()
    )
    if earlier is None:
        raise invalid(
            "unknown_contact_number",
            "Обращение с таким номером не найдено.",
            "No contact has that number.",
            details={"number": number},
        )
    if row["resumes_id"] == earlier["id"]:
        return row
    if row["resumes_id"] is not None:
        raise conflict(
            "already_linked",
            "Это обращение уже связано с другим обращением.",
            "This contact already resumes another contact.",
        )
    # the earlier contact, or one it continues, must not be this one (no loops in the chain)
    chain_id: int | None = earlier["id"]
    for _ in range(50):
        if chain_id is None:
            break
        if chain_id == row["id"]:
            raise invalid(
                "link_loop",
                "Нельзя связать обращение с самим собой или с его продолжением.",
                "A contact cannot resume itself or a contact that continues it.",
                details={"number": number},
            )
        chain_id = load(conn, chain_id)["resumes_id"]
    result = conn.execute(
        contacts.update()
        .where(contacts.c.id == row["id"], contacts.c.resumes_id.is_(None))
        .values(resumes_id=earlier["id"], version=contacts.c.version + 1)
    )
    if result.rowcount != 1:
        raise conflict(
            "already_linked",
            "Это обращение уже связано с другим обращением.",
            "This contact already resumes another contact.",
        )
    row = load(conn, row["id"])
    data = {"number": earlier["number"], "by": user.username}
    add_history(conn, row["id"], env.now, "linked", user.id, row["state"], data)
    add_history(
        conn,
        earlier["id"],
        env.now,
        "continued",
        user.id,
        earlier["state"],
        {"number": row["number"], "by": user.username},
    )
    events.contact_event(conn, env.now, "contact.linked", row, link=data)
    return row
