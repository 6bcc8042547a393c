"""Accounts, passwords (argon2id), opaque revocable tokens and login throttling."""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
import time
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
    sa.select(users, sessions.c.access_expires)
    .join(sessions, users.c.id == sessions.c.user_id)
    .where(
        sessions.c.access_hash == sa.bindparam("access_hash"),
        sessions.c.revoked_at.is_(None),
        sessions.c.access_expires > sa.bindparam("now"),
        users.c.disabled.is_(False),
    )
)


def authenticate_session(conn: Connection, now: float, access_token: str) -> tuple[User, float]:
    """The account an access token belongs to, and when the token expires."""
    row = conn.execute(_SESSION_USER, {"access_hash": _digest(access_token), "now": now}).first()
    if row is None:
        raise unauthorized("Сессия недействительна или истекла.", "Invalid or expired session.")
    return User.from_row(row), row.access_expires


class SessionCache:
    """The access tokens this process checked in the last `ttl_s`, and whose they are.

    Every request used to read its session, in a worker thread: at the peak that hand-off to
    the thread pool and back, not the read, was most of what an authenticated request cost.
    A token found here still has its expiry checked on every use. A session ended or an
    account changed through this process is forgotten at once (`forget_user`, after the
    write); through another (a second replica, the admin command line) it takes effect within
    `ttl_s` (Settings.session_cache_s; 0 turns this off). Tokens are held as their digests,
    as in the database.
    """

    def __init__(self, ttl_s: float, size: int = 10_000) -> None:
        self._ttl_s = ttl_s
        self._size = size
        #: digest → (account, the token's expiry (server clock), when checked (monotonic))
        self._entries: dict[str, tuple[User, float, float]] = {}
        #: bumped by every `forget_user`: a check that began before one is not kept
        self.generation = 0
        self._lock = threading.Lock()

    def get(self, access_token: str, now: float) -> User | None:
        if self._ttl_s <= 0:
            return None
        entry = self._entries.get(_digest(access_token))
        if entry is None:
            return None
        user, expires, checked = entry
        if expires <= now or time.monotonic() - checked >= self._ttl_s:
            return None
        return user

    def put(
        self, access_token: str, user: User, expires: float, generation: int, began: float
    ) -> None:
        """Keep a token checked by a read that began at `began` (monotonic) and `generation`:
        trusted for `ttl_s` from the read's start, not its end (under load a read may wait
        for a worker thread a while)."""
        if self._ttl_s <= 0:
            return
        with self._lock:
            if generation != self.generation:
                return  # an account was changed meanwhile: the read may predate it
            if len(self._entries) >= self._size:
                self._drop_stale()
            self._entries[_digest(access_token)] = (user, expires, began)

    def forget_user(self, user_id: int) -> None:
        """Check every token of the account against the database again."""
        with self._lock:
            self.generation += 1
            for key in [k for k, (u, _, _) in self._entries.items() if u.id == user_id]:
                del self._entries[key]

    def forget(self, access_token: str) -> None:
        """Check this token against the database again."""
        with self._lock:
            self.generation += 1
            self._entries.pop(_digest(access_token), None)

    def _drop_stale(self) -> None:
        horizon = time.monotonic() - self._ttl_s
        for key in [k for k, (_, _, at) in self._entries.items() if at <= horizon]:
            del self._entries[key]
        while len(self._entries) >= self._size:  # all fresh: the oldest go
            del self._entries[next(iter(self._entries))]
