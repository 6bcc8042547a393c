"""What a supervisor does to the live centre (DESIGN §1): each action audited, each visible.

Reassign a waiting or offered contact to one operator, force an operator's state or log
it out, send the team a message, whisper to the operator of a live chat; and the citizen's
satisfaction rating, which the gateway reports after a contact.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import audit, events, operators
from routing_api import contacts as contact_ops
from routing_api.auth import User
from routing_api.catalog import catalog
from routing_api.context import Env
from routing_api.db.schema import contact_history, server_settings, sessions, users
from routing_api.errors import conflict, illegal_transition, invalid, not_found
from routing_api.events import QUEUE_STATES
from routing_api.history import add_history
from routing_api.routing import skills_match
from routing_api.timefmt import iso

FORCED_REASON = "by_supervisor"


def _operator(conn: Connection, user_id: int) -> User:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    if row is None or row.role != "operator" or row.disabled:
        raise not_found("Оператор не найден", "Operator")
    return User.from_row(row)


def reassign(conn: Connection, env: Env, sup: User, contact_id: int, operator_id: int) -> Any:
    """A waiting or offered contact goes to this operator (who must serve its queue)."""
    row = contact_ops.load(conn, contact_id)
    if row["state"] not in QUEUE_STATES:
        raise illegal_transition("reassign", row["state"])
    target = _operator(conn, operator_id)
    if not skills_match(target, row):
        raise invalid(
            "reassign_target",
            "Этот оператор не обслуживает такие обращения (линия, ведомство, регион, "
            "категория или язык). Выберите другого.",
            "This operator does not serve such contacts (line, agency, region, category or "
            "language); choose another.",
        )
    if row["state"] == "offered":
        if row["offered_to"] == operator_id:
            return row
        row = contact_ops.release_offer(
            conn, env, row, "reassign", "offer_withdrawn", sup.id, {"by": sup.username}
        )
    row = contact_ops._transition(conn, row, "reassign", (row["state"],), target_user_id=target.id)
    data = {"to": target.id, "to_username": target.username, "by": sup.username}
    add_history(conn, row["id"], env.now, "reassigned", sup.id, row["state"], data)
    events.contact_event(
        conn, env.now, "contact.reassigned", row, before=row["state"], audience=(target.id,), **data
    )
    audit.append(
        conn,
        env.now,
        sup,
        "supervisor.reassign",
        "done",
        contact_id=row["id"],
        reason=f"to {target.username}",
    )
    return row


def force_state(
    conn: Connection, env: Env, sup: User, operator_id: int, state: str, reason: str | None
) -> Any:
    """Set an operator's state; during a contact it applies when the contact is done."""
    target = _operator(conn, operator_id)
    if state == "not_ready":
        reason = reason or FORCED_REASON
        entry = catalog().reason(reason, "not_ready")
        if entry is None:
            raise invalid(
                "invalid_reason",
                "Для состояния «не готов» укажите причину из списка.",
                "not_ready needs a reason code from /reason-codes.",
            )
    else:
        reason = None
    row = operators.get_state(conn, target.id, env.now)
    if row.state == "in_contact":
        new = operators.set_state(
            conn,
            target.id,
            env.now,
            row.state,
            row.reason,
            current=row,
            next_state=None if state == "ready" else state,
            next_reason=reason,
        )
    else:
        new = operators.set_state(
            conn,
            target.id,
            env.now,
            state,
            reason,
            current=row,
            next_state=None,
            next_reason=None,
            acw_until=None,
        )
    events.append(
        conn,
        env.now,
        "operator.forced_state",
        scope="operator",
        user_id=target.id,
        payload={"state": state, "reason": reason, "by": sup.username, "by_name": sup.full_name},
    )
    audit.append(
        conn,
        env.now,
        sup,
        "supervisor.force_state",
        "done",
        reason=f"{target.username}: {state}{'/' + reason if reason else ''}",
    )
    return operators.present(new)


def force_logout(conn: Connection, env: Env, sup: User, operator_id: int) -> Any:
    """End an operator's sessions and take it offline; refused while it holds contacts."""
    target = _operator(conn, operator_id)
    if operators.active_count(conn, target.id) > 0:
        raise conflict(
            "contacts_open",
            "У оператора открыты обращения: переназначьте их или дождитесь завершения.",
            "The operator has open contacts: reassign them or wait until they are done.",
        )
    events.append(
        conn,
        env.now,
        "operator.logged_out",
        scope="operator",
        user_id=target.id,
        payload={"by": sup.username, "by_name": sup.full_name},
    )
    conn.execute(
        sessions.update()
        .where(sessions.c.user_id == target.id, sessions.c.revoked_at.is_(None))
        .values(revoked_at=env.now)
    )
    new = operators.set_state(
        conn,
        target.id,
        env.now,
        "offline",
        None,
        next_state=None,
        next_reason=None,
        acw_until=None,
    )
    audit.append(conn, env.now, sup, "supervisor.logout", "done", reason=target.username)
    return operators.present(new)


def team_message(
    conn: Connection, env: Env, sup: User, text: str, operator_ids: list[int] | None
) -> dict[str, Any]:
    """A message to every operator (or the listed ones): shown in their windows."""
    payload = {"text": text, "by": sup.username, "by_name": sup.full_name, "at": iso(env.now)}
    if operator_ids is None:
        ids = [events.append(conn, env.now, "team.message", scope="staff", payload=payload)]
    else:
        ids = [
            events.append(
                conn,
                env.now,
                "team.message",
                scope="operator",
                user_id=_operator(conn, i).id,
                payload=payload,
            )
            for i in sorted(set(operator_ids))
        ]
    audit.append(
        conn,
        env.now,
        sup,
        "supervisor.team_message",
        "done",
        reason="all" if operator_ids is None else f"{len(ids)} operators",
    )
    return {**payload, "event_ids": ids}


def whisper(conn: Connection, env: Env, sup: User, contact_id: int, text: str) -> dict[str, Any]:
    """A private hint to the operator of a live contact; the citizen never sees it."""
    row = contact_ops.load(conn, contact_id)
    if row["state"] not in contact_ops.ACTIVE or row["owner_id"] is None:
        raise illegal_transition("whisper", row["state"])
    data = {"text": text, "by": sup.username, "by_name": sup.full_name}
    add_history(conn, row["id"], env.now, "whisper", sup.id, row["state"], data)
    payload = {**data, "contact_id": row["id"], "number": row["number"], "at": iso(env.now)}
    events.append(
        conn,
        env.now,
        "contact.whisper",
        scope="operator",
        user_id=row["owner_id"],
        payload=payload,
    )
    audit.append(conn, env.now, sup, "supervisor.whisper", "done", contact_id=row["id"])
    return payload


def rate(conn: Connection, env: Env, contact_id: int, score: int) -> dict[str, Any]:
    """The citizen's 1–5 rating after the contact (through the gateway), once per contact."""
    row = contact_ops.load(conn, contact_id)
    if row["state"] != "closed":
        raise illegal_transition("rate", row["state"])
    done = conn.execute(
        sa.select(contact_history.c.id).where(
            contact_history.c.contact_id == contact_id, contact_history.c.kind == "rated"
        )
    ).first()
    if done is not None:
        raise conflict(
            "already_rated", "Гражданин уже оценил это обращение.", "This contact is rated."
        )
    add_history(conn, contact_id, env.now, "rated", None, "closed", {"score": score})
    events.append(
        conn,
        env.now,
        "contact.rated",
        scope="supervisor",
        payload={"id": contact_id, "score": score},
    )
    return {"id": contact_id, "score": score}


HOME_LINES = "home_lines"


def assign_line(conn: Connection, env: Env, sup: User, operator_id: int, line: int | None) -> Any:
    """A second-line specialist to first-line work (line 1), or back home (None).

    The account's line is what routing reads; its home line is remembered in the server's
    settings, so "back" needs no argument and a first-line operator cannot be "moved back"
    to a line it never had.
    """
    target = _operator(conn, operator_id)
    homes: dict[str, int] = dict(
        conn.execute(
            sa.select(server_settings.c.value).where(server_settings.c.key == HOME_LINES)
        ).scalar_one_or_none()
        or {}
    )
    key = str(target.id)
    if line is None:
        if key not in homes:
            raise conflict(
                "not_assigned",
                "Этот сотрудник работает на своей линии.",
                "This operator works on their own line.",
            )
        new_line = homes.pop(key)
    else:
        if target.line != 2 and key not in homes:
            raise invalid(
                "assign_line",
                "На первую линию назначают специалистов второй линии.",
                "Only second-line specialists are assigned to first-line work.",
            )
        homes.setdefault(key, int(target.line or 2))
        new_line = line
    if operators.active_count(conn, target.id) > 0:
        raise conflict(
            "contacts_open",
            "У сотрудника открыты обращения: назначьте после их завершения.",
            "The operator has open contacts: assign them once those are done.",
        )
    conn.execute(users.update().where(users.c.id == target.id).values(line=new_line))
    conn.execute(server_settings.delete().where(server_settings.c.key == HOME_LINES))
    conn.execute(
        server_settings.insert().values(
            key=HOME_LINES, value=homes, updated_at=env.now, updated_by=sup.id
        )
    )
    payload = {
        "user_id": target.id,
        "line": new_line,
        "home_line": homes.get(key, new_line),
        "by": sup.username,
        "by_name": sup.full_name,
    }
    events.append(
        conn,
        env.now,
        "operator.line_assigned",
        scope="operator",
        user_id=target.id,
        payload=payload,
    )
    audit.append(
        conn,
        env.now,
        sup,
        "supervisor.assign_line",
        "done",
        reason=f"{target.username}: line {new_line}",
    )
    return payload


#: the quality form: each criterion scored 0 (not met), 1 (partly) or 2 (fully)
QUALITY_CRITERIA = ("greeting", "identification", "accuracy", "courtesy", "wrap_up")


def score_quality(
    conn: Connection, env: Env, sup: User, contact_id: int, scores: dict[str, int], comment: str
) -> dict[str, Any]:
    """A supervisor's quality evaluation of a closed contact (kept in its history)."""
    row = contact_ops.load(conn, contact_id)
    if row["state"] != "closed":
        raise illegal_transition("score", row["state"])
    if set(scores) != set(QUALITY_CRITERIA) or any(v not in (0, 1, 2) for v in scores.values()):
        raise invalid(
            "quality_form",
            "Оцените каждый пункт формы: 0, 1 или 2.",
            "Score every criterion of the form: 0, 1 or 2.",
            details={"criteria": list(QUALITY_CRITERIA)},
        )
    total = round(100 * sum(scores.values()) / (2 * len(QUALITY_CRITERIA)))
    handler = conn.execute(
        sa.select(contact_history.c.actor_id)
        .where(contact_history.c.contact_id == contact_id, contact_history.c.kind == "wrapped_up")
        .order_by(contact_history.c.id.desc())
    ).scalar()
    data = {
        "scores": scores,
        "percent": total,
        "comment": comment,
        "by": sup.username,
        "operator_id": handler,
    }
    add_history(conn, contact_id, env.now, "quality_scored", sup.id, "closed", data)
    audit.append(conn, env.now, sup, "supervisor.quality", "done", contact_id=contact_id)
    return {"id": contact_id, "number": row["number"], **data}
