"""The conversation pane: one tab per open contact — the chat-bot history, the live
transcript, a reply box (drafts autosaved) and the end button."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain.changes import Change, ContactChanged, MessageReceived
from operator_app.domain.contacts import Message
from operator_app.services.conversation import Conversation
from operator_app.ui import texts

COLOURS = {"citizen": "#0f172a", "bot": "#6b7280", "operator": "#1d4ed8"}


class ConversationTab(QWidget):
    send_requested = Signal(int, str)
    end_requested = Signal(int)
    draft_changed = Signal(int, str, str)

    def __init__(
        self,
        conversation: Conversation,
        category: str,
        draft: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.conversation = conversation
        layout = QVBoxLayout(self)
        contact = conversation.contact
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)
        self._category = category
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setStyleSheet("background: #f1f5f9; padding: 6px; border-radius: 4px;")
        layout.addWidget(self.details)
        self.transcript = QTextBrowser()
        self.transcript.setAccessibleName(self.tr("Переписка"))
        layout.addWidget(self.transcript, 1)
        self.reply = QPlainTextEdit()
        self.reply.setPlaceholderText(self.tr("Ответ гражданину… (Ctrl+Enter — отправить)"))
        self.reply.setAccessibleName(self.tr("Ответ"))
        self.reply.setMaximumHeight(110)
        self.reply.setPlainText(draft)
        layout.addWidget(self.reply)
        buttons = QHBoxLayout()
        self.send_button = QPushButton(self.tr("Отправить"))
        self.end_button = QPushButton(self.tr("Завершить разговор"))
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)
        layout.addLayout(buttons)
        self.send_button.clicked.connect(self._send)
        self.end_button.clicked.connect(lambda: self.end_requested.emit(contact.id))
        QShortcut(QKeySequence("Ctrl+Return"), self.reply, self._send)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(400)
        self._draft_timer.timeout.connect(
            lambda: self.draft_changed.emit(contact.id, "reply", self.reply.toPlainText())
        )
        self.reply.textChanged.connect(self._draft_timer.start)
        self.refresh()

    def refresh(self) -> None:
        contact = self.conversation.contact
        caller = html.escape(contact.caller_name or self.tr("гражданин"))
        phone = html.escape(contact.phone_masked or "")
        self.header.setText(
            f"<b>{html.escape(contact.number)}</b> · {texts.channel(contact.channel)} · "
            f"{html.escape(self._category)} · {caller} {phone} · "
            f"<i>{texts.contact_state(contact.state)}</i>"
        )
        details = self._details_html()
        self.details.setText(details)
        self.details.setVisible(bool(details))
        parts = [self._message_html(m) for m in self.conversation.messages]
        if not parts:
            parts = [f"<p style='color:#6b7280'>{self.tr('Сообщений пока нет.')}</p>"]
        self.transcript.setHtml("".join(parts))
        self.transcript.verticalScrollBar().setValue(self.transcript.verticalScrollBar().maximum())
        live = self.conversation.live
        self.send_button.setEnabled(live and self.conversation.written)
        self.reply.setReadOnly(not (live and self.conversation.written))
        self.end_button.setEnabled(live)

    def _details_html(self) -> str:
        """What arrived with the contact: IVR data for calls, the letter or the web form."""
        detail = self.conversation.detail
        rows: list[tuple[str, str]] = []
        ivr = detail.get("ivr") or {}
        if ivr.get("menu_path"):
            rows.append((self.tr("Меню IVR"), " › ".join(str(x) for x in ivr["menu_path"])))
        if ivr.get("snils"):
            rows.append((self.tr("СНИЛС из IVR"), str(ivr["snils"])))
        if detail.get("resumes"):
            rows.append((self.tr("Продолжение обращения"), str(detail["resumes"])))
        if detail.get("subject"):
            rows.append((self.tr("Тема"), str(detail["subject"])))
        form = detail.get("form") or {}
        for key, label in (
            ("request_number", self.tr("Номер заявления")),
            ("description", self.tr("Описание")),
        ):
            if form.get(key):
                rows.append((label, str(form[key])))
        if detail.get("body"):
            rows.append((self.tr("Текст"), str(detail["body"])))
        if detail.get("reply_channel"):
            rows.append((self.tr("Ответить через"), str(detail["reply_channel"])))
        return "<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in rows)

    def _message_html(self, message: Message) -> str:
        colour = COLOURS.get(message.sender, "#000")
        when = message.at.astimezone().strftime("%H:%M") if message.at else ""
        text = html.escape(message.text).replace("\n", "<br>")
        return (
            f"<p style='margin:4px 0'><span style='color:{colour};font-weight:600'>"
            f"{texts.sender(message.sender)}</span> <span style='color:#9ca3af'>{when}</span>"
            f"<br>{text}</p>"
        )

    def _send(self) -> None:
        text = self.reply.toPlainText().strip()
        if text and self.send_button.isEnabled():
            self.send_requested.emit(self.conversation.id, text)
            self.reply.clear()

    def insert(self, text: str) -> None:
        """Insert an expert-system answer at the cursor."""
        self.reply.insertPlainText(text)
        self.reply.setFocus()


class ConversationPane(QWidget):
    send_requested = Signal(int, str)
    end_requested = Signal(int)
    draft_changed = Signal(int, str, str)
    current_changed = Signal(object)

    def __init__(self, category_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = category_names
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.empty = QLabel(self.tr("Нет открытых обращений. Примите предложение в очереди."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs)
        self.tabs.hide()
        self.tabs.currentChanged.connect(lambda _i: self.current_changed.emit(self.current()))

    def tab(self, contact_id: int) -> ConversationTab | None:
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if isinstance(widget, ConversationTab) and widget.conversation.id == contact_id:
                return widget
        return None

    def current(self) -> Conversation | None:
        widget = self.tabs.currentWidget()
        return widget.conversation if isinstance(widget, ConversationTab) else None

    def current_tab(self) -> ConversationTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ConversationTab) else None

    def open(self, conversation: Conversation, draft: str = "") -> None:
        existing = self.tab(conversation.id)
        if existing is not None:
            existing.conversation = conversation
            existing.refresh()
            self.tabs.setCurrentWidget(existing)
            return
        category = self._names.get(conversation.contact.category, conversation.contact.category)
        tab = ConversationTab(conversation, category, draft)
        tab.send_requested.connect(self.send_requested)
        tab.end_requested.connect(self.end_requested)
        tab.draft_changed.connect(self.draft_changed)
        index = self.tabs.addTab(
            tab, f"{texts.channel(conversation.contact.channel)} {conversation.contact.number}"
        )
        self.tabs.setCurrentIndex(index)
        self.empty.hide()
        self.tabs.show()

    def close_contact(self, contact_id: int) -> None:
        tab = self.tab(contact_id)
        if tab is not None:
            self.tabs.removeTab(self.tabs.indexOf(tab))
            tab.deleteLater()
        if self.tabs.count() == 0:
            self.tabs.hide()
            self.empty.show()

    def on_change(self, change: Change) -> None:
        if isinstance(change, MessageReceived | ContactChanged):
            contact_id = (
                change.contact_id if isinstance(change, MessageReceived) else change.contact.id
            )
            tab = self.tab(contact_id)
            if tab is not None:
                if isinstance(change, ContactChanged):
                    tab.conversation.contact = change.contact
                tab.refresh()
