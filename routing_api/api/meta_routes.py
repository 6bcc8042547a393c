"""Lists in both languages, the work mode, the expert-system change feed, health."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from routing_api import audit, events, routing
from routing_api.api.deps import Anyone, IdempotencyKey, act, role, server_of
from routing_api.auth import User
from routing_api.catalog import catalog
from routing_api.db.schema import kb_articles, server_settings
from routing_api.errors import forbidden, invalid
from routing_api.models import WorkModeIn
from routing_api.timefmt import iso

router = APIRouter(tags=["reference"])


@router.get("/categories", summary="Contact categories and traffic kinds (ru and en)")
def categories() -> dict[str, Any]:
    cat = catalog()
    return {"categories": list(cat.categories.values()), "kinds": list(cat.kinds.values())}


@router.get("/dispositions", summary="Wrap-up results (ru and en)")
def dispositions() -> dict[str, Any]:
    return {"items": list(catalog().dispositions.values())}


@router.get("/reason-codes", summary="Not-ready and decline reasons (ru and en)")
def reason_codes() -> dict[str, Any]:
    return {"items": list(catalog().reason_codes.values())}


@router.get("/regions", summary="The 85 regions")
def regions() -> dict[str, Any]:
    return {"items": list(catalog().regions)}


@router.get("/work-mode", summary="The current work mode (DESIGN §3)")
def get_work_mode(request: Request, user: Anyone) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        return {"mode": routing.work_mode(conn)}


@router.put("/work-mode", summary="Switch the work mode (supervisor)")
async def put_work_mode(
    body: WorkModeIn,
    request: Request,
    user: Annotated[User, Depends(role("supervisor", "admin"))],
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        before = routing.work_mode(conn)
        conn.execute(server_settings.delete().where(server_settings.c.key == "work_mode"))
        conn.execute(
            server_settings.insert().values(
                key="work_mode", value=body.mode, updated_at=env.now, updated_by=user.id
            )
        )
        audit.append(conn, env.now, user, "supervisor.work_mode", "done", reason=body.mode)
        if before != body.mode:
            events.append(
                conn,
                env.now,
                "work_mode.changed",
                scope="staff",
                payload={"mode": body.mode, "previous": before, "by": user.username},
            )
        return 200, {"mode": body.mode, "previous": before}

    return await act(request, user, key, body, op)


def _kb_etag(head: int, after: int, limit: int) -> str:
    """A strong validator of one feed page: writers are serialised, so change seqs commit in
    order and the newest seq names the whole feed's state; the page depends on nothing else
    than that state and the request's parameters (not on the user)."""
    return f'"kb-{head}-{after}-{limit}"'


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    return header.strip() == "*" or etag in (tag.strip() for tag in header.split(","))


@router.get(
    "/kb/changes",
    summary="The expert system as a replicable change feed",
    responses={304: {"description": "Not Modified: `If-None-Match` names the current ETag"}},
)
def kb_changes(
    request: Request,
    user: Anyone,
    since: Annotated[str, Query(max_length=20, description="cursor from a previous `next`")] = "0",
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    """One page of changes after `since`, oldest first. `remaining` counts the changes after
    this page (for a progress bar); `head` is the newest change's seq (a cursor beyond it
    comes from another or a restored server: start again from 0). Every answer carries a
    strong `ETag`; a request whose `If-None-Match` names it is answered 304 Not Modified."""
    if user.role == "gateway":
        raise forbidden()
    if not (since.isascii() and since.isdigit()) or int(since) >= 2**63:
        raise invalid("invalid_cursor", "Некорректный курсор изменений.", "Invalid change cursor.")
    after = int(since)
    with server_of(request).db.read() as conn:
        head = int(conn.execute(sa.select(sa.func.max(kb_articles.c.seq))).scalar() or 0)
        etag = _kb_etag(head, after, limit)
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if _etag_matches(if_none_match, etag):
            return Response(status_code=304, headers=headers)
        rows = conn.execute(
            sa.select(kb_articles)
            .where(kb_articles.c.seq > after)
            .order_by(kb_articles.c.seq)
            .limit(limit + 1)
        ).all()
        more = len(rows) > limit
        remaining = 0
        if more:
            remaining = int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(kb_articles)
                    .where(kb_articles.c.seq > rows[limit - 1].seq)
                ).scalar_one()
            )
    rows = rows[:limit]
    items = [
        {
            "seq": r.seq,
            "id": r.id,
            "op": "deleted" if r.deleted else ("created" if r.version == 1 else "updated"),
            "version": r.version,
            "updated_at": iso(r.updated_at),
            "article": None if r.deleted else r.data,
        }
        for r in rows
    ]
    body = {
        "items": items,
        "next": str(rows[-1].seq if rows else after),
        "has_more": more,
        "remaining": remaining,
        "head": head,
    }
    return JSONResponse(body, headers=headers)


health_router = APIRouter(tags=["health"])


@health_router.get("/health", summary="Liveness: the process answers")
def health() -> dict[str, str]:
    return {"status": "ok"}


@health_router.get(
    "/ready", summary="Readiness: the database answers; how events reach this replica"
)
def ready(request: Request) -> JSONResponse:
    """200 `ready` or `degraded` while the database answers, 503 `unavailable` when it does not.

    `events` says how this process learns of new events: `delivery` is `listen` while its
    PostgreSQL LISTEN connection is up (`listening`), `poll` otherwise (LISTEN down, or SQLite,
    where this process's own commits still wake its hub at once), and `last_id` is the newest
    event id its hub has read. A PostgreSQL replica whose
    LISTEN connection is down (it reconnects by itself) is `degraded` but still ready, with
    200: it serves every request, and its followers still get every event, in order, from the
    fallback poll — only up to a second later. Taking it out of the load balancer would move
    its operators' streams for no gain; monitoring should alert on `degraded` instead.
    """
    server = server_of(request)
    hub = server.hub
    try:
        with server.db.read() as conn:
            conn.execute(sa.select(1))
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    status = "ready"
    events_info: dict[str, Any] = {"delivery": "poll", "last_id": hub.last_id}
    if hub.can_listen:
        listening = hub.listening
        events_info.update(delivery="listen" if listening else "poll", listening=listening)
        status = "ready" if listening else "degraded"
    database = "sqlite" if server.db.is_sqlite else "postgresql"
    return JSONResponse({"status": status, "database": database, "events": events_info})
