"""Contacts as the workstation sees them (the routing API's wire format, typed)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class ContactState(StrEnum):
    QUEUED = "queued"
    OFFERED = "offered"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    WRAP_UP = "wrap_up"
    CLOSED = "closed"
    ESCALATED = "escalated"
    TRANSFERRED = "transferred"
    CALLBACK_SCHEDULED = "callback_scheduled"
    REDIRECTED = "redirected"
    ABANDONED = "abandoned"


#: states in which a contact sits in a queue view
WAITING = frozenset({ContactState.QUEUED, ContactState.ESCALATED, ContactState.TRANSFERRED})
ACTIVE = frozenset({ContactState.IN_PROGRESS, ContactState.ON_HOLD})
FINISHED = frozenset({ContactState.CLOSED, ContactState.ABANDONED, ContactState.REDIRECTED})


def parse_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Contact:
    """One contact's summary: what a queue row, a tab title or an event carries."""

    id: int
    number: str
    state: ContactState
    channel: str
    category: str
    priority: str
    region: str | None
    queue: str
    owner_id: int | None
    offered_to: int | None
    queued_at: datetime | None
    offer_expires_at: datetime | None
    due_at: datetime | None
    caller_name: str | None
    phone_masked: str | None
    subject: str | None
    target_agency: str | None = None
    target_region: str | None = None
    disposition: str | None = None
    pullable: bool = False
    language: str = "ru"
    target_user_id: int | None = None
    #: a task past its due time, as the server judged it (its clock, its `contact.overdue`)
    overdue: bool = False

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Contact:
        caller = data.get("caller") or {}
        return cls(
            id=int(data["id"]),
            number=str(data["number"]),
            state=ContactState(data["state"]),
            channel=str(data["channel"]),
            category=str(data["category"]),
            priority=str(data.get("priority") or "normal"),
            region=data.get("region"),
            queue=str(data.get("queue") or "line1"),
            owner_id=data.get("owner_id"),
            offered_to=data.get("offered_to"),
            queued_at=parse_time(data.get("queued_at")),
            offer_expires_at=parse_time(data.get("offer_expires_at")),
            due_at=parse_time(data.get("due_at")),
            caller_name=caller.get("name"),
            phone_masked=caller.get("phone_masked"),
            subject=data.get("subject"),
            target_agency=data.get("target_agency"),
            target_region=data.get("target_region"),
            disposition=data.get("disposition"),
            pullable=bool(data.get("pullable", False)),
            language=str(data.get("language") or "ru"),
            target_user_id=data.get("target_user_id"),
            overdue=bool(data.get("overdue", False)),
        )

    def with_state(self, state: ContactState) -> Contact:
        return replace(self, state=state)

    def is_overdue(self, now: datetime) -> bool:
        """Past its due time: as the server said, or by the local clock meanwhile."""
        return self.due_at is not None and (self.overdue or self.due_at < now)

    def offered_to_user(self, user_id: int) -> bool:
        return self.state is ContactState.OFFERED and self.offered_to == user_id


@dataclass(frozen=True)
class WaitingChannel:
    """One channel's line in the queue summary."""

    channel: str
    waiting: int
    oldest_queued_at: datetime | None


@dataclass(frozen=True)
class QueueSummary:
    """The first line's waiting calls and chats that a first-line operator's skills serve.

    Routing offers those one by one; the operator sees how many wait and since when
    (the server's `queue.summary`), not each of them.
    """

    waiting: int
    oldest_queued_at: datetime | None
    channels: tuple[WaitingChannel, ...]

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> QueueSummary:
        """Raises KeyError, TypeError or ValueError on a malformed summary."""
        channels = tuple(
            WaitingChannel(
                channel=str(c["channel"]),
                waiting=int(c["waiting"]),
                oldest_queued_at=parse_time(c.get("oldest_queued_at")),
            )
            for c in data["channels"]
        )
        return cls(
            waiting=int(data["waiting"]),
            oldest_queued_at=parse_time(data.get("oldest_queued_at")),
            channels=channels,
        )


@dataclass(frozen=True)
class Message:
    """A chat / e-mail message in a contact's transcript."""

    sender: str  # citizen | bot | operator
    text: str
    at: datetime | None
