"""Request plumbing: the server, the caller's identity and role checks, running operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from routing_api import auth
from routing_api.auth import User
from routing_api.errors import forbidden, unauthorized
from routing_api.server import Operation, Server, fingerprint

bearer = HTTPBearer(auto_error=False, description="access_token from POST /auth/login")


def server_of(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def current_user(
    request: Request, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    if cred is None:
        raise unauthorized()
    server = server_of(request)
    with server.db.read() as conn:
        return auth.authenticate(conn, server.env().now, cred.credentials)


def role(*roles: str) -> Callable[..., User]:
    """A dependency that lets only these roles through (403 otherwise)."""

    def check(user: Annotated[User, Depends(current_user)]) -> User:
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


def act(
    request: Request, user: User, key: str | None, body: BaseModel | None, op: Operation
) -> JSONResponse:
    """Run a mutating operation once per Idempotency-Key and answer with its JSON."""
    payload: Any = body.model_dump(mode="json", by_alias=True) if body is not None else None
    fp = fingerprint(request.method, request.url.path, payload)
    status, data = server_of(request).run(user, key, fp, op)
    return JSONResponse(data, status_code=status)
