"""QueueState's rules for folding contact events into the operator's and supervisor's view."""

from __future__ import annotations

from typing import Any

from operator_app.domain.contacts import ContactState
from operator_app.services.queue_state import QueueState


def summary(cid: int, state: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "number": f"N-{cid}",
        "state": state,
        "channel": "email",
        "category": "pensions",
        "priority": "normal",
        "queue": "line1",
        "offered_to": None,
        "queued_at": f"2024-05-01T10:00:{cid:02d}Z",
        "caller": {"name": None, "phone_masked": "+7 *** ***-45-45"},
        **fields,
    }


def event(cid: int, state: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "number": f"N-{cid}",
        "state": state,
        "contact": summary(cid, state, **fields),
    }


def test_events_at_or_below_the_snapshot_cursor_are_ignored() -> None:
    view = QueueState(user_id=7, role="operator")
    change = view.reset([summary(1, "queued")], cursor=10)
    assert change.reset and [c.id for c in change.upserted] == [1]
    assert view.apply(10, "contact.abandoned", event(1, "abandoned")) is None
    assert view.get(1) is not None
    removed = view.apply(11, "contact.abandoned", event(1, "abandoned"))
    assert removed is not None and removed.removed == (1,)
    assert view.items() == [] and view.cursor == 11


def test_an_operator_sees_waiting_contacts_and_offers_to_itself_only() -> None:
    view = QueueState(user_id=7, role="operator")
    for n, state in enumerate(("queued", "escalated", "transferred"), start=1):
        assert view.apply(n, "contact.x", event(n, state)) is not None
    mine = view.apply(4, "contact.offered", event(4, "offered", offered_to=7))
    assert mine is not None and mine.upserted[0].offered_to_user(7)
    assert view.apply(5, "contact.offered", event(5, "offered", offered_to=8)) is None
    assert view.apply(6, "contact.offered", event(1, "offered", offered_to=8)) is not None
    assert [c.id for c in view.items()] == [2, 3, 4]
    # nothing changed: no notification
    assert view.apply(7, "contact.updated", event(2, "escalated")) is None
    assert view.apply(8, "operator.state", {"state": "ready"}) is None


def test_a_supervisor_sees_offers_to_anyone() -> None:
    view = QueueState(user_id=1, role="supervisor")
    view.apply(1, "contact.offered", event(5, "offered", offered_to=8))
    assert [c.state for c in view.items()] == [ContactState.OFFERED]
    view.apply(2, "contact.accepted", event(5, "in_progress", owner_id=8))
    assert view.items() == []


def test_pullable_and_order_follow_the_server() -> None:
    view = QueueState(user_id=7, role="operator")
    view.apply(1, "contact.created", event(1, "queued", channel="email"))
    view.apply(
        2,
        "contact.transferred",
        event(2, "transferred", priority="critical", target_user_id=7, channel="chat"),
    )
    view.apply(3, "contact.escalated", event(3, "escalated", queue="line2"))
    view.apply(4, "contact.offered", event(4, "offered", offered_to=7, channel="email"))
    items = view.items()
    assert [c.id for c in items] == [2, 1, 3, 4]
    assert {c.id: c.pullable for c in items} == {1: True, 2: False, 3: True, 4: False}


def test_a_first_line_call_or_chat_is_listed_only_while_offered_to_the_operator() -> None:
    """Routing offers calls and chats; waiting, they are in the operator's summary. An offer
    that expires sends the call back to the queue and out of the list."""
    view = QueueState(user_id=7, role="operator")
    assert view.apply(1, "contact.created", event(1, "queued", channel="voice")) is None
    offered = view.apply(2, "contact.offered", event(1, "offered", channel="voice", offered_to=7))
    assert offered is not None and [c.id for c in view.items()] == [1]
    back = view.apply(3, "contact.offer_expired", event(1, "queued", channel="voice"))
    assert back is not None and back.removed == (1,)
    assert view.apply(4, "contact.created", event(2, "queued", channel="chat")) is None
    # transferred to this operator by name: its own, listed
    assert view.apply(5, "contact.transferred", event(3, "transferred", target_user_id=7))
    assert [c.id for c in view.items()] == [3]
    supervisor = QueueState(user_id=1, role="supervisor")
    supervisor.apply(1, "contact.created", event(1, "queued", channel="voice"))
    assert [c.id for c in supervisor.items()] == [1]


def test_an_unreadable_summary_is_ignored_not_raised() -> None:
    view = QueueState(user_id=7, role="operator")
    assert view.apply(1, "contact.created", {"contact": {"id": 1, "state": "bogus"}}) is None
    assert view.items() == []
