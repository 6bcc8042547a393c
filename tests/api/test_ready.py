"""Readiness: /ready says whether the database answers and how events reach this process; a
PostgreSQL replica whose LISTEN connection is down is degraded but still ready (it polls)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import psycopg
import pytest

from tests.api.test_replicas import listener_pids
from tests.helpers.api import Client, EventReader, RoutingServer


def ready(api: RoutingServer) -> tuple[int, dict[str, Any]]:
    response = httpx.get(api.url + "/ready", timeout=10)
    return response.status_code, response.json()


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_ready_reports_the_event_delivery_and_the_last_event(
    api: RoutingServer, clients: dict[str, Client], backend: str
) -> None:
    assert httpx.get(api.url + "/health", timeout=10).json() == {"status": "ok"}
    if backend == "postgresql":
        wait_for(lambda: ready(api)[1]["events"]["listening"], 10, "the hub to LISTEN")
    status, body = ready(api)
    assert status == 200
    assert body["status"] == "ready"
    assert body["database"] == backend
    if backend == "postgresql":
        assert body["events"]["delivery"] == "listen" and body["events"]["listening"] is True
    else:
        assert body["events"]["delivery"] == "poll" and "listening" not in body["events"]
    before = body["events"]["last_id"]
    sup, gw = clients["sup1"], clients["gateway"]
    reader = EventReader(api.url, sup.token).start()
    try:
        contact = gw.new_contact("chat")
        event = reader.wait_for(lambda e: e["data"].get("id") == contact["id"])
        assert event["id"] > before
        # the hub has read at least as far as the event a follower just got
        assert ready(api)[1]["events"]["last_id"] >= event["id"]
        # the same answer under the API prefix
        assert httpx.get(api.url + "/api/v1/ready", timeout=10).json()["status"] == "ready"
    finally:
        reader.cut()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_replica_without_listen_is_degraded_but_ready_and_still_delivers(
    api: RoutingServer, clients: dict[str, Client], database_url: str
) -> None:
    wait_for(lambda: len(listener_pids(database_url)) == 1, 10, "the hub to LISTEN")
    old = listener_pids(database_url)
    sup, gw = clients["sup1"], clients["gateway"]
    reader = EventReader(api.url, sup.token).start()
    try:
        with psycopg.connect(database_url, autocommit=True) as conn:
            for pid in old:
                conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # the hub sees its connection close at once and retries 0.5 s later: catch that window
        seen: list[dict[str, Any]] = []

        def degraded() -> bool:
            status, body = ready(api)
            if body["status"] == "degraded":
                seen.append({"status_code": status, **body})
                return True
            return False

        wait_for(degraded, 30, "/ready to report the lost LISTEN connection")
        down = seen[0]
        assert down["status_code"] == 200, "a degraded replica still serves: it stays ready"
        assert down["events"]["delivery"] == "poll" and down["events"]["listening"] is False
        # events still reach this replica's followers (the poll, or LISTEN once it is back)
        contact = gw.new_contact("chat")
        reader.wait_for(lambda e: e["data"].get("id") == contact["id"], timeout=10)
        wait_for(
            lambda: (pids := listener_pids(database_url)) != set() and not pids & old,
            15,
            "the hub to LISTEN again",
        )
        wait_for(lambda: ready(api)[1]["status"] == "ready", 10, "/ready to recover")
        status, body = ready(api)
        assert status == 200 and body["events"]["delivery"] == "listen"
    finally:
        reader.cut()
    text = api.log_text()
    assert "Traceback" not in text
    assert "LISTEN ekc_events failed" in text
