"""End to end against the real routing API and the traffic simulator: a chat arrives, is
offered, accepted; the operator searches the expert system, inserts the answer, sends it; the
simulated citizen answers; wrap-up with a disposition; the server shows it closed."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.paths import Paths
from operator_app.ui.app import WorkstationApp
from operator_app.ui.main_window import MainWindow
from routing_api.simulation import Options, Simulator
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text


@pytest.fixture
def citizens(api: RoutingServer) -> Iterator[Simulator]:
    """Simulated citizens writing chats (only chats, quick replies)."""
    sim = Simulator(
        Options(
            server=api.url,
            rate=20,
            channel_weights={"chat": 1.0},
            reply_delay=(0.3, 0.8),
            summary_every=3600,
            seed=7,
        ),
        out=io.StringIO(),
    )
    thread = threading.Thread(target=lambda: sim.run(600), daemon=True)
    thread.start()
    assert sim.started.wait(20)
    yield sim
    sim.stop()
    thread.join(20)


def login(qtbot: QtBot, api: RoutingServer, base: Path, qapp: object) -> WorkstationApp:
    holder = WorkstationApp(qapp, Paths.standard(base), api.url, "ru")  # type: ignore[arg-type]
    holder.start()
    dialog = holder.login
    assert dialog is not None
    dialog.username.setCurrentText("op1")
    qtbot.keyClicks(dialog.password, "demo")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: holder.window is not None, timeout=20_000)
    return holder


def test_chat_from_offer_to_closed(
    qtbot: QtBot,
    qapp: object,
    api: RoutingServer,
    citizens: Simulator,
    workstation_dirs: Path,
    clients: dict[str, Client],
) -> None:
    holder = login(qtbot, api, workstation_dirs, qapp)
    window: MainWindow = holder.window  # type: ignore[assignment]
    ws = holder.workstation
    assert ws is not None
    try:
        qtbot.waitUntil(lambda: ws.engine is not None and len(ws.engine) == 386, timeout=30_000)
        window.set_state("ready", None)
        # the chat arrives and is offered in the queue
        qtbot.waitUntil(lambda: window.queue.model.offered() is not None, timeout=30_000)
        assert window.queue.offer.isVisibleTo(window)
        offered = window.queue.model.offered()
        assert offered is not None and offered.channel == "chat"
        qtbot.mouseClick(window.queue.accept_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.conversation.tab(offered.id) is not None, timeout=15_000)
        tab = window.conversation.tab(offered.id)
        assert tab is not None
        assert [m.sender for m in tab.conversation.messages][:1] == ["bot"]  # chat-bot history
        # search the expert system and insert the answer
        type_text(window.search.query, "маткапитал на ипотеку")
        qtbot.waitUntil(lambda: window.search.results.count() > 0, timeout=5_000)
        qtbot.waitUntil(lambda: window.search.insert_button.isEnabled(), timeout=5_000)
        qtbot.mouseClick(window.search.insert_button, Qt.MouseButton.LeftButton)
        answer = tab.reply.toPlainText()
        assert "материнск" in answer.lower()
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
        # our message comes back on the stream, then the simulated citizen answers
        qtbot.waitUntil(
            lambda: any(m.sender == "operator" for m in tab.conversation.messages), timeout=15_000
        )
        sent_at = len(tab.conversation.messages)
        qtbot.waitUntil(
            lambda: any(m.sender == "citizen" for m in tab.conversation.messages[sent_at:]),
            timeout=20_000,
        )
        # end the chat and wrap up with a disposition
        qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.wrapup.button.isEnabled(), timeout=15_000)
        index = window.wrapup.disposition.findData("form_help")
        window.wrapup.disposition.setCurrentIndex(index)
        type_text(window.wrapup.notes, "Рассказал о распоряжении маткапиталом")
        qtbot.mouseClick(window.wrapup.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.conversation.tab(offered.id) is None, timeout=15_000)
        # the server holds the contact closed, with that disposition and the messages
        sup = clients["sup1"]
        qtbot.waitUntil(lambda: sup.contact(offered.id)["state"] == "closed", timeout=15_000)
        detail = sup.contact(offered.id)
        assert detail["disposition"] == "form_help"
        texts = [
            (h["data"]["from"], h["data"]["text"])
            for h in detail["history"]
            if h["kind"] == "message"
        ]
        assert ("operator", answer.strip()) in texts
        assert any(sender == "citizen" for sender, _ in texts)
        wrap = next(h for h in detail["history"] if h["kind"] == "wrapped_up")
        assert wrap["data"]["notes"] == "Рассказал о распоряжении маткапиталом"
    finally:
        window.close()
        holder.shutdown()
