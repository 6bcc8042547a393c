"""Starting a logged-in workstation window in a test, and one in a child process."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.paths import Paths
from operator_app.ui.app import WorkstationApp


def login_window(
    qtbot: QtBot, url: str, base: Path, qapp: object, username: str = "op1"
) -> WorkstationApp:
    """A WorkstationApp for `url` with `username` logged in and its main window shown."""
    holder = WorkstationApp(qapp, Paths.standard(base), url, "ru")  # type: ignore[arg-type]
    holder.start()
    dialog = holder.login
    assert dialog is not None
    dialog.username.setCurrentText(username)
    qtbot.keyClicks(dialog.password, "demo")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: holder.window is not None, timeout=20_000)
    return holder


def typing_child() -> None:
    """`python -m tests.helpers.workstation URL BASE TEXT`: log in as op1, wait for the contact
    op1 works on to reopen, then type TEXT into its wrap-up notes at 10 keys/s, printing
    `typed N` after each key, until killed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from operator_app.ui import operations
    from tests.helpers.qt import type_text

    url, base, text = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    app = QApplication(["workstation"])
    operations.install()
    holder = WorkstationApp(app, Paths.standard(base), url, "ru")
    holder.start()
    dialog = holder.login
    assert dialog is not None
    dialog.username.setCurrentText("op1")
    dialog.password.setText("demo")
    dialog.ok_button.click()
    typed = 0

    def step() -> None:
        nonlocal typed
        window = holder.window
        if window is None or window.conversation.current() is None:
            return
        if not window.wrapup.notes.isEnabled() or typed >= len(text):
            return
        type_text(window.wrapup.notes, text[typed])
        typed += 1
        print(f"typed {typed}", flush=True)

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(100)
    app.exec()


if __name__ == "__main__":
    typing_child()
