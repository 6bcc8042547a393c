"""Identity verification of a contact's citizen, step by step (owner only; DESIGN §4).

Personal data travels in JSON bodies only, never in the URL. Every answer is the
verification's state (`verification.view`): the steps, the reason of a refusal with what to
tell the citizen, and the code's countdowns on the server clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Connection

from routing_api import audit, verification
from routing_api.api.contact_routes import ERRORS, ContactId
from routing_api.api.deps import Anyone, IdempotencyKey, Staff, act, server_of
from routing_api.auth import User
from routing_api.contacts import load
from routing_api.context import Env
from routing_api.errors import ApiError, forbidden
from routing_api.verification_models import BasicIn, CodeCheckIn, ConsentIn, DocumentIn
from routing_api.verification_reasons import listing

router = APIRouter(tags=["verification"])
BASE = "/contacts/{contact_id}/verification"
Step = Callable[[Connection, Env], tuple[int, Any]]


def _audited(user: User, contact_id: int, step: str, op: Step) -> Step:
    """A refused step (403) is answered, and audited, instead of rolled back unrecorded."""

    def run(conn: Connection, env: Env) -> tuple[int, Any]:
        try:
            with conn.begin_nested():
                return op(conn, env)
        except ApiError as error:
            if error.status != 403:
                raise
            audit.append(
                conn, env.now, user, f"verification.{step}", "denied",
                contact_id=contact_id, reason=error.code,
            )  # fmt: skip
            return error.status, error.body()

    return run


def _answer(
    conn: Connection, env: Env, row: Any, contact_id: int, result: str | None = None
) -> Any:
    return verification.view(row, load(conn, contact_id), env, result=result)


async def _run(
    request: Request,
    user: User,
    key: str | None,
    body: Any,
    contact_id: int,
    step: str,
    work: Callable[[Connection, Env], tuple[int, Any, str | None]],
) -> JSONResponse:
    def op(conn: Connection, env: Env) -> tuple[int, Any]:
        status, row, result = work(conn, env)
        return status, _answer(conn, env, row, contact_id, result)

    return await act(request, user, key, body, _audited(user, contact_id, step, op))


@router.get("/verification/reason-codes", summary="Why verification ends unsuccessfully (ru, en)")
def reason_codes() -> dict[str, Any]:
    return {"items": listing()}


@router.post(BASE, status_code=201, responses=ERRORS, summary="Start verifying the citizen")
async def start(
    contact_id: ContactId, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    def work(conn: Connection, env: Env) -> tuple[int, Any, str | None]:
        status, row = verification.start(conn, env, user, contact_id)
        return status, row, None

    return await _run(request, user, key, None, contact_id, "start", work)


@router.get(BASE, responses=ERRORS, summary="The verification's state (owner, supervisor)")
def state(contact_id: ContactId, request: Request, user: Anyone) -> dict[str, Any]:
    server = server_of(request)
    with server.db.read() as conn:
        contact = load(conn, contact_id)
        if not verification.can_read(user, contact):
            raise forbidden()
        row = verification.latest(conn, contact_id)
        if row is None:
            raise ApiError(
                404,
                "verification_not_started",
                "Идентификация по этому обращению не начата.",
                "No verification was started on this contact.",
            )
        return verification.view(row, contact, server.env())


@router.post(BASE + "/basic", responses=ERRORS, summary="Step 1: full name, birth date, phone")
async def basic(
    contact_id: ContactId,
    body: BasicIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def work(conn: Connection, env: Env) -> tuple[int, Any, str | None]:
        return 200, verification.submit_basic(conn, env, user, contact_id, body), None

    return await _run(request, user, key, body, contact_id, "basic", work)


@router.post(
    BASE + "/document",
    responses=ERRORS,
    summary="Step 2 (and 3): one document, checked against the registry at once",
)
async def document(
    contact_id: ContactId,
    body: DocumentIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def work(conn: Connection, env: Env) -> tuple[int, Any, str | None]:
        row = verification.submit_document(conn, env, user, contact_id, body)
        return 200, row, "matched" if row["state"] == "code" else "refused"

    return await _run(request, user, key, body, contact_id, "document", work)


@router.post(
    BASE + "/code/send",
    responses=ERRORS,
    summary="Step 4: send (or resend after the cool-down) the one-time code",
)
async def send_code(
    contact_id: ContactId, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    def work(conn: Connection, env: Env) -> tuple[int, Any, str | None]:
        return 200, verification.send_code(conn, env, user, contact_id), "sent"

    return await _run(request, user, key, None, contact_id, "code_send", work)


@router.post(
    BASE + "/code/check", responses=ERRORS, summary="Step 4: the code the citizen reads out"
)
async def check_code(
    contact_id: ContactId,
    body: CodeCheckIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def work(conn: Connection, env: Env) -> tuple[int, Any, str | None]:
        row, result = verification.check_code(conn, env, user, contact_id, body.code)
        return 200, row, result

    return await _run(request, user, key, body, contact_id, "code_check", work)


@router.post(
    BASE + "/consent",
    responses=ERRORS,
    summary="Step 5: consent to personal-data processing (152-ФЗ), given or refused",
)
async def consent(
    contact_id: ContactId,
    body: ConsentIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def work(conn: Connection, env: Env) -> tuple[int, Any, str | None]:
        row = verification.record_consent(conn, env, user, contact_id, body.given)
        return 200, row, row["state"]

    return await _run(request, user, key, body, contact_id, "consent", work)
