"""Which followers a batch of events wakes: everyone for a shared event, else its users."""

from __future__ import annotations

from routing_api.events import Event, recipients


def event(scope: str, *, user_id: int | None = None, audience: tuple[int, ...] = ()) -> Event:
    return Event(
        id=1,
        type="x",
        scope=scope,
        user_id=user_id,
        audience=frozenset(audience),
        queue="line1",
        line_agency=None,
        line_region=None,
        category="pensions",
        language="ru",
        frame=b"",
    )


def test_an_event_for_some_wakes_them_only() -> None:
    batch = [
        event("operator", user_id=7),
        event("push_queue", audience=(8,)),
        event("contact", audience=(9, 10)),
        event("supervisor"),  # supervisors see every batch anyway
    ]
    assert recipients(batch) == frozenset({7, 8, 9, 10})
    assert recipients([event("supervisor")]) == frozenset()


def test_an_event_any_operator_may_see_wakes_everyone() -> None:
    # a contact one may take from the queue, a team message: `visible` decides per stream
    assert recipients([event("operator", user_id=7), event("queue")]) is None
    assert recipients([event("staff")]) is None
    assert recipients([event("something new")]) is None
