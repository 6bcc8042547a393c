"""The status bar: connection, the operator's state with reason codes, today's counters."""

from __future__ import annotations

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QStatusBar, QToolButton, QWidget

from operator_app.domain.changes import (
    Change,
    Connection,
    ConnectionChanged,
    KbSyncProgress,
    OperatorStateChanged,
    OutboxChanged,
    WorkModeChanged,
)
from operator_app.ui import texts, theme

#: a KB sync shows the progress bar when it brings at least this many changes (a first sync)
KB_PROGRESS_FROM = 500
#: the progress bar moves at most this often
PROGRESS_EVERY_S = 0.25


class StatusBar(QStatusBar):
    state_requested = Signal(str, object)  # state, reason code or None

    def __init__(
        self, not_ready_reasons: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.connection = QLabel()
        self.addWidget(self.connection)
        self.state = QToolButton()
        self.state.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.state.setAccessibleName(self.tr("Состояние оператора"))
        menu = QMenu(self.state)
        menu.addAction(texts.operator_state("ready")).triggered.connect(
            lambda: self.state_requested.emit("ready", None)
        )
        not_ready = menu.addMenu(texts.operator_state("not_ready"))
        self.not_ready_menu = not_ready
        for code, name in not_ready_reasons:
            not_ready.addAction(name).triggered.connect(
                lambda _=False, c=code: self.state_requested.emit("not_ready", c)
            )
        menu.addAction(texts.operator_state("break")).triggered.connect(
            lambda: self.state_requested.emit("break", None)
        )
        menu.addAction(texts.operator_state("offline")).triggered.connect(
            lambda: self.state_requested.emit("offline", None)
        )
        self.state.setMenu(menu)
        self.addWidget(self.state)
        self.mode = QLabel()
        self.addWidget(self.mode)
        self.kb_progress = QProgressBar()
        self.kb_progress.setAccessibleName(self.tr("Загрузка экспертной системы"))
        self.kb_progress.setFixedWidth(260)  # its text changes; its size never does
        self._progress_at = 0.0
        self.kb_progress.hide()
        self.addPermanentWidget(self.kb_progress)
        self.outbox = QLabel()
        self.addPermanentWidget(self.outbox)
        self.counters = QLabel()
        self.addPermanentWidget(self.counters)
        self._reasons = dict(not_ready_reasons)
        self.show_connection(Connection.CONNECTING, "")
        self.show_state("offline", None, None)

    def choose_not_ready(self) -> None:
        """F6: the not-ready reasons open above the state button (arrows and Enter pick)."""
        button = self.state
        self.not_ready_menu.popup(button.mapToGlobal(button.rect().topLeft()))
        if self.not_ready_menu.actions():
            self.not_ready_menu.setActiveAction(self.not_ready_menu.actions()[0])

    def show_connection(self, state: Connection, detail: str) -> None:
        t = theme.current()
        if state is Connection.ONLINE:
            text, colour = self.tr("● На связи"), t.ok
        elif state is Connection.CONNECTING:
            text, colour = self.tr("● Подключение…"), t.warning
        else:
            text, colour = (
                self.tr(
                    "● Нет связи с сервером — поиск, заметки и черновики работают; "
                    "действия отправятся после восстановления связи"
                ),
                t.error,
            )
        self.connection.setText(text)
        self.connection.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.connection.setToolTip(detail)

    def show_state(self, state: str, reason: str | None, next_state: str | None) -> None:
        text = texts.operator_state(state)
        if reason:
            text += f" ({self._reasons.get(reason, reason)})"
        if next_state:
            text += self.tr(" → затем: {0}").format(texts.operator_state(next_state))
        self.state.setText(text + " ▾")

    def show_kb_progress(self, done: int, total: int | None, finished: bool) -> None:
        """The first (large) KB sync: changes pulled of all, then the index being built."""
        if finished:
            self.kb_progress.hide()
            return
        if total is None or total < KB_PROGRESS_FROM:
            return  # a small delta: over before a bar could be read
        if done >= total:
            self.kb_progress.setRange(0, 0)  # busy: the search index is being built
            building = self.tr("Экспертная система: построение индекса…")
            self.kb_progress.setFormat(building)
            self.kb_progress.setToolTip(building)  # a busy bar shows no text in some styles
        else:
            now = time.monotonic()
            if self.kb_progress.isVisible() and now - self._progress_at < PROGRESS_EVERY_S:
                return  # each update repaints the window: four a second are plenty
            self._progress_at = now
            self.kb_progress.setRange(0, total)
            self.kb_progress.setValue(done)
            self.kb_progress.setFormat(self.tr("Экспертная система: %v из %m"))
        self.kb_progress.setTextVisible(True)
        self.kb_progress.show()

    def show_counters(self, stats: dict[str, object]) -> None:
        aht = stats.get("aht_s")
        aht_text = (
            "—" if aht is None else f"{int(float(str(aht))) // 60}:{int(float(str(aht))) % 60:02d}"
        )
        self.counters.setText(
            self.tr("сегодня: {0} обращений, AHT {1} · очередь {2}").format(
                stats.get("closed", 0), aht_text, stats.get("queue_waiting", 0)
            )
        )

    def on_change(self, change: Change) -> None:
        if isinstance(change, ConnectionChanged):
            self.show_connection(change.state, change.detail)
        elif isinstance(change, OperatorStateChanged):
            self.show_state(change.state, change.reason, change.next_state)
        elif isinstance(change, WorkModeChanged):
            names = {
                "standard": self.tr("стандартный"),
                "night": self.tr("ночной"),
                "weekend": self.tr("выходной"),
                "emergency": self.tr("аварийный"),
            }
            self.mode.setText(self.tr("Режим: {0}").format(names.get(change.mode, change.mode)))
        elif isinstance(change, KbSyncProgress):
            self.show_kb_progress(change.done, change.total, change.finished)
        elif isinstance(change, OutboxChanged):
            self.outbox.setText(
                self.tr("Ожидают отправки: {0}").format(change.pending) if change.pending else ""
            )
