"""The personal-data audit log and supervisor alerts (supervisors only)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as FastPath

from routing_api import alerts, audit
from routing_api.api.deps import role, server_of
from routing_api.auth import User
from routing_api.errors import not_found

router = APIRouter(tags=["audit"])
Supervisor = Annotated[User, Depends(role("supervisor"))]
AfterId = Annotated[int, Query(ge=0, le=2**62, description="the last id already seen")]
Limit = Annotated[int, Query(ge=1, le=1000)]


@router.get("/audit", summary="Audit records in order, a page after `after_id`")
def audit_page(
    request: Request,
    user: Supervisor,
    after_id: AfterId = 0,
    limit: Limit = 200,
    contact_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        return audit.page(conn, after_id=after_id, limit=limit, contact_id=contact_id)


@router.get(
    "/audit/verify",
    summary="Recompute the hash chain; reports the first broken record's id, if any",
)
async def audit_verify(request: Request, user: Supervisor) -> dict[str, Any]:
    report = await asyncio.to_thread(audit.verify, server_of(request).db)
    return report.public()


@router.get("/alerts", summary="Supervisor alerts (personal-data protection), a page")
def alert_page(
    request: Request,
    user: Supervisor,
    after_id: AfterId = 0,
    limit: Limit = 200,
    open_only: Annotated[bool, Query(alias="open")] = False,
) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        return alerts.listing(conn, after_id=after_id, limit=limit, open_only=open_only)


@router.post("/alerts/{alert_id}/acknowledge", summary="Acknowledge an alert")
def acknowledge(
    alert_id: Annotated[int, FastPath(ge=1, le=2**62)], request: Request, user: Supervisor
) -> dict[str, Any]:
    server = server_of(request)
    env = server.env()
    with server.write() as conn:
        row = alerts.acknowledge(conn, env.now, alert_id, user.id)
        if row is None:
            raise not_found("Тревога не найдена", "Alert")
        return alerts.public(row)
