"""EventStream against the real routing API: forced disconnects lose nothing, and the queue
view kept from events matches the server's after every reconciliation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from operator_app.domain.changes import Connection
from operator_app.services.queue_state import QueueState
from operator_app.sync.client import ApiClient
from operator_app.sync.events import EventStream
from tests.helpers.api import Client, EventReader, RoutingServer
from tests.sync.conftest import wait_until

MakeClient = Callable[..., ApiClient]


class Follower:
    """op1's workstation in miniature: an EventStream feeding a QueueState, reconciled from
    GET /queue on every (re)connect."""

    def __init__(self, client: ApiClient, **stream_options: Any) -> None:
        assert client.user is not None
        self.client = client
        self.view = QueueState(client.user["id"], client.user["role"])
        self.delivered: list[tuple[int, str, dict[str, Any]]] = []
        self.links: list[tuple[Connection, str]] = []
        self.resumes = 0
        #: the first line's queue summaries (id-less snapshot frames), newest last
        self.summaries: list[dict[str, Any]] = []
        self.stream = EventStream(
            client,
            self.on_event,
            lambda state, reason: self.links.append((state, reason)),
            self.on_resumed,
            lambda: None,
            on_snapshot=lambda type_, data: self.summaries.append({"type": type_, **data}),
            **stream_options,
        )

    def on_event(self, event_id: int, type_: str, data: dict[str, Any]) -> None:
        self.delivered.append((event_id, type_, data))
        self.view.apply(event_id, type_, data)

    def on_resumed(self) -> None:
        snapshot = self.client.queue()
        self.view.reset(snapshot["items"], snapshot["cursor"])
        self.resumes += 1

    def saw(self, contact_id: int, type_: str = "contact.created") -> bool:
        return any(t == type_ and d.get("id") == contact_id for _, t, d in self.delivered)

    def drops(self) -> int:
        return sum(1 for state, _ in self.links if state is Connection.OFFLINE)


def _traffic(gw: Client, stop: threading.Event, made: list[int]) -> None:
    """The gateway: new chats and letters, some abandoned; rides out server restarts."""
    n = 0
    while not stop.is_set():
        n += 1
        try:
            channel = ("chat", "email", "chat", "web_form")[n % 4]
            contact = gw.new_contact(channel, subject="вопрос", body="текст")
            made.append(contact["id"])
            if n % 3 == 0:
                gw.post(f"/contacts/{made[-2]}/abandon")
        except (httpx.HTTPError, AssertionError):
            time.sleep(0.1)  # the server is restarting
        time.sleep(0.02)


def test_forced_disconnects_lose_no_event_and_the_queue_matches_the_server(
    api: RoutingServer, make_client: MakeClient, clients: dict[str, Client]
) -> None:
    gw, op2 = clients["gateway"], clients["op2"]
    op2.ready()  # offers to a colleague enter and leave op1's view
    op1 = make_client("op1")
    op1.set_state("ready")
    me = Follower(op1, max_delay_s=2.0)
    me.stream.start()
    try:
        wait_until(lambda: me.resumes == 1, what="the first connect")
        reference = EventReader(api.url, op1.access_token() or "").start()
        stop, made = threading.Event(), list[int]()
        worker = threading.Thread(target=_traffic, args=(gw, stop, made), daemon=True)
        worker.start()
        try:
            for cut in range(5):
                time.sleep(0.4)
                before = me.stream.connects
                if cut in (1, 3):
                    reference.cut()
                    api.stop()
                    time.sleep(0.3)  # the stream retries against a closed port
                    api.start()
                    reference.start()
                else:
                    me.stream.reconnect_now()
                wait_until(partial(lambda b: me.stream.connects > b, before), what="a reconnect")
        finally:
            stop.set()
            worker.join(30)
        last = gw.new_contact("email", subject="последнее", body="текст")
        wait_until(lambda: me.saw(last["id"]), what="the last contact on op1's stream")
        reference.wait_for(lambda e: e["data"].get("id") == last["id"])

        ids = [event_id for event_id, _, _ in me.delivered]
        assert len(made) > 10 and me.drops() >= 5 and me.resumes >= 6
        assert ids == sorted(set(ids)), "an event came twice or out of order"
        assert ids == [e["id"] for e in reference.events], "an event was lost"
        server = op1.queue()
        assert [(c.id, c.state.value) for c in me.view.items()] == [
            (item["id"], item["state"]) for item in server["items"]
        ]
        types = {t for _, t, _ in me.delivered}
        assert {"contact.created", "contact.offered", "contact.abandoned"} <= types
        assert me.view.items(), "the view should end with contacts waiting"
        # the chats op1 was not offered reach it as the first line's queue summary only
        assert me.summaries and {s["type"] for s in me.summaries} == {"queue.summary"}
        assert not any(
            t == "contact.created" and d["contact"]["channel"] == "chat" for _, t, d in me.delivered
        ), "a first-line chat's arrival reached an operator it was not offered to"
        reference.cut()
    finally:
        me.stream.stop()
    assert not me.stream.running and me.links[-1] == (Connection.OFFLINE, "stopped")


def test_no_keep_alive_within_twice_the_interval_is_a_drop(
    api: RoutingServer, make_client: MakeClient
) -> None:
    """The server sends keep-alives every 15 s; a stream told to expect them every 0.3 s times
    out, reconnects and resumes by itself."""
    me = Follower(make_client("op1"), keepalive_s=0.3, max_delay_s=0.5)
    me.stream.retry_s = 0.1
    me.stream.start()
    try:
        wait_until(lambda: me.resumes >= 3, what="reconnects after read timeouts")
    finally:
        me.stream.stop()
    assert (Connection.OFFLINE, "timeout") in me.links


def test_stop_is_prompt_while_the_stream_is_idle(
    api: RoutingServer, make_client: MakeClient
) -> None:
    me = Follower(make_client("op1"))
    me.stream.start()
    wait_until(lambda: me.resumes == 1, what="the first connect")
    started = time.monotonic()
    me.stream.stop()
    assert time.monotonic() - started < 2.0
    assert not me.stream.running


def test_an_expired_session_is_refreshed_by_the_stream(
    api: RoutingServer, make_client: MakeClient, clients: dict[str, Client]
) -> None:
    op1 = make_client("op1")
    me = Follower(op1, max_delay_s=0.5)
    me.stream.start()
    try:
        wait_until(lambda: me.resumes == 1, what="the first connect")
        api.advance(15 * 60 + 5)
        me.stream.reconnect_now()
        wait_until(lambda: me.resumes == 2, what="a reconnect with a refreshed token")
        contact = clients["gateway"].new_contact("email", subject="s", body="b")
        wait_until(lambda: me.saw(contact["id"]), what="an event after the refresh")
    finally:
        me.stream.stop()
    assert op1.refreshes == 1


@pytest.mark.parametrize("bad", ["abc", "-1"])
def test_an_unusable_resume_position_starts_from_now(
    api: RoutingServer, make_client: MakeClient, bad: str
) -> None:
    op1 = make_client("op1")
    links: list[tuple[Connection, str]] = []
    resumed = threading.Event()
    stream = EventStream(
        op1,
        lambda *_: None,
        lambda s, r: links.append((s, r)),
        resumed.set,
        lambda: bad,
        max_delay_s=0.5,
    )
    stream.retry_s = 0.1
    stream.start()
    try:
        assert resumed.wait(15)
    finally:
        stream.stop()
    assert (Connection.OFFLINE, "invalid_last_event_id") in links
