"""Monitor mode's rows (DESIGN §6, §8): an operator on the board, an alarm. Plain data."""

from __future__ import annotations

from dataclasses import dataclass
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
    """One read of the board: KPIs, every operator, the open alarms and the work mode."""

    kpis: dict[str, Any]
    operators: tuple[OperatorRow, ...]
    alarms: tuple[Alarm, ...]
    work_mode: str
