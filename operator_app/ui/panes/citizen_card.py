"""«Карточка гражданина»: who is calling (stated name, masked phone, region, IVR data), the
citizen's earlier contacts — from the same phone, linked, or found by the number the citizen
quotes — with their outcomes and expandable histories; "resume by number" links the current
contact to an earlier one. Identity verification gets its own place here (its own issue)."""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_app.services import contact_info
from operator_app.services.contact_actions import ContactActions
from operator_app.services.conversation import Conversation
from operator_app.services.verification import VerificationDesk
from operator_app.ui import texts, theme
from operator_app.ui.errors import describe
from operator_app.ui.operations import Op
from operator_app.ui.panes.history import entry_text, kind_name, outcome_text, when
from operator_app.ui.panes.verification_panel import VerificationPanel

log = logging.getLogger("ui")
ID_ROLE = Qt.ItemDataRole.UserRole
LOADED_ROLE = Qt.ItemDataRole.UserRole + 1
#: a history row's background by where it came from, as a theme colour's name: the contact this
#: one continues is marked like an offered row, one found by number like a pale yellow row
ORIGIN_COLOURS = {"linked": "row_offered", "found": "row_soon"}


class CitizenCardPane(QWidget):
    #: the current contact now resumes an earlier one: its fresh Conversation
    linked = Signal(object)

    def __init__(
        self,
        actions: ContactActions,
        category_names: dict[str, str],
        dispositions: dict[str, str],
        language: str = "ru",
        parent: QWidget | None = None,
        verification: VerificationDesk | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = actions
        self._names = category_names
        self._dispositions = dispositions
        self._language = language
        self._conversation: Conversation | None = None
        #: the contact found by number for the current contact (kept across its refreshes)
        self._found: dict[str, Any] | None = None
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.who.setTextFormat(Qt.TextFormat.RichText)
        self.who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.who)
        # identity verification, step by step (DESIGN §4); the server decides each step
        self.identity = VerificationPanel(verification, language)
        self.identity.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.identity)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("Дата"), self.tr("Номер"), self.tr("Канал · категория"), self.tr("Результат")]
        )
        self.tree.setAccessibleName(self.tr("Обращения гражданина"))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(90)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemExpanded.connect(self._expanded)
        self.tree.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        layout.addWidget(self.tree, 1)
        lookup = QHBoxLayout()
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("Номер обращения"))
        self.number.setAccessibleName(self.tr("Номер обращения"))
        self.number.setClearButtonEnabled(True)
        self.find_button = QPushButton(self.tr("Найти"))
        self.find_button.setToolTip(self.tr("Найти обращение по номеру (Ctrl+Shift+N)"))
        self.link_button = QPushButton(self.tr("Продолжить"))
        self.link_button.setToolTip(
            self.tr(
                "Продолжить выбранное обращение: связать с ним текущее, его история пойдёт "
                "вместе с текущим"
            )
        )
        lookup.addWidget(self.number, 1)
        lookup.addWidget(self.find_button)
        lookup.addWidget(self.link_button)
        layout.addLayout(lookup)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {theme.current().muted};")
        self.status.hide()
        layout.addWidget(self.status)
        self.find_button.clicked.connect(self.lookup)
        self.number.returnPressed.connect(self.lookup)
        self.link_button.clicked.connect(self.link_selected)
        self.show_conversation(None)

    def _status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # --- showing ---------------------------------------------------------------------------
    def focus_number(self) -> None:
        self.number.setFocus()
        self.number.selectAll()

    def show_conversation(self, conversation: Conversation | None) -> None:
        """The card of the contact in front of the operator (None: no open contact)."""
        same = (
            conversation is not None
            and self._conversation is not None
            and conversation.id == self._conversation.id
        )
        self._conversation = conversation
        self._generation += 1
        self.who.setText(self._who_html())
        self.identity.show_contact(
            conversation.id if conversation is not None else None,
            conversation is not None and conversation.live,
        )
        if not same:
            self._status("")
            self.number.clear()
            self._found = None
        self.tree.clear()
        self.find_button.setEnabled(conversation is not None)
        self.number.setEnabled(conversation is not None)
        if conversation is None:
            self._update_buttons()
            return
        linked = conversation.detail.get("previous") or []
        for item in linked:
            self._add(item, "linked", history=item.get("history"))
        # a refresh of the same contact (a new event, a reopened tab) keeps what was found
        if self._found is not None and all(i.get("id") != self._found["id"] for i in linked):
            self._show_found(self._found)
        generation = self._generation
        contact_id = conversation.id
        Op(lambda: self.service.same_caller(contact_id), owner=self).success(
            lambda items: self._same_caller(generation, items)
        ).failure(lambda error: self._failed(generation, error)).run()
        self._update_buttons()

    def _who_html(self) -> str:
        conv = self._conversation
        if conv is None:
            empty = self.tr("Нет обращения")
            return f"<span style='color:{theme.current().muted}'>{html.escape(empty)}</span>"
        contact, detail = conv.contact, conv.detail
        ivr = detail.get("ivr") or {}
        caller = detail.get("caller") or {}
        rows: list[tuple[str, str]] = [
            (self.tr("Представился"), contact.caller_name or self.tr("не назвался")),
        ]
        if contact.phone_masked:
            rows.append((self.tr("Телефон"), contact.phone_masked))
        if caller.get("email_masked"):
            rows.append((self.tr("Эл. почта"), str(caller["email_masked"])))
        region = contact.region or ivr.get("region")
        rows.append((self.tr("Регион"), str(region) if region else self.tr("не указан")))
        if ivr.get("menu_path"):
            rows.append((self.tr("IVR"), " › ".join(str(x) for x in ivr["menu_path"])))
        if ivr.get("snils"):
            rows.append((self.tr("СНИЛС из IVR"), str(ivr["snils"])))
        if detail.get("resumes"):
            rows.append((self.tr("Продолжает"), str(detail["resumes"])))
        return "<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in rows)

    def _same_caller(self, generation: int, items: list[dict[str, Any]]) -> None:
        if generation != self._generation or self._conversation is None:
            return
        rows = contact_info.earlier_rows(self._conversation.detail, items)
        shown = {self._id(self.tree.topLevelItem(i)) for i in range(self.tree.topLevelItemCount())}
        for item, origin in rows:
            if item.get("id") not in shown:
                self._add(item, origin)
        if self.tree.topLevelItemCount() == 0:
            self._status(
                self.tr("Других обращений с этого телефона нет.")
                if self._conversation.contact.phone_masked
                else self.tr("Телефон неизвестен: найдите обращение по номеру.")
            )
        self._update_buttons()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._status(describe(error, self._language))

    @staticmethod
    def _id(item: QTreeWidgetItem | None) -> int | None:
        if item is None:
            return None
        value = item.data(0, ID_ROLE)
        return int(value) if value is not None else None

    def _add(
        self,
        summary: dict[str, Any],
        origin: str,
        *,
        history: list[dict[str, Any]] | None = None,
        first: bool = False,
    ) -> QTreeWidgetItem:
        category = self._names.get(str(summary.get("category")), str(summary.get("category")))
        disposition, resolved = contact_info.outcome(summary)
        result = (
            outcome_text(disposition, resolved, self._dispositions)
            if disposition
            else texts.contact_state(str(summary.get("state")))
        )
        item = QTreeWidgetItem(
            [
                when(summary.get("created_at")),
                str(summary.get("number") or ""),
                f"{texts.channel(str(summary.get('channel')))} · {category}",
                result,
            ]
        )
        item.setData(0, ID_ROLE, summary.get("id"))
        item.setData(0, LOADED_ROLE, False)
        tips = {
            "linked": self.tr("Текущее обращение продолжает это"),
            "found": self.tr("Найдено по номеру"),
            "same_caller": self.tr("С того же телефона"),
        }
        t = theme.current()
        background = ORIGIN_COLOURS.get(origin)
        for column in range(4):
            item.setToolTip(column, f"{tips.get(origin, '')}\n{result}".strip())
            if background:
                # the theme's text on a marked row: `error` on it is under 7:1 in high contrast
                item.setBackground(column, QBrush(t.color(background)))
                item.setForeground(column, QBrush(t.color("text")))
        if resolved is False and not background:
            item.setForeground(3, QBrush(t.color("error")))
        item.setData(1, ID_ROLE, origin)
        if first:
            self.tree.insertTopLevelItem(0, item)
        else:
            self.tree.addTopLevelItem(item)
        if history is not None:
            self._fill(item, history)
        else:
            item.addChild(QTreeWidgetItem([self.tr("загрузка…")]))
        return item

    def _fill(self, item: QTreeWidgetItem, history: list[dict[str, Any]]) -> None:
        item.takeChildren()
        for entry in history:
            detail = entry_text(entry, self._dispositions, with_notes=False)
            actor = (
                f" · {entry['actor']}" if entry.get("actor") and entry["kind"] != "created" else ""
            )
            line = f"{when(entry.get('at'))}  {kind_name(str(entry.get('kind')))}{actor}"
            if detail:
                line += f" — {detail}"
            lines = [line]
            notes = (entry.get("data") or {}).get("notes")
            if notes and entry.get("kind") in ("wrapped_up", "escalated", "transferred"):
                lines.append("      " + self.tr("Заметки: {0}").format(notes))
            for number, text in enumerate(lines):
                child = QTreeWidgetItem([text])
                child.setToolTip(0, "\n".join(lines))
                if number == 0 and entry.get("kind") in ("wrapped_up", "escalated", "linked"):
                    font = QFont()
                    font.setBold(True)
                    child.setFont(0, font)
                item.addChild(child)
                child.setFirstColumnSpanned(True)
        if not history:
            item.addChild(QTreeWidgetItem([self.tr("история пуста")]))
        item.setData(0, LOADED_ROLE, True)

    def _expanded(self, item: QTreeWidgetItem) -> None:
        contact_id = self._id(item)
        if item.parent() is not None or contact_id is None or item.data(0, LOADED_ROLE):
            return
        generation = self._generation

        def fill(detail: dict[str, Any]) -> None:
            if generation == self._generation:
                self._fill(item, detail.get("history") or [])

        Op(lambda: self.service.detail(contact_id), owner=self).success(fill).failure(
            lambda error: self._failed(generation, error)
        ).run()

    # --- resume by number ------------------------------------------------------------------
    def lookup(self) -> None:
        number = self.number.text().strip()
        if not number or self._conversation is None:
            return
        # the search belongs to the contact, not to one rendering of its card: a refresh of
        # the same contact meanwhile does not lose it
        contact_id = self._conversation.id
        self._status(self.tr("Поиск…"))

        def work() -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
            found = self.service.find_number(number)
            return found, (self.service.detail(int(found[0]["id"])) if found else None)

        def show(result: tuple[list[dict[str, Any]], dict[str, Any] | None]) -> None:
            if self._conversation is None or self._conversation.id != contact_id:
                return
            found, detail = result
            if not found or detail is None:
                self._status(self.tr("Обращение {0} не найдено.").format(number))
                return
            self._found = detail
            self._show_found(detail)
            self._status(
                self.tr("Найдено обращение {0}. Проверьте историю и нажмите «{1}».").format(
                    detail["number"], self.link_button.text()
                )
            )

        def failed(error: BaseException) -> None:
            if self._conversation is not None and self._conversation.id == contact_id:
                self._failed(self._generation, error)

        Op(work, owner=self).success(show).failure(failed).run()

    def _show_found(self, detail: dict[str, Any]) -> None:
        """The contact found by number on top, opened and selected."""
        for i in reversed(range(self.tree.topLevelItemCount())):
            if self._id(self.tree.topLevelItem(i)) == detail["id"]:
                self.tree.takeTopLevelItem(i)  # shown once, as found
        item = self._add(detail, "found", history=detail.get("history") or [], first=True)
        item.setExpanded(True)
        self.tree.setCurrentItem(item)
        self._update_buttons()

    def selected_number(self) -> str | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None or self._id(item) is None:
            return None
        return item.text(1) or None

    def _update_buttons(self) -> None:
        conv = self._conversation
        number = self.selected_number()
        can_link = (
            conv is not None
            and (conv.live or conv.wrapping_up)
            and not conv.detail.get("resumes")
            and number is not None
            and number != conv.contact.number
        )
        self.link_button.setEnabled(bool(can_link))

    def link_selected(self) -> None:
        conv = self._conversation
        number = self.selected_number()
        if conv is None or number is None or not self.link_button.isEnabled():
            return
        generation = self._generation
        contact_id = conv.id
        self.link_button.setEnabled(False)

        def done(fresh: Conversation | None) -> None:
            if fresh is None:
                self._status(
                    self.tr("Нет связи: связь с обращением {0} будет сохранена позже.").format(
                        number
                    )
                )
                return
            self.linked.emit(fresh)
            self._status(self.tr("Обращение продолжает {0}.").format(number))

        def failed(error: BaseException) -> None:
            self._failed(generation, error)
            self._update_buttons()

        Op(lambda: self.service.link_earlier(contact_id, number), owner=self).success(done).failure(
            failed
        ).run()
