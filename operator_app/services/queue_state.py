"""The user's queue view, kept from a GET /queue snapshot plus the event stream."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from operator_app.domain.changes import QueueChanged
from operator_app.domain.contacts import WAITING, Contact, ContactState
from operator_app.domain.skills import serves

log = logging.getLogger("services")

#: channels an operator may take from the queue (the others are offered)
PULL_CHANNELS = frozenset({"email", "web_form", "callback", "outbound"})
PULL_QUEUES = frozenset({"line2", "supervisor"})
#: channels routing offers; waiting in the first line they are summarised, not listed
PUSH_CHANNELS = frozenset({"voice", "chat"})
PRIORITY_RANK = {"critical": 0, "high": 1, "normal": 2}


def sort_key(contact: Contact) -> tuple[int, float, int]:
    """The server's queue order: priority, then longest waiting, then id."""
    waited = contact.queued_at.timestamp() if contact.queued_at is not None else float("inf")
    return PRIORITY_RANK.get(contact.priority, len(PRIORITY_RANK)), waited, contact.id


class QueueState:
    """Contacts waiting for this user's skills or offered to it (to anyone, for a supervisor).

    An operator's list leaves out the first line's waiting calls and chats (routing offers
    them; the server's `queue.summary` counts them), as GET /queue does.

    Thread-safe: the stream thread applies events while a reconcile may reset the view. An
    event at or below the cursor of the last snapshot (or already applied) is ignored.
    """

    def __init__(self, user_id: int, role: str, user: Mapping[str, Any] | None = None) -> None:
        self.user_id = user_id
        self.role = role
        #: the user's skills (the login reply); without them every waiting contact is in view
        self.user = user
        self._items: dict[int, Contact] = {}
        self._cursor = 0
        self._lock = threading.Lock()

    @property
    def cursor(self) -> int:
        """The id of the last event the view reflects."""
        return self._cursor

    def reset(self, items: list[dict[str, Any]], cursor: int) -> QueueChanged:
        """Replace the view with a GET /queue snapshot taken at event `cursor`."""
        contacts = {c.id: c for c in (Contact.from_wire(item) for item in items)}
        with self._lock:
            self._items = contacts
            self._cursor = cursor
            ordered = sorted(contacts.values(), key=sort_key)
        return QueueChanged(upserted=tuple(ordered), reset=True)

    def apply(self, event_id: int, type_: str, data: dict[str, Any]) -> QueueChanged | None:
        """Fold one event into the view; what changed, or None if the view did not."""
        summary = data.get("contact")
        if not type_.startswith("contact.") or not isinstance(summary, dict):
            return None
        try:
            contact = Contact.from_wire({**summary, "pullable": _pullable(summary)})
        except (KeyError, TypeError, ValueError):
            log.warning("event %d (%s): unreadable contact summary ignored", event_id, type_)
            return None
        with self._lock:
            if event_id <= self._cursor:
                return None
            self._cursor = event_id
            if self._in_view(contact):
                if self._items.get(contact.id) == contact:
                    return None
                self._items[contact.id] = contact
                return QueueChanged(upserted=(contact,))
            if self._items.pop(contact.id, None) is None:
                return None
            return QueueChanged(removed=(contact.id,))

    def items(self) -> list[Contact]:
        with self._lock:
            return sorted(self._items.values(), key=sort_key)

    def get(self, contact_id: int) -> Contact | None:
        with self._lock:
            return self._items.get(contact_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def _in_view(self, contact: Contact) -> bool:
        if contact.state in WAITING:
            if contact.target_user_id == self.user_id:
                return True  # transferred or reassigned to this user
            if self.role != "supervisor" and _push_queued(contact):
                # offered, never taken: in the operator's queue summary, not in its list (an
                # offer that expired comes back here and must leave the list)
                return False
            # in an operator's queue: what its skills serve
            return self.user is None or serves(self.user, contact)
        if contact.state is ContactState.OFFERED:
            return self.role == "supervisor" or contact.offered_to == self.user_id
        return False


def _push_queued(contact: Contact) -> bool:
    """A first-line call or chat (as the server's `events.push_queued`)."""
    return contact.queue == "line1" and contact.channel in PUSH_CHANNELS


def _pullable(summary: dict[str, Any]) -> bool:
    """As the server computes it for GET /queue: waiting, and a channel or queue one may take."""
    return summary.get("state") in WAITING and (
        summary.get("channel") in PULL_CHANNELS or summary.get("queue") in PULL_QUEUES
    )
