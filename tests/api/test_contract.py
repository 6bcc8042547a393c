"""The published contract: OpenAPI lists every endpoint; reference lists in both languages;
the expert system as a paginated change feed; work modes."""

from __future__ import annotations

import httpx

from tests.api.conftest import in_progress
from tests.helpers.api import API, Client, EventReader, RoutingServer

CONTRACT = {
    ("post", "/auth/login"),
    ("post", "/auth/refresh"),
    ("post", "/auth/logout"),
    ("get", "/categories"),
    ("get", "/dispositions"),
    ("get", "/reason-codes"),
    ("put", "/operators/me/state"),
    ("get", "/operators/me/stats"),
    ("post", "/contacts"),
    ("get", "/contacts"),
    ("get", "/contacts/{contact_id}"),
    ("get", "/queue"),
    ("get", "/events"),
    ("get", "/kb/changes"),
    ("put", "/work-mode"),
    ("get", "/work-mode"),
    ("get", "/verification/reason-codes"),
    ("post", "/contacts/{contact_id}/verification"),
    ("get", "/contacts/{contact_id}/verification"),
    *(
        ("post", f"/contacts/{{contact_id}}/verification/{step}")
        for step in ("basic", "document", "code/send", "code/check", "consent")
    ),
    ("get", "/contacts/{contact_id}/citizen"),
    ("get", "/contacts/{contact_id}/citizen/payments"),
    ("get", "/contacts/{contact_id}/citizen/applications"),
    ("post", "/contacts/{contact_id}/reveal"),
    ("get", "/audit"),
    ("get", "/audit/verify"),
    ("get", "/alerts"),
    ("post", "/alerts/{alert_id}/acknowledge"),
    *(
        ("post", f"/contacts/{{contact_id}}/{action}")
        for action in (
            "accept",
            "decline",
            "hold",
            "resume",
            "end",
            "messages",
            "transfer",
            "wrap-up",
            "escalate",
            "abandon",
        )
    ),
}


def test_openapi_describes_every_endpoint(api: RoutingServer) -> None:
    spec = httpx.get(api.url + "/openapi.json").json()
    published = {
        (method, path.removeprefix(API)) for path, ops in spec["paths"].items() for method in ops
    }
    assert published >= CONTRACT, CONTRACT - published
    idem = spec["paths"][API + "/contacts/{contact_id}/accept"]["post"]["parameters"]
    assert "Idempotency-Key" in [p["name"] for p in idem]


def test_reference_lists_in_both_languages(clients: dict[str, Client]) -> None:
    op = clients["op1"]
    cats = op.ok(op.get("/categories"))
    assert len(cats["categories"]) >= 20 and len(cats["kinds"]) == 4
    urgent = {c["code"] for c in cats["categories"] if c["urgent"]}
    assert {"account_lost", "fraud"} <= urgent
    for path, key in (
        ("/dispositions", "items"),
        ("/reason-codes", "items"),
        ("/verification/reason-codes", "items"),
    ):
        for entry in op.ok(op.get(path))[key]:
            assert entry["name_ru"] and entry["name_en"] and entry["code"]
    for entry in cats["categories"]:
        assert entry["name_ru"] and entry["name_en"] and entry["agency"]


def test_kb_change_feed_pages_and_follows_changes(clients: dict[str, Client]) -> None:
    op = clients["op1"]
    cursor, ids, pages = "0", [], 0
    while True:
        page = op.ok(op.get("/kb/changes", params={"since": cursor, "limit": 100}))
        ids += [item["id"] for item in page["items"]]
        cursor, pages = page["next"], pages + 1
        if not page["has_more"]:
            break
    assert len(ids) == len(set(ids)) == 386 and pages == 4
    first = op.ok(op.get("/kb/changes", params={"since": "0", "limit": 1}))["items"][0]
    assert first["op"] == "created" and first["article"]["title"]
    empty = op.ok(op.get("/kb/changes", params={"since": cursor}))
    assert empty == {"items": [], "next": cursor, "has_more": False, "remaining": 0, "head": 386}
    assert op.get("/kb/changes", params={"since": "x"}).status_code == 422
    assert op.get("/kb/changes", params={"limit": 0}).status_code == 422


def test_weekend_and_emergency_modes(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, sup, gw = clients["op1"], clients["sup1"], clients["gateway"]
    stream = EventReader(api.url, op.token).start()
    sup.ok(sup.put("/work-mode", json={"mode": "weekend"}))
    assert op.ok(op.get("/work-mode"))["mode"] == "weekend"
    op.ready()
    call = gw.new_contact("voice", category="pensions")
    assert op.contact(call["id"])["state"] == "queued"  # calls wait for the self-service step
    chat = gw.new_contact("chat", category="pensions")
    assert op.contact(chat["id"])["offered_to"] == op.id  # chats are answered at weekends
    op.ok(op.post(f"/contacts/{chat['id']}/decline", json={"reason": "equipment_failure"}))
    gw.ok(gw.post(f"/contacts/{chat['id']}/abandon"))
    api.advance(1)
    assert op.contact(call["id"])["state"] == "redirected"  # → a callback within 2 h
    sup.ok(sup.put("/work-mode", json={"mode": "emergency"}))
    mail = gw.new_contact("email", subject="s", body="b")
    # one pushed stream of every channel: first the weekend call's callback task (it has
    # waited longest), then the e-mail
    offers = [q for q in op.ok(op.get("/queue"))["items"] if q["offered_to_me"]]
    assert [o["channel"] for o in offers] == ["callback"]
    op.ok(op.post(f"/contacts/{offers[0]['id']}/decline", json={"reason": "equipment_failure"}))
    assert op.contact(mail["id"])["offered_to"] == op.id
    stream.wait_for(lambda e: e["type"] == "work_mode.changed" and e["data"]["mode"] == "emergency")
    assert op.put("/work-mode", json={"mode": "standard"}).status_code == 403
    stream.cut()


def test_operator_stats_and_colleagues(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    chat = in_progress(op, gw, "chat")
    op.ok(op.post(f"/contacts/{chat['id']}/escalate", json={"target": "supervisor", "reason": "?"}))
    gw.new_contact("email")
    api.advance(20)
    gw.new_contact("voice")  # op1 is wrapping up: it waits, in op1's summary, not its list
    stats = op.ok(op.get("/operators/me/stats"))
    assert (stats["accepted"], stats["escalated"], stats["closed"]) == (1, 1, 0)
    assert stats["queue_waiting"] == 2
    assert 20.0 <= stats["queue_longest_wait_s"] < 30.0  # the e-mail's
    listed = {o["username"]: o for o in op.ok(op.get("/operators"))["items"]}
    assert listed["op1"]["state"] == "wrap_up" and "sup1" not in listed
