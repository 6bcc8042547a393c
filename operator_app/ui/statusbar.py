"""The status bar: connection, the operator's state with reason codes, today's counters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QToolButton, QWidget

from operator_app.domain.changes import (
    Change,
    Connection,
    ConnectionChanged,
    OperatorStateChanged,
    OutboxChanged,
    WorkModeChanged,
)
from operator_app.ui import texts


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
        self.outbox = QLabel()
        self.addPermanentWidget(self.outbox)
        self.counters = QLabel()
        self.addPermanentWidget(self.counters)
        self._reasons = dict(not_ready_reasons)
        self.show_connection(Connection.CONNECTING, "")
        self.show_state("offline", None, None)

    def show_connection(self, state: Connection, detail: str) -> None:
        if state is Connection.ONLINE:
            text, colour = self.tr("● На связи"), "#15803d"
        elif state is Connection.CONNECTING:
            text, colour = self.tr("● Подключение…"), "#b45309"
        else:
            text, colour = (
                self.tr(
                    "● Нет связи с сервером — поиск, заметки и черновики работают; "
                    "действия отправятся после восстановления связи"
                ),
                "#b00020",
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
        elif isinstance(change, OutboxChanged):
            self.outbox.setText(
                self.tr("Ожидают отправки: {0}").format(change.pending) if change.pending else ""
            )
