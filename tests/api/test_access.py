"""Authentication and role checks; personal data as DESIGN §4 allows it per role."""

from __future__ import annotations

import json

import httpx

from tests.api.conftest import in_progress
from tests.helpers.api import API, Client, EventReader, RoutingServer

PHONE = "+79161234545"
SNILS = "112-233-445 95"


def test_unauthenticated_and_wrong_password(api: RoutingServer) -> None:
    r = httpx.get(api.url + API + "/queue")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    bad = httpx.post(api.url + API + "/auth/login", json={"username": "op1", "password": "nope"})
    assert bad.status_code == 401 and bad.json()["message_ru"]
    nobody = httpx.post(api.url + API + "/auth/login", json={"username": "ghost", "password": "x"})
    assert nobody.status_code == 401 and nobody.json() == bad.json()


def test_repeated_failures_are_throttled(api: RoutingServer) -> None:
    url = api.url + API + "/auth/login"
    codes = [
        httpx.post(url, json={"username": "op2", "password": "bad"}).status_code for _ in range(5)
    ]
    assert codes == [401] * 5
    blocked = httpx.post(url, json={"username": "op2", "password": "demo"})
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert httpx.post(url, json={"username": "op3", "password": "demo"}).status_code == 200
    api.advance(601)
    assert httpx.post(url, json={"username": "op2", "password": "demo"}).status_code == 200


def test_refresh_rotates_and_logout_revokes(api: RoutingServer) -> None:
    client = api.client()
    # sessions of other accounts first, so this session's id is not its account's id (a
    # refresh once opened the new session for the account whose id was the old session's)
    for name in ("op2", "op3", "sup1", "gateway", "op2"):
        other = api.client()
        other.login(name)
        other.close()
    tokens = client.login("op1")
    r = client.http.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    fresh = client.ok(r)
    assert fresh["access_token"] != tokens["access_token"]
    assert fresh["user"] == tokens["user"]
    again = client.http.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401
    assert client.get("/queue").status_code == 401  # the old access token died with its session
    client.http.headers["Authorization"] = f"Bearer {fresh['access_token']}"
    assert client.get("/queue").status_code == 200
    assert client.ok(client.get("/operators/me/state"))["user_id"] == tokens["user"]["id"]
    assert client.post("/auth/logout").status_code == 204
    assert client.get("/queue").status_code == 401
    client.close()


def test_access_tokens_expire(api: RoutingServer, clients: dict[str, Client]) -> None:
    op = clients["op1"]
    assert op.get("/queue").status_code == 200
    api.advance(15 * 60 + 1)
    assert op.get("/queue").status_code == 401


def test_role_checks(clients: dict[str, Client]) -> None:
    gw, op, admin = clients["gateway"], clients["op1"], clients["admin"]
    assert gw.get("/queue").status_code == 403
    assert gw.get("/operators/me/stats").status_code == 403
    assert gw.get("/contacts", params={"number": "x"}).status_code == 403
    assert gw.get("/kb/changes").status_code == 403
    assert op.post("/contacts", json={"channel": "chat", "category": "pensions"}).status_code == 403
    assert op.put("/work-mode", json={"mode": "night"}).status_code == 403
    assert admin.get("/queue").status_code == 403
    created = gw.new_contact("chat")
    assert op.post(f"/contacts/{created['id']}/abandon").status_code == 403


def test_first_line_receives_no_personal_data(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    stream = EventReader(api.url, op.token).start()
    contact = in_progress(
        op,
        gw,
        "voice",
        caller={"name": "Иван", "phone": PHONE, "email": "ivan@example.ru"},
        ivr={"menu_path": ["СФР"], "snils": SNILS},
    )
    seen = [
        op.get(f"/contacts/{contact['id']}").text,
        op.get("/queue").text,
        op.get("/contacts", params={"same_caller_as": contact["id"]}).text,
        json.dumps(stream.events, ensure_ascii=False),
        json.dumps(contact, ensure_ascii=False),
    ]
    for text in seen:
        assert PHONE not in text and "9161234545" not in text
        assert SNILS not in text and "ivan@example.ru" not in text
    detail = op.contact(contact["id"])
    assert detail["caller"]["name"] == "Иван"
    assert detail["caller"]["phone_masked"] == "+7 *** ***-**-45"
    assert detail["ivr"]["snils"].endswith("95") and "445" not in detail["ivr"]["snils"]
    # the supervisor's queue is masked too; one contact's detail (monitoring) has them, and
    # that read is audited
    sup_queue = sup.get("/queue").text
    assert PHONE not in sup_queue and SNILS not in sup_queue
    full = sup.contact(contact["id"])
    assert full["caller"]["phone"] == PHONE and full["ivr"]["snils"] == SNILS
    records = sup.ok(sup.get("/audit", params={"contact_id": contact["id"]}))["items"]
    read = [r for r in records if r["action"] == "pd.read" and r["field"] == "contact"]
    assert len(read) == 1 and read[0]["reason"] == "monitoring" and read[0]["result"] == "ok"
    stream.cut()


def test_each_user_gets_only_its_events(api: RoutingServer, clients: dict[str, Client]) -> None:
    op1, op2, gw, l2 = clients["op1"], clients["op2"], clients["gateway"], clients["l2-sfr-msk"]
    readers = {
        name: EventReader(api.url, c.token).start()
        for name, c in (("op1", op1), ("op2", op2), ("l2", l2), ("gw", gw))
    }
    chat = in_progress(op2, gw, "chat")
    op2.ok(op2.post(f"/contacts/{chat['id']}/messages", json={"text": "секретный ответ"}))
    op1.ready()
    readers["gw"].wait_for(lambda e: e["type"] == "contact.message")
    readers["op1"].wait_for(lambda e: e["type"] == "operator.state")
    mine = readers["op1"].events
    assert all(
        e["data"].get("user_id") in (None, op1.id) for e in mine if e["type"] == "operator.state"
    )
    assert not [e for e in mine if e["type"] == "contact.message"]
    # op1 saw the chat in the first line's queue summary only: nothing of it, nothing inside,
    # nothing of what became of op2's offer (routing offers chats; it is not op1's to take)
    assert not [e for e in mine if e["data"].get("id") == chat["id"]]
    assert {"contact.created", "contact.offered", "contact.accepted"} <= set(
        e["type"] for e in readers["gw"].events if e["data"].get("id") == chat["id"]
    )
    assert not readers["l2"].events  # second line: nothing of the first-line queue
    assert not readers["l2"].snapshots  # nor its summary
    assert "contact.message" in readers["op2"].types()
    for r in readers.values():
        r.cut()
