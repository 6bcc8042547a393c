"""Transfer, escalation with history, resume by number, late wrap-up, presence, timers."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.api.conftest import in_progress
from tests.helpers.api import API, Client, EventReader, RoutingServer


@pytest.fixture
def server_args() -> tuple[str, ...]:
    return (
        "--offer-timeout",
        "20",
        "--acw",
        "30",
        "--presence-grace",
        "30",
        "--redirect-after",
        "120",
    )


def test_transfer_to_an_operator(api: RoutingServer, clients: dict[str, Client]) -> None:
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    chat = in_progress(op1, gw, "chat")
    op2.ready()
    moved = op1.ok(op1.post(f"/contacts/{chat['id']}/transfer", json={"operator_id": op2.id}))
    assert moved["state"] in ("transferred", "offered")
    detail = op2.contact(chat["id"])
    assert detail["offered_to"] == op2.id
    accepted = op2.ok(op2.post(f"/contacts/{chat['id']}/accept"))
    assert accepted["owner_id"] == op2.id
    kinds = [h["kind"] for h in accepted["history"]]
    assert kinds.count("accepted") == 2 and "transferred" in kinds
    # the first operator's part is over: after-contact work, and no more rights on it
    assert op1.ok(op1.get("/operators/me/state"))["state"] == "wrap_up"
    assert op1.post(f"/contacts/{chat['id']}/end").status_code == 403


def test_transfer_to_a_queue_and_bad_targets(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, gw = clients["op1"], clients["gateway"]
    mail = gw.new_contact("email", subject="s", body="b")
    op1.ready()
    op1.ok(op1.post(f"/contacts/{mail['id']}/accept"))
    for body in (
        {},
        {"operator_id": op1.id},
        {"operator_id": 999999},
        {"queue": "line1", "operator_id": 2},
        {"queue": "nowhere"},
    ):
        r = op1.post(f"/contacts/{mail['id']}/transfer", json=body)
        assert r.status_code == 422, (body, r.text)
    moved = op1.ok(
        op1.post(f"/contacts/{mail['id']}/transfer", json={"queue": "line2", "agency": "МСЭ"})
    )
    assert (moved["state"], moved["queue"], moved["target_agency"]) == (
        "transferred",
        "line2",
        "МСЭ",
    )
    mse = clients["l2-mse-msk"]
    assert mail["id"] in [q["id"] for q in mse.ok(mse.get("/queue"))["items"]]


def test_escalation_keeps_id_number_and_history(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, l2 = clients["op1"], clients["gateway"], clients["l2-sfr-msk"]
    stream = EventReader(api.url, l2.token).start()
    call = in_progress(op, gw, "voice", region="Москва", ivr={"menu_path": ["СФР", "Пенсии"]})
    escalated = op.ok(
        op.post(
            f"/contacts/{call['id']}/escalate",
            json={
                "target": "line2",
                "agency": "СФР",
                "reason": "Нужна информация о выплатах",
                "notes": "Гражданин просит проверить перерасчёт",
            },
        )
    )
    assert (escalated["id"], escalated["number"], escalated["state"]) == (
        call["id"],
        call["number"],
        "escalated",
    )
    l2.ready()
    offered = stream.wait_for(
        lambda e: e["type"] == "contact.offered" and e["data"]["id"] == call["id"]
    )
    assert offered["data"]["number"] == call["number"]
    detail = l2.ok(l2.post(f"/contacts/{call['id']}/accept"))
    esc = next(h for h in detail["history"] if h["kind"] == "escalated")
    assert esc["actor"] == "op1"
    assert esc["data"]["reason"] == "Нужна информация о выплатах"
    assert esc["data"]["notes"] == "Гражданин просит проверить перерасчёт"
    assert detail["ivr"]["menu_path"] == ["СФР", "Пенсии"]
    assert [h["kind"] for h in detail["history"]][:3] == ["created", "offered", "accepted"]
    stream.cut()


def test_escalation_to_supervisor_is_pulled_by_a_supervisor(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    chat = in_progress(op, gw, "chat")
    op.ok(
        op.post(
            f"/contacts/{chat['id']}/escalate",
            json={"target": "supervisor", "reason": "Жалоба на оператора"},
        )
    )
    item = next(q for q in sup.ok(sup.get("/queue"))["items"] if q["id"] == chat["id"])
    assert item["pullable"] and item["queue"] == "supervisor"
    assert op.post(f"/contacts/{chat['id']}/accept").status_code in (403, 409)
    taken = sup.ok(sup.post(f"/contacts/{chat['id']}/accept"))
    assert taken["owner_id"] == sup.id


def test_resume_by_number_carries_history(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    first = in_progress(op, gw, "chat")
    op.ok(op.post(f"/contacts/{first['id']}/messages", json={"text": "Проверим ваш вопрос"}))
    op.ok(op.post(f"/contacts/{first['id']}/end"))
    op.ok(
        op.post(
            f"/contacts/{first['id']}/wrap-up",
            json={"disposition": "callback_required", "resolved": False, "notes": "ждёт"},
        )
    )
    bad = gw.post(
        "/contacts", json={"channel": "chat", "category": "pensions", "resumes": "0000-0"}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_contact_number"
    again = gw.new_contact("chat", resumes=first["number"])
    detail = op.contact(again["id"])
    assert detail["resumes"] == first["number"]
    previous = detail["previous"][0]
    assert previous["number"] == first["number"] and previous["disposition"] == "callback_required"
    texts = [h["data"]["text"] for h in previous["history"] if h["kind"] == "message"]
    assert texts == ["Проверим ваш вопрос"]
    found = op.ok(op.get("/contacts", params={"number": first["number"]}))["items"]
    assert [c["id"] for c in found] == [first["id"]]
    same = op.ok(op.get("/contacts", params={"same_caller_as": again["id"]}))["items"]
    assert first["id"] in [c["id"] for c in same]


def test_late_wrap_up_after_the_acw_timer(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    # today's counters start at Moscow midnight: begin the day here, so the hour this test
    # skips never crosses it (the virtual clock starts at the real time of the run)
    now = datetime.fromisoformat(httpx.get(api.url + API + "/test/clock").json()["now"])
    moscow = now.astimezone(timezone(timedelta(hours=3)))
    midnight = (moscow + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    api.advance((midnight - moscow).total_seconds() + 60)
    op.login("op1")
    gw.login("gateway")
    stream = EventReader(api.url, op.token).start()
    call = in_progress(op, gw, "voice")
    op.ok(op.post(f"/contacts/{call['id']}/end"))
    assert op.ok(op.get("/operators/me/state"))["state"] == "wrap_up"
    api.advance(31)
    assert op.ok(op.get("/operators/me/state"))["state"] == "ready"
    assert op.contact(call["id"])["state"] == "wrap_up"
    api.advance(3600)  # an outbox delivering it an hour later
    op.login("op1")
    closed = op.ok(
        op.post(
            f"/contacts/{call['id']}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True},
        )
    )
    assert closed["state"] == "closed"
    stats = op.ok(op.get("/operators/me/stats"))
    assert stats["closed"] == 1 and stats["accepted"] == 1 and stats["aht_s"] == 30.0
    stream.cut()


def test_state_requests_during_a_contact(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    stream = EventReader(api.url, op.token).start()
    call = in_progress(op, gw, "voice")
    assert op.put("/operators/me/state", json={"state": "offline"}).status_code == 409
    bad = op.put("/operators/me/state", json={"state": "not_ready"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_reason"
    pending = op.ok(
        op.put("/operators/me/state", json={"state": "not_ready", "reason": "training"})
    )
    assert (pending["state"], pending["next_state"]) == ("in_contact", "not_ready")
    op.ok(op.post(f"/contacts/{call['id']}/end"))
    api.advance(31)
    state = op.ok(op.get("/operators/me/state"))
    assert (state["state"], state["reason"]) == ("not_ready", "training")
    stream.cut()


def test_presence_drop_makes_operator_not_ready(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, op2 = clients["op1"], clients["op2"]
    stream = EventReader(api.url, op2.token).start()
    op1.ready()
    op2.ready()
    api.advance(31)
    s1, s2 = op1.ok(op1.get("/operators/me/state")), op2.ok(op2.get("/operators/me/state"))
    assert (s1["state"], s1["reason"]) == ("not_ready", "disconnected")
    assert s2["state"] == "ready"
    stream.cut()
    # the server notices the closed socket within moments; time then runs out the grace period
    deadline = time.monotonic() + 10
    while op2.ok(op2.get("/operators/me/state"))["reason"] != "disconnected":
        assert time.monotonic() < deadline, "a dropped stream never made the operator not ready"
        api.advance(31)
        time.sleep(0.1)


def test_long_wait_is_redirected_to_a_callback(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    gw, op = clients["gateway"], clients["op1"]
    call = gw.new_contact("voice")
    api.advance(100)
    assert op.contact(call["id"])["state"] == "queued"
    api.advance(30)
    detail = op.contact(call["id"])
    assert detail["state"] == "redirected"
    number = next(h for h in detail["history"] if h["kind"] == "redirected")["data"]["callback"]
    callback = op.contact(op.ok(op.get("/contacts", params={"number": number}))["items"][0]["id"])
    assert callback["channel"] == "callback" and callback["resumes"] == call["number"]
    op.ready()
    assert op.ok(op.post(f"/contacts/{callback['id']}/accept"))["state"] == "in_progress"


def test_citizen_leaving_waiting_and_live(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    waiting = gw.new_contact("voice")
    assert gw.ok(gw.post(f"/contacts/{waiting['id']}/abandon"))["state"] == "abandoned"
    chat = in_progress(op, gw, "chat")
    assert gw.ok(gw.post(f"/contacts/{chat['id']}/abandon"))["state"] == "wrap_up"
    assert op.ok(op.get("/operators/me/state"))["state"] == "wrap_up"
    op.ok(
        op.post(
            f"/contacts/{chat['id']}/wrap-up",
            json={"disposition": "no_answer", "resolved": False},
        )
    )
