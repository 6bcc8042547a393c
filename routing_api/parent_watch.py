"""Child processes of the workstation's embedded demo end when the workstation does, even if it
was killed: they watch for being orphaned (POSIX re-parents an orphan) and stop themselves."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time

log = logging.getLogger("api")


def exit_with_parent(parent_pid: int, poll_s: float = 1.0) -> None:
    """Send ourselves SIGTERM (a clean shutdown) once `parent_pid` is gone."""
    if sys.platform == "win32":  # Windows does not re-parent; the workstation stops us itself
        return

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(poll_s)
        log.warning("the workstation that started this demo process is gone; stopping")
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
