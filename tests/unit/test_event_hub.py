"""The hub hands each stream only the events that may be its user's: none lost, none twice.

Followers who see only their own are handed the events addressed to them and those anyone may
see, picked out of an index instead of each stream filtering every batch. What a stream sends
(the events `visible` to its user) must be exactly what it would send filtering the whole
log, in log order: for quick followers served from memory, for slow ones whose cursor the
hub's memory has dropped (they catch up from the database), across the hub's trimming.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from routing_api import events
from routing_api.auth import User
from routing_api.db import migrate
from routing_api.db.engine import Database
from routing_api.db.schema import events as events_table
from routing_api.events import PUSH_QUEUE_SCOPE, Event, EventHub, visible
from tests.helpers.users import operator


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    # a file: the hub reads in worker threads, and each would get an in-memory database of
    # its own
    database = Database(f"sqlite:///{tmp_path / 'events.db'}")
    migrate.upgrade(database)
    yield database
    database.dispose()


USERS = [
    operator(7),
    operator(8, line=2, agency="СФР"),
    operator(10),
    operator(11),  # addressed by nothing but broad events
    operator(9, role="supervisor", line=None),
]
SCOPES = ("contact", PUSH_QUEUE_SCOPE, "operator", "staff", "queue", "supervisor")


def random_event(rng: random.Random, at: float) -> dict[str, object]:
    scope = rng.choice(SCOPES)
    return {
        "at": at,
        "type": f"test.{scope}",
        "scope": scope,
        "user_id": rng.choice((7, 8, 10, None)),
        "audience": sorted(rng.sample((7, 8, 10), rng.randint(0, 2))),
        "queue": rng.choice(("line1", "line2")),
        "line_agency": rng.choice(("СФР", "ФНС")),
        "line_region": None,
        "category": "pensions",
        "language": "ru",
        "payload": json.dumps({"n": at}),
    }


def test_each_follower_is_handed_exactly_what_it_may_see_in_log_order(db: Database) -> None:
    rng = random.Random(3)
    total = 400

    async def run() -> tuple[dict[int, list[int]], list[Event]]:
        hub = EventHub(db, keep=25, poll_s=0.05, gather_s=0.0)
        await hub.start()
        hub_task = asyncio.create_task(hub.run())
        sentinel: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        handed: dict[int, list[int]] = {}

        async def follow(who: User, slow: bool) -> None:
            key = who.id if not slow else -who.id
            got = handed[key] = []
            sees_all = who.role == "supervisor"
            async for batch in hub.follow(0, None if sees_all else who.id):
                got.extend(e.id for e in batch if visible(who, e))
                if sentinel.done() and got and got[-1] == sentinel.result():
                    return
                if slow:
                    await asyncio.sleep(0.15)  # falls behind the hub's memory

        followers = [
            asyncio.create_task(follow(who, slow)) for who in USERS for slow in (False, True)
        ]
        for start in range(0, total, 10):
            with db.write() as conn:
                for n in range(start, start + 10):
                    conn.execute(events_table.insert(), random_event(rng, 1000.0 + n))
            hub.poke()
            await asyncio.sleep(0.01)
        with db.write() as conn:  # a staff event, which everyone sees: the last one
            last = events.append(conn, 2000.0, "team.message", scope="staff", payload={})
        sentinel.set_result(last)
        hub.poke()
        try:
            await asyncio.wait_for(asyncio.gather(*followers), timeout=30)
        finally:
            await hub.close()
            hub_task.cancel()
        return handed, events.fetch_after(db, 0, limit=10_000)

    handed, log = asyncio.run(run())
    assert len(log) == total + 1
    for who in USERS:
        expected = [e.id for e in log if visible(who, e)]
        assert expected, who  # every user may see something (at least the last event)
        assert handed[who.id] == expected, who
        assert handed[-who.id] == expected, ("slow", who)
    # the operators were handed fewer events than the log holds; the index did the picking
    assert len(handed[11]) < len(log) // 2


def test_the_index_drops_what_the_memory_drops(db: Database) -> None:
    async def run() -> EventHub:
        hub = EventHub(db, keep=5)
        await hub.start()
        with db.write() as conn:
            for n in range(30):
                conn.execute(events_table.insert(), random_event(random.Random(n), 1000.0 + n))
        await hub._pull()
        return hub

    hub = asyncio.run(run())
    kept = {e.id for e in hub._events}
    assert 5 <= len(kept) <= 10
    indexed = {e.id for e in hub._broad}
    for mine in hub._addressed.values():
        assert mine, "an emptied list stays behind"
        indexed.update(e.id for e in mine)
    assert indexed <= kept
