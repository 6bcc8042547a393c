"""The expert system's content workflow on the workstation (no Qt): proposals to correct a card,
their review by supervisors, card history, recently changed cards, and the search statistics
sent to the routing API in batches.

Every method that talks to the server blocks: the UI calls them inside an Op.
"""

from __future__ import annotations

import difflib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from operator_app.pacing import pause_point
from operator_app.search import SearchResult, SearchStats, StatRow
from operator_app.sync.errors import SyncError

log = logging.getLogger("services")

#: what a specialist may correct in a card (the server's kb_proposals.FIELDS)
FIELDS = ("title", "answer", "keywords")
#: a card whose version changed this recently is marked in search results
RECENT_DAYS = 7
STATS_INTERVAL_S = 60.0
STATS_BATCH = 500
#: rows kept for a retry when the server cannot be reached (statistics are not worth more)
MAX_UNSENT_ROWS = 5000


class ContentCalls(Protocol):
    """What KbContent needs of ApiClient."""

    def kb_article(self, article_id: str) -> dict[str, Any]: ...
    def kb_history(self, article_id: str) -> dict[str, Any]: ...
    def kb_propose(
        self,
        article_id: str,
        base_version: int,
        comment: str,
        *,
        title: str | None = None,
        answer: str | None = None,
        keywords: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]: ...
    def kb_proposals(self, status: str | None = None, limit: int = 200) -> dict[str, Any]: ...
    def kb_proposal(self, proposal_id: int) -> dict[str, Any]: ...
    def kb_review(
        self,
        proposal_id: int,
        decision: str,
        comment: str | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]: ...


class StatsCalls(Protocol):
    def kb_send_search_stats(
        self, rows: list[dict[str, Any]], *, idempotency_key: str | None = None
    ) -> dict[str, Any]: ...


def can_propose(user: Mapping[str, Any]) -> bool:
    """Second-line specialists and supervisors propose corrections (the server checks too)."""
    return user.get("role") == "supervisor" or (
        user.get("role") == "operator" and user.get("line") == 2
    )


def can_review(user: Mapping[str, Any]) -> bool:
    return user.get("role") == "supervisor"


def split_keywords(text: str) -> list[str]:
    """Keywords typed one per line or separated by commas or semicolons."""
    return [k.strip() for k in re.split(r"[,;\n]", text) if k.strip()]


def changed_fields(
    current: Mapping[str, Any], title: str, answer: str, keywords: list[str]
) -> dict[str, Any]:
    """Only what differs from the card (surrounding spaces ignored)."""
    proposed: dict[str, Any] = {"title": title.strip(), "answer": answer.strip()}
    proposed["keywords"] = keywords
    changes: dict[str, Any] = {}
    for field in FIELDS:
        before = current.get(field)
        if field == "keywords":
            if list(before or []) != proposed[field]:
                changes[field] = proposed[field]
        elif (before or "").strip() != proposed[field]:
            changes[field] = proposed[field]
    return changes


@dataclass(frozen=True)
class DiffPart:
    """A run of text that is the same in both versions, only in the old, or only in the new."""

    kind: str  # "equal" | "delete" | "insert"
    text: str


_TOKEN_RE = re.compile(r"\w+|[^\w\s]|\s+")


def diff_words(old: str, new: str) -> list[DiffPart]:
    """A word-level difference between two texts (difflib), adjacent runs merged."""
    a, b = _TOKEN_RE.findall(old or ""), _TOKEN_RE.findall(new or "")
    parts: list[DiffPart] = []

    def add(kind: str, tokens: Iterable[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if parts and parts[-1].kind == kind:
            parts[-1] = DiffPart(kind, parts[-1].text + text)
        else:
            parts.append(DiffPart(kind, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return parts


class KbContent:
    """Proposals and reviews for one logged-in user."""

    def __init__(self, client: ContentCalls, user: Mapping[str, Any]) -> None:
        self._client = client
        self.user = user

    @property
    def can_propose(self) -> bool:
        return can_propose(self.user)

    @property
    def can_review(self) -> bool:
        return can_review(self.user)

    def article(self, article_id: str) -> dict[str, Any]:
        """The card as it stands on the server (its version is the proposal's base)."""
        return self._client.kb_article(article_id)

    def history(self, article_id: str) -> list[dict[str, Any]]:
        items = self._client.kb_history(article_id).get("items")
        return list(items) if isinstance(items, list) else []

    def propose(
        self, article_id: str, base_version: int, changes: Mapping[str, Any], comment: str
    ) -> dict[str, Any]:
        fields = {k: changes[k] for k in FIELDS if k in changes}
        return self._client.kb_propose(article_id, base_version, comment.strip(), **fields)

    def pending(self) -> list[dict[str, Any]]:
        return self.proposals("pending")

    def proposals(self, status: str | None = None) -> list[dict[str, Any]]:
        items = self._client.kb_proposals(status).get("items")
        return list(items) if isinstance(items, list) else []

    def proposal(self, proposal_id: int) -> dict[str, Any]:
        return self._client.kb_proposal(proposal_id)

    def approve(self, proposal_id: int, comment: str = "") -> dict[str, Any]:
        return self._client.kb_review(proposal_id, "approve", comment.strip() or None)

    def reject(self, proposal_id: int, comment: str) -> dict[str, Any]:
        return self._client.kb_review(proposal_id, "reject", comment.strip())


class RecentlyChanged(Protocol):
    def recently_updated(self, since: datetime) -> dict[str, str]: ...


def recent_badges(
    store: RecentlyChanged, now: datetime | None = None, days: int = RECENT_DAYS
) -> dict[str, datetime]:
    """Cards whose version changed on the server in the last `days` days: id → when (UTC)."""
    moment = now or datetime.now(UTC)
    out: dict[str, datetime] = {}
    for article_id, stamp in store.recently_updated(moment - timedelta(days=days)).items():
        pause_point()
        try:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            continue
        out[article_id] = when if when.tzinfo else when.replace(tzinfo=UTC)
    return out


class SearchStatsSender:
    """Counts the queries operators settle on and sends them every minute and at logout.

    Search-as-you-type asks for every prefix of what is typed; only a query the operator
    settled on counts: one that stood for `settle_s` before the operator went on with
    something that does not extend it (or until the next upload or logout). A failed upload
    keeps its rows for the next one (bounded): statistics are not worth the outbox.
    """

    def __init__(
        self,
        client: StatsCalls,
        *,
        interval_s: float = STATS_INTERVAL_S,
        settle_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self.interval_s = interval_s
        self.settle_s = settle_s
        self._clock = clock
        self.stats = SearchStats()
        self._lock = threading.Lock()
        self._pending: tuple[str, str, float] | None = None  # query, confidence, when
        self._unsent: dict[str, list[int]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent_rows = 0

    def observe(self, query: str, result: SearchResult | None) -> None:
        """A search ran (from any thread)."""
        text = query.strip()
        if not text or result is None:
            return
        now = self._clock()
        with self._lock:
            previous = self._pending
            if previous is not None and previous[0] == text:
                return  # the same query again (a refresh after a sync)
            if (
                previous is not None
                and now - previous[2] >= self.settle_s
                and not text.lower().startswith(previous[0].lower())
            ):
                self._commit(previous)
            self._pending = (text, result.confidence, now)

    def _commit(self, pending: tuple[str, str, float]) -> None:
        query, confidence, _ = pending
        if confidence in ("none", "low"):
            self.stats.record(query, confidence)  # type: ignore[arg-type]

    def settle(self, *, force: bool = False) -> None:
        """Count the last query if it has stood long enough (or now, at logout)."""
        with self._lock:
            pending = self._pending
            if pending is not None and (force or self._clock() - pending[2] >= self.settle_s):
                self._commit(pending)
                self._pending = None

    def send(self, *, force: bool = False) -> int:
        """Upload what was counted; the rows sent (0 when there was nothing or it failed)."""
        self.settle(force=force)
        with self._lock:
            rows: dict[str, list[int]] = {q: list(c) for q, c in self._unsent.items()}
            self._unsent.clear()
            for drained in self.stats.drain(STATS_BATCH):
                for row in drained:
                    _add(rows, row)
        if not rows:
            return 0
        items = [
            {"query": q, "zero_results": z, "low_confidence": lo} for q, (z, lo) in rows.items()
        ]
        sent = 0
        for start in range(0, len(items), STATS_BATCH):
            batch = items[start : start + STATS_BATCH]
            try:
                self._client.kb_send_search_stats(batch)
            except SyncError as exc:
                log.info("search statistics not sent (%s); kept for the next try", exc.code)
                self._keep(items[start:])
                break
            sent += len(batch)
        self.sent_rows += sent
        return sent

    def _keep(self, items: list[dict[str, Any]]) -> None:
        with self._lock:
            for item in items:
                if len(self._unsent) >= MAX_UNSENT_ROWS and item["query"] not in self._unsent:
                    continue
                counts = self._unsent.setdefault(item["query"], [0, 0])
                counts[0] += item["zero_results"]
                counts[1] += item["low_confidence"]

    def unsent(self) -> int:
        with self._lock:
            return len(self._unsent) + len(self.stats) + (self._pending is not None)

    # --- the background sender --------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="search-stats", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.send()
            except Exception:  # a bug here must not end the workstation
                log.exception("sending search statistics failed")

    def stop(self, *, send: bool = True) -> None:
        """End the sender; with `send`, upload what is left first (at logout)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if send:
            try:
                self.send(force=True)
            except Exception:
                log.exception("sending search statistics at logout failed")


def _add(rows: dict[str, list[int]], row: StatRow) -> None:
    counts = rows.setdefault(row.query, [0, 0])
    counts[0] += row.zero_results
    counts[1] += row.low_confidence
