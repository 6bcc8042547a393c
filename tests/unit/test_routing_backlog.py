"""Routing over a queue: calls and chats still go behind a long queue of tasks nobody is offered
(callbacks), and one pass over many waiting contacts hands each operator at most one offer,
least recently served first, by skill."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from routing_api import routing
from routing_api.db import migrate
from routing_api.db.engine import Database, inserted_id
from routing_api.db.schema import contact_history, contacts, operator_state, users

NOW = 1_800_000_000.0


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database("sqlite://")
    migrate.upgrade(database)
    yield database
    database.dispose()


def waiting(channel: str, queued_at: float, category: str = "pensions") -> dict[str, object]:
    return {
        "channel": channel,
        "category": category,
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


def test_one_pass_over_a_backlog_offers_each_operator_one_contact_best_first(
    db: Database,
) -> None:
    """The pass finds the operators fitting each kind of contact once and hands them out in
    order; this pins what that must keep of checking every operator for every contact."""

    def operator(name: str, categories: list[str] | None, served: float | None) -> int:
        user_id = inserted_id(
            conn.execute(
                users.insert().values(
                    username=name,
                    password_hash="x",
                    role="operator",
                    line=1,
                    categories=categories,
                    languages=["ru"],
                    created_at=NOW,
                )
            )
        )
        conn.execute(
            operator_state.insert().values(
                user_id=user_id, state="ready", since=NOW, last_served_at=served
            )
        )
        return user_id

    with db.write() as conn:
        a = operator("a", ["pensions"], NOW - 100)
        b = operator("b", ["pensions"], NOW - 200)
        c = operator("c", ["benefits"], NOW - 900)  # served longest ago, but not pensions
        d = operator("d", None, None)  # every category, never served yet
        pensions = [
            inserted_id(conn.execute(contacts.insert().values(**waiting("voice", NOW - 60 + i))))
            for i in range(3)
        ]
        benefits = [
            inserted_id(
                conn.execute(contacts.insert().values(**waiting("voice", NOW - 50 + i, "benefits")))
            )
            for i in range(2)
        ]
        # d declined the first pensions call a moment ago: not offered it again, but the next
        conn.execute(
            contact_history.insert().values(
                contact_id=pensions[0], at=NOW - 5, kind="declined", actor_id=d, state="queued"
            )
        )
        assert routing.route(conn, NOW, 20.0) == 4
        offered = dict(
            conn.execute(
                sa.select(contacts.c.id, contacts.c.offered_to).where(
                    contacts.c.id.in_(pensions + benefits)
                )
            ).all()
        )
    assert [offered[i] for i in pensions] == [b, d, a]
    # the benefits call first in line goes to c; nobody is left for the second
    assert [offered[i] for i in benefits] == [c, None]
