"""The whole chat path once, from the gateway to a closed contact."""

from __future__ import annotations

from tests.helpers.api import Client, EventReader, RoutingServer


def test_chat_from_arrival_to_closed(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    stream = EventReader(api.url, op.token).start()
    op.ready()
    created = gw.new_contact("chat", messages=[{"from": "bot", "text": "Здравствуйте!"}])
    offered = stream.wait_for(
        lambda e: e["type"] == "contact.offered" and e["data"]["id"] == created["id"]
    )
    assert offered["data"]["contact"]["caller"]["phone_masked"] == "+7 *** ***-**-45"
    accepted = op.ok(op.post(f"/contacts/{created['id']}/accept"))
    assert accepted["state"] == "in_progress"
    op.ok(op.post(f"/contacts/{created['id']}/messages", json={"text": "Добрый день!"}), 201)
    gw.ok(gw.post(f"/contacts/{created['id']}/messages", json={"text": "Спасибо"}), 201)
    op.ok(op.post(f"/contacts/{created['id']}/end"))
    closed = op.ok(
        op.post(
            f"/contacts/{created['id']}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True, "notes": "ok"},
        )
    )
    assert closed["state"] == "closed"
    detail = op.contact(created["id"])
    kinds = [h["kind"] for h in detail["history"]]
    assert kinds[:2] == ["created", "message"]
    assert {"offered", "accepted", "ended", "wrapped_up"} <= set(kinds)
    assert [h["data"]["text"] for h in detail["history"] if h["kind"] == "message"] == [
        "Здравствуйте!",
        "Добрый день!",
        "Спасибо",
    ]
    stream.cut()
