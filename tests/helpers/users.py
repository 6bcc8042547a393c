"""Accounts for tests that need a `User` without a database."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from routing_api.auth import User

_OPERATOR = User(
    id=1,
    username="op1",
    full_name="Оператор",
    role="operator",
    line=1,
    agency=None,
    region=None,
    categories=None,
    languages=("ru",),
    chat_concurrency=2,
)


def operator(uid: int = 1, **changes: Any) -> User:
    """A first-line operator serving every category in Russian, `op<uid>`; `changes` are the
    fields a test needs otherwise (role, line, skills...)."""
    return replace(_OPERATOR, id=uid, username=f"op{uid}", **changes)
