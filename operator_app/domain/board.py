"""Monitor mode's rows (DESIGN §6, §8): an operator on the board, an alarm, and the board of
operators kept live from the event stream. Plain data."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from operator_app.domain.contacts import parse_time


@dataclass(frozen=True)
class OperatorRow:
    id: int
    username: str
    full_name: str
    line: int | None
    agency: str | None
    region: str | None
    state: str
    reason: str | None
    since: datetime | None
    next_state: str | None
    #: the contacts in hand: (id, number, channel)
    contacts: tuple[tuple[int, str, str], ...]
    handled_today: int
    aht_s: float | None

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> OperatorRow:
        return cls(
            id=int(data["id"]),
            username=str(data["username"]),
            full_name=str(data.get("full_name") or ""),
            line=data.get("line"),
            agency=data.get("agency"),
            region=data.get("region"),
            state=str(data.get("state") or "offline"),
            reason=data.get("reason"),
            since=parse_time(data.get("since")),
            next_state=data.get("next_state"),
            contacts=tuple(
                (int(c["id"]), str(c.get("number") or ""), str(c.get("channel") or ""))
                for c in data.get("contacts") or ()
            ),
            handled_today=int(data.get("handled_today") or 0),
            aht_s=data.get("aht_s"),
        )


@dataclass(frozen=True)
class Alarm:
    id: int
    at: datetime | None
    kind: str
    severity: str
    name_ru: str
    name_en: str
    contact_id: int | None
    user_id: int | None
    details: dict[str, Any]
    acknowledged_at: datetime | None

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Alarm:
        return cls(
            id=int(data["id"]),
            at=parse_time(data.get("at")),
            kind=str(data["kind"]),
            severity=str(data.get("severity") or "medium"),
            name_ru=str(data.get("name_ru") or data["kind"]),
            name_en=str(data.get("name_en") or data["kind"]),
            contact_id=data.get("contact_id"),
            user_id=data.get("user_id"),
            details=dict(data.get("details") or {}),
            acknowledged_at=parse_time(data.get("acknowledged_at")),
        )


@dataclass(frozen=True)
class BoardSnapshot:
    """One read of the board: KPIs, every operator, the open alarms and the work mode.

    `as_of` is the id of the last event the operators' rows reflect (they were read in one
    transaction with it): events after it are applied on top (OperatorBoard.reset)."""

    kpis: dict[str, Any]
    operators: tuple[OperatorRow, ...]
    alarms: tuple[Alarm, ...]
    work_mode: str
    as_of: int = 0


#: a contact in these states is in its owner's hands (the board's «Обращение» column)
HELD_STATES = frozenset({"in_progress", "on_hold", "wrap_up"})
#: events kept for replay over a snapshot read while they arrived
REPLAY_KEEP = 5000


class OperatorBoard:
    """Every operator's row, kept live from the event stream between reads of the board.

    A read of the board (every few seconds) brings the figures only the server can count
    (handled today, AHT); between reads `operator.state` events move an operator's state at
    once, and contact events move a contact into and out of its owner's hands. A read that
    was in flight while events arrived is brought forward by replaying the events after its
    `as_of` id, so a slow read never takes the board back in time.
    """

    def __init__(self) -> None:
        self.rows: dict[int, OperatorRow] = {}
        self.as_of = 0
        #: contact id -> the operator holding it
        self._holder: dict[int, int] = {}
        self._recent: deque[tuple[int, str, dict[str, Any]]] = deque(maxlen=REPLAY_KEEP)

    def reset(self, rows: tuple[OperatorRow, ...], as_of: int) -> None:
        """Take a read of the board, then replay what happened after it."""
        self.rows = {r.id: r for r in rows}
        self._holder = {c[0]: r.id for r in rows for c in r.contacts}
        self.as_of = as_of
        for event_id, type_, data in list(self._recent):
            if event_id > as_of:
                self._apply(type_, data)

    def apply(self, event_id: int, type_: str, data: dict[str, Any]) -> set[int]:
        """One event of the stream; the ids of the operators whose row changed."""
        if event_id:
            if event_id <= self.as_of:
                return set()  # the last read already has it
            self._recent.append((event_id, type_, data))
        return self._apply(type_, data)

    def _apply(self, type_: str, data: dict[str, Any]) -> set[int]:
        if type_ == "operator.state":
            return self._state(data)
        if type_.startswith("contact.") and "owner_id" in data:
            return self._contact(type_, data)
        return set()

    def _state(self, data: dict[str, Any]) -> set[int]:
        user_id = data.get("user_id")
        row = self.rows.get(int(user_id)) if user_id is not None else None
        if row is None:
            return set()
        new = replace(
            row,
            state=str(data.get("state") or "offline"),
            reason=data.get("reason"),
            since=parse_time(data.get("since")),
            next_state=data.get("next_state"),
        )
        if new == row:
            return set()
        self.rows[row.id] = new
        return {row.id}

    def _contact(self, type_: str, data: dict[str, Any]) -> set[int]:
        contact_id = int(data["id"])
        owner = data.get("owner_id")
        state = str(data.get("state") or "")
        changed: set[int] = set()
        before = self._holder.get(contact_id)
        holder = int(owner) if owner is not None and state in HELD_STATES else None
        if before is not None and before != holder:
            self._drop(before, contact_id)
            changed.add(before)
        if holder is not None and holder in self.rows and before != holder:
            row = self.rows[holder]
            entry = (contact_id, str(data.get("number") or ""), str(data.get("channel") or ""))
            self.rows[holder] = replace(row, contacts=(*row.contacts, entry))
            self._holder[contact_id] = holder
            changed.add(holder)
        if type_ == "contact.closed" and owner is not None and int(owner) in self.rows:
            # handled today counts wrap-ups, as the server does; AHT waits for the next read
            row = self.rows[int(owner)]
            self.rows[row.id] = replace(row, handled_today=row.handled_today + 1)
            changed.add(row.id)
        return changed

    def _drop(self, user_id: int, contact_id: int) -> None:
        self._holder.pop(contact_id, None)
        row = self.rows.get(user_id)
        if row is not None:
            kept = tuple(c for c in row.contacts if c[0] != contact_id)
            self.rows[user_id] = replace(row, contacts=kept)
