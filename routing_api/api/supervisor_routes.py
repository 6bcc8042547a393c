"""Monitor mode's server side: KPIs, the operator board, alarm thresholds and the actions a
supervisor takes on the live centre (each audited); the citizen's rating from the gateway."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import JSONResponse

from routing_api import alarms, audit, events, kpis, operators, supervision
from routing_api.api.deps import Gateway, IdempotencyKey, act, role, server_of
from routing_api.auth import User
from routing_api.clock import moscow_day_start
from routing_api.db.schema import contacts
from routing_api.errors import invalid
from routing_api.models import (
    ForceStateIn,
    LineIn,
    QualityIn,
    RatingIn,
    ReassignIn,
    TeamMessageIn,
    ThresholdsIn,
    WhisperIn,
)
from routing_api.operators import ACTIVE_STATES
from routing_api.timefmt import iso

router = APIRouter(tags=["supervisor"])
Supervisor = Annotated[User, Depends(role("supervisor"))]
ContactId = Annotated[int, FastPath(ge=1, le=2**62)]
UserId = Annotated[int, FastPath(ge=1, le=2**31 - 1)]


@router.get("/supervisor/kpis", summary="KPIs for today and the last 15 / 60 minutes (§6)")
def get_kpis(request: Request, user: Supervisor) -> dict[str, Any]:
    server = server_of(request)
    with server.db.read() as conn:
        return kpis.compute(conn, server.env().now, user)


@router.get("/supervisor/series", summary="The monitor's charts over the last hours")
def get_series(
    request: Request,
    user: Supervisor,
    hours: Annotated[float, Query(gt=0, le=kpis.SERIES_MAX_HOURS)] = 3.0,
) -> dict[str, Any]:
    server = server_of(request)
    with server.db.read() as conn:
        return kpis.series(conn, server.env().now, user, hours)


@router.get("/supervisor/operators", summary="Every operator: state, current contacts, today")
def board_operators(request: Request, user: Supervisor) -> dict[str, Any]:
    server = server_of(request)
    now = server.env().now
    day = moscow_day_start(datetime.fromtimestamp(now, UTC)).timestamp()
    with server.db.read() as conn:
        # the rows reflect exactly the events up to this id (one snapshot): the board
        # replays what it heard after it
        as_of = events.last_id(conn)
        items = operators.roster(conn)
        live: dict[int, list[dict[str, Any]]] = {}
        for owner, cid, number, channel in conn.execute(
            sa.select(contacts.c.owner_id, contacts.c.id, contacts.c.number, contacts.c.channel)
            .where(contacts.c.state.in_((*ACTIVE_STATES, "wrap_up")))
            .order_by(contacts.c.id)
        ).all():
            live.setdefault(owner, []).append({"id": cid, "number": number, "channel": channel})
        # handled today and AHT as the shift report counts them
        handled = {row["id"]: row for row in kpis.operator_rows(conn, day, now + 1)}
    for item in items:
        today = handled.get(item["id"])
        item["contacts"] = live.get(item["id"], [])
        item["handled_today"] = today["handled"] if today else 0
        item["aht_s"] = today["aht_s"] if today else None
    return {"at": iso(now), "as_of": as_of, "items": items}


@router.get("/supervisor/report", summary="The shift report for a period (audited)")
def shift_report(
    request: Request,
    user: Supervisor,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """From `from` (default: Moscow midnight today) to `to` (default: now), up to 31 days."""
    server = server_of(request)
    now = server.env().now
    if any(t is not None and t.tzinfo is None for t in (start, end)):
        raise invalid(
            "report_period", "Укажите время с часовым поясом.", "Give times with a time zone."
        )
    day = moscow_day_start(datetime.fromtimestamp(now, UTC)).timestamp()
    begin = start.timestamp() if start is not None else day
    finish = end.timestamp() if end is not None else now
    if not begin < finish or finish - begin > kpis.REPORT_MAX_S:
        raise invalid(
            "report_period",
            "Период отчёта: начало раньше конца, не длиннее 31 дня.",
            "The report period must start before it ends and last at most 31 days.",
        )
    with server.write() as conn:
        audit.append(
            conn, now, user, "supervisor.report", "done", reason=f"{iso(begin)}/{iso(finish)}"
        )
    with server.db.read() as conn:
        return kpis.report(conn, now, user, begin, finish)


@router.get("/supervisor/alarm-thresholds", summary="When alarms fire")
def get_thresholds(request: Request, user: Supervisor) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        return alarms.thresholds(conn)


@router.put("/supervisor/alarm-thresholds", summary="Set alarm thresholds (audited)")
async def put_thresholds(
    body: ThresholdsIn, request: Request, user: Supervisor, key: IdempotencyKey = None
) -> JSONResponse:
    changes = {k: v for k, v in body.model_dump().items() if v is not None}

    def op(conn: Any, env: Any) -> tuple[int, Any]:
        merged = alarms.set_thresholds(conn, env.now, user.id, changes)
        audit.append(
            conn, env.now, user, "supervisor.thresholds", "done", reason=",".join(sorted(changes))
        )
        return 200, merged

    return await act(request, user, key, body, op)


@router.post(
    "/supervisor/contacts/{contact_id}/reassign", summary="Give a waiting contact to one operator"
)
async def reassign(
    contact_id: ContactId,
    body: ReassignIn,
    request: Request,
    user: Supervisor,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        row = supervision.reassign(conn, env, user, contact_id, body.operator_id)
        return 200, {"id": row["id"], "state": row["state"], "target_user_id": body.operator_id}

    return await act(request, user, key, body, op)


@router.post("/supervisor/contacts/{contact_id}/whisper", summary="A private hint to the operator")
async def whisper(
    contact_id: ContactId,
    body: WhisperIn,
    request: Request,
    user: Supervisor,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 201, supervision.whisper(conn, env, user, contact_id, body.text)

    return await act(request, user, key, body, op)


@router.put("/supervisor/operators/{user_id}/state", summary="Force an operator's state")
async def force_state(
    user_id: UserId,
    body: ForceStateIn,
    request: Request,
    user: Supervisor,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, supervision.force_state(conn, env, user, user_id, body.state, body.reason)

    return await act(request, user, key, body, op)


@router.put(
    "/supervisor/operators/{user_id}/line",
    summary="A second-line specialist to first-line work (line 1) and back (null)",
)
async def assign_line(
    user_id: UserId, body: LineIn, request: Request, user: Supervisor, key: IdempotencyKey = None
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, supervision.assign_line(conn, env, user, user_id, body.line)

    try:
        return await act(request, user, key, body, op)
    finally:
        server_of(request).sessions.forget_user(user_id)  # the account's line changed


@router.post(
    "/supervisor/contacts/{contact_id}/quality",
    status_code=201,
    summary="Score a closed contact on the quality form (each criterion 0–2)",
)
async def score_quality(
    contact_id: ContactId,
    body: QualityIn,
    request: Request,
    user: Supervisor,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 201, supervision.score_quality(
            conn, env, user, contact_id, body.scores, body.comment
        )

    return await act(request, user, key, body, op)


@router.post("/supervisor/operators/{user_id}/logout", summary="Log an operator out")
async def force_logout(
    user_id: UserId, request: Request, user: Supervisor, key: IdempotencyKey = None
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, supervision.force_logout(conn, env, user, user_id)

    try:
        return await act(request, user, key, None, op)
    finally:
        server_of(request).sessions.forget_user(user_id)  # their tokens stopped working


@router.post("/supervisor/messages", status_code=201, summary="A message to the team")
async def team_message(
    body: TeamMessageIn, request: Request, user: Supervisor, key: IdempotencyKey = None
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 201, supervision.team_message(conn, env, user, body.text, body.operator_ids)

    return await act(request, user, key, body, op)


@router.post("/contacts/{contact_id}/rating", status_code=201, summary="The citizen's 1–5 rating")
async def rating(
    contact_id: ContactId,
    body: RatingIn,
    request: Request,
    user: Gateway,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 201, supervision.rate(conn, env, contact_id, body.score)

    return await act(request, user, key, body, op)
