"""The durable, ordered event log: appending, who may see what, and the per-process hub.

Writers append inside their (serialised) transaction, so ids commit in id order. Each
process runs one hub that reads new rows once and fans them out to its SSE followers;
a follower further behind than the hub's memory catches up from the database.

The hub reads after every local commit (`poke`) and polls. On PostgreSQL it also LISTENs on
`ekc_events`: a write transaction that appended events notifies with its highest id (see
`Database.write`), so replicas sharing the database hear of each other's events at once;
while LISTEN is healthy the poll is only a fallback and runs every `listening_poll_s`.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api.auth import User
from routing_api.catalog import PUSH_CHANNELS, VOICE_LIKE
from routing_api.db.engine import EVENTS_MAX_ID, NOTIFY_CHANNEL, Database, inserted_id
from routing_api.db.schema import events
from routing_api.pd import contact_summary
from routing_api.timefmt import iso

log = logging.getLogger("api.events")

#: events that change nothing routing reads (who waits, who is free, skills, the work mode):
#: a write that appended only these (or nothing) skips the routing pass after it
ROUTING_NEUTRAL = frozenset(
    {
        "contact.message",
        "contact.verification",
        "contact.rated",
        "contact.whisper",
        "contact.linked",
        "contact.held",
        "contact.resumed",
        "kpi.changed",
        "team.message",
        "operator.help_requested",
    }
)
#: the connection's info key set when an appended event may change routing's inputs
ROUTING_INPUTS_CHANGED = "routing_inputs_changed"
#: the writes per second the hub's fan-out aims to stay under (see EventHub.gather_s)
FANOUT_WRITES_PER_S = 6000.0
WAITING_STATES = frozenset({"queued", "escalated", "transferred"})
#: states in which a contact is in someone's queue view
QUEUE_STATES = WAITING_STATES | {"offered"}
#: the scope of a waiting first-line call or chat's events: routing offers those, so first-line
#: operators see the queue as a summary (routing_api/queue_summary.py), not contact by contact
PUSH_QUEUE_SCOPE = "push_queue"


#: built once: the values come as parameters (a statement built per call cost more than the
#: insert itself)
_INSERT_EVENT = events.insert()


def append(
    conn: Connection,
    now: float,
    type_: str,
    *,
    scope: str,
    payload: Mapping[Any, Any],
    contact: Mapping[Any, Any] | None = None,
    user_id: int | None = None,
    audience: Iterable[int | None] = (),
    routing_input: bool | None = None,
) -> int:
    """Write one event in the caller's transaction and return its id.

    `routing_input` says whether what the event records could let routing offer something
    that it could not before (work waiting, an operator free): then the write runs a routing
    pass. By default every type but ROUTING_NEUTRAL's may.
    """
    values: dict[str, Any] = {"at": now, "type": type_, "scope": scope, "user_id": user_id}
    body = dict(payload)
    if contact is not None:
        members = {contact["owner_id"], contact["offered_to"], contact["target_user_id"], *audience}
        values.update(
            contact_id=contact["id"],
            audience=sorted(m for m in members if m is not None),
            queue=contact["queue"],
            line_agency=contact["target_agency"],
            line_region=contact["target_region"],
            category=contact["category"],
            language=contact["language"],
        )
        body = {"id": contact["id"], "number": contact["number"], "state": contact["state"], **body}
        body.setdefault("contact", contact_summary(contact, now=now))
    values["payload"] = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    event_id = inserted_id(conn.execute(_INSERT_EVENT, values))
    conn.info["events_appended"] = True
    if routing_input if routing_input is not None else type_ not in ROUTING_NEUTRAL:
        conn.info[ROUTING_INPUTS_CHANGED] = True
    # Database.write notifies the other replicas with the highest id before it commits
    conn.info[EVENTS_MAX_ID] = max(conn.info.get(EVENTS_MAX_ID) or 0, event_id)
    return event_id


def push_queued(contact: Mapping[Any, Any]) -> bool:
    """A first-line call or chat: offered by routing, summarised in operators' queue views."""
    return bool(contact["queue"] == "line1" and contact["channel"] in PUSH_CHANNELS)


def contact_event(
    conn: Connection,
    now: float,
    type_: str,
    contact: Mapping[Any, Any],
    *,
    before: str | None = None,
    audience: Iterable[int | None] = (),
    **extra: Any,
) -> int:
    """A contact event; queue watchers see it when it enters or leaves a queue.

    An offered contact is out of every queue view but its operator's (and supervisors',
    who see everything): an offer taken, offered → in progress, goes to the contact's
    audience, not to the 600 operators whose views it had already left at the offer.
    A first-line call or chat is in no operator's view contact by contact (they are
    offered, never taken): its queue events go to its audience, supervisors and the gateway,
    and first-line operators see such contacts in `queue.summary`.
    """
    in_queue = contact["state"] in WAITING_STATES or (before in WAITING_STATES)
    if not in_queue:
        scope = "contact"
    elif push_queued(contact):
        scope = PUSH_QUEUE_SCOPE
    else:
        scope = "queue"
    return append(
        conn,
        now,
        type_,
        scope=scope,
        payload=extra,
        contact=contact,
        audience=audience,
        routing_input=_opens_routing(type_, contact),
    )


#: a call's events that free no one and queue nothing: it was accepted (its operator had an
#: offer pending, and is on the call now), ended or closed (its operator's own state change
#: says whether they are free); a chat's say the same, but an operator may take more chats
_CALL_NEUTRAL = frozenset({"contact.accepted", "contact.ended", "contact.closed"})


def _opens_routing(type_: str, contact: Mapping[Any, Any]) -> bool | None:
    """Whether a contact's event is a routing input (None: as its type says)."""
    if type_ in _CALL_NEUTRAL and contact["channel"] in VOICE_LIKE:
        return False
    return None


def last_id(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0))).scalar_one())


@dataclass(frozen=True)
class Event:
    """An event row as followers need it, with its SSE frame rendered once."""

    id: int
    type: str
    scope: str
    user_id: int | None
    audience: frozenset[int]
    queue: str | None
    line_agency: str | None
    line_region: str | None
    category: str | None
    language: str | None
    frame: bytes

    @classmethod
    def from_row(cls, row: Any) -> Event:
        frame = f"id: {row.id}\nevent: {row.type}\ndata: {stamped(row.payload, row.at)}\n\n"
        return cls(
            id=row.id,
            type=row.type,
            scope=row.scope,
            user_id=row.user_id,
            audience=frozenset(row.audience or ()),
            queue=row.queue,
            line_agency=row.line_agency,
            line_region=row.line_region,
            category=row.category,
            language=row.language,
            frame=frame.encode(),
        )


def stamped(payload: str, at: float) -> str:
    """The event's data with `at` (when it happened on the server, ISO 8601) added.

    Rendered once per event and process; the stored payload is not changed, and one that
    has an `at` of its own keeps it. The load benchmark measures delivery lag from it.
    """
    try:
        body = json.loads(payload)
    except ValueError:
        return payload
    if not isinstance(body, dict) or "at" in body:
        return payload
    return payload.rstrip()[:-1] + ("," if body else "") + f'"at":"{iso(at)}"}}'


def serves_queue(
    user: User,
    queue: str | None,
    agency: str | None,
    region: str | None,
    category: str | None,
    language: str | None,
) -> bool:
    """Whether the operator's skills cover a contact waiting in `queue` (DESIGN §3.2)."""
    if user.role != "operator":
        return user.role == "supervisor"
    if user.categories is not None and category not in user.categories:
        return False
    if language is not None and language not in user.languages:
        return False
    if queue == "line1":
        return user.line == 1
    if queue == "line2":
        return (
            user.line == 2
            and user.agency == agency
            and (user.region is None or region is None or user.region == region)
        )
    return False


def visible(user: User, event: Event) -> bool:
    """Whether `user` may receive `event` on its stream."""
    if user.role in ("supervisor", "admin"):
        return True
    if user.role == "gateway":
        return event.scope in ("queue", PUSH_QUEUE_SCOPE, "contact")
    if event.scope == "staff":
        return True
    if event.scope == "operator":
        return event.user_id == user.id
    if event.scope in ("queue", PUSH_QUEUE_SCOPE, "contact"):
        if user.id in event.audience:
            return True
        return event.scope == "queue" and serves_queue(
            user, event.queue, event.line_agency, event.line_region, event.category, event.language
        )
    return False


def addressees(event: Event) -> frozenset[int] | None:
    """The users `event` is addressed to (beside those who see everything), or None when it
    may be for any of them (`visible` decides on each stream)."""
    if event.scope == "operator":
        return frozenset(()) if event.user_id is None else frozenset((event.user_id,))
    if event.scope in ("contact", PUSH_QUEUE_SCOPE):
        return event.audience
    if event.scope == "supervisor":
        return frozenset()
    return None  # staff, queue, or a scope this does not know: anyone may see it


def recipients(batch: Iterable[Event]) -> frozenset[int] | None:
    """The users an event of `batch` may be for (beside those who see everything), or None
    when one may be for any of them (`visible` decides on each stream)."""
    users: set[int] = set()
    for event in batch:
        addressed = addressees(event)
        if addressed is None:
            return None
        users.update(addressed)
    return frozenset(users)


def fetch_after(db: Database, after: int, limit: int = 1000) -> list[Event]:
    with db.read() as conn:
        rows = conn.execute(
            sa.select(events).where(events.c.id > after).order_by(events.c.id).limit(limit)
        ).all()
    return [Event.from_row(r) for r in rows]


def head(db: Database) -> int:
    """The id of the newest event committed: where a stream that asks for "from now" starts."""
    with db.read() as conn:
        return last_id(conn)


class EventHub:
    """One per process: reads new events once, keeps recent ones, wakes followers."""

    def __init__(
        self,
        db: Database,
        *,
        keep: int = 20_000,
        poll_s: float = 1.0,
        listening_poll_s: float = 5.0,
        listen_check_s: float = 30.0,
        heartbeat_s: float = 1.0,
        idle_wake_s: float | None = None,
        gather_s: float = 0.02,
    ) -> None:
        self._db = db
        self._keep = keep
        self._poll_s = poll_s
        #: the fallback poll while LISTEN is healthy (PostgreSQL)
        self._listening_poll_s = listening_poll_s
        #: how often an idle LISTEN connection is checked with a query
        self._listen_check_s = listen_check_s
        #: how often the heartbeat runs, and how long a follower must have had nothing before
        #: it wakes it (its chance to send a keep-alive); by default every beat wakes everyone
        self._heartbeat_s = heartbeat_s
        self._idle_wake_s = heartbeat_s if idle_wake_s is None else idle_wake_s
        #: the shortest time between two reads of the log (see `run`)
        self._gather_s = gather_s
        #: whether the LISTEN connection is up (PostgreSQL); polling falls back to poll_s if not
        self.listening = False
        #: the highest event id a notification announced
        self.notified_id = 0
        self._events: list[Event] = []
        self._ids: list[int] = []
        #: the same events indexed for the followers who see only their own: each user's
        #: (contact, queue-summary and operator events addressed to them), and those anyone
        #: may see (`addressees` None: staff, queue); with 600 streams each picking its few
        #: out of every batch, filtering the whole batch on every stream cost more than the
        #: rest of the fan-out
        self._addressed: dict[int, list[Event]] = {}
        self._broad: list[Event] = []
        #: every event with an id above this is in memory
        self._base = 0
        self.last_id = 0
        self._wake = asyncio.Event()
        #: each following stream's wake-up, with when it was last handed something, a batch
        #: or a heartbeat (loop time; the heartbeat wakes only those quiet for a while); no
        #: lock involved, so a follower cancelled mid-wait (its client went away) leaves
        #: nothing held behind
        self._waiters: dict[asyncio.Event, float] = {}
        #: whose events wake them: the wake-ups of the streams that see only their own, by
        #: user, and of those that see every batch (a supervisor's, the gateway's)
        self._by_user: dict[int, set[asyncio.Event]] = {}
        self._sees_all: set[asyncio.Event] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        #: streams following now
        self.followers = 0
        #: followers the last read of the log woke (each will write to its stream)
        self.woken = 0
        self._poke_pending = False

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        with self._db.read() as conn:
            self.last_id = self._base = last_id(conn)

    def poke(self) -> None:
        """Tell the hub new events were committed (callable from any thread).

        One wake-up pending at a time: under load dozens of commits a second each wrote to the
        loop's self-pipe (a syscall, and the GIL given up and fought for again by every
        writer thread). A commit that finds a wake-up pending needs none of its own: that
        wake-up runs after the commit, and the hub reads everything committed by then."""
        if self._poke_pending or self._loop is None or self._loop.is_closed():
            return
        self._poke_pending = True
        self._loop.call_soon_threadsafe(self._poked)

    def _poked(self) -> None:
        self._poke_pending = False
        self._wake.set()

    @property
    def can_listen(self) -> bool:
        """Whether the database can tell this hub about other processes' commits."""
        return not self._db.is_sqlite

    async def run(self) -> None:
        """Read new events whenever poked, and at least every poll_s (other processes).

        At most one read per gather_s: an event after a quiet spell goes out at once, while
        under load the events committed in the meantime go out together. Every read that
        finds something wakes every follower and costs each stream a write, so with hundreds
        of streams the number of reads, not of events, is what the process pays for.
        """
        loop = asyncio.get_running_loop()
        while not self.closed:
            timeout = self._listening_poll_s if self.listening else self._poll_s
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=timeout)
            self._wake.clear()
            began = loop.time()
            try:
                await self._pull()
            except Exception:  # keep following; the next poll retries
                log.exception("reading the event log failed")
            rest = self.gather_s() - (loop.time() - began)
            if rest > 0 and not self.closed:
                await asyncio.sleep(rest)

    async def listen(self) -> None:
        """LISTEN on PostgreSQL and wake the hub on every notification; reconnect when dropped.

        Runs until the hub closes (or the task is cancelled). While the connection is down the
        hub polls every poll_s; after every (re)connect it reads once, in case it missed
        something in between.
        """
        import psycopg

        params = self._db.listener_connect_args()
        delay = 0.5
        while not self.closed:
            started = time.monotonic()
            try:
                conn = await psycopg.AsyncConnection.connect(autocommit=True, **params)
                try:
                    await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.listening = True
                    log.info("listening for events on %s", NOTIFY_CHANNEL)
                    self._wake.set()
                    while not self.closed:
                        async for note in conn.notifies(timeout=self._listen_check_s):
                            self._notified(note.payload)
                        await conn.execute("SELECT 1")  # is the connection still alive?
                finally:
                    self.listening = False
                    with contextlib.suppress(Exception):
                        await conn.close()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if self.closed:
                    return
                log.warning(
                    "LISTEN %s failed (%s: %s); polling every %.1f s, retrying in %.1f s",
                    NOTIFY_CHANNEL,
                    type(exc).__name__,
                    exc,
                    self._poll_s,
                    delay,
                )
            if self.closed:
                return
            if time.monotonic() - started > 60:
                delay = 0.5  # it had been up for a while: retry quickly
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)

    def _notified(self, payload: str) -> None:
        try:
            announced = int(payload)
        except ValueError:
            announced = 0
        self.notified_id = max(self.notified_id, announced)
        if announced == 0 or announced > self.last_id:
            self._wake.set()

    async def _pull(self) -> None:
        while True:
            batch = await asyncio.to_thread(fetch_after, self._db, self.last_id)
            if not batch:
                return
            self._keep_in_memory(batch)
            self.woken = self.announce(recipients(batch))
            if len(batch) < 1000:
                return

    def _keep_in_memory(self, batch: list[Event]) -> None:
        self._events.extend(batch)
        self._ids.extend(e.id for e in batch)
        for event in batch:
            addressed = addressees(event)
            if addressed is None:
                self._broad.append(event)
            else:
                for user in addressed:
                    self._addressed.setdefault(user, []).append(event)
        self.last_id = batch[-1].id
        if len(self._events) > 2 * self._keep:
            cut = len(self._events) - self._keep
            self._base = self._ids[cut - 1]
            del self._events[:cut], self._ids[:cut]
            _drop_through(self._broad, self._base)
            for user, kept in list(self._addressed.items()):
                _drop_through(kept, self._base)
                if not kept:
                    del self._addressed[user]

    async def beat(self) -> None:
        """Each heartbeat_s, wake the followers handed nothing for idle_wake_s, so idle
        streams can send their keep-alive.

        One shared timer instead of a timeout per follower: with hundreds of streams,
        `asyncio.wait_for` around every wait (a task and a timer each time) cost more than
        delivering the events did. Only the quiet ones: waking all 600 streams every second
        to find that none was due a keep-alive held the loop (and every answer it was about
        to send) for tens of milliseconds at a time.
        """
        loop = asyncio.get_running_loop()
        while not self.closed:
            await asyncio.sleep(self._heartbeat_s)
            due = loop.time() - self._idle_wake_s
            for waiter, handed_at in self._waiters.items():
                if handed_at <= due and not waiter.is_set():
                    waiter.set()

    def request_close(self) -> None:
        """End every follower soon (from a signal handler on the loop's thread)."""
        self.closed = True
        if self._loop is not None and not self._loop.is_closed():
            self._loop.create_task(self.close())

    async def close(self) -> None:
        self.closed = True
        self.announce()

    def announce(self, users: frozenset[int] | None = None) -> int:
        """Wake the followers waiting for news: every one, or (`users` given) those who may see
        an event of theirs and those who see every event. Returns how many were woken.

        A follower left asleep loses nothing: its cursor stays, and the next wake-up (at the
        latest the heartbeat) hands it everything since that may be its user's (`follow`),
        which its stream filters.
        """
        if users is None:
            waiters: Iterable[asyncio.Event] = self._waiters
        else:
            waiters = [*self._sees_all]
            for user in users:
                waiters.extend(self._by_user.get(user, ()))
        woken = 0
        for waiter in waiters:
            if not waiter.is_set():
                waiter.set()
                woken += 1
        return woken

    async def follow(self, after: int, user_id: int | None = None) -> AsyncIterator[list[Event]]:
        """Yield batches of events with ids above `after`, in order; [] on a heartbeat.

        With `user_id`, the follower is handed only the events that may be that user's
        (`addressees`; the stream still checks each with `visible`) and is woken only by
        batches with one and by the heartbeat; without, it is handed and woken by every batch.
        """
        self.followers += 1
        waiter = asyncio.Event()
        clock = asyncio.get_running_loop().time
        self._waiters[waiter] = clock()
        if user_id is None:
            self._sees_all.add(waiter)
        else:
            self._by_user.setdefault(user_id, set()).add(waiter)
        try:
            async for batch in self._follow(after, waiter, user_id):
                self._waiters[waiter] = clock()
                yield batch
        finally:
            self.followers -= 1
            self._waiters.pop(waiter, None)
            if user_id is None:
                self._sees_all.discard(waiter)
            else:
                mine = self._by_user.get(user_id)
                if mine is not None:
                    mine.discard(waiter)
                    if not mine:
                        del self._by_user[user_id]

    def gather_s(self) -> float:
        """The pause between two reads of the log. Each read that finds something costs every
        follower it wakes a write: the pause grows with those so that the writes stay under
        FANOUT_WRITES_PER_S (an event for 600 operators: 100 ms; otherwise the shortest)."""
        return max(self._gather_s, self.woken / FANOUT_WRITES_PER_S)

    async def _follow(
        self, after: int, waiter: asyncio.Event, user_id: int | None
    ) -> AsyncIterator[list[Event]]:
        cursor = after
        while not self.closed:
            batch, cursor = await self._since(cursor, user_id)
            if batch:
                yield batch
                continue
            waiter.clear()
            if self.last_id > cursor or self.closed:
                continue  # news came between the read above and the clear
            await waiter.wait()
            batch, cursor = await self._since(cursor, user_id)
            yield batch  # [] on a heartbeat (or a queue-summary wave, or close)

    async def _since(self, cursor: int, user_id: int | None) -> tuple[list[Event], int]:
        """The events after `cursor` for the follower, and where it has read up to."""
        if cursor < self._base:
            # too far behind for memory: catch up from the log itself (every event; the
            # stream filters them)
            batch = await asyncio.to_thread(fetch_after, self._db, cursor)
            return batch, batch[-1].id if batch else cursor
        if user_id is None:
            batch = self._events[bisect.bisect_right(self._ids, cursor) :]
            return batch, batch[-1].id if batch else cursor
        own = _after(self._addressed.get(user_id, []), cursor)
        broad = _after(self._broad, cursor)
        batch = sorted(own + broad, key=_event_id) if own and broad else own or broad
        return batch, max(cursor, self.last_id)


def _event_id(event: Event) -> int:
    return event.id


def _after(kept: list[Event], cursor: int) -> list[Event]:
    """The events of `kept` (in id order) with ids above `cursor`."""
    return kept[bisect.bisect_right(kept, cursor, key=_event_id) :]


def _drop_through(kept: list[Event], last: int) -> None:
    """Remove the events of `kept` (in id order) with ids up to `last`."""
    del kept[: bisect.bisect_right(kept, last, key=_event_id)]
