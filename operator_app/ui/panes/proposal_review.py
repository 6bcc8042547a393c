"""The supervisor's review of proposals to change expert-system cards: the pending list, and for
the selected one who proposed it, when and why, the card's current text against the proposed
one with the differences highlighted, and approve / reject with a comment. Stale proposals
(the card changed since) are flagged and cannot be approved."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain.changes import Change, KbChanged, ServerEvent
from operator_app.services.kb_content import KbContent
from operator_app.ui.operations import Op
from operator_app.ui.panes.article_dialogs import (
    REASON_MIN,
    Describe,
    HistoryDialog,
    diff_html,
    error_style,
    keywords_text,
    local_time,
    muted_style,
    person,
    warn_style,
)


class ReviewDialog(QDialog):
    """A supervisor's review of pending proposals: who, when, why, current vs proposed."""

    def __init__(self, content: KbContent, describe: Describe, parent: QWidget | None = None):
        super().__init__(parent)
        self._content = content
        self._describe = describe
        self.proposals: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("Предложения по базе знаний"))
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Предложения, ожидающие рассмотрения"))
        self.list.setWordWrap(True)
        split.addWidget(self.list)
        detail = QWidget()
        right = QVBoxLayout(detail)
        right.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        right.addWidget(self.summary)
        self.stale = QLabel()
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet(warn_style())
        self.stale.hide()
        right.addWidget(self.stale)
        self.diff = QTextBrowser()
        self.diff.setAccessibleName(self.tr("Текущий и предлагаемый текст"))
        right.addWidget(self.diff, 1)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Комментарий к решению"))
        self.comment.setPlaceholderText(self.tr("Комментарий автору (при отклонении обязателен)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(70)
        right.addWidget(self.comment)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(error_style())
        right.addWidget(self.message)
        row = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Одобрить"))
        self.reject_button = QPushButton(self.tr("Отклонить"))
        self.history_button = QPushButton(self.tr("История карточки…"))
        self.refresh_button = QPushButton(self.tr("Обновить список"))
        for button in (self.approve_button, self.reject_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.history_button)
        row.addWidget(self.refresh_button)
        close = QPushButton(self.tr("Закрыть"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        right.addLayout(row)
        split.addWidget(detail)
        split.setSizes([360, 740])
        layout.addWidget(split, 1)
        self.list.currentRowChanged.connect(self._select)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject_current)
        self.refresh_button.clicked.connect(self.reload)
        self.history_button.clicked.connect(self._history)
        self._select(-1)
        self.reload()

    # --- the list -------------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        """New or reviewed proposals, and changed cards (a proposal may have gone stale)."""
        if (isinstance(change, ServerEvent) and change.type == "kb.proposal") or isinstance(
            change, KbChanged
        ):
            self.reload()

    def reload(self) -> None:
        Op(self._content.pending, owner=self).success(self._listed).failure(self._failed).run()

    def _listed(self, items: list[dict[str, Any]]) -> None:
        keep = self.current()
        self.proposals = items
        self.list.blockSignals(True)
        self.list.clear()
        for p in items:
            flag = self.tr(" · ⚠ устарело") if p.get("stale") else ""
            item = QListWidgetItem(
                f"{p['article_id']} · {p.get('article_title') or ''}\n"
                f"{person(p.get('author'))} · {local_time(p.get('created_at'))}{flag}"
            )
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [p["id"] for p in items]
        row = ids.index(keep["id"]) if keep is not None and keep["id"] in ids else 0
        self.list.setCurrentRow(row if items else -1)
        self._select(self.list.currentRow())
        if not items:
            self.summary.setText(self.tr("Нет предложений, ожидающих рассмотрения."))

    def current(self) -> dict[str, Any] | None:
        row = self.list.currentRow()
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def _select(self, row: int) -> None:
        proposal = self.proposals[row] if 0 <= row < len(self.proposals) else None
        for button in (self.approve_button, self.reject_button, self.history_button):
            button.setEnabled(proposal is not None)
        self.message.clear()
        if proposal is None:
            self.summary.clear()
            self.diff.clear()
            self.stale.hide()
            return
        self.summary.setText(
            self.tr("<b>{0}</b> · {1}<br>Автор: {2}, {3}<br>Причина: {4}").format(
                html.escape(proposal["article_id"]),
                html.escape(proposal.get("article_title") or ""),
                html.escape(person(proposal.get("author"))),
                html.escape(local_time(proposal.get("created_at"))),
                html.escape(proposal.get("comment") or ""),
            )
        )
        current = proposal.get("current")
        if proposal.get("stale"):
            self.stale.setText(
                self.tr(
                    "Предложение устарело: оно написано к версии {0}, а карточка уже изменилась "
                    "(версия {1}). Одобрить его нельзя — отклоните его или попросите автора "
                    "внести исправление заново."
                ).format(proposal["base_version"], current["version"] if current else "—")
            )
            self.stale.show()
        else:
            self.stale.hide()
        self.approve_button.setEnabled(not proposal.get("stale"))
        self.diff.setHtml(self._diff(proposal, current or {}))

    def _diff(self, proposal: dict[str, Any], current: dict[str, Any]) -> str:
        legend = self.tr("Удалённое зачёркнуто красным, добавленное выделено зелёным.")
        sections = [f"<p style='{muted_style()}'>{html.escape(legend)}</p>"]
        names = {
            "title": self.tr("Заголовок"),
            "answer": self.tr("Ответ"),
            "keywords": self.tr("Ключевые слова"),
        }
        for field, name in names.items():
            proposed = proposal.get(field)
            if proposed is None:
                continue
            old = current.get(field)
            if field == "keywords":
                old, proposed = keywords_text(old), keywords_text(proposed)
            sections.append(f"<h4>{html.escape(name)}</h4><p>{diff_html(old or '', proposed)}</p>")
        return "".join(sections)

    # --- decisions ------------------------------------------------------------------------
    def approve(self) -> None:
        proposal = self.current()
        if proposal is None:
            return
        comment, content = self.comment.toPlainText(), self._content
        self._busy(True)
        Op(lambda: content.approve(proposal["id"], comment), owner=self).success(
            self._decided
        ).failure(self._failed).run()

    def reject_current(self) -> None:
        proposal = self.current()
        if proposal is None:
            return
        comment = self.comment.toPlainText().strip()
        if len(comment) < REASON_MIN:
            self.message.setText(self.tr("Напишите автору, почему предложение отклонено."))
            self.comment.setFocus()
            return
        content = self._content
        self._busy(True)
        Op(lambda: content.reject(proposal["id"], comment), owner=self).success(
            self._decided
        ).failure(self._failed).run()

    def _busy(self, busy: bool) -> None:
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(not busy)

    def _decided(self, _proposal: dict[str, Any]) -> None:
        self.comment.clear()
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.message.setText(self._describe(error))
        self.reload()

    def _history(self) -> None:
        proposal = self.current()
        if proposal is not None:
            HistoryDialog(self._content, proposal["article_id"], self._describe, self).open()
