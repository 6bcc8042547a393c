"""Qt test fixtures: the real routing API (SQLite), a logged-in workstation window."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from operator_app.services.workstation import Workstation
    from operator_app.ui.main_window import MainWindow
    from operator_app.ui.panes.verification_panel import VerificationPanel
    from tests.helpers.api import Client, RoutingServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """UI tests drive the window; the server's storage is covered by tests/api on both backends."""
    return str(request.param)


@pytest.fixture
def workstation_dirs(tmp_path: Path) -> Path:
    base = tmp_path / "workstation"
    base.mkdir()
    return base


@pytest.fixture(autouse=True)
def _ops(qapp: object) -> Iterator[None]:
    from operator_app.ui import operations

    operations.install()
    yield


@dataclass
class Call:
    window: MainWindow
    ws: Workstation
    contact_id: int

    @property
    def panel(self) -> VerificationPanel:
        return self.window.card.identity


@pytest.fixture
def call(
    qtbot: Any, api: RoutingServer, clients: dict[str, Client], tmp_path: Path
) -> Iterator[Call]:
    """op1's window with a pension call accepted (SNILS is the document it needs)."""
    from PySide6.QtCore import QSettings

    from operator_app.paths import Paths
    from operator_app.services.bus import ChangeBus
    from operator_app.services.workstation import Workstation
    from operator_app.ui.bridge import ChangeBridge
    from operator_app.ui.main_window import MainWindow

    gw, sup = clients["gateway"], clients["sup1"]
    bus = ChangeBus()
    ws = Workstation(api.url, Paths.standard(tmp_path / "ws"), bus)
    ws.login("op1", "demo")
    window = MainWindow(
        ws, ChangeBridge(bus), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    ws.start()
    window.set_state("ready", None)
    qtbot.waitUntil(
        lambda: any(
            o["username"] == "op1" and o["state"] == "ready"
            for o in sup.ok(sup.get("/operators"))["items"]
        ),
        timeout=15_000,
    )
    contact = gw.new_contact(
        "voice",
        category="pensions",
        region="Москва",
        caller={"name": "Гражданин", "phone": "+79161234545"},
    )
    model, me = window.queue.model, int(ws.user["id"])

    def offered() -> bool:
        row = model.row_of(contact["id"])
        return row is not None and model.contact(row).offered_to_user(me)

    qtbot.waitUntil(offered, timeout=15_000)
    row = model.row_of(contact["id"])
    assert row is not None
    window.queue.table.selectRow(row)
    window.queue.accept_button.click()
    qtbot.waitUntil(lambda: window.conversation.tab(contact["id"]) is not None, timeout=15_000)
    panel = window.card.identity
    qtbot.waitUntil(
        lambda: panel.start_button.isVisible() and panel.start_button.isEnabled(), timeout=10_000
    )
    try:
        yield Call(window, ws, int(contact["id"]))
    finally:
        window.close()
        ws.close()


@pytest.fixture
def desk_window(
    qtbot: Any, api: RoutingServer, tmp_path: Path
) -> Iterator[Callable[[str], MainWindow]]:
    """Open a logged-in workstation window for a demo user (closed after the test)."""
    from PySide6.QtCore import QSettings

    from operator_app.paths import Paths
    from operator_app.services.bus import ChangeBus
    from operator_app.services.workstation import Workstation
    from operator_app.ui.bridge import ChangeBridge
    from operator_app.ui.main_window import MainWindow

    opened: list[tuple[Any, Workstation]] = []

    def open_window(username: str) -> MainWindow:
        bus = ChangeBus()
        ws = Workstation(api.url, Paths.standard(tmp_path / username), bus)
        ws.login(username, "demo")
        settings = QSettings(str(tmp_path / f"{username}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ws, ChangeBridge(bus), settings)
        qtbot.addWidget(window)
        window.resize(1366, 728)
        window.show()
        ws.start()
        opened.append((window, ws))
        return window

    yield open_window
    for window, ws in opened:
        window.close()
        ws.close()
