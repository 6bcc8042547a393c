"""What the write path skips at the peak, and what it must not skip.

A write runs a routing pass only if one of its events could let routing offer something new;
the timers write every connected user's presence every few seconds, and a new stream's at the
next tick. Skipping too much would strand a waiting contact until the next tick (or drop an
operator as absent); these pin both sides.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from routing_api import events
from routing_api.config import Settings
from routing_api.db import migrate
from routing_api.db.engine import Database
from routing_api.db.schema import contacts
from routing_api.events import ROUTING_INPUTS_CHANGED
from routing_api.operators import _may_take_more
from routing_api.server import PRESENCE_REFRESH_S, Server


def state(name: str, next_state: str | None = None) -> Any:
    return SimpleNamespace(state=name, next_state=next_state)


@pytest.mark.parametrize(
    ("before", "after", "opens"),
    [
        (state("ready"), state("in_contact"), False),  # an accept: busier than before
        (state("in_contact"), state("wrap_up"), False),
        (state("ready"), state("not_ready"), False),
        (state("wrap_up"), state("ready"), True),
        (state("not_ready"), state("ready"), True),
        (state("offline"), state("ready"), True),
        # a break asked for during a chat, then taken back: free for chats again
        (state("in_contact", "not_ready"), state("in_contact"), True),
        (state("in_contact"), state("in_contact", "not_ready"), False),
    ],
)
def test_which_operator_state_changes_are_routing_inputs(
    before: Any, after: Any, opens: bool
) -> None:
    assert _may_take_more(before, after) is opens


def contact(channel: str, state_: str = "in_progress") -> dict[str, Any]:
    row: dict[str, Any] = {column.name: None for column in contacts.c}
    row.update(
        id=1,
        number="2612-0000001",
        state=state_,
        channel=channel,
        queue="line1",
        owner_id=5,
        category="pensions",
        language="ru",
        priority="normal",
        created_at=0.0,
        queued_at=0.0,
    )
    return row


@pytest.fixture
def db() -> Any:
    database = Database("sqlite://")
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.mark.parametrize(
    ("type_", "channel", "state_", "routes"),
    [
        ("contact.accepted", "voice", "in_progress", False),
        ("contact.ended", "voice", "wrap_up", False),
        ("contact.closed", "voice", "closed", False),
        # an operator may take more chats than one: their accept or end frees room
        ("contact.accepted", "chat", "in_progress", True),
        ("contact.ended", "chat", "wrap_up", True),
        ("contact.created", "voice", "queued", True),
        ("contact.message", "chat", "in_progress", False),
    ],
)
def test_which_contact_events_run_a_routing_pass(
    db: Database, type_: str, channel: str, state_: str, routes: bool
) -> None:
    with db.write() as conn:
        events.contact_event(conn, 100.0, type_, contact(channel, state_))
        assert bool(conn.info.pop(ROUTING_INPUTS_CHANGED, False)) is routes
        assert conn.info.get("events_appended") is True  # the event is written either way


def test_presence_is_written_for_everyone_every_few_seconds_and_for_new_streams_at_once() -> None:
    server = Server(Settings(database_url="sqlite://", presence_grace_s=30.0))
    try:
        server.connected.update({1: 1, 2: 1})
        assert server._presence_due(1000.0) == {1, 2}
        assert server._presence_due(1000.5) == frozenset()  # nothing new
        server.connected[3] += 1
        assert server._presence_due(1001.0) == {3}  # a stream just opened
        server.connected[2] -= 1
        assert server._presence_due(1001.5) == frozenset()
        assert server._presence_due(1000.0 + PRESENCE_REFRESH_S) == {1, 3}
        # a virtual clock moved back or far ahead: everyone at once
        assert server._presence_due(900.0) == {1, 3}
        assert server._presence_due(5000.0) == {1, 3}
    finally:
        server.db.dispose()


def test_a_short_grace_period_refreshes_presence_well_inside_it() -> None:
    server = Server(Settings(database_url="sqlite://", presence_grace_s=3.0))
    try:
        server.connected[1] += 1
        assert server._presence_due(10.0) == {1}
        assert server._presence_due(10.9) == frozenset()
        assert server._presence_due(11.0) == {1}  # a third of the grace
    finally:
        server.db.dispose()


def test_the_heartbeat_wakes_only_followers_quiet_for_the_idle_time(db: Database) -> None:
    """Every beat used to wake all 600 streams; now only a follower handed nothing for
    idle_wake_s (the stream then sends its keep-alive if one is due)."""

    async def run() -> tuple[list[float], list[float]]:
        hub = events.EventHub(db, heartbeat_s=0.02, idle_wake_s=0.25)
        await hub.start()
        loop = asyncio.get_running_loop()
        began = loop.time()
        quiet: list[float] = []
        beats = asyncio.create_task(hub.beat())

        async def follow(into: list[float], count: int) -> None:
            async for batch in hub.follow(hub.last_id, user_id=7):
                assert batch == []  # nothing was written: heartbeats only
                into.append(loop.time() - began)
                if len(into) == count:
                    return

        try:
            await asyncio.wait_for(follow(quiet, 3), timeout=5)
        finally:
            await hub.close()
            beats.cancel()
        return quiet, [b - a for a, b in zip([0.0, *quiet], quiet, strict=False)]

    wakes, gaps = asyncio.run(run())
    assert len(wakes) == 3
    # about every idle_wake_s (0.25 s), not every beat (0.02 s)
    assert all(0.24 <= gap <= 0.6 for gap in gaps), gaps
