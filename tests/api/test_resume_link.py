"""Resuming an earlier contact by the number the citizen quotes, and asking the supervisor for
help: POST /contacts/{id}/link and POST /operators/me/help (both backends)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import in_progress
from tests.helpers.api import Client, EventReader, RoutingServer, new_key


def _closed_with_notes(op: Client, gw: Client, notes: str, **fields: Any) -> dict[str, Any]:
    contact = in_progress(op, gw, "voice", **fields)
    op.ok(op.post(f"/contacts/{contact['id']}/end"))
    closed: dict[str, Any] = op.ok(
        op.post(
            f"/contacts/{contact['id']}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True, "notes": notes},
        )
    )
    return closed


def test_link_resumes_an_earlier_contact_with_its_history(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op2, op1, gw, l2 = clients["op2"], clients["op1"], clients["gateway"], clients["l2-sfr-msk"]
    earlier = _closed_with_notes(op2, gw, "Заявление на пенсию подано 3 марта")
    current = in_progress(op1, gw, "voice", region="Москва", caller={"phone": "+79990001122"})
    reader = EventReader(api.url, op1.token).start()
    try:
        key = new_key()
        linked = op1.ok(
            op1.post(f"/contacts/{current['id']}/link", {"number": earlier["number"]}, key=key)
        )
        assert linked["resumes"] == earlier["number"]
        assert linked["previous"][0]["number"] == earlier["number"]
        notes = [
            h["data"]["notes"]
            for h in linked["previous"][0]["history"]
            if h["kind"] == "wrapped_up"
        ]
        assert notes == ["Заявление на пенсию подано 3 марта"]
        entry = next(h for h in linked["history"] if h["kind"] == "linked")
        assert entry["data"] == {"number": earlier["number"], "by": "op1"}
        assert entry["actor"] == "op1"
        # the same request again is answered from the idempotency record, not applied twice
        again = op1.ok(
            op1.post(f"/contacts/{current['id']}/link", {"number": earlier["number"]}, key=key)
        )
        assert again["resumes"] == earlier["number"]
        kinds = [h["kind"] for h in op1.contact(current["id"])["history"]]
        assert kinds.count("linked") == 1
        event = reader.wait_for(lambda e: e["type"] == "contact.linked")
        assert event["data"]["id"] == current["id"]
        assert event["data"]["link"]["number"] == earlier["number"]
    finally:
        reader.cut()
    # the earlier contact says where it was continued
    continued = [h for h in op2.contact(earlier["id"])["history"] if h["kind"] == "continued"]
    assert [h["data"]["number"] for h in continued] == [current["number"]]
    # whoever gets the contact later sees the linked history (escalated to line 2 here)
    op1.ok(
        op1.post(
            f"/contacts/{current['id']}/escalate",
            json={"target": "line2", "agency": "СФР", "reason": "Нужны данные о выплатах"},
        )
    )
    l2.ready()
    taken = l2.ok(l2.post(f"/contacts/{current['id']}/accept"))
    assert taken["resumes"] == earlier["number"]
    assert any(h["kind"] == "wrapped_up" for h in taken["previous"][0]["history"])


def test_link_refusals(api: RoutingServer, clients: dict[str, Client]) -> None:
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    earlier = _closed_with_notes(op2, gw, "первое")
    other = _closed_with_notes(op2, gw, "второе")
    current = in_progress(op1, gw, "voice")
    path = f"/contacts/{current['id']}/link"
    # an unknown number is 422 with both languages
    r = op1.post(path, {"number": "0000-9999999"})
    assert r.status_code == 422 and r.json()["code"] == "unknown_contact_number"
    assert r.json()["message_ru"] and r.json()["message_en"]
    # malformed numbers never reach the database
    assert op1.post(path, {"number": "2611 0000001"}).status_code == 422
    assert op1.post(path, {}).status_code == 422
    # the contact itself
    r = op1.post(path, {"number": current["number"]})
    assert r.status_code == 422 and r.json()["code"] == "link_loop"
    # someone else's contact: 403
    assert op2.post(path, {"number": earlier["number"]}).status_code == 403
    # linked once; the same number again is a no-op, another number a conflict
    op1.ok(op1.post(path, {"number": earlier["number"]}))
    assert op1.ok(op1.post(path, {"number": earlier["number"]}))["resumes"] == earlier["number"]
    r = op1.post(path, {"number": other["number"]})
    assert r.status_code == 409 and r.json()["code"] == "already_linked"
    assert op1.contact(current["id"])["resumes"] == earlier["number"]
    # a waiting contact has no owner to link it
    waiting = gw.new_contact("email")
    r = op1.post(f"/contacts/{waiting['id']}/link", {"number": earlier["number"]})
    assert r.status_code == 409


def test_link_refuses_a_loop(api: RoutingServer, clients: dict[str, Client]) -> None:
    op1, gw = clients["op1"], clients["gateway"]
    first = in_progress(op1, gw, "chat")
    op1.ok(op1.post(f"/contacts/{first['id']}/end"))
    # a second contact of the citizen resumes the first ...
    second = gw.new_contact("email", resumes=first["number"])
    # ... so the first (still in wrap-up) cannot resume the second
    r = op1.post(f"/contacts/{first['id']}/link", {"number": second["number"]})
    assert r.status_code == 422 and r.json()["code"] == "link_loop"


def test_help_request_reaches_the_supervisor_and_the_history(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, op2, gw, sup = clients["op1"], clients["op2"], clients["gateway"], clients["sup1"]
    call = in_progress(op1, gw, "voice")
    op1.ok(op1.post(f"/contacts/{call['id']}/hold"))
    sup_reader = EventReader(api.url, sup.token).start()
    op2_reader = EventReader(api.url, op2.token).start()
    try:
        key = new_key()
        body = {"contact_id": call["id"], "text": "Гражданин просит перерасчёт, как быть?"}
        made = op1.ok(op1.post("/operators/me/help", body, key=key), 201)
        assert made["number"] == call["number"] and made["username"] == "op1"
        assert op1.ok(op1.post("/operators/me/help", body, key=key), 201) == made
        event = sup_reader.wait_for(lambda e: e["type"] == "operator.help_requested")
        assert event["data"]["contact_id"] == call["id"]
        assert event["data"]["text"] == body["text"]
        assert event["data"]["full_name"]
        # a help request without a contact is fine too
        op1.ok(op1.post("/operators/me/help", {"text": "Нужна помощь"}), 201)
        sup_reader.wait_for(
            lambda e: e["type"] == "operator.help_requested" and e["data"]["contact_id"] is None
        )
        # another operator does not see it
        assert "operator.help_requested" not in op2_reader.types()
    finally:
        sup_reader.cut()
        op2_reader.cut()
    history = [h for h in op1.contact(call["id"])["history"] if h["kind"] == "help_requested"]
    assert len(history) == 1 and history[0]["actor"] == "op1"
    assert history[0]["data"]["text"] == body["text"]
    # only about one's own contact
    r = op2.post("/operators/me/help", {"contact_id": call["id"], "text": "?"})
    assert r.status_code == 403
    r = op1.post("/operators/me/help", {"contact_id": 10**12, "text": "?"})
    assert r.status_code == 404
    assert op1.post("/operators/me/help", {"text": "x" * 1001}).status_code == 422
    # the gateway is not staff
    assert clients["gateway"].post("/operators/me/help", {"text": "?"}).status_code == 403


def test_earlier_contacts_are_found_by_number_or_caller_never_by_phone_in_the_url(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    earlier = _closed_with_notes(op1, gw, "Первое обращение", caller={"phone": "+79990002233"})
    by_number = op1.ok(op1.get("/contacts", params={"number": earlier["number"]}))["items"]
    assert [c["id"] for c in by_number] == [earlier["id"]]
    for client in (op1, sup):
        refused = client.get("/contacts", params={"phone": "+79990002233"})
        assert refused.status_code == 422 and refused.json()["code"] == "lookup_key"
