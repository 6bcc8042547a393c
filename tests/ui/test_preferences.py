"""Сервис → Настройки: the language, font size and theme change without a restart (the window
is rebuilt around the same session: open contacts, drafts and queue stay), and the
administrator's presets (MSI registry values / /etc/xdg/EKC/Workstation.conf) are honoured."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from operator_app.paths import Paths
from operator_app.ui import theme
from operator_app.ui.app import WorkstationApp
from operator_app.ui.dialogs.settings import SettingsDialog
from operator_app.ui.preferences import Preferences, Presets, load, read_presets, save
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text
from tests.helpers.workstation import login_window


def _ini(path: Path, text: str) -> QSettings:
    path.write_text(text, encoding="utf-8")
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_presets_are_read_and_bad_values_ignored(tmp_path: Path) -> None:
    system = _ini(
        tmp_path / "Workstation.conf",
        "[server]\nurl=https://ekc.example:8700\n[session]\nidle_lock_minutes=7\n"
        "[sound]\noffer=0\n",
    )
    presets = read_presets(system)
    assert presets == Presets("https://ekc.example:8700", 7, False)
    bad = read_presets(
        _ini(tmp_path / "bad.conf", "[session]\nidle_lock_minutes=0\n[sound]\noffer=maybe\n")
    )
    assert bad == Presets(None, None, None)
    assert read_presets(_ini(tmp_path / "empty.conf", "")) == Presets()


def test_the_user_chooses_over_presets_except_the_idle_lock(tmp_path: Path) -> None:
    user = _ini(tmp_path / "user.ini", "")
    presets = Presets(None, 7, False)
    prefs = load(user, presets)
    assert prefs == Preferences(offer_sound=False, idle_lock_minutes=7, idle_lock_locked=True)
    save(user, prefs.changed(language="en", font_scale=130, offer_sound=True, idle_lock_minutes=30))
    again = load(user, presets)
    assert (again.language, again.font_scale, again.offer_sound) == ("en", 130, True)
    assert again.idle_lock_minutes == 7, "the administrator's idle lock is a policy"
    assert load(user, Presets()).idle_lock_minutes == 15, "a locked value is not saved as mine"
    assert load(user, presets, "ru").language == "ru", "--lang wins for the run"


def test_the_dialog_greys_a_preset_idle_lock(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Preferences(idle_lock_minutes=7, idle_lock_locked=True))
    qtbot.addWidget(dialog)
    assert not dialog.idle_lock.isEnabled()
    dialog.idle_lock.setValue(60)
    assert dialog.result_preferences().idle_lock_minutes == 7


def test_a_preset_server_is_used_without_the_demo(tmp_path: Path, qapp: QApplication) -> None:
    holder = WorkstationApp(
        qapp,
        Paths.standard(tmp_path),
        None,
        "ru",
        presets=Presets(server_url="http://127.0.0.1:9"),
    )
    holder.start()
    try:
        assert holder.demo is None and holder.login is not None
        assert holder.workstation is not None
        assert holder.workstation.server_url == "http://127.0.0.1:9"
    finally:
        holder.login.close()
        holder.shutdown()


def test_switching_language_and_theme_keeps_the_session(
    qtbot: QtBot,
    qapp: QApplication,
    api: RoutingServer,
    clients: dict[str, Client],
    workstation_dirs: Path,
) -> None:
    holder = login_window(qtbot, api.url, workstation_dirs, qapp)
    window = holder.window
    assert window is not None
    ws = holder.workstation
    assert ws is not None
    qtbot.waitUntil(lambda: ws.queue is not None and ws.connection.name == "ONLINE", timeout=20_000)
    window.set_state("ready", None)
    contact = clients["gateway"].new_contact("chat")
    qtbot.waitUntil(lambda: window.queue.model.offered() is not None, timeout=20_000)
    window.accept(contact["id"])
    qtbot.waitUntil(lambda: window.conversation.current_tab() is not None, timeout=20_000)
    tab = window.conversation.current_tab()
    assert tab is not None
    type_text(tab.reply, "Черновик ответа")
    qtbot.waitUntil(lambda: window.wrapup.notes.isEnabled(), timeout=10_000)
    type_text(window.wrapup.notes, "Заметка по звонку")
    window.search.query.setText("пенсия")
    base_size = qapp.font().pointSizeF()

    dialog = window.show_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.font_scale.setCurrentIndex(dialog.font_scale.findData(130))
    dialog.high_contrast.setChecked(True)
    dialog.accept()
    try:
        qtbot.waitUntil(lambda: holder.window is not window, timeout=10_000)
        new = holder.window
        assert new is not None
        assert new.windowTitle().startswith("EKC"), new.windowTitle()
        menus = [a.text() for a in new.menuBar().actions()]
        assert "Shift" in menus and "Tools" in menus, menus
        assert qapp.font().pointSizeF() == pytest.approx(base_size * 1.3)
        assert theme.current() is theme.HIGH_CONTRAST
        assert qapp.palette().color(qapp.palette().ColorRole.Window).name() == "#000000"
        # the same session: the contact, its drafts, the queue, the search, the connection
        qtbot.waitUntil(lambda: new.conversation.current_tab() is not None, timeout=10_000)
        new_tab = new.conversation.current_tab()
        assert new_tab is not None
        assert new_tab.conversation.id == contact["id"]
        assert new_tab.reply.toPlainText() == "Черновик ответа"
        qtbot.waitUntil(lambda: new.wrapup.notes.toPlainText() == "Заметка по звонку", timeout=5000)
        assert new.search.query.text() == "пенсия"
        assert "Online" in new.status.connection.text(), new.status.connection.text()
        qtbot.waitUntil(lambda: not isValid(window), timeout=5000)  # the old window is gone
        saved = QSettings(str(holder.paths.config / "workstation.ini"), QSettings.Format.IniFormat)
        assert saved.value("ui/language") == "en" and saved.value("ui/font_scale") == "130"
        # the old window listens no more: a change reaches the new one only
        type_text(new_tab.reply, "!")
        qtbot.waitUntil(lambda: ws.draft(contact["id"]).get("reply") == "Черновик ответа!")

        back = new.show_settings()
        back.language.setCurrentIndex(back.language.findData("ru"))
        back.font_scale.setCurrentIndex(back.font_scale.findData(100))
        back.high_contrast.setChecked(False)
        back.accept()
        qtbot.waitUntil(lambda: holder.window is not new, timeout=10_000)
        third = holder.window
        assert third is not None
        assert third.windowTitle().startswith("ЕКЦ")
        assert theme.current() is theme.STANDARD
        assert qapp.font().pointSizeF() == pytest.approx(base_size)
        qtbot.waitUntil(lambda: third.conversation.current_tab() is not None, timeout=10_000)
        third_tab = third.conversation.current_tab()
        assert third_tab is not None and third_tab.reply.toPlainText() == "Черновик ответа!"
    finally:
        theme.apply(qapp, high_contrast=False, font_scale=100)
        if holder.translator is not None:
            qapp.removeTranslator(holder.translator)
        if holder.window is not None:
            holder.window.close()
        holder.shutdown()
