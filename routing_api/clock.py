"""Time as an injected dependency: the system clock, and a virtual one for tests and the demo."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


class Clock(Protocol):
    """Where every piece of the server reads the time."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware UTC."""
        ...

    @property
    def virtual(self) -> bool:
        """True if tests may move this clock."""
        ...


class SystemClock:
    """The real time."""

    virtual = False

    def now(self) -> datetime:
        return datetime.now(UTC)


class VirtualClock:
    """A clock that stands still (or runs with real time) and moves forward when told.

    Offer timeouts, after-contact work, one-time codes and callbacks are tested by
    advancing this clock instead of sleeping. A production configuration refuses it.
    """

    virtual = True

    def __init__(self, start: datetime | None = None, *, running: bool = False) -> None:
        self._base = start or datetime.now(UTC).replace(microsecond=0)
        self._offset = timedelta()
        self._running = running
        self._started = time.monotonic()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            elapsed = (
                timedelta(seconds=time.monotonic() - self._started)
                if self._running
                else timedelta()
            )
            return self._base + self._offset + elapsed

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward; it never goes back."""
        if seconds < 0:
            raise ValueError("a clock does not go back")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()


def moscow_day_start(moment: datetime) -> datetime:
    """Midnight in Moscow of the day `moment` falls on, as UTC ("today" for KPIs and stats)."""
    local = moment.astimezone(MOSCOW)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
