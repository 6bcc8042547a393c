"""The one typed change notification: services publish these, panes subscribe and decide
whether to refresh (as Anki's OpChanges). Delivered to the UI thread by ui/bridge.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from operator_app.domain.contacts import Contact, Message, QueueSummary


class Connection(StrEnum):
    ONLINE = "online"
    CONNECTING = "connecting"
    OFFLINE = "offline"


@dataclass(frozen=True)
class Change:
    """Base of every change notification."""


@dataclass(frozen=True)
class QueueChanged(Change):
    """Contacts entered, changed in, or left the user's queue view."""

    upserted: tuple[Contact, ...] = ()
    removed: tuple[int, ...] = ()
    #: True after a reconciliation: the queue was replaced as a whole
    reset: bool = False


@dataclass(frozen=True)
class QueueSummaryChanged(Change):
    """The first line's waiting calls and chats, as a first-line operator sees them."""

    summary: QueueSummary


@dataclass(frozen=True)
class ContactChanged(Change):
    """A contact the user works on changed state (offer, accept, hold, end, close…)."""

    contact: Contact
    event: str = ""


@dataclass(frozen=True)
class MessageReceived(Change):
    contact_id: int
    message: Message


@dataclass(frozen=True)
class OperatorStateChanged(Change):
    state: str
    reason: str | None
    next_state: str | None = None
    since: str | None = None
    #: when after-contact work ends (ISO time), while the state is wrap_up
    acw_until: str | None = None


@dataclass(frozen=True)
class ConnectionChanged(Change):
    state: Connection
    detail: str = ""


@dataclass(frozen=True)
class KbChanged(Change):
    """The local expert system changed (sync delta applied); ids of changed articles."""

    changed: tuple[str, ...] = ()
    total: int = 0


@dataclass(frozen=True)
class KbSyncProgress(Change):
    """A KB sync is pulling the change feed: changes applied so far, of `total` (None: not
    known yet); `finished` once the local copy and the search index are up to date."""

    done: int = 0
    total: int | None = None
    finished: bool = False


@dataclass(frozen=True)
class OutboxChanged(Change):
    pending: int
    failed: int = 0


@dataclass(frozen=True)
class WorkModeChanged(Change):
    mode: str


@dataclass(frozen=True)
class ServerEvent(Change):
    """Any event of the stream the services did not turn into a specific change."""

    type: str
    data: dict[str, Any] = field(default_factory=dict)
    #: the event's id in the server's log (0 where a change was not one event)
    event_id: int = 0
