"""Delivers the services' typed changes to the Qt thread: one queued signal panes connect to."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from operator_app.services.bus import ChangeBus


class ChangeBridge(QObject):
    """Re-emits every bus change as `changed(Change)` on the Qt thread."""

    changed = Signal(object)

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # a signal emitted from a worker thread reaches Qt-thread slots queued
        self._unsubscribe: Callable[[], None] = bus.subscribe(self.changed.emit)

    def detach(self) -> None:
        self._unsubscribe()
