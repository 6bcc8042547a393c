"""Dialogs of the expert system's content workflow: a specialist proposes a correction to a
card, and a card's history of versions (the supervisor's review is in proposal_review.py).
All server calls run as Ops; nothing here blocks the UI thread."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_app.services.kb_content import (
    KbContent,
    changed_fields,
    diff_words,
    split_keywords,
)
from operator_app.ui import theme
from operator_app.ui.operations import Op

Describe = Callable[[BaseException], str]
TITLE_MIN, ANSWER_MIN, REASON_MIN = 5, 20, 3


def muted_style() -> str:
    """Secondary text (headers, legends) in the current theme."""
    return f"color: {theme.current().muted};"


def warn_style() -> str:
    return f"color: {theme.current().warning}; font-weight: bold;"


def error_style() -> str:
    return f"color: {theme.current().error};"


def diff_html(old: str, new: str) -> str:
    """Old → new with deletions struck through and insertions marked, in the theme's colours."""
    t = theme.current()
    out = []
    for part in diff_words(old, new):
        text = html.escape(part.text).replace("\n", "<br>")
        if part.kind == "delete":
            out.append(
                f"<span style='background:{t.deleted_bg};color:{t.deleted_fg};"
                f"text-decoration:line-through'>{text}</span>"
            )
        elif part.kind == "insert":
            out.append(f"<span style='background:{t.added_bg};color:{t.added_fg}'>{text}</span>")
        else:
            out.append(text)
    return "".join(out)


def local_time(stamp: str | None) -> str:
    """An ISO time from the server as the local 22.11.2026 10:15."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def person(person: dict[str, Any] | None) -> str:
    if not person:
        return "—"
    name, login = person.get("full_name"), person.get("username")
    return f"{name} ({login})" if name and name != login else str(login)


def keywords_text(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else ""


class ProposalDialog(QDialog):
    """A second-line specialist or supervisor proposes a correction to one card."""

    def __init__(
        self,
        content: KbContent,
        article: dict[str, Any],
        describe: Describe,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._content = content
        self._describe = describe
        self.article_id = str(article["id"])
        self.current: dict[str, Any] = dict(article)
        self.base_version: int | None = None
        self.proposal: dict[str, Any] | None = None
        self.setWindowTitle(
            self.tr("Предложение об изменении карточки {0}").format(self.article_id)
        )
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        self.header = QLabel(self.tr("Загрузка текущей версии карточки…"))
        self.header.setStyleSheet(muted_style())
        layout.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Horizontal)
        now = QWidget()
        now_layout = QVBoxLayout(now)
        now_layout.setContentsMargins(0, 0, 0, 0)
        now_layout.addWidget(QLabel(self.tr("Сейчас в карточке:")))
        self.current_view = QTextBrowser()
        self.current_view.setAccessibleName(self.tr("Текущий текст карточки"))
        now_layout.addWidget(self.current_view)
        split.addWidget(now)
        edit = QWidget()
        form = QFormLayout(edit)
        form.setContentsMargins(0, 0, 0, 0)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(self.tr("Предлагаемый заголовок"))
        form.addRow(self.tr("&Заголовок:"), self.title_edit)
        self.answer_edit = QPlainTextEdit()
        self.answer_edit.setAccessibleName(self.tr("Предлагаемый ответ"))
        self.answer_edit.setTabChangesFocus(True)
        form.addRow(self.tr("&Ответ:"), self.answer_edit)
        self.keywords_edit = QLineEdit()
        self.keywords_edit.setAccessibleName(self.tr("Ключевые слова через запятую"))
        self.keywords_edit.setPlaceholderText(self.tr("через запятую"))
        form.addRow(self.tr("&Ключевые слова:"), self.keywords_edit)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName(self.tr("Причина исправления"))
        self.reason_edit.setPlaceholderText(
            self.tr("Почему карточку нужно исправить: что изменилось, источник (приказ, письмо)")
        )
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumHeight(90)
        form.addRow(self.tr("&Причина:"), self.reason_edit)
        split.addWidget(edit)
        split.setSizes([420, 560])
        layout.addWidget(split, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(error_style())
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.history_button = QPushButton(self.tr("История карточки…"))
        buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.submit_button = QPushButton(self.tr("Отправить на рассмотрение"))
        self.submit_button.setEnabled(False)
        self.submit_button.setDefault(True)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.rejected.connect(self.reject)
        self.submit_button.clicked.connect(self.submit)
        self.history_button.clicked.connect(self._history)
        layout.addWidget(buttons)
        self._fill(self.current)
        for edit in (self.answer_edit, self.reason_edit):
            edit.textChanged.connect(self.message.clear)
        for line in (self.title_edit, self.keywords_edit):
            line.textEdited.connect(self.message.clear)
        self.title_edit.setFocus()
        Op(lambda: content.article(self.article_id), owner=self).success(self._loaded).failure(
            self._load_failed
        ).run()

    def _fill(self, article: dict[str, Any]) -> None:
        self.current = article
        self.current_view.setHtml(
            f"<h3>{html.escape(str(article.get('title', '')))}</h3>"
            f"<p>{html.escape(str(article.get('answer', ''))).replace(chr(10), '<br>')}</p>"
            f"<p style='{muted_style()}'>{html.escape(keywords_text(article.get('keywords')))}</p>"
        )
        self.title_edit.setText(str(article.get("title", "")))
        self.answer_edit.setPlainText(str(article.get("answer", "")))
        self.keywords_edit.setText(keywords_text(article.get("keywords")))

    def _loaded(self, card: dict[str, Any]) -> None:
        self.base_version = int(card["version"])
        if card.get("article"):
            self._fill(dict(card["article"]))
        self.header.setText(
            self.tr(
                "Карточка {0}, версия {1} от {2}. Исправьте текст справа и укажите причину."
            ).format(self.article_id, self.base_version, local_time(card.get("updated_at")))
        )
        self.submit_button.setEnabled(True)

    def _load_failed(self, error: BaseException) -> None:
        self.header.setText(self.tr("Не удалось получить карточку с сервера."))
        self.message.setText(self._describe(error))

    def problems(self) -> list[str]:
        """What keeps the proposal from being sent, in words for the specialist."""
        out = []
        title = self.title_edit.text().strip()
        answer = self.answer_edit.toPlainText().strip()
        if len(title) < TITLE_MIN:
            out.append(self.tr("Заголовок слишком короткий."))
        if len(answer) < ANSWER_MIN:
            out.append(self.tr("Ответ слишком короткий."))
        if len(self.reason_edit.toPlainText().strip()) < REASON_MIN:
            out.append(self.tr("Укажите причину исправления."))
        if not self.changes():
            out.append(self.tr("Текст не изменён: исправьте заголовок, ответ или ключевые слова."))
        return out

    def changes(self) -> dict[str, Any]:
        return changed_fields(
            self.current,
            self.title_edit.text(),
            self.answer_edit.toPlainText(),
            split_keywords(self.keywords_edit.text()),
        )

    def submit(self) -> None:
        problems = self.problems()
        if problems:
            self.message.setText(" ".join(problems))
            return
        if self.base_version is None:
            return
        self.message.clear()
        self.submit_button.setEnabled(False)
        changes, reason, base = self.changes(), self.reason_edit.toPlainText(), self.base_version
        content, article_id = self._content, self.article_id
        Op(lambda: content.propose(article_id, base, changes, reason), owner=self).success(
            self._sent
        ).failure(self._send_failed).run()

    def _sent(self, proposal: dict[str, Any]) -> None:
        self.proposal = proposal
        self.accept()

    def _send_failed(self, error: BaseException) -> None:
        self.submit_button.setEnabled(True)
        self.message.setText(self._describe(error))

    def _history(self) -> None:
        HistoryDialog(self._content, self.article_id, self._describe, self).open()


class HistoryDialog(QDialog):
    """Every version of a card: who changed it and when, and what changed."""

    def __init__(
        self,
        content: KbContent,
        article_id: str,
        describe: Describe,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._describe = describe
        self.items: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("История карточки {0}").format(article_id))
        self.resize(900, 560)
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Версии карточки"))
        self.list.setMaximumWidth(320)
        layout.addWidget(self.list)
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Изменения версии"))
        layout.addWidget(self.view, 1)
        self.list.currentRowChanged.connect(self._select)
        self.view.setText(self.tr("Загрузка…"))
        Op(lambda: content.history(article_id), owner=self).success(self._loaded).failure(
            lambda error: self.view.setText(describe(error))
        ).run()

    def _loaded(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        ops = {
            "created": self.tr("создана"),
            "updated": self.tr("изменена"),
            "deleted": self.tr("удалена"),
        }
        for entry in items:
            who = person(entry.get("actor")) if entry.get("actor") else self.tr("импорт")
            self.list.addItem(
                self.tr("Версия {0} · {1}\n{2} · {3}").format(
                    entry["version"],
                    ops.get(entry["op"], entry["op"]),
                    local_time(entry["at"]),
                    who,
                )
            )
        if items:
            self.list.setCurrentRow(0)
            self.list.setFocus()

    def _select(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        new = self.items[row].get("article") or {}
        old = (self.items[row + 1].get("article") or {}) if row + 1 < len(self.items) else {}
        parts = []
        for field, name in (
            ("title", self.tr("Заголовок")),
            ("answer", self.tr("Ответ")),
            ("keywords", self.tr("Ключевые слова")),
        ):
            before, after = old.get(field), new.get(field)
            if field == "keywords":
                before, after = keywords_text(before), keywords_text(after)
            parts.append(
                f"<h4>{html.escape(name)}</h4><p>{diff_html(before or '', after or '')}</p>"
            )
        self.view.setHtml("".join(parts))
