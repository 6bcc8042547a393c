"""Operational alarms for monitor mode (DESIGN §6): thresholds a supervisor sets, checked by
the timers, each raised as an alert record and an `alert.raised` event until acknowledged.

An alarm about the same thing (kind, contact, operator) is raised once while it stays
unacknowledged, and again only after WINDOW_S once acknowledged, if the breach goes on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events, kpis
from routing_api.alerts import raise_alert
from routing_api.catalog import PUSH_CHANNELS
from routing_api.context import Env
from routing_api.db.schema import contacts, operator_state, server_settings, users
from routing_api.errors import invalid
from routing_api.events import QUEUE_STATES

#: the defaults (DESIGN §6): ASA target 30 s, no wait over 2 min, service level 80 % in 30 s
DEFAULTS: dict[str, float] = {
    "asa_s": 30.0,
    "max_wait_s": 120.0,
    "service_level": 0.80,
    "service_level_min_contacts": 10,
    "not_ready_s": 15 * 60.0,
    "escalation_unstaffed_s": 60.0,
}
LIMITS: dict[str, tuple[float, float]] = {
    "asa_s": (1, 3600),
    "max_wait_s": (1, 3600),
    "service_level": (0.0, 1.0),
    "service_level_min_contacts": (1, 10000),
    "not_ready_s": (60, 8 * 3600),
    "escalation_unstaffed_s": (0, 3600),
}
SETTING = "alarm_thresholds"


def thresholds(conn: Connection) -> dict[str, float]:
    value = conn.execute(
        sa.select(server_settings.c.value).where(server_settings.c.key == SETTING)
    ).scalar_one_or_none()
    return {**DEFAULTS, **(value or {})}


def set_thresholds(conn: Connection, now: float, user_id: int, changes: dict[str, float]) -> Any:
    for key, value in changes.items():
        low, high = LIMITS[key]
        if not low <= value <= high:
            raise invalid(
                "threshold_out_of_range",
                f"Порог «{key}» должен быть от {low:g} до {high:g}.",
                f"Threshold {key} must be between {low:g} and {high:g}.",
                details={"threshold": key, "min": low, "max": high},
            )
    merged = {**thresholds(conn), **changes}
    conn.execute(server_settings.delete().where(server_settings.c.key == SETTING))
    conn.execute(
        server_settings.insert().values(
            key=SETTING, value=merged, updated_at=now, updated_by=user_id
        )
    )
    return merged


@dataclass(frozen=True)
class Finding:
    """A breached threshold, to be raised as an alert."""

    kind: str
    user_id: int | None
    contact_id: int | None
    details: dict[str, Any]


#: the window of the ASA and service-level alarms (s)
RECENT_S = 900.0


def survey(conn: Connection, now: float, recent: Mapping[str, Any] | None = None) -> list[Finding]:
    """One pass over every threshold; what is breached now (a read: no write lock held).

    Reading the last 15 minutes' answers inside the timers' write transaction held every
    writer up; `raise_all` records the findings in a short write of its own. `recent` is the
    centre's figures of the last 15 minutes if the caller has them (the KPI pass's, seconds
    old): read again here every 2 s they cost a quarter of a core at the ЕКЦ's peak.
    """
    found: list[Finding] = []
    limits = thresholds(conn)
    waiting = conn.execute(
        sa.select(
            contacts.c.id,
            contacts.c.channel,
            contacts.c.queue,
            contacts.c.queued_at,
            contacts.c.target_agency,
        ).where(contacts.c.state.in_(tuple(QUEUE_STATES)))
    ).all()
    # one alarm for all the waits over the threshold (a backlog of 800 is one problem for
    # the supervisor, not 800), naming the longest; likewise for unstaffed escalations
    late = [
        (now - queued_at, cid)
        for cid, channel, _, queued_at, _ in waiting
        if channel in PUSH_CHANNELS and now - queued_at > limits["max_wait_s"]
    ]
    if late:
        waited, longest = max(late)
        found.append(
            Finding(
                "long_wait",
                user_id=None,
                contact_id=None,
                details={
                    "contact_id": longest,
                    "waited_s": round(waited),
                    "count": len(late),
                    "threshold_s": limits["max_wait_s"],
                },
            )
        )
    stranded: dict[str, list[tuple[float, int]]] = {}
    for cid, _, queue, queued_at, agency in waiting:
        if queue == "line2" and now - queued_at > limits["escalation_unstaffed_s"]:
            stranded.setdefault(agency or "", []).append((now - queued_at, cid))
    unstaffed = {a: w for a, w in stranded.items() if not _specialist_online(conn, a or None)}
    if unstaffed:
        waited, longest = max(w for waits in unstaffed.values() for w in waits)
        found.append(
            Finding(
                "escalation_unstaffed",
                user_id=None,
                contact_id=None,
                details={
                    "agencies": sorted(unstaffed),
                    "count": sum(len(w) for w in unstaffed.values()),
                    "contact_id": longest,
                    "waited_s": round(waited),
                },
            )
        )
    overdue = [cid for cid, channel, _, _, _ in waiting if channel in kpis.TASK_CHANNELS]
    if overdue:
        due = conn.execute(
            sa.select(sa.func.count()).where(contacts.c.id.in_(overdue), contacts.c.due_at <= now)
        ).scalar_one()
        if due:
            found.append(
                Finding(
                    "callbacks_overdue",
                    user_id=None,
                    contact_id=None,
                    details={"overdue": due},
                )
            )
    for user_id, since, reason in conn.execute(
        sa.select(operator_state.c.user_id, operator_state.c.since, operator_state.c.reason)
        .join(users, users.c.id == operator_state.c.user_id)
        .where(
            users.c.role == "operator",
            operator_state.c.state == "not_ready",
            operator_state.c.since < now - limits["not_ready_s"],
        )
    ).all():
        found.append(
            Finding(
                "not_ready_too_long",
                user_id=user_id,
                contact_id=None,
                details={"reason": reason, "for_s": round(now - since)},
            )
        )
    if recent is None:
        recent = kpis.window_figures(conn, now, now - RECENT_S, [], kpis.SL_THRESHOLD_S)["total"]
    if recent["asa_s"] is not None and recent["asa_s"] > limits["asa_s"]:
        found.append(
            Finding(
                "asa_high",
                user_id=None,
                contact_id=None,
                details={"asa_s": recent["asa_s"], "threshold_s": limits["asa_s"]},
            )
        )
    base = recent["answered"] + recent["abandoned"]
    level = recent["service_level"]
    if (
        level is not None
        and base >= limits["service_level_min_contacts"]
        and level < limits["service_level"]
    ):
        found.append(
            Finding(
                "service_level_low",
                user_id=None,
                contact_id=None,
                details={"service_level": level, "target": limits["service_level"]},
            )
        )
    return found


def raise_all(conn: Connection, now: float, found: list[Finding]) -> None:
    """Record what `survey` found (in a write transaction); a repeat of an open alarm is not
    raised again (`raise_alert`)."""
    for f in found:
        raise_alert(
            conn, now, f.kind, user_id=f.user_id, contact_id=f.contact_id, details=f.details
        )


def _specialist_online(conn: Connection, agency: str | None) -> bool:
    query = (
        sa.select(sa.func.count())
        .select_from(operator_state.join(users, users.c.id == operator_state.c.user_id))
        .where(
            users.c.role == "operator",
            users.c.line == 2,
            operator_state.c.state.in_(("ready", "in_contact", "wrap_up")),
        )
    )
    if agency:
        query = query.where(users.c.agency == agency)
    return bool(conn.execute(query).scalar_one())


KPI_DIGEST = "kpi_digest"


def publish_kpis(conn: Connection, env: Env, figures: dict[str, Any]) -> bool:
    """A `kpi.changed` event for supervisors when the centre's KPIs (`kpis.compute`) changed
    since the last one (any replica's: the digest is kept in the database). True if one was
    published."""
    summary = {
        # waits grow with time alone: a push when something happened, not every pass
        "now": {k: v for k, v in figures["now"].items() if k not in ("longest_wait_s", "queues")},
        "queues": [
            {k: v for k, v in q.items() if k != "longest_wait_s"} for q in figures["now"]["queues"]
        ],
        "windows": {name: w["total"] for name, w in figures["windows"].items()},
    }
    digest = hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()
    last = conn.execute(
        sa.select(server_settings.c.value).where(server_settings.c.key == KPI_DIGEST)
    ).scalar_one_or_none()
    if last == digest:
        return False
    conn.execute(server_settings.delete().where(server_settings.c.key == KPI_DIGEST))
    conn.execute(server_settings.insert().values(key=KPI_DIGEST, value=digest, updated_at=env.now))
    events.append(conn, env.now, "kpi.changed", scope="supervisor", payload=figures)
    return True
