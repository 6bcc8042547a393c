"""Exponential backoff with jitter, and reading a Retry-After header."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class Backoff:
    """Delays base·2ⁿ capped at `cap`, each drawn from [½, 1] of that ("equal jitter")."""

    base: float = 0.5
    cap: float = 30.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """The pause before retry number `attempt` (0 = the first retry)."""
        ceiling = min(self.cap, self.base * 2.0 ** min(attempt, 30))
        draw = rng.random() if rng is not None else random.random()
        return ceiling / 2 + draw * ceiling / 2


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a request is retried before the error reaches the caller."""

    attempts: int = 5
    total_s: float = 30.0
    backoff: Backoff = Backoff()


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
