"""The idle lock (152-ФЗ): after a configurable time without keyboard or mouse input the
window locks, hiding everything under an opaque screen that asks for the password again.

Locking forgets what citizens said for verification and makes the operator not ready
(reason «Рабочее место заблокировано»), so nothing is offered to an empty chair. A live call
or chat is work even without typing: the lock waits until no contact is live. The server
checks the password; offline, the screen says the lock lifts once the server answers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.sync.errors import AuthError
from operator_app.ui import theme
from operator_app.ui.errors import describe
from operator_app.ui.operations import Op

log = logging.getLogger("ui")

#: input that counts as the operator being there
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_MS = 5000


class IdleWatcher(QObject):
    """Emits `idle` once the application has had no input for `timeout_s` (again after the
    next input). Watches every window of the application through an event filter."""

    idle = Signal()

    def __init__(self, timeout_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_s = timeout_s
        self._last = time.monotonic()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self.set_timeout(timeout_s)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def set_timeout(self, seconds: float) -> None:
        """Lock after `seconds` without input (checked a few times within it, at most 5 s)."""
        self.timeout_s = seconds
        self._timer.setInterval(min(CHECK_MS, max(50, int(seconds * 250))))

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def idle_s(self) -> float:
        return time.monotonic() - self._last

    def touch(self) -> None:
        self._last = time.monotonic()
        self._fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.touch()
        return False

    def _check(self) -> None:
        if not self._fired and self.idle_s() >= self.timeout_s:
            self._fired = True
            self.idle.emit()


class LockScreen(QFrame):
    """An opaque screen over the whole window: who is logged in, the password, unlock."""

    unlocked = Signal()
    logout_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        username: str,
        unlock: Callable[[str], None],
        language: str = "ru",
    ) -> None:
        super().__init__(window)
        self._unlock = unlock
        self._language = language
        t = theme.current()
        self.setObjectName("lock-screen")
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"QFrame#lock-screen {{ background: {t.base}; }}")
        column = QVBoxLayout(self)
        column.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QWidget()
        box.setMaximumWidth(420)
        form = QVBoxLayout(box)
        title = QLabel(self.tr("Рабочее место заблокировано"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        form.addWidget(title)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        form.addWidget(self.reason)
        form.addWidget(QLabel(self.tr("Пользователь: {0}").format(username)))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Пароль"))
        self.password.setAccessibleName(self.tr("Пароль"))
        form.addWidget(self.password)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {t.error};")
        self.error.hide()
        form.addWidget(self.error)
        self.unlock_button = QPushButton(self.tr("Разблокировать"))
        self.unlock_button.setDefault(True)
        self.logout_button = QPushButton(self.tr("Выйти из системы"))
        form.addWidget(self.unlock_button)
        form.addWidget(self.logout_button)
        column.addWidget(box)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)
        self.logout_button.clicked.connect(self.logout_requested)
        self.hide()

    def lock(self, why: str) -> None:
        self.reason.setText(why)
        self.error.hide()
        self.password.clear()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    @property
    def locked(self) -> bool:
        return self.isVisible()

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None and self.isVisible():
            self.setGeometry(parent.rect())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # nothing typed here reaches the window underneath (shortcuts included)
        event.accept()

    def try_unlock(self) -> None:
        password = self.password.text()
        if not password:
            self._say(self.tr("Введите пароль."))
            return
        self.unlock_button.setEnabled(False)
        self.password.clear()
        Op(lambda: self._unlock(password), owner=self).success(lambda _r: self._done()).failure(
            self._failed
        ).run()

    def _done(self) -> None:
        self.unlock_button.setEnabled(True)
        self.hide()
        self.unlocked.emit()

    def _failed(self, error: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        if isinstance(error, AuthError):
            self._say(self.tr("Неверный пароль."))
        else:
            self._say(describe(error, self._language))
        self.password.setFocus()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
