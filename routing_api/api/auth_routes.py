"""POST /auth/login, /auth/refresh, /auth/logout."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from routing_api import auth
from routing_api.api.deps import bearer, server_of
from routing_api.errors import ApiError, unauthorized
from routing_api.models import LoginIn, RefreshIn

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", summary="Log in; returns access and refresh tokens and the user")
def login(body: LoginIn, request: Request) -> dict[str, Any]:
    server = server_of(request)
    outcome: dict[str, Any] = {}
    error: ApiError | None = None
    # the failed attempt must be recorded even though the request fails
    with server.write() as conn:
        try:
            outcome = auth.login(
                conn, server.settings, server.env().now, body.username, body.password
            )
        except ApiError as exc:
            error = exc
    if error is not None:
        raise error
    return outcome


@router.post("/refresh", summary="Exchange a refresh token for new tokens")
def refresh(body: RefreshIn, request: Request) -> dict[str, Any]:
    server = server_of(request)
    with server.write() as conn:
        opened = auth.refresh(conn, server.settings, server.env().now, body.refresh_token)
    server.sessions.forget_user(opened["user"]["id"])  # the old tokens stopped working
    return opened


@router.post("/logout", status_code=204, summary="Revoke the current session")
def logout(
    request: Request, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    if cred is None:
        raise unauthorized()
    server = server_of(request)
    with server.write() as conn:
        auth.revoke(conn, server.env().now, cred.credentials)
    server.sessions.forget(cred.credentials)
