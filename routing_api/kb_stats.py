"""Search statistics for content managers: zero-result and low-confidence queries per Moscow day.

Workstations scrub queries before sending them; the server scrubs again with its own rules (it
shares no code with the workstation), so nothing shaped like personal data is ever stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from routing_api.clock import MOSCOW
from routing_api.db.schema import kb_search_stats

MAX_QUERY_CHARS = 200
MAX_ROWS = 500
MAX_COUNT = 1_000_000  # per row and batch: one workstation cannot search more in a minute

# The same rules as the workstation's search_stats.scrub: e-mail addresses, and any run of 4+
# digits even with spaces, dashes, dots or brackets inside (phones, SNILS, passports, INN,
# dates of birth, card and account numbers).
_EMAIL_RE = re.compile(r"\S+@\S+")
_DIGIT_RUN_RE = re.compile(r"\+?\d(?:[\s\-().]*\d){3,}")
_SPACE_RE = re.compile(r"\s+")


def scrub(query: str) -> str:
    """The query without anything shaped like personal data, lower-cased, spaces collapsed."""
    text = _EMAIL_RE.sub(" ", query)
    text = _DIGIT_RUN_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip().lower()[:MAX_QUERY_CHARS]


def moscow_day(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).astimezone(MOSCOW).date().isoformat()


def record(conn: Connection, now: float, rows: Iterable[tuple[str, int, int]]) -> int:
    """Add (query, zero_results, low_confidence) rows to today's counters; rows kept."""
    merged: dict[str, list[int]] = {}
    for query, zero, low in rows:
        text = scrub(query)
        if len(text) < 2 or (zero <= 0 and low <= 0):
            continue
        counts = merged.setdefault(text, [0, 0])
        counts[0] += max(zero, 0)
        counts[1] += max(low, 0)
    if not merged:
        return 0
    day = moscow_day(now)
    values = [
        {"day": day, "query": q, "zero_results": z, "low_confidence": lo, "updated_at": now}
        for q, (z, lo) in merged.items()
    ]
    insert = (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(kb_search_stats)
    stmt = insert.on_conflict_do_update(
        index_elements=[kb_search_stats.c.day, kb_search_stats.c.query],
        set_={
            "zero_results": kb_search_stats.c.zero_results + insert.excluded.zero_results,
            "low_confidence": kb_search_stats.c.low_confidence + insert.excluded.low_confidence,
            "updated_at": insert.excluded.updated_at,
        },
    )
    conn.execute(stmt, values)
    return len(values)


def top(conn: Connection, now: float, days: int, limit: int) -> dict[str, Any]:
    """The most frequent zero-result and low-confidence queries of the last `days` days."""
    today = datetime.fromtimestamp(now, UTC).astimezone(MOSCOW).date()
    since = (today - timedelta(days=days - 1)).isoformat()
    result: dict[str, Any] = {"days": days, "since": since, "until": today.isoformat()}
    for column in (kb_search_stats.c.zero_results, kb_search_stats.c.low_confidence):
        total = sa.func.sum(column).label("count")
        rows = conn.execute(
            sa.select(kb_search_stats.c.query, total, sa.func.max(kb_search_stats.c.day))
            .where(kb_search_stats.c.day >= since, column > 0)
            .group_by(kb_search_stats.c.query)
            .order_by(total.desc(), kb_search_stats.c.query)
            .limit(limit)
        ).all()
        result[column.name] = [{"query": r[0], "count": int(r[1]), "last_day": r[2]} for r in rows]
    return result
