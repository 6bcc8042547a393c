"""The main window on the smallest screen the workstation supports (DESIGN §8: 1366×768), in
both languages, with its busiest content on screen (a call with its controls and microphone
meter, the expert system showing results): it fits, and no button, label or field is cut off
or pushed out of the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from operator_app.audio.alerts import AlertPlayer
from operator_app.paths import Paths
from operator_app.services.bus import ChangeBus
from operator_app.services.workstation import Workstation
from operator_app.ui.app import install_translator
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.main_window import MainWindow
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text

SCREEN = (1366, 768)
#: what the window manager takes (title bar, taskbar): the window gets at most this much
USABLE = (1366, 728)


def scrolled(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widgetResizable():
            return True
        parent = parent.parentWidget()
    return False


def cut_off(window: QWidget) -> list[str]:
    """Visible controls whose text does not fit, or that lie outside the window."""
    bounds = window.rect()
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() == 0:
            continue
        if not isinstance(widget, QAbstractButton | QLabel | QLineEdit | QComboBox):
            continue
        if isinstance(widget.parentWidget(), QLineEdit):
            continue  # the field's own clear button, sized by Qt to the field
        name = widget.objectName() or widget.accessibleName() or type(widget).__name__
        name += f" in {type(widget.parentWidget()).__name__}"
        if isinstance(widget, QAbstractButton | QLabel):
            name = widget.text() or name
        top_left = widget.mapTo(window, QPoint(0, 0))
        if scrolled(widget):
            # a pane that scrolls (vertically) shows every control one scroll away, but
            # nothing may be squeezed across its width
            squeezed = widget.width() < widget.minimumSizeHint().width()
            if isinstance(widget, QAbstractButton) and widget.text() and squeezed:
                found.append(f"{name}: {widget.width()} px wide, needs more")
            continue
        if not bounds.contains(QRect(top_left, widget.size())):
            found.append(f"{name}: outside the window at {top_left.x()},{top_left.y()}")
        elif isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{name}: {widget.height()} px high, needs more")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() < widget.minimumSizeHint().width():
                found.append(f"{name}: {widget.width()} px wide, needs more")
        elif widget.height() < widget.minimumSizeHint().height():
            found.append(f"{name}: {widget.height()} px high, needs more")
    return found


@pytest.fixture(params=["ru", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    lang = str(request.param)
    translator = install_translator(qapp, lang) if lang == "en" else None
    yield lang
    if translator is not None:
        qapp.removeTranslator(translator)


def test_main_window_fits_1366x768_with_a_call_open(
    qtbot: QtBot,
    api: RoutingServer,
    clients: dict[str, Client],
    tmp_path: Path,
    language: str,
) -> None:
    gw, sup = clients["gateway"], clients["sup1"]
    bus = ChangeBus()
    ws = Workstation(api.url, Paths.standard(tmp_path / "ws"), bus)
    ws.login("op1", "demo")
    alerts = AlertPlayer()
    window = MainWindow(
        ws,
        ChangeBridge(bus),
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        language,
        alerts=alerts,  # a window with sound: calls get the microphone meter
    )
    qtbot.addWidget(window)
    try:
        hint = window.minimumSizeHint()
        assert hint.width() <= USABLE[0] and hint.height() <= USABLE[1], hint
        window.resize(*USABLE)
        window.show()
        ws.start()
        assert len(ws.sync_kb()) > 300
        window.set_state("ready", None)
        qtbot.waitUntil(
            lambda: any(
                o["username"] == "op1" and o["state"] == "ready"
                for o in sup.ok(sup.get("/operators"))["items"]
            ),
            timeout=15_000,
        )
        call = gw.new_contact(
            "voice",
            region="Москва",
            caller={"name": "Константин Константинопольский", "phone": "+79161234545"},
            ivr={"menu_path": ["Социальный фонд", "Пенсии", "Перерасчёт пенсии"]},
        )
        model, me = window.queue.model, int(ws.user["id"])

        def offered() -> bool:
            row = model.row_of(call["id"])
            return row is not None and model.contact(row).offered_to_user(me)

        qtbot.waitUntil(offered, timeout=15_000)
        row = model.row_of(call["id"])
        assert row is not None
        window.queue.table.selectRow(row)
        window.queue.accept_button.click()
        qtbot.waitUntil(lambda: window.conversation.tab(call["id"]) is not None, timeout=15_000)
        tab = window.conversation.tab(call["id"])
        assert tab is not None and tab.controls is not None
        assert tab.controls.meter.isVisible()
        type_text(window.search.query, "перерасчёт пенсии")
        qtbot.waitUntil(lambda: window.search.results.count() > 0, timeout=10_000)
        qtbot.wait(300)  # the layout settles (the meter's first reading, the card's history)
        assert window.width() <= SCREEN[0] and window.height() <= SCREEN[1]
        problems = cut_off(window)
        window.grab().save(str(tmp_path / f"main-{language}.png"))  # to look at when it fails
        assert problems == []
    finally:
        window.conversation.stop_microphones()
        window.close()
        alerts.close()
        ws.close()
