"""Routing (DESIGN §3): priority then waiting time, skills, least recently served, push and pull,
offer timeout and decline on the virtual clock, work modes."""

from __future__ import annotations

from tests.api.conftest import in_progress
from tests.helpers.api import Client, EventReader, RoutingServer


def _close(op: Client, contact_id: int) -> None:
    op.ok(op.post(f"/contacts/{contact_id}/end"))
    op.ok(
        op.post(
            f"/contacts/{contact_id}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True},
        )
    )


def test_priority_then_waiting_time(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    first = gw.new_contact("voice", priority="normal")
    api.advance(5)
    second = gw.new_contact("voice", priority="normal")
    urgent = gw.new_contact("voice", priority="high")
    op.ready()
    order = []
    for _ in range(3):
        offered = [q for q in op.ok(op.get("/queue"))["items"] if q["offered_to_me"]]
        assert len(offered) == 1
        order.append(offered[0]["id"])
        op.ok(op.post(f"/contacts/{offered[0]['id']}/accept"))
        _close(op, offered[0]["id"])
        op.ready()
    assert order == [urgent["id"], first["id"], second["id"]]


def test_least_recently_served_operator_gets_the_next_call(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    served = in_progress(op1, gw, "voice")
    _close(op1, served["id"])
    op1.ready()
    op2.ready()
    contact = gw.new_contact("voice")
    assert op1.contact(contact["id"])["offered_to"] == op2.id


def test_second_line_skills_agency_and_region(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    first, gw = clients["op1"], clients["gateway"]
    sfr, rostrud, mse = clients["l2-sfr-msk"], clients["l2-rostrud"], clients["l2-mse-msk"]
    for specialist in (sfr, rostrud, mse):
        specialist.ready()
    # an СФР matter for Москва goes to the СФР Москва specialist only
    c1 = in_progress(first, gw, "chat", region="Москва")
    first.ok(
        first.post(
            f"/contacts/{c1['id']}/escalate",
            json={"target": "line2", "agency": "СФР", "reason": "выплаты"},
        )
    )
    assert sfr.contact(c1["id"])["offered_to"] == sfr.id
    # СФР for another region: nobody here serves it; it waits, visible to no Moscow specialist
    c2 = in_progress(first, gw, "chat", region="Республика Татарстан")
    first.ok(
        first.post(
            f"/contacts/{c2['id']}/escalate",
            json={"target": "line2", "agency": "СФР", "reason": "выплаты"},
        )
    )
    assert sfr.contact(c2["id"])["state"] == "escalated"
    assert c2["id"] not in [q["id"] for q in sfr.ok(sfr.get("/queue"))["items"]]
    # Роструд's specialist has no region: it serves every region
    c3 = in_progress(first, gw, "chat", category="labour_rights", region="Республика Татарстан")
    first.ok(
        first.post(
            f"/contacts/{c3['id']}/escalate",
            json={"target": "line2", "agency": "Роструд", "reason": "жалоба"},
        )
    )
    assert rostrud.contact(c3["id"])["offered_to"] == rostrud.id
    # first-line operators are never offered second-line work
    assert first.contact(c3["id"])["offered_to"] != first.id


def test_category_and_language_skills(api: RoutingServer, clients: dict[str, Client]) -> None:
    op1, gw = clients["op1"], clients["gateway"]
    op1.ready()
    english = gw.new_contact("chat", language="en")
    assert op1.contact(english["id"])["state"] == "queued"
    assert english["id"] not in [q["id"] for q in op1.ok(op1.get("/queue"))["items"]]
    # contacts nobody can take do not hold up the ones behind them: routing skips the rest of
    # a kind that found no operator, not the other kinds
    more = [gw.new_contact("chat", language="en") for _ in range(2)]
    russian = gw.new_contact("chat")
    assert op1.contact(russian["id"])["offered_to"] == op1.id
    assert [op1.contact(c["id"])["state"] for c in more] == ["queued", "queued"]


def test_offer_timeout_returns_contact_and_sets_missed(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    streams = [EventReader(api.url, c.token).start() for c in (op1, op2)]
    op1.ready()
    contact = gw.new_contact("voice")
    assert op1.contact(contact["id"])["offered_to"] == op1.id
    api.advance(19)
    assert op1.contact(contact["id"])["offered_to"] == op1.id
    api.advance(2)
    state = op1.ok(op1.get("/operators/me/state"))
    assert (state["state"], state["reason"]) == ("not_ready", "missed")
    assert op1.contact(contact["id"])["state"] == "queued"
    assert op1.post(f"/contacts/{contact['id']}/accept").status_code == 409
    op2.ready()
    assert op2.contact(contact["id"])["offered_to"] == op2.id
    # op1's accept, late: a lost race (409 offer_expired), not a forbidden act (403)
    late = op1.post(f"/contacts/{contact['id']}/accept")
    assert (late.status_code, late.json()["code"]) == (409, "offer_expired")
    streams[0].wait_for(lambda e: e["type"] == "operator.state" and e["data"]["reason"] == "missed")
    for s in streams:
        s.cut()


def test_decline_goes_back_at_once_and_not_to_the_same_operator(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    op1.ready()
    contact = gw.new_contact("chat")
    bad = op1.post(f"/contacts/{contact['id']}/decline", json={"reason": "not-a-reason"})
    assert bad.status_code == 422
    op1.ok(op1.post(f"/contacts/{contact['id']}/decline", json={"reason": "equipment_failure"}))
    assert op1.contact(contact["id"])["state"] == "queued"
    assert op1.ok(op1.get("/operators/me/state"))["state"] == "ready"
    op2.ready()
    assert op2.contact(contact["id"])["offered_to"] == op2.id
    history = op1.contact(contact["id"])["history"]
    assert [h["data"]["reason"] for h in history if h["kind"] == "declined"] == [
        "equipment_failure"
    ]


def test_chats_up_to_concurrency_and_calls_alone(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    op.ready()
    chats = [gw.new_contact("chat") for _ in range(4)]
    for chat in chats[:3]:
        assert op.contact(chat["id"])["offered_to"] == op.id
        op.ok(op.post(f"/contacts/{chat['id']}/accept"))
    assert op.contact(chats[3]["id"])["state"] == "queued"
    call = gw.new_contact("voice")
    assert op.contact(call["id"])["state"] == "queued"


def test_pull_from_queue(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    mail = gw.new_contact("email", subject="Вопрос", body="Текст", caller={"email": "a@b.ru"})
    assert op.post(f"/contacts/{mail['id']}/accept").status_code == 409  # not ready yet
    op.ready()
    item = next(q for q in op.ok(op.get("/queue"))["items"] if q["id"] == mail["id"])
    assert item["pullable"] and item["state"] == "queued"
    taken = op.ok(op.post(f"/contacts/{mail['id']}/accept"))
    assert taken["state"] == "in_progress" and taken["owner_id"] == op.id
    other = gw.new_contact("web_form", form={"name": "Анна", "description": "…"})
    r = op.post(f"/contacts/{other['id']}/accept")
    assert r.status_code == 422 and r.json()["code"] == "no_capacity"


def test_night_mode_offers_only_urgent(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, sup, gw = clients["op1"], clients["sup1"], clients["gateway"]
    stream = EventReader(api.url, op.token).start()
    assert sup.ok(sup.put("/work-mode", json={"mode": "night"}))["mode"] == "night"
    stream.wait_for(lambda e: e["type"] == "work_mode.changed")
    op.ready()
    chat = gw.new_contact("chat", category="pensions")
    urgent = gw.new_contact("chat", category="account_lost")
    assert op.contact(urgent["id"])["offered_to"] == op.id
    assert op.contact(chat["id"])["state"] == "queued"
    queued = next(q for q in sup.ok(sup.get("/queue"))["items"] if q["id"] == chat["id"])
    assert queued["held_by_mode"] is True
    # the operator sees the held chat in its first-line summary, not in its list
    view = op.ok(op.get("/queue"))
    assert chat["id"] not in [q["id"] for q in view["items"]]
    assert view["summary"]["channels"][1] == {
        "channel": "chat",
        "waiting": 1,
        "oldest_queued_at": chat["queued_at"],
    }
    call = gw.new_contact("voice", category="pensions")
    api.advance(1)
    redirected = op.contact(call["id"])
    assert redirected["state"] == "redirected"
    callback_number = next(h for h in redirected["history"] if h["kind"] == "redirected")["data"][
        "callback"
    ]
    callback = op.ok(op.get("/contacts", params={"number": callback_number}))["items"][0]
    assert callback["channel"] == "callback" and callback["due_at"] is not None
    sup.ok(sup.put("/work-mode", json={"mode": "standard"}))
    op.ok(op.post(f"/contacts/{urgent['id']}/accept"))
    stream.cut()
