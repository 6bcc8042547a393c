"""The supervisor's board kept live from the event stream (domain.board.OperatorBoard): state
and contact events move rows at once, and a read of the board that was in flight while events
arrived is brought forward by replaying them."""

from __future__ import annotations

from typing import Any

from operator_app.domain.board import OperatorBoard, OperatorRow


def row(user_id: int, **kw: Any) -> OperatorRow:
    wire = {"id": user_id, "username": f"op{user_id}", "state": "ready", "since": None} | kw
    return OperatorRow.from_wire(wire)


def contact(cid: int, state: str, owner: int | None) -> dict[str, Any]:
    return {"id": cid, "number": f"N-{cid}", "channel": "chat", "state": state, "owner_id": owner}


def test_a_state_event_moves_the_operator_s_row_at_once() -> None:
    board = OperatorBoard()
    board.reset((row(1), row(2)), as_of=10)
    changed = board.apply(
        11, "operator.state", {"user_id": 2, "state": "break", "reason": "lunch", "since": None}
    )
    assert changed == {2}
    assert board.rows[2].state == "break" and board.rows[2].reason == "lunch"
    assert board.rows[1].state == "ready"
    # an event the last read already reflects changes nothing
    assert board.apply(9, "operator.state", {"user_id": 1, "state": "offline"}) == set()
    assert board.rows[1].state == "ready"


def test_a_contact_goes_into_its_owner_s_hands_and_out_at_closing() -> None:
    board = OperatorBoard()
    board.reset((row(1, handled_today=4), row(2)), as_of=0)
    assert board.apply(1, "contact.created", contact(7, "queued", None)) == set()
    assert board.apply(2, "contact.accepted", contact(7, "in_progress", 1)) == {1}
    assert board.rows[1].contacts == ((7, "N-7", "chat"),)
    # a transfer: out of op1's hands, into op2's
    assert board.apply(3, "contact.transferred", contact(7, "in_progress", 2)) == {1, 2}
    assert not board.rows[1].contacts and board.rows[2].contacts == ((7, "N-7", "chat"),)
    board.apply(4, "contact.ended", contact(7, "wrap_up", 2))
    assert board.rows[2].contacts == ((7, "N-7", "chat"),)
    assert board.apply(5, "contact.closed", contact(7, "closed", 2)) == {2}
    assert not board.rows[2].contacts and board.rows[2].handled_today == 1
    assert board.rows[1].handled_today == 4


def test_a_read_in_flight_is_brought_forward_by_the_events_after_it() -> None:
    board = OperatorBoard()
    board.reset((row(1), row(2)), as_of=100)
    board.apply(101, "operator.state", {"user_id": 1, "state": "in_contact"})
    board.apply(102, "contact.accepted", contact(9, "in_progress", 1))
    board.apply(103, "operator.state", {"user_id": 2, "state": "not_ready"})
    # the read began before event 102 committed: it has op1 in contact but no contact yet,
    # and op2 still ready
    late = (row(1, state="in_contact"), row(2))
    board.reset(late, as_of=101)
    assert board.rows[1].contacts == ((9, "N-9", "chat"),)
    assert board.rows[2].state == "not_ready"
    # a read that already has everything is taken as it is
    board.reset((row(1, state="wrap_up"), row(2, state="not_ready")), as_of=103)
    assert board.rows[1].state == "wrap_up" and not board.rows[1].contacts


def test_events_about_unknown_operators_or_without_an_owner_are_ignored() -> None:
    board = OperatorBoard()
    board.reset((row(1),), as_of=0)
    assert board.apply(1, "operator.state", {"user_id": 99, "state": "ready"}) == set()
    assert board.apply(2, "contact.accepted", contact(5, "in_progress", 99)) == set()
    assert board.apply(3, "contact.message", {"id": 5, "message": {"text": "…"}}) == set()
    assert board.rows[1] == row(1)
