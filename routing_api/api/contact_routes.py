"""Contacts: creation by the gateway, the operator's actions, reading, lookup and the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Connection

from routing_api import audit, contact_views, contacts, events, queue_summary
from routing_api.api.deps import Anyone, Gateway, IdempotencyKey, Staff, act, server_of
from routing_api.auth import User
from routing_api.errors import forbidden
from routing_api.models import (
    ContactIn,
    DeclineIn,
    EscalateIn,
    LinkIn,
    MessageIn,
    TransferIn,
    WrapUpIn,
)
from routing_api.pd import FULL_PD_ROLES, contact_summary

router = APIRouter(tags=["contacts"])
ContactId = Annotated[int, FastPath(ge=1, le=2**63 - 1, description="contact id")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in"},
    403: {"description": "Not allowed / someone else's contact"},
    404: {"description": "No such contact"},
    409: {"description": "Illegal state transition, lost race or request in progress"},
    422: {"description": "Invalid input"},
}


def _summary(row: contacts.Row, user: User) -> Callable[[Connection], dict[str, Any]]:
    """The contact as it stands once the operation and the routing after it are done."""
    full = user.role in FULL_PD_ROLES
    return lambda conn: contact_summary(contacts.load(conn, row["id"]), full_pd=full)


@router.post("/contacts", status_code=201, responses=ERRORS, summary="A new contact (gateway)")
async def create_contact(
    body: ContactIn, request: Request, user: Gateway, key: IdempotencyKey = None
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        body,
        lambda conn, env: (201, _summary(contacts.create(conn, env, user, body.as_dict()), user)),
    )


@router.get("/contacts", responses=ERRORS, summary="Earlier contacts by number or caller")
def find_contacts(
    request: Request,
    user: Anyone,
    number: Annotated[str | None, Query(max_length=20, pattern=r"^[0-9A-Za-z\-]{1,20}$")] = None,
    same_caller_as: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> dict[str, Any]:
    if user.role not in ("operator", "supervisor"):
        raise forbidden()
    server = server_of(request)
    with server.db.read() as conn:
        cursor = events.last_id(conn)
        items = contact_views.lookup(conn, user, number=number, same_caller_as=same_caller_as)
    return {"cursor": cursor, "items": items}


@router.get("/contacts/{contact_id}", responses=ERRORS, summary="A contact with its whole history")
def get_contact(contact_id: ContactId, request: Request, user: Anyone) -> dict[str, Any]:
    if user.role == "admin":
        raise forbidden()
    server = server_of(request)
    if user.role != "supervisor":
        with server.db.read() as conn:
            cursor = events.last_id(conn)
            detail = contact_views.detail(conn, contacts.load(conn, contact_id), user)
        return {**detail, "cursor": cursor}
    # the supervisor's detail holds the caller's data in the clear: the read is audited, in
    # the same transaction, before the data leaves
    with server.write() as conn:
        cursor = events.last_id(conn)
        row = contacts.load(conn, contact_id)
        detail = contact_views.detail(conn, row, user)
        audit.append(
            conn, server.env().now, user, "pd.read", "ok",
            contact_id=contact_id, field="contact", reason="monitoring",
        )  # fmt: skip
    return {**detail, "cursor": cursor}


@router.get("/queue", responses=ERRORS, summary="What the caller may see and take, with a cursor")
def queue(request: Request, user: Staff) -> dict[str, Any]:
    server = server_of(request)
    with server.db.read() as conn:
        cursor = events.last_id(conn)
        now = server.env().now
        items = contact_views.queue_for(conn, user, now)
        mine = contact_views.owned_by(conn, user, now)
        groups = queue_summary.read_groups(conn) if queue_summary.receives(user) else None
    body: dict[str, Any] = {"cursor": cursor, "items": items, "mine": mine}
    if groups is not None:
        # the first line's calls and chats, as the stream's queue.summary frames give them
        body["summary"] = queue_summary.summarise(groups, user)
    return body


@router.post(
    "/contacts/{contact_id}/accept", responses=ERRORS, summary="Accept an offer or take a contact"
)
async def accept(
    contact_id: ContactId, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        row = contacts.accept(conn, env, user, contact_id)
        return 200, contact_views.detail(conn, row, user)

    return await act(request, user, key, None, op)


@router.post(
    "/contacts/{contact_id}/decline", responses=ERRORS, summary="Decline an offer with a reason"
)
async def decline(
    contact_id: ContactId,
    body: DeclineIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        body,
        lambda conn, env: (
            200,
            _summary(contacts.decline(conn, env, user, contact_id, body.reason), user),
        ),
    )


@router.post("/contacts/{contact_id}/hold", responses=ERRORS, summary="Put a call on hold")
async def hold(
    contact_id: ContactId, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        None,
        lambda conn, env: (200, _summary(contacts.hold(conn, env, user, contact_id, True), user)),
    )


@router.post("/contacts/{contact_id}/resume", responses=ERRORS, summary="Take a call off hold")
async def resume(
    contact_id: ContactId, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        None,
        lambda conn, env: (200, _summary(contacts.hold(conn, env, user, contact_id, False), user)),
    )


@router.post(
    "/contacts/{contact_id}/end", responses=ERRORS, summary="End the conversation (to wrap-up)"
)
async def end(
    contact_id: ContactId, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        None,
        lambda conn, env: (200, _summary(contacts.end(conn, env, user, contact_id), user)),
    )


@router.post(
    "/contacts/{contact_id}/messages",
    status_code=201,
    responses=ERRORS,
    summary="A chat / e-mail message: the operator's reply, or the citizen's via the gateway",
)
async def message(
    contact_id: ContactId,
    body: MessageIn,
    request: Request,
    user: Anyone,
    key: IdempotencyKey = None,
) -> JSONResponse:
    if user.role not in ("operator", "supervisor", "gateway"):
        raise forbidden()
    return await act(
        request,
        user,
        key,
        body,
        lambda conn, env: (
            201,
            _summary(contacts.post_message(conn, env, user, contact_id, body.text), user),
        ),
    )


@router.post(
    "/contacts/{contact_id}/abandon",
    responses=ERRORS,
    summary="The citizen hung up or left (gateway)",
)
async def abandon(
    contact_id: ContactId, request: Request, user: Gateway, key: IdempotencyKey = None
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        None,
        lambda conn, env: (200, _summary(contacts.abandon(conn, env, user, contact_id), user)),
    )


@router.post(
    "/contacts/{contact_id}/transfer",
    responses=ERRORS,
    summary="Transfer to an operator or a queue",
)
async def transfer(
    contact_id: ContactId,
    body: TransferIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        body,
        lambda conn, env: (
            200,
            _summary(
                contacts.transfer(
                    conn,
                    env,
                    user,
                    contact_id,
                    operator_id=body.operator_id,
                    queue=body.queue,
                    agency=body.agency,
                    region=body.region,
                ),
                user,
            ),
        ),
    )


@router.post("/contacts/{contact_id}/wrap-up", responses=ERRORS, summary="Close with a disposition")
async def wrap_up(
    contact_id: ContactId, body: WrapUpIn, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        body,
        lambda conn, env: (
            200,
            _summary(
                contacts.wrap_up(
                    conn, env, user, contact_id, body.disposition, body.resolved, body.notes
                ),
                user,
            ),
        ),
    )


@router.post(
    "/contacts/{contact_id}/escalate",
    responses=ERRORS,
    summary="Escalate to the second line or a supervisor, with the whole history",
)
async def escalate(
    contact_id: ContactId,
    body: EscalateIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    return await act(
        request,
        user,
        key,
        body,
        lambda conn, env: (
            200,
            _summary(
                contacts.escalate(
                    conn,
                    env,
                    user,
                    contact_id,
                    target=body.target,
                    agency=body.agency,
                    region=body.region,
                    reason=body.reason,
                    notes=body.notes,
                ),
                user,
            ),
        ),
    )


@router.post(
    "/contacts/{contact_id}/link",
    responses=ERRORS,
    summary="Resume an earlier contact by the number the citizen quotes (links the histories)",
)
async def link(
    contact_id: ContactId,
    body: LinkIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        row = contacts.link_earlier(conn, env, user, contact_id, body.number)
        return 200, contact_views.detail(conn, row, user)

    return await act(request, user, key, body, op)
