"""Skills-based routing (DESIGN §3): who may take a contact, and offering waiting contacts."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events
from routing_api.auth import User
from routing_api.catalog import PUSH_CHANNELS, VOICE_LIKE, catalog
from routing_api.db.schema import contact_history, contacts, operator_state, server_settings, users
from routing_api.events import WAITING_STATES
from routing_api.history import add_history

PULL_CHANNELS = frozenset({"email", "web_form", "callback", "outbound"})
#: a declined contact is not offered to the same operator again for this long
DECLINE_MEMORY_S = 60.0


@dataclass
class Load:
    """What an operator is handling now, by channel kind, and a pending offer."""

    voice: int = 0
    chats: int = 0
    written: int = 0  # e-mail and web forms
    offers: int = 0

    def add(self, channel: str, n: int = 1) -> None:
        if channel in VOICE_LIKE:
            self.voice += n
        elif channel == "chat":
            self.chats += n
        else:
            self.written += n


@dataclass
class Candidate:
    user: User
    state: str
    next_state: str | None
    last_served_at: float | None
    load: Load = field(default_factory=Load)


_WORK_MODE = sa.select(server_settings.c.value).where(server_settings.c.key == "work_mode")


def work_mode(conn: Connection) -> str:
    value = conn.execute(_WORK_MODE).scalar_one_or_none()
    return str(value) if value else "standard"


def has_capacity(user: User, load: Load, channel: str) -> bool:
    """Calls one at a time and alone; chats up to the operator's concurrency; one letter."""
    if load.offers or load.voice:
        return False
    if channel in VOICE_LIKE:
        return load.chats == 0 and load.written == 0
    if channel == "chat":
        return load.chats < user.chat_concurrency
    return load.written == 0


def skills_match(user: User, contact: Mapping[Any, Any]) -> bool:
    """Line, agency, region (second line), category and language (DESIGN §3.2)."""
    if user.role == "supervisor":
        return bool(contact["queue"] == "supervisor")
    if user.role != "operator":
        return False
    return events.serves_queue(
        user,
        contact["queue"],
        contact["target_agency"],
        contact["target_region"],
        contact["category"],
        contact["language"],
    )


def pullable(contact: Mapping[Any, Any]) -> bool:
    """E-mail, web forms, callbacks and second-line / supervisor queues may be taken."""
    return contact["channel"] in PULL_CHANNELS or contact["queue"] in ("line2", "supervisor")


#: the work modes in which some contacts are held from offers (`mode_allows_offer` says which)
MODES_HOLDING_OFFERS = frozenset({"night", "weekend"})


def mode_allows_offer(mode: str, contact: Mapping[Any, Any]) -> bool:
    """The work-mode table of DESIGN §3."""
    if mode not in MODES_HOLDING_OFFERS:
        return True
    urgent = catalog().urgent(contact["category"])
    if mode == "night":
        return urgent
    if mode == "weekend":
        return contact["channel"] == "chat" or urgent
    return True


def pushed_channels(mode: str) -> frozenset[str]:
    """Calls and chats are pushed; in emergency mode every channel is one pushed stream."""
    return PUSH_CHANNELS | PULL_CHANNELS if mode == "emergency" else PUSH_CHANNELS


def pushed(mode: str, contact: Mapping[Any, Any]) -> bool:
    """Whether routing offers this contact (the supervisors' queue is always taken)."""
    return contact["queue"] != "supervisor" and contact["channel"] in pushed_channels(mode)


def loads(conn: Connection, user_ids: list[int]) -> dict[int, Load]:
    result: dict[int, Load] = defaultdict(Load)
    if not user_ids:
        return result
    rows = conn.execute(
        sa.select(contacts.c.owner_id, contacts.c.channel, sa.func.count())
        .where(contacts.c.owner_id.in_(user_ids), contacts.c.state.in_(("in_progress", "on_hold")))
        .group_by(contacts.c.owner_id, contacts.c.channel)
    ).all()
    for owner, channel, n in rows:
        result[owner].add(channel, n)
    for (offered_to,) in conn.execute(
        sa.select(contacts.c.offered_to).where(contacts.c.state == "offered")
    ).all():
        result[offered_to].offers += 1
    return result


def load_of(conn: Connection, user_id: int) -> Load:
    return loads(conn, [user_id])[user_id]


def candidates(
    conn: Connection, *, busy_too: bool = True, written_too: bool = True
) -> list[Candidate]:
    """Operators who can be offered something now: ready (or, with `busy_too`, in a contact
    that leaves room for chats), with no pending offer and no call in progress.

    The exclusions are in the query: this runs after every write, and at peak most of 600
    operators are busy, so the rows read must be the few who could take something, not the
    whole floor. Without `written_too` (no e-mail or form is pushed now: every mode but
    emergency), an operator at their chat limit could take nothing pushed and is left out.
    Each operator's load comes in the same row, and the skills profile from a cache.
    """
    found = []
    for r in conn.execute(_candidates_query(busy_too, written_too)).all():
        load = Load(chats=r.chats, written=r.written)
        found.append(Candidate(_profile(r), r.state, r.next_state, r.last_served_at, load))
    return found


@functools.cache
def _candidates_query(busy_too: bool, written_too: bool) -> sa.Select[Any]:
    """Built once per variant: a statement object keeps its compiled form's cache key, and
    building this one (correlated subqueries) and keying it cost more than running it."""
    states = ("ready", "in_contact") if busy_too else ("ready",)
    offered = sa.select(contacts.c.id).where(
        contacts.c.state == "offered", contacts.c.offered_to == users.c.id
    )
    handling = (contacts.c.owner_id == users.c.id, contacts.c.state.in_(("in_progress", "on_hold")))
    on_call = sa.select(contacts.c.id).where(*handling, contacts.c.channel.in_(sorted(VOICE_LIKE)))
    chats = (
        sa.select(sa.func.count()).where(*handling, contacts.c.channel == "chat").scalar_subquery()
    )
    written = (
        sa.select(sa.func.count())
        .where(*handling, contacts.c.channel.not_in(sorted(VOICE_LIKE | {"chat"})))
        .scalar_subquery()
    )
    query = (
        sa.select(
            *PROFILE_COLUMNS,
            operator_state.c.state,
            operator_state.c.next_state,
            operator_state.c.last_served_at,
            chats.label("chats"),
            written.label("written"),
        )
        .join(operator_state, operator_state.c.user_id == users.c.id)
        .where(
            users.c.role == "operator",
            users.c.disabled.is_(False),
            operator_state.c.state.in_(states),
            operator_state.c.next_state.is_(None),
            ~sa.exists(offered),
            ~sa.exists(on_call),
        )
    )
    if not written_too:
        query = query.where(
            sa.or_(operator_state.c.state == "ready", chats < users.c.chat_concurrency)
        )
    return query


#: what routing needs of an operator's account; the JSON lists as their stored text, the key
#: of the parsed-profile cache (an edited account is a new key)
PROFILE_COLUMNS = (
    users.c.id,
    users.c.username,
    users.c.full_name,
    users.c.role,
    users.c.line,
    users.c.agency,
    users.c.region,
    sa.cast(users.c.categories, sa.Text).label("categories_text"),
    sa.cast(users.c.languages, sa.Text).label("languages_text"),
    users.c.chat_concurrency,
)
_PROFILES: dict[tuple[Any, ...], User] = {}
#: a bound on the cache (a few profiles per operator account over a server's life)
_PROFILES_MAX = 20_000


def _profile(row: Any) -> User:
    """The operator's skills profile, parsed once per distinct account row."""
    key = tuple(row[: len(PROFILE_COLUMNS)])
    user = _PROFILES.get(key)
    if user is None:
        cats = json.loads(row.categories_text) if row.categories_text is not None else None
        langs = json.loads(row.languages_text) if row.languages_text is not None else None
        fields = {**row._mapping, "categories": cats, "languages": langs}
        user = User.from_row(SimpleNamespace(**fields))
        if len(_PROFILES) >= _PROFILES_MAX:
            _PROFILES.clear()
        _PROFILES[key] = user
    return user


#: what routing reads of a waiting contact (not its JSON: IVR data, form, messages)
ROUTING_COLUMNS = (
    contacts.c.id,
    contacts.c.state,
    contacts.c.channel,
    contacts.c.queue,
    contacts.c.category,
    contacts.c.language,
    contacts.c.target_agency,
    contacts.c.target_region,
    contacts.c.target_user_id,
)


_DECLINED = sa.select(contact_history.c.actor_id).where(
    contact_history.c.contact_id == sa.bindparam("contact_id"),
    contact_history.c.kind.in_(("declined", "offer_timeout")),
    contact_history.c.at > sa.bindparam("since"),
)


def recently_declined(conn: Connection, contact_id: int, now: float) -> set[int]:
    rows = conn.execute(
        _DECLINED, {"contact_id": contact_id, "since": now - DECLINE_MEMORY_S}
    ).all()
    return {r[0] for r in rows}


#: routing's statements, built once (see `_candidates_query`)
_WAITING_WHERE = (contacts.c.state.in_(sorted(WAITING_STATES)), contacts.c.queue != "supervisor")
_WAITING_CHANNELS = sa.select(contacts.c.channel).where(*_WAITING_WHERE).distinct()
_WAITING = (
    sa.select(*ROUTING_COLUMNS)
    .where(*_WAITING_WHERE, contacts.c.channel.in_(sa.bindparam("channels", expanding=True)))
    .order_by(contacts.c.priority_rank, contacts.c.queued_at, contacts.c.id)
    .limit(500)
)


def _best_first(candidate: Candidate) -> tuple[float, int]:
    """Routing's order among operators who fit: least recently served, then by id."""
    return (candidate.last_served_at or 0.0, candidate.user.id)


def route(conn: Connection, now: float, offer_timeout_s: float) -> int:
    """Offer waiting pushed contacts to the best free skilled operators; returns offers made."""
    mode = work_mode(conn)
    # the channels that wait first (a few rows from the index): with nothing waiting nobody is
    # looked at, and with nobody free (most passes at the peak) the waiting contacts are not
    # read at all (hundreds of rows a pass, dozens of passes a second)
    # only the channels pushed in this mode: callbacks, letters and forms wait to be taken
    # (a centre keeps hundreds of callback tasks queued, which every pass used to read)
    channels = set(conn.execute(_WAITING_CHANNELS).scalars()) & pushed_channels(mode)
    if not channels:
        return 0
    # only operators who could take something: no pending offer, not on a call; operators
    # busy with chats only matter when something other than a call waits (held by the work
    # mode or not: a wider pool than needed only costs the read below)
    busy_too = any(c not in VOICE_LIKE for c in channels)
    written_too = any(c not in VOICE_LIKE | {"chat"} for c in channels)
    pool = candidates(conn, busy_too=busy_too, written_too=written_too)
    if not pool:
        return 0
    waiting = conn.execute(_WAITING, {"channels": sorted(channels)}).mappings().all()
    # every row read is pushed (its queue and channel are in the query): the mode may hold it
    waiting = [c for c in waiting if mode_allows_offer(mode, c)]
    if not waiting:
        return 0
    #: operators given an offer in this pass: nothing more for them now
    taken: set[int] = set()
    # contacts alike for routing (queue, skills, channel, target) fit the same operators, and
    # the pool only shrinks during a pass: each kind's fitting operators are found once, best
    # first (least recently served, so equal candidates get contacts evenly), and each contact
    # takes the first of them still free. (Checking all 600 operators for each of hundreds of
    # waiting contacts, then taking the minimum, was most of a pass at the peak's start.)
    fitting: dict[tuple[Any, ...], list[Candidate]] = {}
    #: how many had been taken when each kind's list was last cleared of them
    cleared: dict[tuple[Any, ...], int] = {}
    for contact in waiting:
        if len(taken) == len(pool):
            break
        alike = tuple(contact[c.name] for c in ROUTING_COLUMNS[2:])
        fits = fitting.get(alike)
        if fits is None:
            fits = fitting[alike] = sorted(
                (
                    c
                    for c in pool
                    if (contact["target_user_id"] is None or c.user.id == contact["target_user_id"])
                    and skills_match(c.user, contact)
                    and has_capacity(c.user, c.load, contact["channel"])
                    and (c.state == "ready" or contact["channel"] != "voice")
                ),
                key=_best_first,
            )
        elif cleared[alike] != len(taken):
            # given an offer meanwhile, for a contact of this kind or another
            fits = fitting[alike] = [c for c in fits if c.user.id not in taken]
        cleared[alike] = len(taken)
        if not fits:
            continue
        # the query only for a contact someone could take
        declined = recently_declined(conn, contact["id"], now)
        best = next((c for c in fits if c.user.id not in declined), None)
        if best is None:
            continue
        if offer(conn, contact, best.user.id, now, offer_timeout_s):
            best.load.offers += 1
            taken.add(best.user.id)
            fits.remove(best)  # this kind's list stays clear: the next one alike skips a sweep
            cleared[alike] = len(taken)
    return len(taken)


_OFFER = (
    contacts.update()
    .where(contacts.c.id == sa.bindparam("b_id"), contacts.c.state == sa.bindparam("b_state"))
    .values(state="offered", version=contacts.c.version + 1)
    .returning(*contacts.c)  # the row as it now is, without a second round trip
)


def offer(
    conn: Connection, contact: Mapping[Any, Any], user_id: int, now: float, timeout_s: float
) -> bool:
    """Claim a waiting contact for an offer to one operator (a conditional UPDATE)."""
    result = conn.execute(
        _OFFER,
        {
            "b_id": contact["id"],
            "b_state": contact["state"],
            "wait_state": contact["state"],
            "offered_to": user_id,
            "offer_expires_at": now + timeout_s,
        },
    )
    row = result.mappings().first()
    if row is None:
        return False
    add_history(
        conn,
        row["id"],
        now,
        "offered",
        user_id,
        "offered",
        {"to": user_id, "expires_at": now + timeout_s},
    )
    events.contact_event(
        conn, now, "contact.offered", row, before=contact["state"], offered_to=user_id
    )
    return True
