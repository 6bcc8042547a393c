"""End to end against one real routing API with three logged-in workstation windows: the
second-line specialist `l2-sfr-msk` proposes a correction from the card in the search pane,
the supervisor `sup1` reviews it (current vs proposed, differences highlighted) and approves,
and the new version reaches `op1`'s search, marked as recently updated."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.paths import Paths
from operator_app.ui import theme
from operator_app.ui.app import WorkstationApp
from operator_app.ui.main_window import MainWindow
from operator_app.ui.panes.article_dialogs import ProposalDialog
from operator_app.ui.panes.proposal_review import ReviewDialog
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text

ARTICLE = "KB-0002"
ADDED = "Статус заявления видно в личном кабинете на Госуслугах."
SHOTS = Path(os.environ.get("EKC_SCREENSHOT_DIR", "/tmp"))


def login(qtbot: QtBot, api: RoutingServer, base: Path, qapp: object, username: str) -> MainWindow:
    holder = WorkstationApp(qapp, Paths.standard(base / username), api.url, "ru")  # type: ignore[arg-type]
    holder.start()
    dialog = holder.login
    assert dialog is not None
    dialog.username.setCurrentText(username)
    qtbot.keyClicks(dialog.password, "demo")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: holder.window is not None, timeout=20_000)
    window = holder.window
    assert window is not None
    window.holder = holder  # type: ignore[attr-defined]
    ws = holder.workstation
    assert ws is not None
    qtbot.waitUntil(lambda: ws.engine is not None and len(ws.engine) == 386, timeout=30_000)
    return window


def show_card(qtbot: QtBot, window: MainWindow, query: str, article_id: str) -> None:
    """Search and select `article_id` among the results."""
    window.search.query.clear()
    type_text(window.search.query, query)

    def listed() -> int:
        ids = [
            window.search.results.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(window.search.results.count())
        ]
        return ids.index(article_id) if article_id in ids else -1

    qtbot.waitUntil(lambda: not window.search.searching() and listed() >= 0, timeout=10_000)
    window.search.results.setCurrentRow(listed())
    qtbot.waitUntil(
        lambda: (window.search.current_article() or {}).get("id") == article_id, timeout=5_000
    )


def test_proposal_travels_from_specialist_to_supervisor_to_operator(
    qtbot: QtBot,
    qapp: object,
    api: RoutingServer,
    workstation_dirs: Path,
    clients: dict[str, Client],
) -> None:
    windows: list[MainWindow] = []
    try:
        specialist = login(qtbot, api, workstation_dirs, qapp, "l2-sfr-msk")
        windows.append(specialist)
        supervisor = login(qtbot, api, workstation_dirs, qapp, "sup1")
        windows.append(supervisor)
        operator = login(qtbot, api, workstation_dirs, qapp, "op1")
        windows.append(operator)
        for window in windows:
            window.show()
        # who sees what: first-line operators neither propose nor review
        assert specialist.search.propose_button.isVisibleTo(specialist)
        assert not operator.search.propose_button.isVisibleTo(operator)
        menu_texts = [a.text() for m in operator.menuBar().actions() for a in m.menu().actions()]
        assert "Предложения по базе знаний…" not in menu_texts

        # 1. the specialist proposes a correction from the card shown in the search pane
        show_card(qtbot, specialist, "заявление о назначении пенсии", ARTICLE)
        before = specialist.search.current_article()
        assert before is not None
        assert specialist.search.propose_button.isEnabled()
        qtbot.mouseClick(specialist.search.propose_button, Qt.MouseButton.LeftButton)
        dialog = specialist.findChild(ProposalDialog)
        assert dialog is not None
        qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=10_000)
        assert dialog.base_version == 1
        assert dialog.answer_edit.toPlainText() == before["answer"]
        # nothing changed and no reason: refused in the dialog, nothing sent
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
        assert "Укажите причину" in dialog.message.text()
        assert "Текст не изменён" in dialog.message.text()
        assert dialog.isVisible()
        dialog.answer_edit.moveCursor(dialog.answer_edit.textCursor().MoveOperation.End)
        type_text(dialog.answer_edit, " " + ADDED)
        type_text(dialog.reason_edit, "Граждане спрашивают, где смотреть статус заявления")
        dialog.grab().save(str(SHOTS / "kb_proposal_dialog.png"))
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.proposal is not None, timeout=10_000)
        assert dialog.proposal is not None and dialog.proposal["status"] == "pending"
        assert not dialog.isVisible()

        # 2. the supervisor reviews it: who, when, why, and the difference highlighted
        review_action = next(
            a
            for m in supervisor.menuBar().actions()
            for a in m.menu().actions()
            if a.text() == "Предложения по базе знаний…"
        )
        review_action.trigger()
        review = supervisor.review_dialog
        assert isinstance(review, ReviewDialog)
        qtbot.waitUntil(lambda: review.list.count() == 1, timeout=10_000)
        review.list.setCurrentRow(0)
        assert "l2-sfr-msk" in review.summary.text()
        assert "где смотреть статус" in review.summary.text()
        assert not review.stale.isVisible()
        diff = review.diff.toHtml()
        assert "Госуслугах" in review.diff.toPlainText() and theme.current().added_bg in diff
        review.grab().save(str(SHOTS / "kb_review_dialog.png"))
        # a rejection needs a reason; the approval goes through
        qtbot.mouseClick(review.reject_button, Qt.MouseButton.LeftButton)
        assert "почему" in review.message.text()
        type_text(review.comment, "Согласовано с отделом СФР")
        qtbot.mouseClick(review.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: review.list.count() == 0, timeout=10_000)

        # the author hears of the approval
        qtbot.waitUntil(
            lambda: "одобрено" in specialist.statusBar().currentMessage(), timeout=15_000
        )

        # 3. the new version reaches the first-line operator's search, marked as updated
        op_ws = operator.ws
        qtbot.waitUntil(
            lambda: ADDED in (op_ws.kb.get(ARTICLE) or {}).get("answer", ""), timeout=20_000
        )
        qtbot.waitUntil(lambda: ARTICLE in operator.search.recent, timeout=10_000)
        show_card(qtbot, operator, "заявление о назначении пенсии", ARTICLE)
        shown = operator.search.current_article()
        assert shown is not None and ADDED in shown["answer"]
        assert ADDED in operator.search.view.toPlainText()
        row = operator.search.results.currentItem()
        assert row is not None and "обновлено" in row.text()
        operator.grab().save(str(SHOTS / "kb_updated_in_search.png"))
        # the server holds version 2, written by the supervisor
        history = clients["op1"].ok(clients["op1"].get(f"/kb/articles/{ARTICLE}/history"))
        assert [h["version"] for h in history["items"]] == [2, 1]
        assert history["items"][0]["actor"]["username"] == "sup1"
    finally:
        for window in windows:
            window.close()
            window.holder.shutdown()  # type: ignore[attr-defined]
