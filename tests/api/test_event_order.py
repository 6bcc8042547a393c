"""Concurrent writers, several followers: every follower sees every event exactly once, all in
one order — the order of the `events` table. On PostgreSQL the writers and followers span two
replicas (two processes), and followers cut mid-run resume on the other replica."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from routing_api.db.engine import Database
from routing_api.db.schema import events
from tests.helpers.api import EventReader, RoutingServer

WRITERS = 8
REQUESTS = 40  # per writer: a contact created, then a citizen's message on it, 20 times
STEADY_PER_REPLICA = 2
CUT_PER_REPLICA = 1


def event_ids(database_url: str, after: int = 0) -> list[int]:
    db = Database(database_url)
    try:
        with db.read() as conn:
            return [
                int(i)
                for i in conn.execute(
                    sa.select(events.c.id).where(events.c.id > after).order_by(events.c.id)
                ).scalars()
            ]
    finally:
        db.dispose()


def max_event_id(database_url: str) -> int:
    ids = event_ids(database_url)
    return ids[-1] if ids else 0


@pytest.fixture
def replicas(
    backend: str, database_url: str, tmp_path: Path, server_args: tuple[str, ...]
) -> Iterator[list[RoutingServer]]:
    """One server on SQLite; two processes on one database on PostgreSQL."""
    count = 2 if backend == "postgresql" else 1
    servers: list[RoutingServer] = []
    try:
        for name in "ab"[:count]:
            log = tmp_path / f"replica-{name}.log"
            servers.append(RoutingServer(database_url, log, *server_args).start())
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.mark.slow
def test_concurrent_writers_and_followers_agree_on_one_order(
    replicas: list[RoutingServer], database_url: str
) -> None:
    start = max_event_id(database_url)
    sups = [server.client("sup1") for server in replicas]
    steady = [
        EventReader(server.url, sup.token, last_event_id=str(start)).start()
        for server, sup in zip(replicas, sups, strict=True)
        for _ in range(STEADY_PER_REPLICA)
    ]
    cutters = [
        EventReader(server.url, sup.token, last_event_id=str(start)).start()
        for server, sup in zip(replicas, sups, strict=True)
        for _ in range(CUT_PER_REPLICA)
    ]
    # some operators ready, so routing offers chats too (more writers of more kinds of event)
    operators = [replicas[i % len(replicas)].client(f"op{i + 1}") for i in range(3)]
    for op in operators:
        op.ready()

    errors: list[BaseException] = []
    created: list[int] = []
    lock = threading.Lock()

    def write(index: int) -> None:
        gw = replicas[index % len(replicas)].client("gateway")
        try:
            for n in range(REQUESTS // 2):
                channel = "chat" if n % 2 else "email"
                contact = gw.new_contact(channel, subject=f"w{index}-{n}", body="вопрос")
                gw.ok(gw.post(f"/contacts/{contact['id']}/messages", json={"text": "ещё"}), 201)
                with lock:
                    created.append(contact["id"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            gw.close()

    writers = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for t in writers:
        t.start()
    resumes = 0
    while any(t.is_alive() for t in writers):
        time.sleep(0.25)
        for reader in cutters:
            reader.cut()
        time.sleep(0.1)  # events keep coming while they are away
        for i, reader in enumerate(cutters):
            # resume from where it stopped, on another replica if there is one
            reader.base = replicas[(resumes + i + 1) % len(replicas)].url
            reader.start()
        resumes += 1
    for t in writers:
        t.join()
    assert not errors, errors
    assert len(created) == WRITERS * REQUESTS // 2
    assert resumes >= 2, "the writers finished before any follower was cut"

    followers = steady + cutters
    # settle: every follower reaches the log's last id, and the log has stopped growing
    expected: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        expected = event_ids(database_url, start)
        last = expected[-1]
        while time.monotonic() < deadline and any(
            not f.events or f.events[-1]["id"] < last for f in followers
        ):
            time.sleep(0.05)
        if event_ids(database_url, start) == expected:
            break
    for reader in followers:
        reader.cut()
    for client in [*sups, *operators]:
        client.close()

    # a contact and its message are two events at least
    assert len(expected) >= WRITERS * REQUESTS
    for reader in followers:
        ids = [e["id"] for e in reader.events]
        assert ids == expected, (
            f"a follower saw {len(ids)} events ({len(set(ids))} distinct), "
            f"the log holds {len(expected)}"
        )
    seen_created = {e["data"]["id"] for e in steady[0].events if e["type"] == "contact.created"}
    assert set(created) <= seen_created
    for server in replicas:
        assert "Traceback" not in server.log_text()
