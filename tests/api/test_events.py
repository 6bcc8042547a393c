"""The event log over SSE: resume with Last-Event-ID across forced disconnects with no gap and
no duplicate; without it the stream starts from now; snapshots carry the cursor they reflect."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx

from tests.helpers.api import API, Client, EventReader, RoutingServer


def _traffic(gw: Client, stop: threading.Event, made: list[int]) -> None:
    while not stop.is_set():
        contact = gw.new_contact("email", subject="s", body="b")
        gw.ok(gw.post(f"/contacts/{contact['id']}/messages", json={"text": "ещё вопрос"}), 201)
        made.append(contact["id"])


def test_resume_across_forced_disconnects_loses_nothing(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup, gw = clients["sup1"], clients["gateway"]
    # both from the start of the log: opened "now" a moment apart, the second could miss an
    # event the server made on its own in between (the timers push kpi.changed)
    reference = EventReader(api.url, sup.token, last_event_id="0").start()
    cut = EventReader(api.url, sup.token, last_event_id="0").start()
    stop, made = threading.Event(), []
    worker = threading.Thread(target=_traffic, args=(gw, stop, made))
    worker.start()
    try:
        for _ in range(5):
            time.sleep(0.3)
            cut.cut()
            time.sleep(0.2)  # events keep coming while it is away
            cut.start()
    finally:
        stop.set()
        worker.join(30)
    last = gw.new_contact("chat")
    reference.wait_for(lambda e: e["data"].get("id") == last["id"], timeout=60)
    cut.wait_for(lambda e: e["data"].get("id") == last["id"], timeout=60)
    ids = [e["id"] for e in cut.events]
    assert len(made) > 10
    assert ids == sorted(set(ids)), "duplicate or out-of-order events after resume"
    assert ids == [e["id"] for e in reference.events]
    created = {e["data"]["id"] for e in cut.events if e["type"] == "contact.created"}
    assert set(made) <= created
    reference.cut()
    cut.cut()


def test_without_last_event_id_the_stream_starts_now(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup, gw = clients["sup1"], clients["gateway"]
    before = gw.new_contact("chat")
    reader = EventReader(api.url, sup.token).start()
    after = gw.new_contact("chat")
    reader.wait_for(lambda e: e["data"].get("id") == after["id"])
    assert before["id"] not in [e["data"].get("id") for e in reader.events]
    replay = EventReader(api.url, sup.token, last_event_id="0").start()
    replay.wait_for(lambda e: e["data"].get("id") == after["id"])
    assert before["id"] in [e["data"].get("id") for e in replay.events]
    reader.cut()
    replay.cut()


def test_contact_events_carry_id_number_state(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup, gw, op = clients["sup1"], clients["gateway"], clients["op1"]
    reader = EventReader(api.url, sup.token).start()
    op.ready()
    contact = gw.new_contact("chat")
    op.ok(op.post(f"/contacts/{contact['id']}/accept"))
    reader.wait_for(lambda e: e["type"] == "contact.accepted")
    for event in reader.events:
        if event["type"].startswith("contact."):
            data = event["data"]
            assert data["id"] == contact["id"] and data["number"] == contact["number"]
            assert data["state"] == data["contact"]["state"]
    assert [e["data"]["state"] for e in reader.events if e["type"].startswith("contact.")] == [
        "queued",
        "offered",
        "in_progress",
    ]
    reader.cut()


def test_snapshots_carry_the_cursor_for_reconciliation(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup, gw = clients["sup1"], clients["gateway"]
    first = gw.new_contact("email")
    snapshot = sup.ok(sup.get("/queue"))
    assert [c["id"] for c in snapshot["items"]] == [first["id"]]
    second = gw.new_contact("email")
    reader = EventReader(api.url, sup.token, last_event_id=str(snapshot["cursor"])).start()
    event = reader.wait_for(lambda e: e["type"] == "contact.created")
    assert event["data"]["id"] == second["id"]  # exactly what the snapshot did not yet hold
    assert event["id"] > snapshot["cursor"]
    detail = sup.contact(first["id"])
    assert detail["cursor"] >= event["id"]
    reader.cut()


def test_bad_last_event_id_is_422(api: RoutingServer, clients: dict[str, Client]) -> None:
    sup = clients["sup1"]
    r = httpx.get(
        api.url + API + "/events",
        headers={"Authorization": f"Bearer {sup.token}", "Last-Event-ID": "abc"},
    )
    assert r.status_code == 422 and r.json()["code"] == "invalid_last_event_id"


def _voice(summary: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in summary["channels"] if c["channel"] == "voice")


def test_a_first_line_call_reaches_its_operator_and_supervisors_colleagues_see_a_summary(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    """A waiting first-line call is offered, never taken: its events reach the operator it
    is offered to, supervisors and the gateway, and every other first-line operator sees it
    in `queue.summary` only (600 operators each used to receive every arrival and every
    offer). What an operator may take (an e-mail) still reaches everyone who serves it."""
    op1, op2, sup, gw = clients["op1"], clients["op2"], clients["sup1"], clients["gateway"]
    colleague = EventReader(api.url, op2.token).start()
    boss = EventReader(api.url, sup.token).start()
    gateway = EventReader(api.url, gw.token).start()
    try:
        call = gw.new_contact("voice")
        arrived = colleague.wait_for_snapshot(lambda d: _voice(d)["waiting"] == 1)
        assert arrived["waiting"] == 1
        assert _voice(arrived)["oldest_queued_at"] == call["queued_at"]
        view = op2.ok(op2.get("/queue"))
        assert call["id"] not in [c["id"] for c in view["items"]]
        assert _voice(view["summary"])["waiting"] == 1
        assert "summary" not in sup.ok(sup.get("/queue"))  # a supervisor sees every contact
        # a stream opened now starts with the summary, before anything changes again
        late = EventReader(api.url, op2.token).start()
        try:
            assert _voice(late.wait_for_snapshot(lambda d: True))["waiting"] == 1
        finally:
            late.cut()

        since = len(colleague.snapshots)
        op1.ready()
        assert op1.contact(call["id"])["offered_to"] == op1.id
        op1.ok(op1.post(f"/contacts/{call['id']}/accept"))
        colleague.wait_for_snapshot(lambda d: _voice(d)["waiting"] == 0, since=since)
        boss.wait_for(lambda e: e["type"] == "contact.accepted", timeout=30)
        gateway.wait_for(lambda e: e["type"] == "contact.offered", timeout=30)

        email = gw.new_contact("email", subject="Справка", body="Нужна справка о выплатах")
        colleague.wait_for(lambda e: e["data"].get("id") == email["id"], timeout=30)
        assert email["id"] in [c["id"] for c in op2.ok(op2.get("/queue"))["items"]]
        assert [e for e in colleague.events if e["data"].get("id") == call["id"]] == []
        assert [e["type"] for e in boss.events if e["data"].get("id") == call["id"]] == [
            "contact.created",
            "contact.offered",
            "contact.accepted",
        ]
        assert boss.snapshots == []  # supervisors and the gateway get no summary
        assert gateway.snapshots == []
    finally:
        colleague.cut()
        boss.cut()
        gateway.cut()


def test_an_offer_and_its_end_reach_the_operator_offered_it(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    """The operator a call is offered to follows it out of the queue and to its end, while
    the summary is all a colleague gets of it."""
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    mine = EventReader(api.url, op1.token).start()
    colleague = EventReader(api.url, op2.token).start()
    try:
        call = gw.new_contact("voice")
        colleague.wait_for_snapshot(lambda d: d["waiting"] == 1)
        since = len(colleague.snapshots)
        op1.ready()
        mine.wait_for(lambda e: e["type"] == "contact.offered" and e["data"]["id"] == call["id"])
        gw.ok(gw.post(f"/contacts/{call['id']}/abandon"))
        mine.wait_for(
            lambda e: e["type"] == "contact.abandoned" and e["data"]["id"] == call["id"],
            timeout=30,
        )
        colleague.wait_for_snapshot(lambda d: d["waiting"] == 0, since=since)
        assert [e for e in colleague.events if e["data"].get("id") == call["id"]] == []
    finally:
        mine.cut()
        colleague.cut()
