"""Every action a state does not allow is 409; others' contacts are 403; the allowed ones work."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import in_progress, in_state, offered_to
from tests.helpers.api import Client

BODIES: dict[str, Any] = {
    "accept": None,
    "decline": {"reason": "equipment_failure"},
    "hold": None,
    "resume": None,
    "end": None,
    "transfer": {"queue": "line1"},
    "wrap-up": {"disposition": "consultation_given", "resolved": True},
    "escalate": {"target": "supervisor", "reason": "жалоба"},
}
#: what the owner (or the operator the contact is offered to) may do in each state, for a call
ALLOWED = {
    "queued": set(),  # a call is pushed, never pulled
    "offered": {"accept", "decline"},
    "in_progress": {"hold", "end", "transfer", "escalate"},
    "on_hold": {"resume", "end", "transfer", "escalate"},
    "wrap_up": {"wrap-up", "escalate"},
    "closed": set(),
}


@pytest.mark.parametrize("state", list(ALLOWED))
def test_every_illegal_transition_is_409(state: str, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    contact = in_state(state, op, gw)
    assert op.contact(contact["id"])["state"] == state
    for action, body in BODIES.items():
        if action in ALLOWED[state]:
            continue
        r = op.post(f"/contacts/{contact['id']}/{action}", json=body)
        assert r.status_code == 409, (state, action, r.status_code, r.text)
        error = r.json()
        assert error["code"] and error["message_ru"] and error["message_en"]
        assert op.contact(contact["id"])["state"] == state, (state, action)


@pytest.mark.parametrize("state", ["closed", "abandoned", "redirected"])
def test_terminal_contacts_take_no_citizen_actions(
    state: str, clients: dict[str, Client], api: Any
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    if state == "closed":
        contact = in_state("closed", op, gw)
    elif state == "abandoned":
        contact = gw.new_contact("voice")
        gw.ok(gw.post(f"/contacts/{contact['id']}/abandon"))
    else:
        contact = gw.new_contact("voice")
        gw.ok(gw.put("/work-mode", json={"mode": "night"}), 403)
        sup = clients["sup1"]
        sup.ok(sup.put("/work-mode", json={"mode": "night"}))
        api.advance(1)
        assert op.contact(contact["id"])["state"] == "redirected"
    assert gw.post(f"/contacts/{contact['id']}/abandon").status_code == 409
    assert gw.post(f"/contacts/{contact['id']}/messages", json={"text": "алло"}).status_code == 409


def test_someone_elses_contact_is_403(clients: dict[str, Client]) -> None:
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    contact = in_progress(op1, gw, "chat")
    for action in ("hold", "end", "wrap-up", "transfer", "escalate"):
        r = op2.post(f"/contacts/{contact['id']}/{action}", json=BODIES[action])
        assert r.status_code == 403, (action, r.text)
    assert op2.post(f"/contacts/{contact['id']}/messages", json={"text": "x"}).status_code == 403
    offered = offered_to(op2, gw, "chat")
    assert op1.post(f"/contacts/{offered['id']}/accept").status_code == 403
    assert op1.post(f"/contacts/{offered['id']}/decline", json=BODIES["decline"]).status_code == 403


def test_hold_is_for_calls_and_messages_for_written_channels(clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    chat = in_progress(op, gw, "chat")
    assert op.post(f"/contacts/{chat['id']}/hold").status_code == 409
    op.ok(op.post(f"/contacts/{chat['id']}/end"))
    op.ok(op.post(f"/contacts/{chat['id']}/wrap-up", json=BODIES["wrap-up"]))
    call = in_progress(op, gw, "voice")
    r = op.post(f"/contacts/{call['id']}/messages", json={"text": "текст"})
    assert r.status_code == 422 and r.json()["code"] == "not_for_channel"
    held = op.ok(op.post(f"/contacts/{call['id']}/hold"))
    assert held["state"] == "on_hold"
    assert op.ok(op.post(f"/contacts/{call['id']}/resume"))["state"] == "in_progress"
