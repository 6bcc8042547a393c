"""A verified citizen's personal data, as each role may see it; every read is audited.

Reads run in a write transaction: the audit record is durable before the data leaves, and a
refusal is recorded (and may raise a supervisor alert) before the 403 goes out.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from routing_api import pd_access
from routing_api.api.contact_routes import ERRORS, ContactId
from routing_api.api.deps import Anyone, server_of
from routing_api.auth import User
from routing_api.verification_models import RevealIn

router = APIRouter(tags=["personal data"])


def _read(request: Request, user: User, contact_id: int, what: str, **kw: Any) -> dict[str, Any]:
    server = server_of(request)
    env = server.env()
    with server.write() as conn:
        outcome = pd_access.read(conn, env, user, contact_id, what, **kw)
    return outcome.result()


@router.get(
    "/contacts/{contact_id}/citizen",
    responses=ERRORS,
    summary="The verified citizen: identification fields (or the whole card, second line), "
    "SNILS, passport, phone, INN, e-mail and address masked",
)
def citizen(contact_id: ContactId, request: Request, user: Anyone) -> dict[str, Any]:
    return _read(request, user, contact_id, "citizen")


@router.get(
    "/contacts/{contact_id}/citizen/payments",
    responses=ERRORS,
    summary="The verified citizen's payments from the reader's agency (second line)",
)
def payments(contact_id: ContactId, request: Request, user: Anyone) -> dict[str, Any]:
    return _read(request, user, contact_id, "payments")


@router.get(
    "/contacts/{contact_id}/citizen/applications",
    responses=ERRORS,
    summary="The verified citizen's applications to the reader's agency (second line)",
)
def applications(contact_id: ContactId, request: Request, user: Anyone) -> dict[str, Any]:
    return _read(request, user, contact_id, "applications")


@router.post(
    "/contacts/{contact_id}/reveal",
    responses=ERRORS,
    summary="One masked field in the clear, deliberately and audited (not replayable: "
    "no Idempotency-Key, so the value is never stored with a response)",
)
def reveal(contact_id: ContactId, body: RevealIn, request: Request, user: Anyone) -> dict[str, Any]:
    return _read(request, user, contact_id, "reveal", field=body.field, why=body.reason)
