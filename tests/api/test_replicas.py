"""Several replicas on one PostgreSQL database: LISTEN/NOTIFY fans events out across processes
at once (the durable log carries the data), and claims stay race-free across processes.

Each replica runs its own virtual clock, so nothing here moves time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest

from routing_api.auth import hash_password
from routing_api.db.engine import LISTENER_APPLICATION_NAME, Database
from routing_api.db.schema import users
from tests.helpers.api import Client, EventReader, RoutingServer

RACERS = 50
CONTACTS = 100
OK = {200, 201}
EXPECTED_LOSSES = {403, 409, 422}


@pytest.fixture(params=["postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Replicas share a database over the network: PostgreSQL only."""
    return str(request.param)


def start_replicas(
    database_url: str, tmp_path: Path, server_args: tuple[str, ...], n: int = 2
) -> list[RoutingServer]:
    started: list[RoutingServer] = []
    try:
        for name in "abcdefgh"[:n]:
            log = tmp_path / f"replica-{name}.log"
            started.append(RoutingServer(database_url, log, *server_args).start())
    except BaseException:
        for server in started:
            server.stop()
        raise
    return started


@pytest.fixture
def replicas(
    database_url: str, tmp_path: Path, server_args: tuple[str, ...]
) -> Iterator[list[RoutingServer]]:
    servers = start_replicas(database_url, tmp_path, server_args)
    yield servers
    for server in servers:
        server.stop()


def listener_pids(database_url: str) -> set[int]:
    """Backend pids of the replicas' LISTEN connections on this database."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name = %s",
            (LISTENER_APPLICATION_NAME,),
        ).fetchall()
    return {int(r[0]) for r in rows}


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def arrival(
    reader: EventReader, predicate: Callable[[dict[str, Any]], bool], timeout: float
) -> float:
    """The monotonic time a matching event showed up on `reader` (polled every millisecond)."""
    deadline = time.monotonic() + timeout
    seen = 0
    while time.monotonic() < deadline:
        for event in reader.events[seen:]:
            if predicate(event):
                return time.monotonic()
        seen = len(reader.events)
        time.sleep(0.001)
    raise AssertionError(f"no matching event within {timeout} s")


def cross_replica_lags(gw: Client, reader: EventReader, rounds: int) -> list[float]:
    """Seconds from sending a contact to one replica to seeing it on another's stream."""
    lags = []
    for i in range(rounds):
        sent = time.monotonic()
        made = gw.new_contact("email", subject=f"реплика {i}", body="вопрос")

        def is_made(event: dict[str, Any], cid: int = made["id"]) -> bool:
            return bool(event["type"] == "contact.created" and event["data"]["id"] == cid)

        seen = arrival(reader, is_made, timeout=10)
        lags.append(seen - sent)
    return lags


def test_an_event_through_one_replica_reaches_the_other_at_once(
    replicas: list[RoutingServer], database_url: str
) -> None:
    a, b = replicas
    wait_until(lambda: len(listener_pids(database_url)) == 2, 10, "both replicas to LISTEN")
    gw, sup = a.client("gateway"), b.client("sup1")
    reader = EventReader(b.url, sup.token).start()
    try:
        lags = cross_replica_lags(gw, reader, rounds=10)
        print(
            f"cross-replica lag (request to A → event on B): median "
            f"{statistics.median(lags) * 1000:.1f} ms, max {max(lags) * 1000:.1f} ms"
        )
        # the fallback poll runs every 5 s while LISTEN is healthy (1 s if it is not): only
        # NOTIFY explains every one of ten events arriving this quickly
        assert max(lags) < 1.0, lags
        assert statistics.median(lags) < 0.3, lags
    finally:
        reader.cut()
        gw.close()
        sup.close()
    for server in replicas:
        assert "Traceback" not in server.log_text()


def test_the_listener_reconnects_after_its_connection_is_killed(
    replicas: list[RoutingServer], database_url: str
) -> None:
    a, b = replicas
    wait_until(lambda: len(listener_pids(database_url)) == 2, 10, "both replicas to LISTEN")
    old = listener_pids(database_url)
    with psycopg.connect(database_url, autocommit=True) as conn:
        for pid in old:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    gw, sup = a.client("gateway"), b.client("sup1")
    reader = EventReader(b.url, sup.token).start()
    try:
        # while the listener is down the 1 s poll still delivers
        cross_replica_lags(gw, reader, rounds=1)
        wait_until(
            lambda: len(pids := listener_pids(database_url)) == 2 and not pids & old,
            15,
            "both replicas to LISTEN again",
        )
        lags = cross_replica_lags(gw, reader, rounds=5)
        print(f"lag after reconnect: max {max(lags) * 1000:.1f} ms")
        assert statistics.median(lags) < 0.3, lags
    finally:
        reader.cut()
        gw.close()
        sup.close()
    for server in replicas:
        text = server.log_text()
        assert "Traceback" not in text
        assert "LISTEN ekc_events failed" in text


def make_operators(database_url: str, names: list[str], password: str) -> None:
    """First-line operator accounts written straight into the database (one argon2 hash)."""
    db = Database(database_url)
    digest = hash_password(password)
    with db.write() as conn:
        conn.execute(
            users.insert(),
            [
                {
                    "username": n,
                    "password_hash": digest,
                    "full_name": n,
                    "role": "operator",
                    "line": 1,
                    "languages": ["ru"],
                    "chat_concurrency": 3,
                    "created_at": time.time(),
                }
                for n in names
            ],
        )
    db.dispose()


@pytest.mark.slow
def test_fifty_clients_on_two_replicas_take_the_same_hundred_contacts(
    database_url: str, tmp_path: Path, server_args: tuple[str, ...]
) -> None:
    names = [f"racer{i:02d}" for i in range(RACERS)]
    make_operators(database_url, names, "race-pass")
    servers = start_replicas(database_url, tmp_path, server_args)
    try:
        gw = servers[0].client("gateway")
        ids = [
            gw.new_contact("email", subject=f"№{i}", body="вопрос")["id"] for i in range(CONTACTS)
        ]
        statuses: Counter[int] = Counter()
        wins: Counter[int] = Counter()
        lock = threading.Lock()

        def race(index: int) -> None:
            server = servers[index % len(servers)]
            client = server.client(names[index], "race-pass", timeout=180)
            client.ready()
            try:
                for _ in range(20):
                    for contact_id in ids:
                        if contact_id in wins:
                            continue
                        r = client.post(f"/contacts/{contact_id}/accept")
                        with lock:
                            statuses[r.status_code] += 1
                            if r.status_code == 200:
                                wins[contact_id] += 1
                        if r.status_code == 200:
                            client.ok(client.post(f"/contacts/{contact_id}/end"))
                            client.ok(
                                client.post(
                                    f"/contacts/{contact_id}/wrap-up",
                                    json={"disposition": "consultation_given", "resolved": True},
                                )
                            )
                            client.ready()
                    if len(wins) == len(ids):
                        return
            finally:
                client.close()

        with ThreadPoolExecutor(RACERS) as pool:
            list(pool.map(race, range(RACERS)))
        assert set(statuses) <= OK | EXPECTED_LOSSES, statuses
        assert all(n == 1 for n in wins.values()), "a contact was taken twice"
        assert sorted(wins) == sorted(ids), "a contact was never taken"
        sup = servers[1].client("sup1")
        for contact_id in ids[::10]:
            history = sup.contact(contact_id)["history"]
            assert [h["kind"] for h in history].count("accepted") == 1
        sup.close()
        gw.close()
    finally:
        for server in servers:
            server.stop()
    for server in servers:
        assert "Traceback" not in server.log_text()


def test_pool_size_and_keepalive_flags(database_url: str, tmp_path: Path) -> None:
    server = RoutingServer(
        database_url, tmp_path / "flags.log", "--pool-size", "2", "--keepalive", "0.3"
    ).start()
    try:
        sup = server.client("sup1")
        comments = 0
        deadline = time.monotonic() + 10
        with sup.http.stream("GET", "/events", timeout=10) as stream:
            for line in stream.iter_lines():
                comments += line.startswith(": keep-alive")
                if comments >= 3 or time.monotonic() > deadline:
                    break
        assert comments >= 3, "no keep-alive every 0.3 s"
        # a pool of two still serves more concurrent requests than it holds connections
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: sup.get("/queue").status_code, range(32)))
        assert set(codes) == {200}
        sup.close()
    finally:
        server.stop()
    assert "Traceback" not in server.log_text()
    for bad in ("0", "-1"):
        out = subprocess.run(
            [sys.executable, "-m", "routing_api", "serve", "--pool-size", bad],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 2 and "--pool-size" in out.stderr
    out = subprocess.run(
        [sys.executable, "-m", "routing_api", "serve", "--session-cache", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "--session-cache" in out.stderr


def test_a_session_ended_through_one_replica_stops_working_on_the_other(
    replicas: list[RoutingServer],
) -> None:
    """Each replica trusts a token it checked for Settings.session_cache_s (2 s) without
    reading the session again; the replica that ended it forgets it at once."""
    a, b = replicas
    op = a.client("op3")
    sup = b.client("sup1")
    try:
        assert op.get("/operators/me/state").status_code == 200  # A has checked the token
        sup.ok(sup.post(f"/supervisor/operators/{op.id}/logout"))
        ended = time.monotonic()
        on_b = Client(b.url)
        on_b.http.headers["Authorization"] = op.http.headers["Authorization"]
        assert on_b.get("/operators/me/state").status_code == 401  # B ended it: at once
        on_b.close()
        wait_until(lambda: op.get("/operators/me/state").status_code == 401, 5, "A to refuse")
        # within the cache time (2 s), with a margin for a slow machine
        assert time.monotonic() - ended < 3.0
    finally:
        op.close()
        sup.close()
