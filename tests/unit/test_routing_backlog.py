"""Routing with a long queue of tasks nobody is offered (callbacks): calls and chats still go."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from routing_api import routing
from routing_api.db import migrate
from routing_api.db.engine import Database, inserted_id
from routing_api.db.schema import contacts, operator_state, users

NOW = 1_800_000_000.0


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database("sqlite://")
    migrate.upgrade(database)
    yield database
    database.dispose()


def waiting(channel: str, queued_at: float) -> dict[str, object]:
    return {
        "channel": channel,
        "category": "pensions",
        "priority": "normal",
        "priority_rank": 1,
        "language": "ru",
        "state": "queued",
        "queue": "line1",
        "created_at": queued_at,
        "queued_at": queued_at,
    }


def test_a_call_behind_more_callback_tasks_than_a_pass_reads_is_still_offered(
    db: Database,
) -> None:
    """A pass reads at most 500 waiting contacts. Callback tasks are taken, never offered,
    and pile up over a day (every unresolved contact leaves one); they once filled those 500
    and a call queued after them waited for nobody."""
    with db.write() as conn:
        user_id = inserted_id(
            conn.execute(
                users.insert().values(
                    username="op",
                    password_hash="x",
                    role="operator",
                    line=1,
                    languages=["ru"],
                    created_at=NOW,
                )
            )
        )
        conn.execute(operator_state.insert().values(user_id=user_id, state="ready", since=NOW))
        conn.execute(contacts.insert(), [waiting("callback", NOW - 3600 + i) for i in range(600)])
        call_id = inserted_id(conn.execute(contacts.insert().values(**waiting("voice", NOW))))
        assert routing.route(conn, NOW, 20.0) == 1
        offered = conn.execute(
            sa.select(contacts.c.state, contacts.c.offered_to).where(contacts.c.id == call_id)
        ).one()
    assert tuple(offered) == ("offered", user_id)
