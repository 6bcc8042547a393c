"""A contact's history: one place that writes its entries (routing, operators and contacts all
add them, and routing and operators sit below `contacts` in the imports)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection

from routing_api.db.schema import contact_history

#: built once: the values come as parameters (a statement built per call cost more than the
#: insert itself)
_INSERT = contact_history.insert()


def add_history(
    conn: Connection,
    contact_id: int,
    now: float,
    kind: str,
    actor: int | None,
    state: str | None,
    data: Mapping[Any, Any] | None = None,
) -> None:
    conn.execute(
        _INSERT,
        {
            "contact_id": contact_id,
            "at": now,
            "kind": kind,
            "actor_id": actor,
            "state": state,
            "data": dict(data) if data else None,
        },
    )
