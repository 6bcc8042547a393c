"""Accounts, passwords (argon2id), opaque revocable tokens and login throttling."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pwdlib import PasswordHash
from sqlalchemy.engine import Connection

from routing_api.config import Settings
from routing_api.db.schema import login_failures, sessions, users
from routing_api.errors import ApiError, unauthorized

_hasher = PasswordHash.recommended()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so timing does not reveal accounts."""
    return _hasher.hash("not-a-password")


@dataclass(frozen=True)
class User:
    """An authenticated account and the skills routing matches on."""

    id: int
    username: str
    full_name: str
    role: str
    line: int | None
    agency: str | None
    region: str | None
    categories: tuple[str, ...] | None
    languages: tuple[str, ...]
    chat_concurrency: int

    @classmethod
    def from_row(cls, row: Any) -> User:
        cats = row.categories
        return cls(
            id=row.id,
            username=row.username,
            full_name=row.full_name,
            role=row.role,
            line=row.line,
            agency=row.agency,
            region=row.region,
            categories=tuple(cats) if cats is not None else None,
            languages=tuple(row.languages or ("ru",)),
            chat_concurrency=row.chat_concurrency,
        )

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role,
            "line": self.line,
            "agency": self.agency,
            "region": self.region,
            "categories": list(self.categories) if self.categories is not None else None,
            "languages": list(self.languages),
            "chat_concurrency": self.chat_concurrency,
        }


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(
    conn: Connection, settings: Settings, now: float, username: str, password: str
) -> dict[str, Any]:
    """Check a password and open a session; throttles repeated failures per username."""
    window_start = now - settings.login_window_s
    failures = conn.execute(
        sa.select(sa.func.count(), sa.func.min(login_failures.c.at)).where(
            login_failures.c.username == username, login_failures.c.at > window_start
        )
    ).one()
    if failures[0] >= settings.login_max_failures:
        retry = max(1, int(failures[1] + settings.login_window_s - now) + 1)
        raise ApiError(
            429,
            "too_many_attempts",
            f"Слишком много неудачных попыток входа. Повторите через {retry} с.",
            f"Too many failed logins. Try again in {retry} s.",
            headers={"Retry-After": str(retry)},
        )
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    ok = _hasher.verify(password, row.password_hash if row else _dummy_hash())
    if row is None or not ok or row.disabled:
        conn.execute(login_failures.insert().values(username=username, at=now))
        raise unauthorized("Неверное имя пользователя или пароль.", "Wrong username or password.")
    conn.execute(login_failures.delete().where(login_failures.c.username == username))
    return _open_session(conn, settings, now, User.from_row(row))


def _open_session(conn: Connection, settings: Settings, now: float, user: User) -> dict[str, Any]:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.execute(
        sessions.insert().values(
            user_id=user.id,
            access_hash=_digest(access),
            refresh_hash=_digest(refresh),
            access_expires=now + settings.access_token_ttl_s,
            refresh_expires=now + settings.refresh_token_ttl_s,
            created_at=now,
        )
    )
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": int(settings.access_token_ttl_s),
        "user": user.public(),
    }


def refresh(conn: Connection, settings: Settings, now: float, refresh_token: str) -> dict[str, Any]:
    """Rotate a session: the old tokens stop working, new ones are returned."""
    # the account's columns as they are and the session's under labels of their own: both
    # tables have `id` and `created_at`, and a bare `row.id` was the session's, so a rotated
    # session was opened for the account whose id equalled the old session's
    session = conn.execute(
        sa.select(
            sessions.c.id.label("session_id"),
            sessions.c.revoked_at.label("session_revoked_at"),
            sessions.c.refresh_expires.label("session_refresh_expires"),
        ).where(sessions.c.refresh_hash == _digest(refresh_token))
    ).first()
    account = (
        None
        if session is None
        else conn.execute(
            sa.select(users)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.id == session.session_id)
        ).first()
    )
    if (
        session is None
        or account is None
        or session.session_revoked_at is not None
        or session.session_refresh_expires <= now
        or account.disabled
    ):
        raise unauthorized(
            "Сессия истекла, войдите снова.", "The session has expired; log in again."
        )
    conn.execute(
        sessions.update().where(sessions.c.id == session.session_id).values(revoked_at=now)
    )
    return _open_session(conn, settings, now, User.from_row(account))


def revoke(conn: Connection, now: float, access_token: str) -> None:
    conn.execute(
        sessions.update()
        .where(sessions.c.access_hash == _digest(access_token), sessions.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


#: every request's lookup, built once
_SESSION_USER = (
    sa.select(users)
    .join(sessions, users.c.id == sessions.c.user_id)
    .where(
        sessions.c.access_hash == sa.bindparam("access_hash"),
        sessions.c.revoked_at.is_(None),
        sessions.c.access_expires > sa.bindparam("now"),
        users.c.disabled.is_(False),
    )
)


def authenticate(conn: Connection, now: float, access_token: str) -> User:
    row = conn.execute(_SESSION_USER, {"access_hash": _digest(access_token), "now": now}).first()
    if row is None:
        raise unauthorized("Сессия недействительна или истекла.", "Invalid or expired session.")
    return User.from_row(row)
