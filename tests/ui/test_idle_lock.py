"""The idle lock (issue 6): after the idle time the window is covered and asks for the password
(checked by the server); the operator is not ready meanwhile and no shortcut works; a live
call is not interrupted; locking forgets what the citizen said for verification."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.api import Client
from tests.helpers.qt import type_text
from tests.ui.conftest import Call
from tests.ui.test_verification_panel import click, fill


def action(window: QWidget, key: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.shortcut().toString() == key)


def op1_state(sup: Client) -> tuple[str, str | None]:
    me = next(o for o in sup.ok(sup.get("/operators"))["items"] if o["username"] == "op1")
    return str(me["state"]), me.get("reason")


def test_idle_lock_covers_the_window_until_the_password(
    qtbot: QtBot, call: Call, clients: dict[str, Client]
) -> None:
    sup = clients["sup1"]
    window, screen = call.window, call.window.lock_screen
    # finish the call first: a live call is never locked
    tab = window.conversation.tab(call.contact_id)
    assert tab is not None and tab.controls is not None
    click(qtbot, tab.controls.end_button)
    qtbot.waitUntil(window.wrapup.button.isEnabled, timeout=15_000)
    click(qtbot, window.wrapup.button)
    qtbot.waitUntil(lambda: window.conversation.tab(call.contact_id) is None, timeout=15_000)
    window.set_state("ready", None)
    qtbot.waitUntil(lambda: op1_state(sup)[0] == "ready", timeout=10_000)

    window.idle.set_timeout(0.3)
    qtbot.waitUntil(lambda: screen.locked, timeout=5_000)
    assert screen.geometry() == window.rect()  # the whole window is covered
    assert "без действий" in screen.reason.text()
    qtbot.waitUntil(lambda: op1_state(sup) == ("not_ready", "locked"), timeout=10_000)
    ready = action(window, "F5")
    assert not ready.isEnabled()  # F5 «ready» does nothing under the lock
    # a wrong password keeps it locked, and says so
    type_text(screen.password, "не тот")
    click(qtbot, screen.unlock_button)
    qtbot.waitUntil(lambda: screen.error.text() == "Неверный пароль.", timeout=10_000)
    assert screen.locked and screen.password.text() == ""
    type_text(screen.password, "demo")
    click(qtbot, screen.unlock_button)
    qtbot.waitUntil(lambda: not screen.locked, timeout=10_000)
    assert ready.isEnabled()
    assert op1_state(sup)[0] == "not_ready"  # ready again only when the operator says so
    window.idle.set_timeout(3600)


def test_a_live_call_is_not_locked_and_locking_forgets_the_verification(
    qtbot: QtBot, call: Call
) -> None:
    window, panel = call.window, call.panel
    click(qtbot, panel.start_button)
    qtbot.waitUntil(lambda: panel.page() == "basic", timeout=10_000)
    fill(panel.last_name, "Смирнов")
    assert call.ws.verification.held() == 1
    window.idle.set_timeout(0.2)
    qtbot.wait(1500)
    assert not window.lock_screen.locked  # the call is live: the operator is working
    window.idle.set_timeout(3600)
    lock = action(window, "Ctrl+L")
    lock.trigger()  # the operator steps away and locks by hand
    qtbot.waitUntil(lambda: window.lock_screen.locked, timeout=5_000)
    assert call.ws.verification.held() == 0
    assert panel.last_name.edit.text() == "" and panel.page() == "idle"
