"""The event-driven queue view keeps exactly what GET /queue would list for the user."""

from __future__ import annotations

from typing import Any

from operator_app.services.queue_state import QueueState

OP1 = {
    "id": 1,
    "role": "operator",
    "line": 1,
    "agency": None,
    "region": None,
    "categories": None,
    "languages": ["ru"],
}
SFR_MSK = {
    "id": 6,
    "role": "operator",
    "line": 2,
    "agency": "СФР",
    "region": "Москва",
    "categories": None,
    "languages": ["ru"],
}


def summary(**fields: Any) -> dict[str, Any]:
    base = {
        "id": 10,
        "number": "2611-0000010",
        "state": "queued",
        "channel": "email",
        "category": "pensions",
        "priority": "normal",
        "queue": "line1",
        "language": "ru",
        "queued_at": "2026-11-22T05:00:00Z",
        "caller": {},
    }
    return {**base, **fields}


def event(**fields: Any) -> dict[str, Any]:
    contact = summary(**fields)
    return {
        "id": contact["id"],
        "number": contact["number"],
        "state": contact["state"],
        "contact": contact,
    }


def test_own_escalation_leaves_the_first_line_view() -> None:
    view = QueueState(1, "operator", OP1)
    assert view.apply(1, "contact.created", event()) is not None
    assert [c.id for c in view.items()] == [10]
    view.apply(2, "contact.accepted", event(state="in_progress", owner_id=1))
    assert view.items() == []
    escalated = event(state="escalated", queue="line2", target_agency="СФР", target_region="Москва")
    assert view.apply(3, "contact.escalated", escalated) is None
    assert view.items() == []
    specialist = QueueState(6, "operator", SFR_MSK)
    specialist.apply(3, "contact.escalated", escalated)
    assert [c.id for c in specialist.items()] == [10]


def test_transfer_to_me_and_languages() -> None:
    view = QueueState(1, "operator", OP1)
    view.apply(1, "contact.created", event(language="en"))
    assert view.items() == []
    view.apply(
        2, "contact.transferred", event(language="en", state="transferred", target_user_id=1)
    )
    assert [c.id for c in view.items()] == [10]
