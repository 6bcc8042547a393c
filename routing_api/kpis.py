"""The supervisor's KPIs (DESIGN §6), computed from the contact history, never from a client.

Definitions, where DESIGN §6 leaves a choice:
- A window is "today" (from Moscow midnight) or the last 15 / 60 minutes; an event counts
  in the window it happened in (an answer when it was accepted, an abandon when the citizen
  left), so a call queued before midnight and answered after it counts today.
- Service level, speed of answer and abandonment are about the live channels (voice and
  chat), where the citizen waits on the line. Each visit to a queue counts: a call answered
  on the first line and again on the second after an escalation has two answers.
- Service level = answered within T ÷ (answered + abandoned after T); abandons before T are
  left out, short abandons (< 5 s) everywhere.
- Abandonment = abandoned (not short) ÷ queued (live contacts that entered a queue in the
  window, short abandons taken out).
- Handling time of one contact = from its acceptance to its wrap-up: talk + hold + after-
  contact work; AHT is their mean over wrap-ups in the window, every channel.
- First-contact resolution over contacts wrapped up in the window that were first contacts
  (no earlier contact from the same phone or e-mail in the 7 days before, not a resumed one,
  not a server-made callback task): resolved and no repeat contact from the same citizen
  within 7 days after, as far as it is known now.
- CSAT = ratings of 4 or 5 ÷ ratings, with the mean score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api.auth import User
from routing_api.catalog import PUSH_CHANNELS
from routing_api.clock import moscow_day_start
from routing_api.db.schema import board_samples, contact_history, contacts, users
from routing_api.events import QUEUE_STATES
from routing_api.timefmt import iso

SHORT_ABANDON_S = 5.0
#: the whole centre, as the timers compute and publish its KPIs (a supervisor of no segment)
CENTRE = User(0, "kpi", "", "supervisor", None, None, None, None, ("ru",), 0)
#: answered within this many seconds counts in the service level (DESIGN §6)
SL_THRESHOLD_S = 30.0
REPEAT_WINDOW_S = 7 * 86400.0
TASK_CHANNELS = ("callback", "outbound")
FORM_CHANNELS = ("email", "web_form")
WINDOWS = {"today": None, "60m": 3600.0, "15m": 900.0}
GROUPINGS = ("channel", "line", "agency", "priority")


@dataclass
class Tally:
    """Counts for one slice (the whole segment, one channel, one line, one agency)."""

    queued: int = 0
    answered: int = 0
    answered_in_sl: int = 0
    abandoned: int = 0
    abandoned_after_sl: int = 0
    short_abandoned: int = 0
    wait_total_s: float = 0.0
    handled: int = 0
    handle_total_s: float = 0.0
    first_contacts: int = 0
    first_resolved: int = 0
    ratings: list[int] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        sl_base = self.answered + self.abandoned_after_sl
        queued = self.queued - self.short_abandoned
        satisfied = sum(1 for r in self.ratings if r >= 4)
        return {
            "queued": max(queued, 0),
            "answered": self.answered,
            "answered_in_sl": self.answered_in_sl,
            "abandoned": self.abandoned,
            "short_abandoned": self.short_abandoned,
            "service_level": _ratio(self.answered_in_sl, sl_base),
            "asa_s": _mean(self.wait_total_s, self.answered),
            "abandonment_rate": _ratio(self.abandoned, queued),
            "handled": self.handled,
            "aht_s": _mean(self.handle_total_s, self.handled),
            "first_contacts": self.first_contacts,
            "fcr": _ratio(self.first_resolved, self.first_contacts),
            "ratings": len(self.ratings),
            "csat": _ratio(satisfied, len(self.ratings)),
            "csat_mean": _mean(float(sum(self.ratings)), len(self.ratings)),
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 1) if count else None


class Board:
    """Tallies for the whole segment and per channel, line and agency."""

    def __init__(self) -> None:
        self.total = Tally()
        self.groups: dict[str, dict[str, Tally]] = {g: defaultdict(Tally) for g in GROUPINGS}

    def slices(self, row: Mapping[Any, Any], line: str | None) -> Iterable[Tally]:
        yield self.total
        yield self.groups["channel"][row["channel"]]
        yield self.groups["line"][line or row["queue"]]
        yield self.groups["agency"][row["agency"] or "—"]
        yield self.groups["priority"][row["priority"] or "normal"]

    def figures(self) -> dict[str, Any]:
        return {
            "total": self.total.figures(),
            **{
                f"by_{g}": {k: t.figures() for k, t in sorted(tallies.items())}
                for g, tallies in self.groups.items()
            },
        }


def segment_filter(user: User) -> list[Any]:
    """A supervisor's segment: the contacts of its agency and region (none set = all)."""
    where: list[Any] = []
    if user.role == "supervisor" and user.agency:
        where.append(contacts.c.agency == user.agency)
    if user.role == "supervisor" and user.region:
        where.append(contacts.c.region == user.region)
    return where


def _history(
    conn: Connection, kinds: tuple[str, ...], start: float, where: list[Any], end: float | None
) -> Any:
    return (
        conn.execute(
            sa.select(
                contact_history.c.contact_id,
                contact_history.c.at,
                contact_history.c.kind,
                contact_history.c.data,
                contacts.c.channel,
                contacts.c.queue,
                contacts.c.agency,
                contacts.c.priority,
            )
            .join(contacts, contacts.c.id == contact_history.c.contact_id)
            .where(
                contact_history.c.kind.in_(kinds),
                contact_history.c.at >= start,
                *([] if end is None else [contact_history.c.at < end]),
                *where,
            )
            .order_by(contact_history.c.id)
        )
        .mappings()
        .all()
    )


def window_figures(
    conn: Connection,
    now: float,
    start: float,
    where: list[Any],
    sl_threshold_s: float,
    end: float | None = None,
) -> dict[str, Any]:
    """Every figure over [start, end) (end: now), for the whole segment and by slice."""
    return windows_figures(conn, now, {"window": start}, where, sl_threshold_s, end)["window"]


def windows_figures(
    conn: Connection,
    now: float,
    starts: Mapping[str, float],
    where: list[Any],
    sl_threshold_s: float,
    end: float | None = None,
) -> dict[str, dict[str, Any]]:
    """`window_figures` of several windows ending together, from one read of the history.

    Today, the last hour and the last 15 minutes mostly hold the same rows: read once from
    the earliest start, each row counts in every window that began before it (the KPI pass
    read the last 15 minutes three times over, a third of a core at the benchmark's peak).
    """
    boards = {name: Board() for name in starts}
    windows = sorted(starts.items(), key=lambda item: item[1])
    first = windows[0][1]

    def holding(at: float) -> list[Board]:
        """The boards of the windows that had begun at `at`."""
        return [boards[name] for name, begun in windows if at >= begun]

    for row in _history(conn, ("created", "escalated", "transferred"), first, where, end):
        if row["channel"] not in PUSH_CHANNELS:
            continue
        data = row["data"] or {}
        # the queue it entered: live contacts arrive on the first line
        line = {"created": "line1", "escalated": data.get("target")}.get(row["kind"])
        for board in holding(row["at"]):
            for tally in board.slices(row, line or data.get("queue")):
                tally.queued += 1
    for row in _history(conn, ("accepted",), first, where, end):
        if row["channel"] not in PUSH_CHANNELS:
            continue
        data = row["data"] or {}
        wait = float(data.get("wait_s") or 0.0)
        for board in holding(row["at"]):
            for tally in board.slices(row, data.get("queue")):
                tally.answered += 1
                tally.wait_total_s += wait
                tally.answered_in_sl += wait <= sl_threshold_s
    for row in _history(conn, ("abandoned",), first, where, end):
        if row["channel"] not in PUSH_CHANNELS:
            continue
        waited = float((row["data"] or {}).get("waited_s") or 0.0)
        for board in holding(row["at"]):
            for tally in board.slices(row, None):
                if waited < SHORT_ABANDON_S:
                    tally.short_abandoned += 1
                else:
                    tally.abandoned += 1
                    tally.abandoned_after_sl += waited > sl_threshold_s
    _handling(conn, holding, first, where, end)
    _first_contacts(conn, holding, now, first, where, end)
    for row in _history(conn, ("rated",), first, where, end):
        score = int((row["data"] or {}).get("score") or 0)
        for board in holding(row["at"]):
            for tally in board.slices(row, None):
                tally.ratings.append(score)
    return {name: board.figures() for name, board in boards.items()}


Holding = Callable[[float], list[Board]]


def _handling(
    conn: Connection, holding: Holding, start: float, where: list[Any], end: float | None
) -> None:
    """AHT: each wrap-up in the window, from the last acceptance before it."""
    wrapped = _history(conn, ("wrapped_up",), start, where, end)
    if not wrapped:
        return
    ids = sorted({r["contact_id"] for r in wrapped})
    accepted: dict[int, list[tuple[float, str | None]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for cid, at, data in conn.execute(
            sa.select(contact_history.c.contact_id, contact_history.c.at, contact_history.c.data)
            .where(contact_history.c.kind == "accepted", contact_history.c.contact_id.in_(chunk))
            .order_by(contact_history.c.id)
        ).all():
            accepted[cid].append((at, (data or {}).get("queue")))
    for row in wrapped:
        before = [a for a in accepted.get(row["contact_id"], ()) if a[0] <= row["at"]]
        if not before:
            continue
        at, line = before[-1]
        for board in holding(row["at"]):
            for tally in board.slices(row, line):
                tally.handled += 1
                tally.handle_total_s += row["at"] - at


def _first_contacts(
    conn: Connection,
    holding: Holding,
    now: float,
    start: float,
    where: list[Any],
    end: float | None,
) -> None:
    closed = (
        conn.execute(
            sa.select(
                contacts.c.id,
                contacts.c.channel,
                contacts.c.queue,
                contacts.c.agency,
                contacts.c.priority,
                contacts.c.created_at,
                contacts.c.closed_at,
                contacts.c.resolved,
                contacts.c.resumes_id,
                contacts.c.parent_id,
                contacts.c.caller_phone,
                contacts.c.caller_email,
            ).where(
                contacts.c.state == "closed",
                contacts.c.closed_at >= start,
                *([] if end is None else [contacts.c.closed_at < end]),
                contacts.c.channel.not_in(TASK_CHANNELS),
                *where,
            )
        )
        .mappings()
        .all()
    )
    phones = {r["caller_phone"] for r in closed if r["caller_phone"]}
    emails = {r["caller_email"] for r in closed if r["caller_email"] and not r["caller_phone"]}
    earliest = min((r["created_at"] for r in closed), default=now) - REPEAT_WINDOW_S
    by_caller: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for column, values in ((contacts.c.caller_phone, phones), (contacts.c.caller_email, emails)):
        for chunk in _chunks(sorted(values)):
            for cid, created, caller in conn.execute(
                sa.select(contacts.c.id, contacts.c.created_at, column).where(
                    column.in_(chunk),
                    contacts.c.created_at >= earliest,
                    contacts.c.channel.not_in(TASK_CHANNELS),
                    contacts.c.parent_id.is_(None),
                )
            ).all():
                by_caller[caller].append((created, cid))
    for row in closed:
        if row["resumes_id"] is not None or row["parent_id"] is not None:
            continue
        others = [
            created
            for created, cid in by_caller.get(row["caller_phone"] or row["caller_email"] or "", ())
            if cid != row["id"] and abs(created - row["created_at"]) <= REPEAT_WINDOW_S
        ]
        if any(created < row["created_at"] for created in others):
            continue  # a repeat of an earlier contact, not a first one
        resolved = bool(row["resolved"]) and not others
        for board in holding(row["closed_at"]):
            for tally in board.slices(row, None):
                tally.first_contacts += 1
                tally.first_resolved += resolved


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def current(conn: Connection, now: float, where: list[Any], form_reply_s: float) -> dict[str, Any]:
    """What is true right now: who waits and for how long, tasks due and overdue."""
    rows = conn.execute(
        sa.select(
            contacts.c.channel,
            contacts.c.queued_at,
            contacts.c.due_at,
            contacts.c.state,
            contacts.c.queue,
            contacts.c.agency,
            contacts.c.priority,
        ).where(contacts.c.state.in_(tuple(QUEUE_STATES)), *where)
    ).all()
    waiting = [(r.channel, r.queued_at, r.due_at) for r in rows]
    live = [now - queued for channel, queued, _ in waiting if channel in PUSH_CHANNELS]
    tasks = [due for channel, _, due in waiting if channel in TASK_CHANNELS]
    forms = [now - queued for channel, queued, _ in waiting if channel in FORM_CHANNELS]
    by_channel: dict[str, int] = defaultdict(int)
    for channel, _, _ in waiting:
        by_channel[channel] += 1
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        # the line, agency and priority rows are about citizens on the line (voice, chat),
        # as the "waiting" figure and the alarms are; tasks and forms have their channel's row
        keys: tuple[tuple[str, str], ...] = (("channel", r.channel),)
        if r.channel in PUSH_CHANNELS:
            keys += (("line", r.queue), ("agency", r.agency or "—"), ("priority", r.priority))
        for key in keys:
            group = groups.setdefault(key, {"waiting": 0, "offered": 0, "longest_wait_s": 0.0})
            group["offered" if r.state == "offered" else "waiting"] += 1
            group["longest_wait_s"] = max(group["longest_wait_s"], round(now - r.queued_at, 1))
    return {
        #: the queue by channel, line, agency and priority (the board's summary table);
        #: compute() adds each group's abandons today
        "queues": [
            {"group": group, "key": key, **figures}
            for (group, key), figures in sorted(groups.items())
        ],
        "waiting": len(live),
        "waiting_by_channel": dict(sorted(by_channel.items())),
        "longest_wait_s": round(max(live), 1) if live else 0.0,
        "callbacks_due": sum(1 for due in tasks if due is None or due > now),
        "callbacks_overdue": sum(1 for due in tasks if due is not None and due <= now),
        "forms_awaiting": len(forms),
        "forms_overdue": sum(1 for age in forms if age > form_reply_s),
    }


def compute(
    conn: Connection,
    now: float,
    user: User,
    *,
    sl_threshold_s: float = SL_THRESHOLD_S,
    form_reply_s: float = 900.0,
) -> dict[str, Any]:
    """Every window's figures and the current state for `user`'s segment."""
    where = segment_filter(user)
    day = moscow_day_start(datetime.fromtimestamp(now, UTC)).timestamp()
    starts = {name: day if length is None else now - length for name, length in WINDOWS.items()}
    figures = windows_figures(conn, now, starts, where, sl_threshold_s)
    windows = {name: {"from": iso(starts[name]), **figures[name]} for name in WINDOWS}
    state = current(conn, now, where, form_reply_s)
    today = windows["today"]
    queues = {(q["group"], q["key"]): q for q in state["queues"]}
    for group in GROUPINGS:
        for key, figures in today[f"by_{group}"].items():
            if figures["abandoned"] and (group, key) not in queues:
                queues[(group, key)] = {
                    "group": group,
                    "key": key,
                    "waiting": 0,
                    "offered": 0,
                    "longest_wait_s": 0.0,
                }
    for (group, key), q in queues.items():
        q["abandoned_today"] = today[f"by_{group}"].get(key, {}).get("abandoned", 0)
    state["queues"] = [queues[k] for k in sorted(queues)]
    return {
        "at": iso(now),
        "sl_threshold_s": sl_threshold_s,
        "now": state,
        "windows": windows,
    }


#: the whole centre's row among the waiting samples
CENTRE_SAMPLE = "*"
#: samples are kept this long (s)
SAMPLES_KEPT_S = 2 * 86400.0
#: the chart series: at most this many hours, in buckets of SERIES_STEP_S
SERIES_MAX_HOURS = 12
SERIES_STEP_S = 300


def sample_waiting(conn: Connection, now: float) -> bool:
    """Once a minute (the timers call it every tick): how many live contacts wait and the
    longest wait, per agency and region and for the whole centre. True if it sampled."""
    minute = int(now // 60)
    done = conn.execute(
        sa.select(board_samples.c.minute).where(
            board_samples.c.minute == minute, board_samples.c.agency == CENTRE_SAMPLE
        )
    ).first()
    if done is not None:
        return False
    rows = conn.execute(
        sa.select(contacts.c.agency, contacts.c.region, contacts.c.queued_at).where(
            contacts.c.state.in_(tuple(QUEUE_STATES)),
            contacts.c.channel.in_(sorted(PUSH_CHANNELS)),
        )
    ).all()
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for agency, region, queued in rows:
        wait = max(0.0, now - (queued or now))
        groups[(agency or "", region or "")].append(wait)
        groups[(CENTRE_SAMPLE, CENTRE_SAMPLE)].append(wait)
    groups.setdefault((CENTRE_SAMPLE, CENTRE_SAMPLE), [])
    conn.execute(
        board_samples.insert(),
        [
            {
                "minute": minute,
                "agency": agency,
                "region": region,
                "waiting": len(waits),
                "longest_wait_s": round(max(waits, default=0.0), 1),
            }
            for (agency, region), waits in groups.items()
        ],
    )
    oldest = (now - SAMPLES_KEPT_S) // 60
    conn.execute(board_samples.delete().where(board_samples.c.minute < oldest))
    return True


def series(
    conn: Connection, now: float, user: User, hours: float, sl_threshold_s: float = 30.0
) -> dict[str, Any]:
    """The monitor's charts over the last `hours`, in SERIES_STEP_S buckets (the last one
    partial): contacts arrived (every channel but the server's own tasks), the service level
    of the bucket's live answers and abandons (as the KPIs count them) and the most contacts
    seen waiting in it (the minute samples, within `user`'s segment)."""
    step = SERIES_STEP_S
    start = (now - hours * 3600) // step * step
    where = segment_filter(user)
    count = int((now - start) // step) + 1
    arrived = [0] * count
    answered = [0] * count
    in_sl = [0] * count
    abandoned_late = [0] * count
    sl_s = sl_threshold_s
    for row in _history(conn, ("created",), start, where, None):
        if row["channel"] not in TASK_CHANNELS:
            arrived[int((row["at"] - start) // step)] += 1
    for row in _history(conn, ("accepted",), start, where, None):
        if row["channel"] in PUSH_CHANNELS:
            i = int((row["at"] - start) // step)
            answered[i] += 1
            in_sl[i] += float((row["data"] or {}).get("wait_s") or 0.0) <= sl_s
    for row in _history(conn, ("abandoned",), start, where, None):
        if row["channel"] in PUSH_CHANNELS:
            waited = float((row["data"] or {}).get("waited_s") or 0.0)
            abandoned_late[int((row["at"] - start) // step)] += waited > sl_s
    waiting: list[int | None] = [None] * count
    segment = [
        board_samples.c.agency == CENTRE_SAMPLE
        if not (user.agency or user.region)
        else board_samples.c.agency != CENTRE_SAMPLE,
        *([board_samples.c.agency == user.agency] if user.agency else []),
        *([board_samples.c.region == user.region] if user.region else []),
    ]
    sampled: dict[int, int] = defaultdict(int)
    minutes = set()
    for minute, n in conn.execute(
        sa.select(board_samples.c.minute, board_samples.c.waiting).where(
            board_samples.c.minute >= start // 60, *segment
        )
    ).all():
        sampled[minute] += n
    for (minute,) in conn.execute(
        sa.select(board_samples.c.minute).where(
            board_samples.c.minute >= start // 60, board_samples.c.agency == CENTRE_SAMPLE
        )
    ).all():
        minutes.add(minute)  # sampled minutes: a segment with no row there had none waiting
    for minute in minutes:
        i = int((minute * 60 - start) // step)
        if 0 <= i < count:
            waiting[i] = max(waiting[i] or 0, sampled.get(minute, 0))
    return {
        "at": iso(now),
        "step_s": step,
        "sl_threshold_s": sl_s,
        "items": [
            {
                "from": iso(start + i * step),
                "arrived": arrived[i],
                "answered": answered[i],
                "service_level": _ratio(in_sl[i], answered[i] + abandoned_late[i]),
                "waiting": waiting[i],
            }
            for i in range(count)
        ],
    }


#: the longest period one shift report covers
REPORT_MAX_S = 31 * 86400.0


def report(
    conn: Connection, now: float, user: User, start: float, end: float, sl_threshold_s: float = 30.0
) -> dict[str, Any]:
    """The shift report: the period's figures, hour by hour, and by operator."""
    where = segment_filter(user)
    hours = []
    at = start - start % 3600
    while at < end:
        part = window_figures(conn, now, max(at, start), where, sl_threshold_s, min(at + 3600, end))
        hours.append({"from": iso(max(at, start)), **part["total"]})
        at += 3600
    period = window_figures(conn, now, start, where, sl_threshold_s, end)
    operators = operator_rows(conn, start, end)
    return {
        "from": iso(start),
        "to": iso(end),
        "made_at": iso(now),
        "made_by": user.full_name or user.username,
        "sl_threshold_s": sl_threshold_s,
        **period,
        "hours": hours,
        "operators": operators,
    }


def operator_rows(conn: Connection, start: float, end: float) -> list[dict[str, Any]]:
    """Each operator's contacts handled in the period and their mean handling time."""
    wrapped = conn.execute(
        sa.select(contact_history.c.actor_id, contact_history.c.contact_id, contact_history.c.at)
        .where(
            contact_history.c.kind == "wrapped_up",
            contact_history.c.at >= start,
            contact_history.c.at < end,
        )
        .order_by(contact_history.c.id)
    ).all()
    accepted: dict[tuple[int, int], float] = {}
    for chunk in _chunks(sorted({c for _, c, _ in wrapped})):
        for actor, cid, at in conn.execute(
            sa.select(
                contact_history.c.actor_id, contact_history.c.contact_id, contact_history.c.at
            )
            .where(contact_history.c.kind == "accepted", contact_history.c.contact_id.in_(chunk))
            .order_by(contact_history.c.id)
        ).all():
            accepted[(actor, cid)] = at
    per: dict[int, list[float]] = defaultdict(list)
    for actor, cid, at in wrapped:
        began = accepted.get((actor, cid))
        per[actor].append(at - began if began is not None and began <= at else 0.0)
    names = dict(
        conn.execute(
            sa.select(users.c.id, users.c.full_name).where(users.c.id.in_(list(per) or [0]))
        ).all()
    )
    return [
        {
            "id": actor,
            "full_name": names.get(actor, str(actor)),
            "handled": len(times),
            "aht_s": round(sum(times) / len(times), 1),
        }
        for actor, times in sorted(per.items(), key=lambda kv: -len(kv[1]))
    ]
