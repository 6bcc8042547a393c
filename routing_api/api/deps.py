"""Request plumbing: the server, the caller's identity and role checks, running operations."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from routing_api import auth
from routing_api.auth import User
from routing_api.errors import forbidden, unauthorized
from routing_api.server import Operation, Server, fingerprint

bearer = HTTPBearer(auto_error=False, description="access_token from POST /auth/login")


def server_of(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


async def current_user(
    request: Request, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    """The caller's account: from the tokens checked lately (auth.SessionCache), else read.

    Dependencies that are plain functions run in the thread pool, a hand-off each way per
    request; this and `role` run on the loop, and only a token not checked lately waits for
    a worker thread (the read)."""
    if cred is None:
        raise unauthorized()
    server = server_of(request)
    now = server.env().now
    token = cred.credentials
    known = server.sessions.get(token, now)
    if known is not None:
        return known
    generation, began = server.sessions.generation, time.monotonic()

    def read() -> tuple[User, float]:
        with server.db.read() as conn:
            return auth.authenticate_session(conn, now, token)

    user, expires = await run_in_threadpool(read)
    server.sessions.put(token, user, expires, generation, began)
    return user


def role(*roles: str) -> Callable[..., Awaitable[User]]:
    """A dependency that lets only these roles through (403 otherwise)."""

    async def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            raise forbidden()
        return user

    return check


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Repeat-safe key (IETF httpapi idempotency draft), kept 72 h per user.",
    ),
]
Staff = Annotated[User, Depends(role("operator", "supervisor"))]
Gateway = Annotated[User, Depends(role("gateway"))]
Anyone = Annotated[User, Depends(current_user)]


async def act(
    request: Request, user: User, key: str | None, body: BaseModel | None, op: Operation
) -> JSONResponse:
    """Run a mutating operation once per Idempotency-Key and answer with its JSON.

    On the loop: the operation runs in a batch on the write path's thread (Server.submit),
    so its route is a coroutine and no worker thread waits for the write."""
    payload: Any = body.model_dump(mode="json", by_alias=True) if body is not None else None
    fp = fingerprint(request.method, request.url.path, payload)
    status, data = await server_of(request).submit(user, key, fp, op)
    return JSONResponse(data, status_code=status)
