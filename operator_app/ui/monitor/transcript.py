"""A live contact as the supervisor follows it: the transcript as it grows, and a whisper box
(the hint goes to the operator only; the citizen never sees it)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain.changes import Change, ServerEvent
from operator_app.domain.contacts import parse_time
from operator_app.ui import texts, theme


class TranscriptDialog(QDialog):
    def __init__(self, detail: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id = int(detail["id"])
        self.number = str(detail.get("number") or "")
        self.setWindowTitle(self.tr("Обращение {0} — наблюдение").format(self.number))
        self.resize(560, 520)
        column = QVBoxLayout(self)
        self.header = QLabel(
            f"<b>{html.escape(self.number)}</b> · {html.escape(texts.channel(detail['channel']))}"
            f" · {html.escape(texts.contact_state(detail['state']))}"
        )
        self.transcript = QTextBrowser()
        self.transcript.setAccessibleName(self.tr("Переписка"))
        column.addWidget(self.header)
        column.addWidget(self.transcript, 1)
        row = QHBoxLayout()
        self.hint = QLineEdit()
        self.hint.setPlaceholderText(self.tr("Подсказка оператору (гражданин её не видит)"))
        self.hint.setAccessibleName(self.tr("Подсказка оператору"))
        self.send = QPushButton(self.tr("Подсказать"))
        row.addWidget(self.hint, 1)
        row.addWidget(self.send)
        column.addLayout(row)
        for entry in detail.get("history") or ():
            if entry.get("kind") == "message" and entry.get("data"):
                self.add(entry["data"], entry.get("at"))
            elif entry.get("kind") == "whisper" and entry.get("data"):
                self.add(
                    {"from": "whisper", "text": entry["data"].get("text", "")}, entry.get("at")
                )

    def add(self, message: dict[str, Any], at: str | None) -> None:
        when = parse_time(at)
        stamp = when.astimezone().strftime("%H:%M:%S") if when else ""
        sender = message.get("from", "citizen")
        who = self.tr("Подсказка супервизора") if sender == "whisper" else texts.sender(sender)
        colour = theme.current().muted
        self.transcript.append(
            f"<span style='color:{colour}'>{stamp}</span> <b>{html.escape(who)}:</b> "
            f"{html.escape(str(message.get('text', '')))}"
        )

    def on_change(self, change: Change) -> None:
        if not isinstance(change, ServerEvent) or change.data.get("id") != self.contact_id:
            return
        if change.type == "contact.message" and change.data.get("message"):
            message = change.data["message"]
            self.add(message, message.get("at"))
        elif change.type.startswith("contact."):
            state = change.data.get("state")
            if state:
                self.header.setText(
                    f"<b>{html.escape(self.number)}</b> · {html.escape(texts.contact_state(state))}"
                )
