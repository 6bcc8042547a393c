"""The first line's pushed queue as first-line operators see it: how many wait, and since when.

Calls and chats waiting for the first line are offered by routing; an operator cannot take
one from the queue, only see how long the queue is. At the ЕКЦ's peak 600 operators watched
every one of those contacts arrive and leave (each change an event to each of them: 18,000
frames a second at 10 arrivals a second), which cost the server and every workstation more
than all their own work. So those contacts' events go only to whom they concern (the operator
offered one, supervisors, the gateway; see `events.contact_event`), and each first-line
operator gets this summary instead: per channel, how many contacts its skills serve are
waiting and the oldest one's queue time. It is read once a second per process and sent on
the event stream as an id-less `queue.summary` frame when it changed for that operator; a
stream opens with the latest one, and GET /queue carries it too, so a view starts from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api.auth import User
from routing_api.db.schema import contacts
from routing_api.events import WAITING_STATES, serves_queue
from routing_api.timefmt import iso

#: the queue whose calls and chats are pushed to operators and summarised for them
PUSH_QUEUE = "line1"
#: the channels summarised, in the order a workstation shows them
CHANNELS = ("voice", "chat")


@dataclass(frozen=True)
class Group:
    """Waiting pushed contacts of one channel, category and language."""

    channel: str
    category: str
    language: str
    waiting: int
    oldest_queued_at: float


def read_groups(conn: Connection) -> tuple[Group, ...]:
    """The first line's waiting calls and chats, grouped as operators' skills divide them.

    A contact transferred to one operator is in that operator's own view, not here.
    """
    rows = conn.execute(
        sa.select(
            contacts.c.channel,
            contacts.c.category,
            contacts.c.language,
            sa.func.count().label("waiting"),
            sa.func.min(contacts.c.queued_at).label("oldest"),
        )
        .where(
            contacts.c.state.in_(WAITING_STATES),
            contacts.c.queue == PUSH_QUEUE,
            contacts.c.channel.in_(CHANNELS),
            contacts.c.target_user_id.is_(None),
        )
        .group_by(contacts.c.channel, contacts.c.category, contacts.c.language)
    ).all()
    return tuple(
        Group(r.channel, r.category, r.language, int(r.waiting), float(r.oldest)) for r in rows
    )


def receives(user: User) -> bool:
    """Whether the user's view of the pushed queue is this summary (a first-line operator)."""
    return user.role == "operator" and user.line == 1


def profile(user: User) -> tuple[Any, ...]:
    """What of the user decides its summary: users alike share one rendering."""
    categories = None if user.categories is None else tuple(sorted(user.categories))
    return (user.line, categories, tuple(sorted(user.languages)))


def served(groups: Iterable[Group], user: User) -> list[Group]:
    """The groups the user's skills serve."""
    return [g for g in groups if serves_queue(user, PUSH_QUEUE, None, None, g.category, g.language)]


def summarise(groups: Iterable[Group], user: User) -> dict[str, Any]:
    """The summary for one user: the groups its skills serve, per channel and in all."""
    waiting: dict[str, int] = dict.fromkeys(CHANNELS, 0)
    oldest: dict[str, float | None] = dict.fromkeys(CHANNELS, None)
    for g in served(groups, user):
        waiting[g.channel] += g.waiting
        first = oldest[g.channel]
        oldest[g.channel] = g.oldest_queued_at if first is None else min(first, g.oldest_queued_at)
    known = [t for t in oldest.values() if t is not None]
    return {
        "waiting": sum(waiting.values()),
        "oldest_queued_at": iso(min(known)) if known else None,
        "channels": [
            {
                "channel": c,
                "waiting": waiting[c],
                "oldest_queued_at": None if oldest[c] is None else iso(oldest[c]),
            }
            for c in CHANNELS
        ],
    }


class Summaries:
    """This process's latest reading, and each skills profile's frame rendered once from it."""

    def __init__(self) -> None:
        self.groups: tuple[Group, ...] = ()
        #: bumped with every new reading; a stream sends only when its frame changed
        self.version = 0
        self._frames: dict[tuple[Any, ...], bytes] = {}

    def update(self, groups: tuple[Group, ...]) -> None:
        if groups == self.groups and self.version:
            return
        self.groups = groups
        self._frames = {}
        self.version += 1

    def frame(self, user: User) -> bytes:
        """The `queue.summary` SSE frame for the user (no id: a snapshot, not a log entry)."""
        key = profile(user)
        frame = self._frames.get(key)
        if frame is None:
            data = json.dumps(
                summarise(self.groups, user), ensure_ascii=False, separators=(",", ":")
            )
            frame = f"event: queue.summary\ndata: {data}\n\n".encode()
            self._frames[key] = frame
        return frame
