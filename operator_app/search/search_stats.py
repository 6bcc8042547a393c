"""Counts zero-result and low-confidence queries for content managers, without personal data."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from operator_app.search.results import Confidence

# Anything shaped like personal data goes before a query is counted: e-mail addresses,
# SNILS (123-456-789 01), phones, passport series and numbers, and any run of 4+ digits
# (dates of birth, card and account numbers, INN), even with spaces or dashes inside.
_EMAIL_RE = re.compile(r"\S+@\S+")
_DIGIT_RUN_RE = re.compile(r"\+?\d(?:[\s\-().]*\d){3,}")
_SPACE_RE = re.compile(r"\s+")


def scrub(query: str) -> str:
    """The query with e-mail addresses and digit runs (4+ digits) removed, spaces collapsed."""
    text = _EMAIL_RE.sub(" ", query)
    text = _DIGIT_RUN_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class StatRow:
    """One scrubbed query with how often it found nothing or found it only weakly."""

    query: str
    zero_results: int
    low_confidence: int


@dataclass(slots=True)
class SearchStats:
    """In-memory counters, drained in batches for `POST /kb/search-stats`."""

    max_query_chars: int = 200
    _zero: Counter[str] = field(default_factory=Counter)
    _low: Counter[str] = field(default_factory=Counter)

    def record(self, query: str, confidence: Confidence) -> None:
        """Count a query whose search found nothing ("none") or little ("low")."""
        if confidence == "high":
            return
        text = scrub(query)[: self.max_query_chars]
        if len(text) < 2:
            return
        (self._zero if confidence == "none" else self._low)[text] += 1

    def __len__(self) -> int:
        return len(set(self._zero) | set(self._low))

    def drain(self, batch_size: int = 500) -> Iterator[list[StatRow]]:
        """Yield batches of rows and forget them (the caller re-records on a failed upload)."""
        queries = sorted(set(self._zero) | set(self._low))
        rows = [StatRow(q, self._zero[q], self._low[q]) for q in queries]
        self._zero.clear()
        self._low.clear()
        for start in range(0, len(rows), batch_size):
            yield rows[start : start + batch_size]
