"""Unhandled errors in the window: drafts are written first, then a dialog says what happened,
offers «Скопировать подробности» for the service desk and lets the operator go on working.
A hard crash of the previous run (the fault log) is reported the same way at the next start.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app import crashlog

log = logging.getLogger("ui")


class CrashDialog(QDialog):
    def __init__(
        self,
        details: str,
        *,
        drafts_saved: bool | None,
        previous_run: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Внутренняя ошибка программы"))
        self.setMinimumSize(640, 420)
        layout = QVBoxLayout(self)
        if previous_run:
            headline = self.tr(
                "Прошлый сеанс рабочего места завершился аварийно. Черновики ответов и заметки "
                "сохраняются автоматически и откроются вместе с обращением."
            )
        else:
            headline = self.tr("В программе произошла внутренняя ошибка.")
            if drafts_saved:
                headline += " " + self.tr("Черновики ответов и заметки сохранены.")
            elif drafts_saved is False:
                headline += " " + self.tr(
                    "Не все черновики удалось сохранить: скопируйте важный текст, прежде чем выйти."
                )
            headline += " " + self.tr("Можно продолжить работу.")
        headline += " " + self.tr(
            "Если ошибка повторяется, перезапустите программу и передайте подробности в "
            "службу поддержки (персональные данные из них удалены)."
        )
        self.message = QLabel(headline)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Подробности ошибки"))
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Скопировать подробности"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(
            self.tr("Продолжить работу"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Скопировано"))


class CrashHandler:
    """`sys.excepthook` (and `threading.excepthook`) of the running workstation."""

    def __init__(
        self,
        save_drafts: Callable[[], bool | None],
        parent: Callable[[], QWidget | None],
    ) -> None:
        self._save_drafts = save_drafts
        self._parent = parent
        self.dialog: CrashDialog | None = None
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook

    def install(self) -> CrashHandler:
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread
        return self

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread

    def handle(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, value, tb)
            return
        saved: bool | None
        try:
            saved = self._save_drafts()  # before anything else: the operator's text
        except Exception:
            log.exception("saving the drafts after an error failed")
            saved = False
        log.error(
            "unhandled error:\n%s",
            crashlog.scrub("".join(traceback.format_exception(kind, value, tb))).rstrip(),
        )
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time; the log has every error
        self.dialog = CrashDialog(
            crashlog.details(kind, value, tb), drafts_saved=saved, parent=self._parent()
        )
        self.dialog.open()

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        """A background thread's error is logged (the operation that ran it reports it)."""
        text = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        name = args.thread.name if args.thread is not None else "?"
        log.error("unhandled error in thread %s:\n%s", name, crashlog.scrub(text).rstrip())

    def report_previous_run(self, fault_log: str) -> CrashDialog:
        """The previous run died hard (faulthandler's dump): say so once, with the dump."""
        text = crashlog.details(None, None, None) + "\n\n--- fault log ---\n"
        text += crashlog.scrub(fault_log)
        self.dialog = CrashDialog(text, drafts_saved=None, previous_run=True, parent=self._parent())
        self.dialog.open()
        return self.dialog
