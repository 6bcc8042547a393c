"""Wrap-up: the disposition from the server's list, resolved or not, notes autosaved as a
draft, and the after-contact-work timer."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain.changes import Change, OperatorStateChanged
from operator_app.domain.contacts import parse_time
from operator_app.services.conversation import Conversation
from operator_app.ui import theme


class WrapUpPane(QWidget):
    wrap_up_requested = Signal(int, str, bool, str)
    draft_changed = Signal(int, str, str)

    def __init__(
        self, dispositions: list[tuple[str, str, bool]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.title = QLabel(self.tr("Завершение: нет обращения"))
        row.addWidget(self.title, 1)
        self.acw = QLabel()
        self.acw.setStyleSheet(f"color: {theme.current().warning}; font-weight: 600;")
        row.addWidget(self.acw)
        layout.addLayout(row)
        fields = QHBoxLayout()
        fields.addWidget(QLabel(self.tr("Результат:")))
        self.disposition = QComboBox()
        self.disposition.setAccessibleName(self.tr("Результат обращения"))
        self._resolved_default: dict[str, bool] = {}
        for code, name, resolved in dispositions:
            self.disposition.addItem(name, code)
            self._resolved_default[code] = resolved
        fields.addWidget(self.disposition, 1)
        self.resolved = QCheckBox(self.tr("Вопрос решён"))
        fields.addWidget(self.resolved)
        layout.addLayout(fields)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Заметки по обращению (сохраняются автоматически)"))
        self.notes.setAccessibleName(self.tr("Заметки"))
        self.notes.setMaximumHeight(64)
        layout.addWidget(self.notes)
        self.button = QPushButton(self.tr("Завершить обращение"))
        self.button.setToolTip(self.tr("Закрыть обращение с выбранным результатом (Ctrl+W)"))
        layout.addWidget(self.button)
        self.disposition.currentIndexChanged.connect(self._default_resolved)
        self.button.clicked.connect(self._submit)
        self._conversation: Conversation | None = None
        self._acw_until: datetime | None = None
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(400)
        self._draft_timer.timeout.connect(self._save_draft)
        # saved 400 ms after the first change, not the last: typing without a pause is saved
        # as it goes, so a crash mid-sentence loses at most the last 400 ms
        self.notes.textChanged.connect(self._schedule_draft)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        self._default_resolved()
        self.show_conversation(None, "")

    def _schedule_draft(self) -> None:
        if not self._draft_timer.isActive():
            self._draft_timer.start()

    def _default_resolved(self) -> None:
        self.resolved.setChecked(self._resolved_default.get(self.disposition.currentData(), True))

    def show_conversation(self, conversation: Conversation | None, notes: str) -> None:
        same = (
            conversation is not None
            and self._conversation is not None
            and self._conversation.id == conversation.id
        )
        self._conversation = conversation
        # the saved notes arrive from a background read: what the operator typed meanwhile in
        # the same contact's notes is newer than them and stays
        if not (same and self.notes.document().isModified()):
            self.notes.blockSignals(True)
            self.notes.setPlainText(notes)
            self.notes.blockSignals(False)
        if conversation is None:
            self.title.setText(self.tr("Завершение: нет обращения"))
        else:
            self.title.setText(
                self.tr("Завершение обращения {0}").format(conversation.contact.number)
            )
        self.refresh()

    def refresh(self) -> None:
        conv = self._conversation
        self.button.setEnabled(conv is not None and conv.wrapping_up)
        self.notes.setEnabled(conv is not None)

    def _save_draft(self) -> None:
        if self._conversation is not None:
            self.draft_changed.emit(self._conversation.id, "notes", self.notes.toPlainText())

    def _submit(self) -> None:
        conv = self._conversation
        if conv is None or not conv.wrapping_up:
            return
        self._draft_timer.stop()
        self.wrap_up_requested.emit(
            conv.id,
            str(self.disposition.currentData()),
            self.resolved.isChecked(),
            self.notes.toPlainText(),
        )

    def on_change(self, change: Change) -> None:
        if isinstance(change, OperatorStateChanged):
            self._acw_until = None
            if change.state == "wrap_up":
                self._acw_until = parse_time(change.acw_until)
            self._tick()
        self.refresh()

    def _tick(self) -> None:
        if self._acw_until is None:
            self.acw.clear()
            return
        left = max(0, int((self._acw_until - datetime.now(UTC)).total_seconds()))
        self.acw.setText(self.tr("Постобработка: {0} с").format(left))
