"""Delivers the services' typed changes to the Qt thread: one queued signal panes connect to."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from operator_app.domain.changes import (
    Change,
    ConnectionChanged,
    KbSyncProgress,
    OperatorStateChanged,
    OutboxChanged,
    QueueSummaryChanged,
    WorkModeChanged,
)
from operator_app.services.bus import ChangeBus

#: changes that describe a state rather than an event: the newest one is all a new view needs
_STATES = (
    ConnectionChanged,
    OperatorStateChanged,
    WorkModeChanged,
    OutboxChanged,
    KbSyncProgress,
    QueueSummaryChanged,
)


class ChangeBridge(QObject):
    """Re-emits every bus change as `changed(Change)` on the Qt thread."""

    changed = Signal(object)

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest: dict[type, Change] = {}
        self._lock = threading.Lock()
        # a signal emitted from a worker thread reaches Qt-thread slots queued
        self._unsubscribe: Callable[[], None] = bus.subscribe(self._deliver)

    def _deliver(self, change: Change) -> None:
        """On the publishing thread: remember states, then queue the change for the Qt thread.
        (Remembered here, not in a slot of this object's own signal: that self-connection
        crashed PySide 6.12 when windows were replaced.)"""
        if isinstance(change, _STATES):
            with self._lock:
                self._latest[type(change)] = change
        self.changed.emit(change)

    def latest(self) -> list[Change]:
        """The newest connection, operator state, work mode, outbox and sync progress seen: what a
        window built later (after a language switch) replays to show the same state."""
        with self._lock:
            return list(self._latest.values())

    def detach(self) -> None:
        self._unsubscribe()
