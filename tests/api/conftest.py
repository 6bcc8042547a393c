"""Helpers for API tests: contacts brought into a given state through the real API."""

from __future__ import annotations

from typing import Any

from tests.helpers.api import Client


def offered_to(op: Client, gw: Client, channel: str = "voice", **fields: Any) -> dict[str, Any]:
    """A new contact offered to `op` (which is made ready first)."""
    op.ready()
    contact = gw.new_contact(channel, **fields)
    state = op.contact(contact["id"])
    assert state["state"] == "offered" and state["offered_to"] == op.id, state
    return state


def in_progress(op: Client, gw: Client, channel: str = "voice", **fields: Any) -> dict[str, Any]:
    contact = offered_to(op, gw, channel, **fields)
    return op.ok(op.post(f"/contacts/{contact['id']}/accept"))


def in_state(state: str, op: Client, gw: Client, channel: str = "voice") -> dict[str, Any]:
    """A contact of `op` in `state`, reached by legal transitions only."""
    if state == "queued":
        return gw.new_contact(channel)
    if state == "offered":
        return offered_to(op, gw, channel)
    contact = in_progress(op, gw, channel)
    cid = contact["id"]
    if state == "on_hold":
        return op.ok(op.post(f"/contacts/{cid}/hold"))
    if state in ("wrap_up", "closed"):
        contact = op.ok(op.post(f"/contacts/{cid}/end"))
    if state == "closed":
        contact = op.ok(
            op.post(
                f"/contacts/{cid}/wrap-up",
                json={"disposition": "consultation_given", "resolved": True},
            )
        )
    if state == "escalated":
        contact = op.ok(
            op.post(
                f"/contacts/{cid}/escalate",
                json={"target": "line2", "agency": "СФР", "reason": "нужны ПД"},
            )
        )
    return contact
