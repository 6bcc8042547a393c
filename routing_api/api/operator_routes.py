"""The operator's own state and counters, and the list of colleagues (for transfers)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from routing_api import contacts, operators
from routing_api.api.deps import IdempotencyKey, Staff, act, server_of
from routing_api.models import HelpIn, StateIn
from routing_api.stats import operator_stats

router = APIRouter(prefix="/operators", tags=["operators"])


@router.put("/me/state", summary="ready / not_ready(reason) / break / offline")
async def put_state(
    body: StateIn, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        row = operators.request_state(conn, user, env.now, body.state, body.reason)
        return 200, operators.present(row)

    return await act(request, user, key, body, op)


@router.post(
    "/me/help",
    status_code=201,
    summary="Ask the supervisor for help (consultation), about one's own contact or not",
)
async def request_help(
    body: HelpIn, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        contact = None if body.contact_id is None else contacts.load(conn, body.contact_id)
        return 201, operators.request_help(conn, user, env.now, contact, body.text)

    return await act(request, user, key, body, op)


@router.get("/me/state", summary="The operator's current state")
def get_state(request: Request, user: Staff) -> dict[str, Any]:
    server = server_of(request)
    with server.write() as conn:
        return operators.present(operators.get_state(conn, user.id, server.env().now))


@router.get("/me/stats", summary="Today's counters for the status bar")
def stats(request: Request, user: Staff) -> dict[str, Any]:
    server = server_of(request)
    with server.db.read() as conn:
        return operator_stats(conn, server.env(), user)


@router.get("", summary="Operators and their states (transfer targets, monitoring)")
def list_operators(request: Request, user: Staff) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        return {"items": operators.roster(conn)}
