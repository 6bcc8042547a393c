"""Lists in both languages, the work mode, the expert-system change feed, health."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from routing_api import events, routing
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
def put_work_mode(
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
        if before != body.mode:
            events.append(
                conn,
                env.now,
                "work_mode.changed",
                scope="staff",
                payload={"mode": body.mode, "previous": before, "by": user.username},
            )
        return 200, {"mode": body.mode, "previous": before}

    return act(request, user, key, body, op)


@router.get("/kb/changes", summary="The expert system as a replicable change feed")
def kb_changes(
    request: Request,
    user: Anyone,
    since: Annotated[str, Query(max_length=20, description="cursor from a previous `next`")] = "0",
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> dict[str, Any]:
    if user.role == "gateway":
        raise forbidden()
    if not (since.isascii() and since.isdigit()) or int(since) >= 2**63:
        raise invalid("invalid_cursor", "Некорректный курсор изменений.", "Invalid change cursor.")
    after = int(since)
    with server_of(request).db.read() as conn:
        rows = conn.execute(
            sa.select(kb_articles)
            .where(kb_articles.c.seq > after)
            .order_by(kb_articles.c.seq)
            .limit(limit + 1)
        ).all()
    more = len(rows) > limit
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
    return {"items": items, "next": str(rows[-1].seq if rows else after), "has_more": more}


health_router = APIRouter(tags=["health"])


@health_router.get("/health", summary="Liveness: the process answers")
def health() -> dict[str, str]:
    return {"status": "ok"}


@health_router.get("/ready", summary="Readiness: the database answers")
def ready(request: Request) -> JSONResponse:
    try:
        with server_of(request).db.read() as conn:
            conn.execute(sa.select(1))
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ready"})
