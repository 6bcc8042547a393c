"""Callback and outbound tasks: unresolved wrap-ups, abandoned calls, due times, overdue."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import in_progress
from tests.helpers.api import Client, EventReader, RoutingServer


def _wrap_up(op: Client, contact_id: int, disposition: str, resolved: bool) -> dict[str, Any]:
    op.ok(op.post(f"/contacts/{contact_id}/end"))
    return op.ok(
        op.post(
            f"/contacts/{contact_id}/wrap-up",
            json={"disposition": disposition, "resolved": resolved, "notes": "перезвонить"},
        )
    )


def _task_of(
    op: Client, parent: dict[str, Any], kind: str = "callback_scheduled"
) -> dict[str, Any]:
    entry = next(h for h in op.contact(parent["id"])["history"] if h["kind"] == kind)
    found = op.ok(op.get("/contacts", params={"number": entry["data"]["callback"]}))["items"]
    assert len(found) == 1
    return op.contact(found[0]["id"])


def test_unresolved_wrap_up_schedules_a_callback_due_in_15_minutes(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    call = in_progress(op, gw, "voice")
    closed = _wrap_up(op, call["id"], "callback_required", resolved=False)
    task = _task_of(op, closed)
    assert task["channel"] == "callback" and task["state"] == "queued"
    assert task["resumes"] == call["number"]
    created = api_time(op, closed)
    due = iso_ts(task["due_at"])
    assert abs(due - created - 15 * 60) < 2
    # the task carries its parent's history for whoever takes it
    assert task["previous"][0]["number"] == call["number"]


def test_resolved_and_escalation_dispositions_make_no_callback(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    for disposition, resolved in (("consultation_given", True), ("incident_reported", False)):
        contact = in_progress(op, gw, "voice")
        _wrap_up(op, contact["id"], disposition, resolved)
        kinds = [h["kind"] for h in op.contact(contact["id"])["history"]]
        assert "callback_scheduled" not in kinds, disposition
        api.advance(31)  # after-contact work ends; ready again
        op.ready()


def test_callback_turns_overdue_once_on_the_server_clock(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    call = in_progress(op, gw, "voice")
    closed = _wrap_up(op, call["id"], "no_answer", resolved=False)
    task = _task_of(op, closed)
    reader = EventReader(api.url, op.token).start()
    try:
        item = next(q for q in op.ok(op.get("/queue"))["items"] if q["id"] == task["id"])
        assert item["overdue"] is False and item["pullable"]
        api.advance(14 * 60)
        item = next(q for q in op.ok(op.get("/queue"))["items"] if q["id"] == task["id"])
        assert item["overdue"] is False
        api.advance(61)
        op.login("op1")  # the 15-minute access token ran out on the virtual clock
        item = next(q for q in op.ok(op.get("/queue"))["items"] if q["id"] == task["id"])
        assert item["overdue"] is True
        event = reader.wait_for(lambda e: e["type"] == "contact.overdue")
        assert event["data"]["id"] == task["id"] and event["data"]["contact"]["overdue"] is True
        api.advance(60)
        kinds = [h["kind"] for h in op.contact(task["id"])["history"]]
        assert kinds.count("overdue") == 1
        assert [e["data"]["id"] for e in reader.events if e["type"] == "contact.overdue"] == [
            task["id"]
        ]
    finally:
        reader.cut()


def test_abandoned_call_gets_an_outbound_task_but_a_misdial_does_not(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    misdial = gw.new_contact("voice")
    gw.ok(gw.post(f"/contacts/{misdial['id']}/abandon"))
    assert "callback_scheduled" not in [h["kind"] for h in op.contact(misdial["id"])["history"]]
    waited = gw.new_contact("voice")
    api.advance(20)
    gw.ok(gw.post(f"/contacts/{waited['id']}/abandon"))
    task = _task_of(op, waited)
    assert task["channel"] == "outbound" and task["queue"] == "line1"
    # first-line operators take outbound calls from the queue (pull)
    op.ready()
    taken = op.ok(op.post(f"/contacts/{task['id']}/accept"))
    assert taken["state"] == "in_progress" and taken["owner_id"] == op.id


def test_callback_chain_stops_after_three_attempts(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    contact = in_progress(op, gw, "voice")
    parent = _wrap_up(op, contact["id"], "no_answer", resolved=False)
    numbers = []
    for _ in range(3):
        task = _task_of(op, parent)
        numbers.append(task["number"])
        api.advance(31)
        op.ready()
        op.ok(op.post(f"/contacts/{task['id']}/accept"))
        parent = _wrap_up(op, task["id"], "no_answer", resolved=False)
    kinds = [h["kind"] for h in op.contact(parent["id"])["history"]]
    assert "callback_scheduled" not in kinds and "callback_skipped" in kinds
    assert len(set(numbers)) == 3


def test_second_line_callback_stays_with_the_agency(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, l2, gw = clients["op1"], clients["l2-sfr-msk"], clients["gateway"]
    call = in_progress(op, gw, "voice", region="Москва")
    op.ok(
        op.post(
            f"/contacts/{call['id']}/escalate",
            json={"target": "line2", "agency": "СФР", "reason": "Нужны данные о выплатах"},
        )
    )
    l2.ready()
    l2.ok(l2.post(f"/contacts/{call['id']}/accept"))
    closed = _wrap_up(l2, call["id"], "callback_required", resolved=False)
    task = _task_of(l2, closed)
    assert (task["queue"], task["target_agency"], task["target_region"]) == (
        "line2",
        "СФР",
        "Москва",
    )
    assert task["id"] in [q["id"] for q in l2.ok(l2.get("/queue"))["items"]]
    assert task["id"] not in [q["id"] for q in op.ok(op.get("/queue"))["items"]]


def iso_ts(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def api_time(op: Client, contact: dict[str, Any]) -> float:
    return iso_ts(contact["closed_at"])
