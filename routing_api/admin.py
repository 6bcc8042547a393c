"""`routing-api admin …`: the segment administrator's account management (DESIGN §1)."""

from __future__ import annotations

import secrets
import time
from typing import Any

import sqlalchemy as sa

from routing_api.auth import hash_password
from routing_api.catalog import AGENCIES, ROLES, catalog
from routing_api.db.engine import Database, inserted_id
from routing_api.db.schema import sessions, users


class AdminError(ValueError):
    """A request the administrator must correct; the message says how."""


def _check(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("role") is not None and fields["role"] not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    if fields.get("line") not in (None, 1, 2):
        raise AdminError("line must be 1 or 2")
    if fields.get("agency") not in (None, *AGENCIES):
        raise AdminError(f"agency must be one of {', '.join(AGENCIES)}")
    if fields.get("region") is not None and fields["region"] not in catalog().regions:
        raise AdminError(f"unknown region {fields['region']!r} (see GET /api/v1/regions)")
    cats = fields.get("categories")
    if cats is not None:
        unknown = [c for c in cats if c not in catalog().categories]
        if unknown:
            raise AdminError(f"unknown categories: {', '.join(unknown)}")
    conc = fields.get("chat_concurrency")
    if conc is not None and not 1 <= conc <= 10:
        raise AdminError("chat concurrency must be between 1 and 10")
    return fields


def new_password() -> str:
    return secrets.token_urlsafe(9)


def create_user(db: Database, username: str, password: str, **fields: Any) -> int:
    fields = _check({"role": "operator", "languages": ["ru"], "chat_concurrency": 3, **fields})
    if fields["role"] == "operator" and fields.get("line") is None:
        raise AdminError("an operator needs --line 1 or 2")
    with db.write() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first():
            raise AdminError(f"user {username!r} already exists")
        return inserted_id(
            conn.execute(
                users.insert().values(
                    username=username,
                    password_hash=hash_password(password),
                    created_at=time.time(),
                    full_name=fields.pop("full_name", None) or username,
                    **fields,
                )
            )
        )


def update_user(db: Database, username: str, **fields: Any) -> None:
    # categories=None is meaningful ("every category"); other Nones mean "unchanged"
    fields = _check({k: v for k, v in fields.items() if v is not None or k == "categories"})
    if not fields:
        raise AdminError("nothing to change")
    with db.write() as conn:
        done = conn.execute(users.update().where(users.c.username == username).values(**fields))
        if done.rowcount != 1:
            raise AdminError(f"no user {username!r}")
        if fields.get("disabled"):
            uid = conn.execute(
                sa.select(users.c.id).where(users.c.username == username)
            ).scalar_one()
            conn.execute(
                sessions.update()
                .where(sessions.c.user_id == uid, sessions.c.revoked_at.is_(None))
                .values(revoked_at=time.time())
            )


def reset_password(db: Database, username: str, password: str | None = None) -> str:
    password = password or new_password()
    update_user(db, username, password_hash=hash_password(password))
    return password


def list_users(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(sa.select(users).order_by(users.c.id)).mappings().all()
    return [{k: v for k, v in r.items() if k != "password_hash"} for r in rows]
