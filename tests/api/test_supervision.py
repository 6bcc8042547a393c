"""Supervisor actions on the live centre: each reaches the operator and each is audited."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import in_progress
from tests.helpers.api import Client, EventReader, RoutingServer


def _audit_actions(sup: Client) -> list[str]:
    return [r["action"] for r in sup.ok(sup.get("/audit", params={"limit": 1000}))["items"]]


def test_reassign_a_waiting_and_an_offered_contact(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, op2, gw, sup = clients["op1"], clients["op2"], clients["gateway"], clients["sup1"]
    # op1 is ready, op2 not: the call goes to op1 first
    op1.ready()
    call = gw.new_contact("voice")
    assert op1.contact(call["id"])["offered_to"] == op1.id
    op2_events = EventReader(api.url, op2.token).start()
    op2.ready()
    moved = sup.ok(
        sup.post(f"/supervisor/contacts/{call['id']}/reassign", json={"operator_id": op2.id})
    )
    assert moved["target_user_id"] == op2.id
    state = sup.contact(call["id"])
    assert (state["state"], state["offered_to"]) == ("offered", op2.id)
    op2_events.wait_for(lambda e: e["type"] == "contact.offered" and e["data"]["id"] == call["id"])
    assert [h["kind"] for h in state["history"]].count("reassigned") == 1
    # op1's accept, too late: the call was offered to it before, so a lost race (409), however
    # long the request waited in line
    late = op1.post(f"/contacts/{call['id']}/accept")
    assert (late.status_code, late.json()["code"]) == (409, "offer_expired")
    assert "supervisor.reassign" in _audit_actions(sup)
    # a line-2 specialist does not serve the first line's queue: refused with the reason
    l2 = clients["l2-sfr-msk"]
    waiting = gw.new_contact("voice")
    refused = sup.post(
        f"/supervisor/contacts/{waiting['id']}/reassign", json={"operator_id": l2.id}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "reassign_target"
    # a contact in progress is not reassigned
    op2.ok(op2.post(f"/contacts/{call['id']}/accept"))
    busy = sup.post(f"/supervisor/contacts/{call['id']}/reassign", json={"operator_id": op1.id})
    assert busy.status_code == 409
    # operators may not
    assert (
        op1.post(
            f"/supervisor/contacts/{waiting['id']}/reassign", json={"operator_id": op1.id}
        ).status_code
        == 403
    )


def test_forced_state_applies_now_or_after_the_contact(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    op.ready()
    events = EventReader(api.url, op.token).start()
    got = sup.ok(sup.put(f"/supervisor/operators/{op.id}/state", json={"state": "not_ready"}))
    assert (got["state"], got["reason"]) == ("not_ready", "by_supervisor")
    forced = events.wait_for(lambda e: e["type"] == "operator.forced_state")
    assert forced["data"]["by"] == "sup1"
    # during a contact: after it, like the operator's own request
    op.ready()
    in_progress(op, gw, "voice")
    got = sup.ok(sup.put(f"/supervisor/operators/{op.id}/state", json={"state": "break"}))
    assert (got["state"], got["next_state"]) == ("in_contact", "break")
    bad = sup.put(
        f"/supervisor/operators/{op.id}/state", json={"state": "not_ready", "reason": "nope"}
    )
    assert bad.status_code == 422
    assert _audit_actions(sup).count("supervisor.force_state") == 2


def test_logout_ends_the_sessions_unless_contacts_are_open(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    contact = in_progress(op, gw, "chat")
    refused = sup.post(f"/supervisor/operators/{op.id}/logout")
    assert refused.status_code == 409 and refused.json()["code"] == "contacts_open"
    op.ok(op.post(f"/contacts/{contact['id']}/end"))
    op.ok(
        op.post(
            f"/contacts/{contact['id']}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True},
        )
    )
    events = EventReader(api.url, op.token).start()
    got = sup.ok(sup.post(f"/supervisor/operators/{op.id}/logout"))
    assert got["state"] == "offline"
    events.wait_for(lambda e: e["type"] == "operator.logged_out")
    assert op.get("/operators/me/state").status_code == 401
    assert "supervisor.logout" in _audit_actions(sup)


def test_team_message_and_whisper_reach_only_whom_they_are_for(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op1, op2, gw, sup = clients["op1"], clients["op2"], clients["gateway"], clients["sup1"]
    r1 = EventReader(api.url, op1.token).start()
    r2 = EventReader(api.url, op2.token).start()
    rg = EventReader(api.url, gw.token).start()
    sup.ok(sup.post("/supervisor/messages", json={"text": "Сбой на портале, говорите так-то"}), 201)
    for reader in (r1, r2):
        got = reader.wait_for(lambda e: e["type"] == "team.message")
        assert got["data"]["text"].startswith("Сбой") and got["data"]["by_name"]
    sup.ok(
        sup.post("/supervisor/messages", json={"text": "Только вам", "operator_ids": [op2.id]}), 201
    )
    r2.wait_for(lambda e: e["type"] == "team.message" and e["data"]["text"] == "Только вам")
    chat = in_progress(op1, gw, "chat")
    hint: dict[str, Any] = sup.ok(
        sup.post(f"/supervisor/contacts/{chat['id']}/whisper", json={"text": "Уточните СНИЛС"}), 201
    )
    assert hint["number"] == chat["number"]
    got = r1.wait_for(lambda e: e["type"] == "contact.whisper")
    assert got["data"]["text"] == "Уточните СНИЛС"
    # a contact created after the hint reaches op2 and the gateway: by then they would have
    # had the hint, had it been sent to them (a letter: one op2 may take, so its arrival is
    # op2's to see; a waiting chat is only in op2's queue summary)
    waiting = gw.new_contact("email", subject="Вопрос", body="Текст")
    for reader in (r2, rg):
        reader.wait_for(
            lambda e: e["type"] == "contact.created" and e["data"]["id"] == waiting["id"]
        )
    assert "contact.whisper" not in r2.types() and "contact.whisper" not in rg.types()
    assert "team.message" not in rg.types()
    assert [t for t in r1.types() if t == "team.message"] == ["team.message"]
    assert (
        sup.post(f"/supervisor/contacts/{waiting['id']}/whisper", json={"text": "x"}).status_code
        == 409
    )
    actions = _audit_actions(sup)
    assert actions.count("supervisor.team_message") == 2 and "supervisor.whisper" in actions


def test_a_specialist_goes_to_first_line_work_and_back(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup, gw, l2 = clients["sup1"], clients["gateway"], clients["l2-rostrud"]
    events = EventReader(api.url, l2.token).start()
    moved = sup.ok(sup.put(f"/supervisor/operators/{l2.id}/line", json={"line": 1}))
    assert (moved["line"], moved["home_line"]) == (1, 2)
    events.wait_for(lambda e: e["type"] == "operator.line_assigned" and e["data"]["line"] == 1)
    # now a first-line chat is offered to the specialist
    l2.ready()
    chat = gw.new_contact("chat", category="labour_rights")
    assert l2.contact(chat["id"])["offered_to"] == l2.id
    l2.ok(l2.post(f"/contacts/{chat['id']}/decline", json={"reason": "already_busy"}))
    back = sup.ok(sup.put(f"/supervisor/operators/{l2.id}/line", json={"line": None}))
    assert back["line"] == 2
    again = sup.put(f"/supervisor/operators/{l2.id}/line", json={"line": None})
    assert again.status_code == 409 and again.json()["code"] == "not_assigned"
    op1 = clients["op1"]
    refused = sup.put(f"/supervisor/operators/{op1.id}/line", json={"line": 1})
    assert refused.status_code == 422 and refused.json()["code"] == "assign_line"
    assert _audit_actions(sup).count("supervisor.assign_line") == 2


def test_a_closed_contact_scored_on_the_quality_form(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    contact = in_progress(op, gw, "chat")
    early = sup.post(
        f"/supervisor/contacts/{contact['id']}/quality",
        json={
            "scores": dict.fromkeys(
                ("greeting", "identification", "accuracy", "courtesy", "wrap_up"), 2
            )
        },
    )
    assert early.status_code == 409  # not closed yet
    op.ok(op.post(f"/contacts/{contact['id']}/end"))
    op.ok(
        op.post(
            f"/contacts/{contact['id']}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True},
        )
    )
    scores = {"greeting": 2, "identification": 1, "accuracy": 2, "courtesy": 2, "wrap_up": 1}
    got = sup.ok(
        sup.post(
            f"/supervisor/contacts/{contact['id']}/quality",
            json={"scores": scores, "comment": "Уточнять регион"},
        ),
        201,
    )
    assert got["percent"] == 80 and got["operator_id"] == op.id
    history = op.contact(contact["id"])["history"]
    assert [h["data"]["percent"] for h in history if h["kind"] == "quality_scored"] == [80]
    bad = sup.post(
        f"/supervisor/contacts/{contact['id']}/quality", json={"scores": {"greeting": 3}}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "quality_form"
    assert "supervisor.quality" in _audit_actions(sup)
    sup.ok(sup.put("/work-mode", json={"mode": "night"}))
    assert "supervisor.work_mode" in _audit_actions(sup)


def test_the_board_says_which_event_its_rows_reflect(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    """The board's rows come with `as_of`, the last event they reflect: the monitor replays
    the events after it over the rows, so a read that was slow never takes the board back."""
    op, sup = clients["op1"], clients["sup1"]
    events = EventReader(api.url, sup.token).start()
    op.ready()
    ready = events.wait_for(
        lambda e: e["type"] == "operator.state" and e["data"]["user_id"] == op.id
    )
    board = sup.ok(sup.get("/supervisor/operators"))
    assert board["as_of"] >= ready["id"]
    assert next(o for o in board["items"] if o["id"] == op.id)["state"] == "ready"
    op.ok(op.put("/operators/me/state", json={"state": "break", "reason": None}))
    moved = events.wait_for(
        lambda e: e["type"] == "operator.state" and e["data"]["state"] == "break"
    )
    later = sup.ok(sup.get("/supervisor/operators"))
    assert board["as_of"] < moved["id"] <= later["as_of"]
    assert next(o for o in later["items"] if o["id"] == op.id)["state"] == "break"
    events.cut()
