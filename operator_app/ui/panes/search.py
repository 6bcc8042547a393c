"""Expert search: search-as-you-type over the local copy, results with agency, category and
line, the article, and "insert into reply"; line-2 and verification cards are marked."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain.changes import Change, KbChanged
from operator_app.search import SearchResult


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML with the matched words in bold."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


class SearchPane(QWidget):
    insert_requested = Signal(str)

    def __init__(
        self,
        search: Callable[[str], SearchResult | None],
        article: Callable[[str], dict[str, Any] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._article = article
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Поиск в экспертной системе (Ctrl+F)"))
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName(self.tr("Поиск в экспертной системе"))
        layout.addWidget(self.query)
        self.status = QLabel(self.tr("Экспертная система загружается…"))
        self.status.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Результаты поиска"))
        self.results.setWordWrap(True)
        splitter.addWidget(self.results)
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Карточка экспертной системы"))
        splitter.addWidget(self.view)
        splitter.setSizes([200, 260])
        layout.addWidget(splitter, 1)
        self.insert_button = QPushButton(self.tr("Вставить в ответ"))
        self.insert_button.setToolTip(self.tr("Вставить ответ карточки в поле ответа (Ctrl+I)"))
        self.insert_button.setEnabled(False)
        layout.addWidget(self.insert_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(self._timer.start)
        self.results.currentItemChanged.connect(lambda item, _prev: self._show(item))
        self.insert_button.clicked.connect(self._insert)
        self._current: dict[str, Any] | None = None
        self.last_result: SearchResult | None = None

    def on_change(self, change: Change) -> None:
        if isinstance(change, KbChanged):
            self.status.setText(self.tr("Карточек в экспертной системе: {0}").format(change.total))
            if self.query.text().strip():
                self.run_search()

    def run_search(self) -> None:
        result = self._search(self.query.text())
        self.last_result = result
        self.results.clear()
        if result is None:
            return
        for hit in result.hits:
            badges = []
            if hit.line == 2:
                badges.append(self.tr("2 линия"))
            if hit.requires_verification:
                badges.append(self.tr("нужна идентификация"))
            region = hit.region or self.tr("федеральная")
            item = QListWidgetItem(
                f"{hit.title}\n{hit.agency} · {hit.category} · {region}"
                + (f" · ⚑ {', '.join(badges)}" if badges else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            item.setToolTip(hit.snippet.text if hit.snippet else hit.title)
            self.results.addItem(item)
        if not result.hits:
            self.status.setText(self.tr("Ничего не найдено. Уточните запрос."))
        else:
            self.status.setText(
                self.tr("Найдено: {0} · {1} мс").format(
                    len(result.hits), f"{result.elapsed_ms:.0f}"
                )
            )
            self.results.setCurrentRow(0)

    def _show(self, item: QListWidgetItem | None) -> None:
        self._current = None
        self.insert_button.setEnabled(False)
        if item is None:
            self.view.clear()
            return
        article = self._article(str(item.data(Qt.ItemDataRole.UserRole)))
        if article is None:
            return
        self._current = article
        hit = next(
            (
                h
                for h in (self.last_result.hits if self.last_result else [])
                if h.id == article["id"]
            ),
            None,
        )
        title = _marked(article["title"], hit.highlights if hit else [])
        notes = []
        if article.get("line") == 2:
            notes.append(
                self.tr("Вопрос второй линии: эскалируйте в {0}.").format(
                    article.get("escalate_to") or article.get("agency")
                )
            )
        if article.get("requires_verification"):
            notes.append(self.tr("Перед ответом подтвердите личность гражданина."))
        answer = html.escape(article["answer"]).replace("\n", "<br>")
        self.view.setHtml(
            f"<h3>{title}</h3><p style='color:#6b7280'>{html.escape(article['id'])} · "
            f"{html.escape(article['agency'])} · {html.escape(article['category'])}</p>"
            + "".join(f"<p style='color:#b45309'><b>⚑ {html.escape(n)}</b></p>" for n in notes)
            + f"<p>{answer}</p>"
        )
        self.insert_button.setEnabled(True)

    def _insert(self) -> None:
        if self._current is not None:
            self.insert_requested.emit(self._current["answer"])

    def focus_search(self) -> None:
        self.query.setFocus()
        self.query.selectAll()
