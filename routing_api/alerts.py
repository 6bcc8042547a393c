"""Supervisor alerts: a record and an `alert.raised` event, until acknowledged.

Raised for repeated verification failures on one contact or by one operator, and for reads
of personal data without a verified contact; the operational alarms of `alarms.py` use the
same records. The supervisor's monitor shows them; an alert of a kind about the same operator
and contact is raised again only once the last one is acknowledged and older than the window.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events
from routing_api.db.engine import inserted_id
from routing_api.db.schema import alerts, verifications
from routing_api.timefmt import iso

#: failed verifications (refused or blocked) within WINDOW_S that raise an alert
FAILURES = 3
WINDOW_S = 30 * 60.0

KINDS: dict[str, dict[str, str]] = {
    "verification_failures_contact": {
        "severity": "high",
        "name_ru": "Повторные неудачные попытки идентификации по обращению",
        "name_en": "Repeated failed identity verification on a contact",
    },
    "verification_failures_operator": {
        "severity": "high",
        "name_ru": "Повторные неудачные идентификации у оператора",
        "name_en": "Repeated failed identity verifications by an operator",
    },
    "pd_read_unverified": {
        "severity": "high",
        "name_ru": "Запрос персональных данных без подтверждения личности",
        "name_en": "Personal data requested without a verified contact",
    },
    # operational alarms (routing_api/alarms.py)
    "long_wait": {
        "severity": "high",
        "name_ru": "Ожидание в очереди дольше порога",
        "name_en": "A wait in the queue over the threshold",
    },
    "asa_high": {
        "severity": "medium",
        "name_ru": "Среднее время ответа выше цели (15 мин)",
        "name_en": "Average speed of answer above target (15 min)",
    },
    "service_level_low": {
        "severity": "medium",
        "name_ru": "Уровень обслуживания ниже цели (15 мин)",
        "name_en": "Service level below target (15 min)",
    },
    "callbacks_overdue": {
        "severity": "medium",
        "name_ru": "Просроченные обратные звонки",
        "name_en": "Callbacks overdue",
    },
    "escalation_unstaffed": {
        "severity": "high",
        "name_ru": "Эскалация ждёт, а специалистов второй линии нет в сети",
        "name_en": "An escalation waits with no second-line specialist online",
    },
    "not_ready_too_long": {
        "severity": "low",
        "name_ru": "Оператор слишком долго «не готов»",
        "name_en": "An operator not ready for too long",
    },
}


def public(row: Any) -> dict[str, Any]:
    kind = KINDS.get(row.kind, {})
    return {
        "id": row.id,
        "at": iso(row.at),
        "kind": row.kind,
        "severity": row.severity,
        "name_ru": kind.get("name_ru", row.kind),
        "name_en": kind.get("name_en", row.kind),
        "contact_id": row.contact_id,
        "user_id": row.user_id,
        "details": row.details or {},
        "acknowledged_at": iso(row.acknowledged_at),
        "acknowledged_by": row.acknowledged_by,
    }


def raise_alert(
    conn: Connection,
    now: float,
    kind: str,
    *,
    user_id: int | None,
    contact_id: int | None,
    details: dict[str, Any],
) -> int | None:
    """Record an alert and announce it to supervisors, unless the same one is recent."""
    recent = conn.execute(
        sa.select(alerts.c.id).where(
            alerts.c.kind == kind,
            # still open, or acknowledged but recent: the supervisor knows already
            sa.or_(alerts.c.acknowledged_at.is_(None), alerts.c.at > now - WINDOW_S),
            alerts.c.user_id == user_id if user_id is not None else alerts.c.user_id.is_(None),
            alerts.c.contact_id == contact_id
            if contact_id is not None
            else alerts.c.contact_id.is_(None),
        )
    ).first()
    if recent is not None:
        return None
    alert_id = inserted_id(
        conn.execute(
            alerts.insert().values(
                at=now,
                kind=kind,
                severity=KINDS[kind]["severity"],
                contact_id=contact_id,
                user_id=user_id,
                details=details,
            )
        )
    )
    row = conn.execute(sa.select(alerts).where(alerts.c.id == alert_id)).one()
    events.append(conn, now, "alert.raised", scope="supervisor", payload={"alert": public(row)})
    return alert_id


def after_failure(conn: Connection, now: float, operator_id: int, contact_id: int) -> None:
    """A verification was refused or blocked: alert on a pattern of failures."""
    since = now - WINDOW_S
    failed = verifications.c.state.in_(("refused", "blocked"))
    on_contact = conn.execute(
        sa.select(sa.func.count()).where(
            failed, verifications.c.contact_id == contact_id, verifications.c.finished_at > since
        )
    ).scalar_one()
    by_operator = conn.execute(
        sa.select(sa.func.count()).where(
            failed, verifications.c.operator_id == operator_id, verifications.c.finished_at > since
        )
    ).scalar_one()
    if on_contact >= FAILURES:
        raise_alert(
            conn,
            now,
            "verification_failures_contact",
            user_id=operator_id,
            contact_id=contact_id,
            details={"failures": on_contact, "window_s": WINDOW_S},
        )
    if by_operator >= FAILURES:
        raise_alert(
            conn,
            now,
            "verification_failures_operator",
            user_id=operator_id,
            contact_id=None,
            details={"failures": by_operator, "window_s": WINDOW_S},
        )


def listing(conn: Connection, *, after_id: int, limit: int, open_only: bool) -> dict[str, Any]:
    query = sa.select(alerts).where(alerts.c.id > after_id).order_by(alerts.c.id)
    if open_only:
        query = query.where(alerts.c.acknowledged_at.is_(None))
    rows = conn.execute(query.limit(limit + 1)).all()
    items = [public(r) for r in rows[:limit]]
    return {
        "items": items,
        "next_after_id": items[-1]["id"] if items else after_id,
        "has_more": len(rows) > limit,
    }


def acknowledge(conn: Connection, now: float, alert_id: int, user_id: int) -> Any:
    """Mark an alert seen (once; acknowledging again changes nothing); None if no such alert."""
    done = conn.execute(
        alerts.update()
        .where(alerts.c.id == alert_id, alerts.c.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by=user_id)
    ).rowcount
    row = conn.execute(sa.select(alerts).where(alerts.c.id == alert_id)).first()
    if done and row is not None:
        events.append(
            conn, now, "alert.acknowledged", scope="supervisor", payload={"alert": public(row)}
        )
    return row
