"""The typed change notification hub: services publish `Change`s, panes subscribe.

Qt-free; callbacks run on the publishing thread. The UI attaches one subscriber
(ui/bridge.py) that re-emits every change on the Qt thread through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from operator_app.domain.changes import Change

log = logging.getLogger("services")

Subscriber = Callable[[Change], None]


class ChangeBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns the function that removes it."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, change: Change) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(change)
            except Exception:  # one broken pane must not starve the others
                log.exception("a subscriber failed on %s", type(change).__name__)
