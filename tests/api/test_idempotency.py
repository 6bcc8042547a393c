"""Idempotency-Key (IETF httpapi draft): a repeat replays and changes nothing, a repeat in
flight is 409 with Retry-After, the same key with another body is 422; keys are per user."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events
from routing_api.config import Settings
from routing_api.context import Env
from routing_api.db.schema import events as event_log
from routing_api.errors import ApiError
from routing_api.server import Server
from tests.api.conftest import in_progress
from tests.helpers.api import Client, RoutingServer, new_key
from tests.helpers.users import operator


def test_repeat_returns_the_first_response_and_changes_nothing(clients: dict[str, Client]) -> None:
    gw, sup = clients["gateway"], clients["sup1"]
    key = new_key()
    body = {"channel": "email", "category": "pensions", "subject": "Вопрос", "body": "Текст"}
    first = gw.post("/contacts", json=body, key=key)
    again = gw.post("/contacts", json=body, key=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    queue = sup.ok(sup.get("/queue"))["items"]
    assert [c["id"] for c in queue].count(first.json()["id"]) == 1
    assert len(queue) == 1


def test_repeated_actions_replay_even_errors(clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    chat = in_progress(op, gw, "chat")
    key = new_key()
    sent = op.post(f"/contacts/{chat['id']}/messages", json={"text": "Здравствуйте"}, key=key)
    replay = op.post(f"/contacts/{chat['id']}/messages", json={"text": "Здравствуйте"}, key=key)
    assert sent.status_code == replay.status_code == 201
    texts = [h["data"]["text"] for h in op.contact(chat["id"])["history"] if h["kind"] == "message"]
    assert texts == ["Здравствуйте"]
    end_key = new_key()
    op.ok(op.post(f"/contacts/{chat['id']}/end", key=end_key))
    # without the key a second end is an illegal transition; with it, the same answer again
    assert op.post(f"/contacts/{chat['id']}/end").status_code == 409
    assert op.post(f"/contacts/{chat['id']}/end", key=end_key).status_code == 200
    # a first attempt that failed is replayed as the same failure
    bad_key = new_key()
    body = {"disposition": "no-such", "resolved": True}
    first = op.post(f"/contacts/{chat['id']}/wrap-up", json=body, key=bad_key)
    second = op.post(f"/contacts/{chat['id']}/wrap-up", json=body, key=bad_key)
    assert first.status_code == second.status_code == 422
    assert first.json() == second.json()


def test_repeat_while_the_first_is_running_is_409(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op = clients["op1"]
    key = new_key()
    body = {"text": "a", "delay_s": 2.0}
    answers: list[httpx.Response] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def send() -> None:
        start.wait()
        response = op.post("/test/echo", json=body, key=key)
        with lock:
            answers.append(response)

    workers = [threading.Thread(target=send) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    # whichever claimed the key first ran; the other found it in flight
    assert sorted(r.status_code for r in answers) == [200, 409]
    busy = next(r for r in answers if r.status_code == 409)
    assert busy.json()["code"] == "idempotency_in_progress"
    assert int(busy.headers["Retry-After"]) >= 1
    done = next(r for r in answers if r.status_code == 200)
    again = op.post("/test/echo", json=body, key=key)
    assert again.status_code == 200 and again.json() == done.json()


def test_same_key_different_body_is_422_and_keys_are_per_user(clients: dict[str, Client]) -> None:
    gw, op = clients["gateway"], clients["op1"]
    key = new_key()
    gw.ok(gw.post("/contacts", json={"channel": "chat", "category": "pensions"}, key=key), 201)
    other = gw.post("/contacts", json={"channel": "chat", "category": "maternity_capital"}, key=key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert other.json()["message_ru"]
    # the same key value from another user is that user's own key
    mine = op.put("/operators/me/state", json={"state": "ready"}, headers={"Idempotency-Key": key})
    assert mine.status_code == 200


def test_a_refused_request_leaves_nothing_but_its_answer(database_url: str) -> None:
    """One transaction per idempotent request: the operation runs in a savepoint, so a 4xx
    after it wrote rolls its writes back and keeps only the answer, which a repeat replays
    without running the operation again."""
    server = Server(Settings(database_url=database_url))
    user = operator(1)
    runs: list[str] = []

    def refused(conn: Connection, env: Env) -> tuple[int, Any]:
        runs.append("refused")
        events.append(conn, env.now, "test.partial", scope="staff", payload={"n": 1})
        raise ApiError(409, "conflict_here", "Конфликт.", "Conflict.")

    def accepted(conn: Connection, env: Env) -> tuple[int, Any]:
        runs.append("accepted")
        event_id = events.append(conn, env.now, "test.done", scope="staff", payload={"n": 2})
        return 200, {"event": event_id}

    def last_event() -> int:
        with server.db.read() as conn:
            return int(conn.execute(sa.select(sa.func.max(event_log.c.id))).scalar() or 0)

    try:
        before = last_event()
        key = new_key()
        for _ in range(2):
            with pytest.raises(ApiError) as refusal:
                server.run(user, key, "fp-refused", refused)
            assert refusal.value.status == 409 and refusal.value.code == "conflict_here"
        assert runs == ["refused"]  # the repeat replayed the stored answer
        assert last_event() == before  # the event written before the refusal is gone
        done_key = new_key()
        first = server.run(user, done_key, "fp-accepted", accepted)
        again = server.run(user, done_key, "fp-accepted", accepted)
        assert first == again == (200, {"event": last_event()})
        assert runs == ["refused", "accepted"]
        with pytest.raises(ApiError) as reused:
            server.run(user, done_key, "another body", accepted)
        assert reused.value.status == 422
    finally:
        server.db.dispose()


def test_writes_waiting_together_share_a_transaction_and_keep_their_own_outcomes(
    database_url: str,
) -> None:
    """Group commit: requests that queue while a write runs go in one transaction, each in a
    savepoint; a refusal or a crash of one changes nothing for the others."""
    server = Server(Settings(database_url=database_url))
    user = operator(1)
    first_running, release_first = threading.Event(), threading.Event()
    transactions: dict[str, Any] = {}  # the objects themselves: no id reused after a commit

    def job(name: str) -> Callable[[Connection, Env], tuple[int, Any]]:
        def op(conn: Connection, env: Env) -> tuple[int, Any]:
            transactions[name] = conn.get_transaction()
            if name == "first":
                first_running.set()
                assert release_first.wait(30)
            events.append(conn, env.now, f"test.{name}", scope="staff", payload={})
            if name.startswith("refused"):
                raise ApiError(409, "conflict_here", "Конфликт.", "Conflict.")
            if name == "crashed":
                raise RuntimeError("a bug in one operation")
            return 200, {"name": name}

        return op

    outcomes: dict[str, Any] = {}

    def send(name: str, key: str | None) -> None:
        try:
            outcomes[name] = server.run(user, key, name, job(name))
        except (ApiError, RuntimeError) as error:
            outcomes[name] = type(error).__name__

    try:
        with server.db.read() as conn:
            before = int(conn.execute(sa.select(sa.func.max(event_log.c.id))).scalar() or 0)
        first = threading.Thread(target=send, args=("first", None))
        first.start()
        assert first_running.wait(30)
        names = ["ok-1", "refused-keyed", "crashed", "refused-plain", "ok-2"]
        threads = [
            threading.Thread(target=send, args=(n, new_key() if "keyed" in n else None))
            for n in names
        ]
        for t in threads:
            t.start()
        while len(server._queue) < len(names):  # all of them queued behind the first
            time.sleep(0.01)
        release_first.set()
        for t in [first, *threads]:
            t.join(30)
        assert outcomes == {
            "first": (200, {"name": "first"}),
            "ok-1": (200, {"name": "ok-1"}),
            "ok-2": (200, {"name": "ok-2"}),
            "refused-keyed": "ApiError",
            "refused-plain": "ApiError",
            "crashed": "RuntimeError",
        }
        # one batch after the first
        assert all(transactions[n] is transactions["ok-1"] for n in names)
        assert transactions["first"] is not transactions["ok-1"]
        with server.db.read() as conn:
            kept = conn.execute(
                sa.select(event_log.c.type).where(event_log.c.id > before).order_by(event_log.c.id)
            ).scalars()
            assert list(kept) == ["test.first", "test.ok-1", "test.ok-2"]
    finally:
        release_first.set()
        server.db.dispose()
