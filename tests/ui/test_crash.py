"""Crash safety: an unexpected error writes the drafts first, then shows details scrubbed of
personal data; a hard crash (faulthandler's dump) is reported at the next start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from operator_app.ui.crash import CrashHandler
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text
from tests.helpers.workstation import login_window

ROOT = Path(__file__).resolve().parents[2]


def raised(message: str) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise ValueError(message)
    except ValueError as exc:
        return type(exc), exc, exc.__traceback__


def test_an_error_saves_drafts_first_then_shows_scrubbed_details(qtbot: QtBot) -> None:
    order: list[str] = []
    handler = CrashHandler(lambda: order.append("drafts") or True, lambda: None)

    kind, value, tb = raised("СНИЛС 112-233-445 95, почта ivan.petrov@example.ru")
    handler.handle(kind, value, tb)  # type: ignore[arg-type]
    order.append("dialog" if handler.dialog is not None else "no dialog")
    assert order == ["drafts", "dialog"]
    dialog = handler.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert "сохранены" in dialog.message.text()
    text = dialog.details.toPlainText()
    assert "ValueError" in text and "test_crash.py" in text
    assert "112-233" not in text and "ivan.petrov@example.ru" not in text
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    # a second error while the dialog is open: logged, no second dialog
    again = handler.dialog
    handler.handle(*raised("ещё одна"))  # type: ignore[arg-type]
    assert handler.dialog is again


def test_drafts_that_could_not_be_written_are_said_so(qtbot: QtBot) -> None:
    def broken() -> bool:
        raise OSError("disk full")

    handler = CrashHandler(broken, lambda: None)
    handler.handle(*raised("boom"))  # type: ignore[arg-type]
    assert handler.dialog is not None
    qtbot.addWidget(handler.dialog)
    assert "Не все черновики удалось сохранить" in handler.dialog.message.text()


def test_flush_drafts_writes_what_was_just_typed(
    qtbot: QtBot,
    qapp: object,
    api: RoutingServer,
    clients: dict[str, Client],
    workstation_dirs: Path,
) -> None:
    holder = login_window(qtbot, api.url, workstation_dirs, qapp)
    window, ws = holder.window, holder.workstation
    assert window is not None and ws is not None
    try:
        window.set_state("ready", None)
        chat = clients["gateway"].new_contact("chat")
        qtbot.waitUntil(lambda: window.queue.model.offered() is not None, timeout=15_000)
        window.accept(chat["id"])
        qtbot.waitUntil(lambda: window.conversation.tab(chat["id"]) is not None, timeout=15_000)
        tab = window.conversation.tab(chat["id"])
        assert tab is not None
        type_text(tab.reply, "Проверю статус заявления")
        # the autosave waits 400 ms after the last key; the flush does not
        assert tab._draft_timer.isActive()
        assert window.flush_drafts()
        assert ws.draft(chat["id"]).get("reply") == "Проверю статус заявления"
    finally:
        window.close()
        holder.shutdown()


def test_a_hard_crash_is_reported_at_the_next_start(tmp_path: Path) -> None:
    """Each start is a process of its own (faulthandler is process-wide, pytest's included)."""
    logs = tmp_path / "logs"

    def start(then: str) -> subprocess.CompletedProcess[str]:
        code = (
            "import faulthandler, json; from pathlib import Path; from operator_app import "
            f"crashlog; previous = crashlog.install(Path({str(logs)!r})); {then}"
        )
        return subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
        )

    died = start("faulthandler._sigsegv()")
    assert died.returncode != 0
    report = start("print(json.dumps(previous)); crashlog.uninstall()")
    assert report.returncode == 0, report.stderr
    previous = json.loads(report.stdout)
    assert previous is not None and "Fatal Python error" in previous
    assert (logs / "fault.log.previous").exists()
    # a clean run leaves nothing to report
    clean = start("print(json.dumps(previous)); crashlog.uninstall()")
    assert json.loads(clean.stdout) is None
