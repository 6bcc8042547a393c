"""The conversation pane: one tab per open contact. A call shows the IVR data (screen pop),
the call controls and the history; a chat its bot history and live transcript; an e-mail or
web form the letter with its fields and a reply composer for the channel the citizen asked
for. A contact handed over by a colleague says who escalated it and why."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain.changes import Change, ContactChanged, MessageReceived
from operator_app.domain.contacts import Message
from operator_app.services import contact_info
from operator_app.services.conversation import Conversation
from operator_app.ui import texts, theme
from operator_app.ui.panes.call_controls import CallControls, MicrophoneFactory
from operator_app.ui.panes.history import history_html, target_name, when

#: the sender's name in the transcript, as a theme colour's name (the theme has no accent colour
#: for the operator's own lines: their name says who wrote them)
SENDER_COLOURS = {"citizen": "text", "bot": "muted", "operator": "text"}
BANNER = "padding: 6px; border-radius: 4px; background: {0}; color: {1};"


def sender_colour(sender: str) -> str:
    return str(getattr(theme.current(), SENDER_COLOURS.get(sender, "text")))


class ConversationTab(QWidget):
    send_requested = Signal(int, str)
    end_requested = Signal(int)
    draft_changed = Signal(int, str, str)
    #: hold / resume / transfer / consult / escalate, for the main window to run
    action_requested = Signal(int, str)

    def __init__(
        self,
        conversation: Conversation,
        category: str,
        draft: str = "",
        parent: QWidget | None = None,
        *,
        category_names: dict[str, str] | None = None,
        dispositions: dict[str, str] | None = None,
        microphone: MicrophoneFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.conversation = conversation
        self._category = category
        self._categories = category_names or {}
        self._dispositions = dispositions or {}
        contact = conversation.contact
        self.voice = contact.channel in contact_info.VOICE_LIKE
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.handover = QLabel()
        self.handover.setObjectName("handover")
        self.handover.setWordWrap(True)
        self.handover.setTextFormat(Qt.TextFormat.RichText)
        t = theme.current()
        self.handover.setStyleSheet(BANNER.format(t.banner_bg, t.banner_fg))
        layout.addWidget(self.handover)
        self.task = QLabel()
        self.task.setWordWrap(True)
        self.task.setTextFormat(Qt.TextFormat.RichText)
        self.task.setStyleSheet(BANNER.format(t.row_offered, t.text))
        layout.addWidget(self.task)
        self.controls: CallControls | None = None
        if self.voice:
            self.controls = CallControls(
                contact_info.talk_started(conversation.detail), microphone=microphone
            )
            self.controls.action.connect(self._control)
            layout.addWidget(self.controls)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setStyleSheet(BANNER.format(t.base, t.text))
        layout.addWidget(self.details)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.transcript = QTextBrowser()
        self.transcript.setAccessibleName(self.tr("Переписка"))
        self.history = QTextBrowser()
        self.history.setAccessibleName(self.tr("История обращения"))
        self.split.addWidget(self.transcript)
        self.split.addWidget(self.history)
        layout.addWidget(self.split, 1)
        self.reply_channel = QLabel()
        self.reply_channel.setWordWrap(True)
        self.reply_channel.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.reply_channel)
        self.reply = QPlainTextEdit()
        self.reply.setPlaceholderText(self.tr("Ответ гражданину… (Ctrl+Enter — отправить)"))
        self.reply.setAccessibleName(self.tr("Ответ"))
        self.reply.setMaximumHeight(150 if contact.channel in ("email", "web_form") else 110)
        self.reply.setPlainText(draft)
        self.reply.moveCursor(QTextCursor.MoveOperation.End)  # go on typing where the draft ends
        layout.addWidget(self.reply)
        buttons = QHBoxLayout()
        self.send_button = QPushButton(
            self.tr("Отправить ответ")
            if contact.channel in ("email", "web_form")
            else self.tr("Отправить")
        )
        self.history_button = QPushButton(self.tr("История"))
        self.history_button.setCheckable(True)
        self.history_button.setToolTip(self.tr("Показать историю обращения и связанных обращений"))
        self.escalate_button = QPushButton(self.tr("Эскалировать…"))
        self.escalate_button.setToolTip(
            self.tr("Эскалировать на вторую линию или супервизору (Ctrl+Shift+E)")
        )
        self.end_button = QPushButton(self.tr("Завершить разговор"))
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.escalate_button)
        buttons.addWidget(self.end_button)
        layout.addLayout(buttons)
        if self.controls is not None:
            # a call: no written reply; the call controls end it; the history is the body
            for widget in (self.reply, self.send_button, self.end_button, self.reply_channel):
                widget.hide()
            self.end_button = self.controls.end_button
            self.transcript.hide()
            self.history_button.hide()
        else:
            self.history.hide()
            self.history_button.toggled.connect(self.history.setVisible)
        self.send_button.clicked.connect(self._send)
        self.end_button.clicked.connect(lambda: self.end_requested.emit(contact.id))
        self.escalate_button.clicked.connect(lambda: self._control("escalate"))
        QShortcut(QKeySequence("Ctrl+Return"), self.reply, self._send)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(400)
        self._draft_timer.timeout.connect(
            lambda: self.draft_changed.emit(contact.id, "reply", self.reply.toPlainText())
        )
        self.reply.textChanged.connect(self._draft_timer.start)
        self.refresh()

    def _control(self, action: str) -> None:
        if action == "end":
            self.end_requested.emit(self.conversation.id)
        else:
            self.action_requested.emit(self.conversation.id, action)

    # --- rendering -------------------------------------------------------------------------
    def refresh(self) -> None:
        contact = self.conversation.contact
        detail = self.conversation.detail
        caller = html.escape(contact.caller_name or self.tr("гражданин"))
        phone = html.escape(contact.phone_masked or "")
        self.header.setText(
            f"<b>{html.escape(contact.number)}</b> · {texts.channel(contact.channel)} · "
            f"{html.escape(self._category)} · {caller} {phone} · "
            f"<i>{texts.contact_state(contact.state)}</i>"
        )
        self._set(self.handover, self._handover_html())
        self._set(self.task, self._task_html())
        self._set(self.details, self._details_html())
        if self.controls is not None:
            self.controls.show_state(contact.state)
        parts = []
        letter = self._letter_html()
        if letter:
            parts.append(letter)
        parts.extend(self._message_html(m) for m in self.conversation.messages)
        if not parts:
            parts = [
                f"<p style='color:{theme.current().muted}'>{self.tr('Сообщений пока нет.')}</p>"
            ]
        self.transcript.setHtml("".join(parts))
        self.transcript.verticalScrollBar().setValue(self.transcript.verticalScrollBar().maximum())
        self.history.setHtml(self._history_html(detail))
        live = self.conversation.live
        self.send_button.setEnabled(live and self.conversation.written)
        self.reply.setReadOnly(not (live and self.conversation.written))
        self.end_button.setEnabled(live)
        self.escalate_button.setEnabled(live or self.conversation.wrapping_up)
        self._set(self.reply_channel, self._reply_channel_html() if not self.voice else "")

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _handover_html(self) -> str:
        """«Эскалировано: op1 — причина» with the notes, for the one who received it."""
        given = contact_info.handover(self.conversation.detail)
        if given is None:
            return ""
        head = (
            self.tr("Эскалировано: {0} — {1}")
            if given.kind == "escalated"
            else self.tr("Переведено: {0} — {1}")
        )
        where = " ".join(x for x in (target_name(given.target), given.agency, given.region) if x)
        text = f"<b>{html.escape(head.format(given.by or '—', given.reason or '—'))}</b>"
        if where:
            text += (
                f" <span style='color:{theme.current().banner_fg}'>({html.escape(where)})</span>"
            )
        if given.notes:
            text += "<br>" + html.escape(self.tr("Заметки: {0}").format(given.notes)).replace(
                "\n", "<br>"
            )
        return text

    def _task_html(self) -> str:
        """A callback / outbound task: what it is, when it was due, what it resumes."""
        contact = self.conversation.contact
        detail = self.conversation.detail
        if contact.channel not in contact_info.TASK_CHANNELS:
            return ""
        kind = (
            self.tr("Обратный звонок")
            if contact.channel == "callback"
            else self.tr("Исходящий звонок")
        )
        rows = [f"<b>{html.escape(kind)}</b>"]
        if detail.get("due_at"):
            rows.append(html.escape(self.tr("срок: {0}").format(when(detail["due_at"]))))
        if detail.get("resumes"):
            rows.append(html.escape(self.tr("по обращению {0}").format(detail["resumes"])))
        text = " · ".join(rows)
        text += "<br>" + html.escape(
            self.tr("Вызов набран при принятии задачи: гражданин на линии.")
        )
        return text

    def _details_html(self) -> str:
        """What arrived with the contact: IVR data for calls, the letter's or form's fields."""
        detail = self.conversation.detail
        contact = self.conversation.contact
        rows: list[tuple[str, str]] = []
        ivr = detail.get("ivr") or {}
        if ivr.get("menu_path"):
            rows.append((self.tr("Меню IVR"), " › ".join(str(x) for x in ivr["menu_path"])))
        if ivr.get("category"):
            category = str(ivr["category"])
            rows.append((self.tr("Категория из IVR"), self._categories.get(category, category)))
        if self.voice:
            rows.append((self.tr("Представился"), contact.caller_name or self.tr("не назвался")))
            if contact.phone_masked:
                rows.append((self.tr("Телефон"), contact.phone_masked))
        if ivr.get("snils"):
            rows.append((self.tr("СНИЛС из IVR"), str(ivr["snils"])))
        region = ivr.get("region") or contact.region
        if region and self.voice:
            rows.append((self.tr("Регион"), str(region)))
        if detail.get("resumes") and contact.channel not in contact_info.TASK_CHANNELS:
            rows.append((self.tr("Продолжение обращения"), str(detail["resumes"])))
        if contact.channel == "email":
            sender = (detail.get("caller") or {}).get("email_masked")
            who = " ".join(x for x in (contact.caller_name, sender) if x)
            if who:
                rows.append((self.tr("От"), who))
        if detail.get("subject"):
            rows.append((self.tr("Тема"), str(detail["subject"])))
        form = detail.get("form") or {}
        for key, label in (
            ("name", self.tr("Имя")),
            ("phone", self.tr("Телефон")),
            ("request_number", self.tr("Номер заявления")),
        ):
            if form.get(key):
                rows.append((label, str(form[key])))
        return "<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in rows)

    def _letter_html(self) -> str:
        """The e-mail's text or the web form's description, at the top of the transcript."""
        detail = self.conversation.detail
        if self.conversation.contact.channel not in ("email", "web_form"):
            return ""
        body = detail.get("body") or (detail.get("form") or {}).get("description")
        if not body:
            return ""
        title = (
            self.tr("Письмо гражданина")
            if self.conversation.contact.channel == "email"
            else self.tr("Обращение с портала")
        )
        text = html.escape(str(body)).replace("\n", "<br>")
        t = theme.current()
        return (
            f"<div style='background:{t.base};border:1px solid {t.muted};padding:6px'>"
            f"<span style='color:{sender_colour('citizen')};font-weight:600'>{html.escape(title)}"
            f"</span><br>{text}</div>"
        )

    def _reply_channel_html(self) -> str:
        """The channel the citizen asked to be answered by; a call back goes to wrap-up."""
        detail = self.conversation.detail
        contact = self.conversation.contact
        if contact.channel == "chat":
            return ""
        channel = contact_info.reply_channel(detail)
        if channel == "phone":
            return (
                f"<span style='color:{theme.current().warning};font-weight:600'>"
                + html.escape(
                    self.tr(
                        "Гражданин просит перезвонить: ответ по телефону. При завершении выберите "
                        "«Требуется обратный звонок» — будет создана задача обратного звонка."
                    )
                )
                + "</span>"
            )
        address = ""
        if channel == "email":
            address = (detail.get("caller") or {}).get("email_masked") or ""
            name = self.tr("по электронной почте")
        elif channel == "sms":
            address = contact.phone_masked or ""
            name = self.tr("по SMS")
        else:
            name = self.tr("в личный кабинет на портале")
        text = self.tr("Ответ будет отправлен {0}").format(name)
        if address:
            text += f" ({address})"
        return f"<span style='color:{theme.current().text}'>{html.escape(text)}</span>"

    def _history_html(self, detail: dict[str, Any]) -> str:
        parts = [f"<p><b>{html.escape(self.tr('История обращения'))}</b></p>"]
        parts.append(history_html(detail.get("history") or [], self._dispositions, messages=False))
        for earlier in detail.get("previous") or []:
            parts.append(
                "<p><b>"
                + html.escape(
                    self.tr("Предыдущее обращение {0} · {1}").format(
                        earlier.get("number"), texts.channel(str(earlier.get("channel")))
                    )
                )
                + "</b></p>"
            )
            parts.append(history_html(earlier.get("history") or [], self._dispositions))
        return "".join(parts)

    def _message_html(self, message: Message) -> str:
        colour, muted = sender_colour(message.sender), theme.current().muted
        stamp = message.at.astimezone().strftime("%H:%M") if message.at else ""
        text = html.escape(message.text).replace("\n", "<br>")
        return (
            f"<p style='margin:4px 0'><span style='color:{colour};font-weight:600'>"
            f"{texts.sender(message.sender)}</span> <span style='color:{muted}'>{stamp}</span>"
            f"<br>{text}</p>"
        )

    def _send(self) -> None:
        text = self.reply.toPlainText().strip()
        if text and self.send_button.isEnabled():
            self.send_requested.emit(self.conversation.id, text)
            self.reply.clear()

    def insert(self, text: str) -> None:
        """Insert an expert-system answer at the cursor (chats, e-mails and web forms)."""
        if self.voice:
            return
        self.reply.insertPlainText(text)
        self.reply.setFocus()


class ConversationPane(QWidget):
    send_requested = Signal(int, str)
    end_requested = Signal(int)
    draft_changed = Signal(int, str, str)
    action_requested = Signal(int, str)
    current_changed = Signal(object)

    def __init__(
        self,
        category_names: dict[str, str],
        parent: QWidget | None = None,
        *,
        dispositions: dict[str, str] | None = None,
        microphone: MicrophoneFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self._names = category_names
        self._dispositions = dispositions or {}
        self._microphone = microphone
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

    def stop_microphones(self) -> None:
        """Close every call's microphone (the window is closing)."""
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if isinstance(widget, ConversationTab) and widget.controls is not None:
                widget.controls.stop_microphone()

    def open(self, conversation: Conversation, draft: str = "") -> None:
        existing = self.tab(conversation.id)
        if existing is not None:
            existing.conversation = conversation
            existing.refresh()
            self.tabs.setCurrentWidget(existing)
            return
        category = self._names.get(conversation.contact.category, conversation.contact.category)
        tab = ConversationTab(
            conversation,
            category,
            draft,
            category_names=self._names,
            dispositions=self._dispositions,
            microphone=self._microphone,
        )
        tab.send_requested.connect(self.send_requested)
        tab.end_requested.connect(self.end_requested)
        tab.draft_changed.connect(self.draft_changed)
        tab.action_requested.connect(self.action_requested)
        index = self.tabs.addTab(
            tab, f"{texts.channel(conversation.contact.channel)} {conversation.contact.number}"
        )
        self.tabs.setCurrentIndex(index)
        self.empty.hide()
        self.tabs.show()

    def replace(self, conversation: Conversation) -> None:
        """A fresh detail for an open tab (after linking an earlier contact)."""
        tab = self.tab(conversation.id)
        if tab is not None:
            tab.conversation = conversation
            tab.refresh()
            if tab is self.tabs.currentWidget():
                self.current_changed.emit(conversation)

    def close_contact(self, contact_id: int) -> None:
        tab = self.tab(contact_id)
        if tab is not None:
            if tab.controls is not None:
                tab.controls.stop_microphone()
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
