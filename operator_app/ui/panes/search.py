"""Expert search: search-as-you-type over the local copy, results with agency, category and
line, the article, and "insert into reply"; line-2 and verification cards are marked.

Searching never runs on the UI thread: typing restarts a short debounce timer, the search runs
as a background Op, and only the newest query's result is shown. At most one search is in
flight; keys typed meanwhile coalesce into one search for the text as it is when that one ends.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
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
from operator_app.ui import theme
from operator_app.ui.operations import Op

log = logging.getLogger("ui")

#: the search starts this long after the last key (a fast typist's gap between keys is shorter)
DEBOUNCE_MS = 130


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
    #: the newest query's result is on screen (None: nothing to search for)
    results_shown = Signal(object)

    def __init__(
        self,
        search: Callable[..., SearchResult | None],
        article: Callable[[str], dict[str, Any] | None],
        parent: QWidget | None = None,
        facets: Callable[[], dict[str, list[str]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._article = article
        self._facets = facets
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Поиск в экспертной системе (Ctrl+F)"))
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName(self.tr("Поиск в экспертной системе"))
        layout.addWidget(self.query)
        # filters: agency, category, line (the choices come from the local copy)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        self.agency_filter = self._filter_box(self.tr("Все ведомства"), self.tr("Ведомство"))
        self.category_filter = self._filter_box(self.tr("Все темы"), self.tr("Тема"))
        self.line_filter = self._filter_box(self.tr("Любая линия"), self.tr("Линия"))
        self.line_filter.addItem(self.tr("1 линия"), 1)
        self.line_filter.addItem(self.tr("2 линия"), 2)
        for box in (self.agency_filter, self.category_filter, self.line_filter):
            filters.addWidget(box, 1)
            box.currentIndexChanged.connect(self._filters_changed)
        layout.addLayout(filters)
        self.status = QLabel(self.tr("Экспертная система загружается…"))
        self.status.setStyleSheet(f"color: {theme.current().muted};")
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
        # shown to second-line specialists and supervisors (MainWindow); see article_dialogs
        self.propose_button = QPushButton(self.tr("Предложить исправление…"))
        self.propose_button.setToolTip(self.tr("Предложить исправление этой карточки супервизору"))
        self.propose_button.setEnabled(False)
        self.propose_button.setVisible(False)
        layout.addWidget(self.propose_button)
        #: cards whose version changed lately: id → when; marked «обновлено ДД.ММ» in results
        self.recent: dict[str, datetime] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(self._timer.start)
        self.results.currentItemChanged.connect(lambda item, _prev: self._show(item))
        self.insert_button.clicked.connect(self._insert)
        self._current: dict[str, Any] | None = None
        self.last_result: SearchResult | None = None
        #: the query whose result is on screen (None before the first search)
        self.shown_query: str | None = None
        self._requested = 0  # number of the newest search asked for
        self._in_flight = False  # a search runs in the background
        self._again = False  # another search was asked for while it ran

    def _filter_box(self, everything: str, name: str) -> QComboBox:
        box = QComboBox()
        box.addItem(everything, None)
        box.setAccessibleName(name)
        box.setToolTip(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(6)
        return box

    def filters(self) -> dict[str, Any]:
        """The filters set (none set: an empty dict), as `search` takes them."""
        chosen = {
            "agency": self.agency_filter.currentData(),
            "category": self.category_filter.currentData(),
            "line": self.line_filter.currentData(),
        }
        return {name: value for name, value in chosen.items() if value is not None}

    def _filters_changed(self) -> None:
        if self.query.text().strip():
            self.run_search()

    def _fill_facets(self, facets: dict[str, list[str]]) -> None:
        """Offer the agencies and categories the local copy has; a choice made stays."""
        for box, values in (
            (self.agency_filter, facets.get("agency", [])),
            (self.category_filter, facets.get("category", [])),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for value in values:
                box.addItem(value, value)
            index = box.findData(chosen) if chosen is not None else 0
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)
            if chosen is not None and index < 0:
                self._filters_changed()  # the chosen value is gone: the filter is off now

    def on_change(self, change: Change) -> None:
        if isinstance(change, KbChanged):
            self.status.setText(self.tr("Карточек в экспертной системе: {0}").format(change.total))
            if self._facets is not None:
                Op(self._facets, owner=self, local=True).success(self._fill_facets).failure(
                    lambda error: log.warning("search filters: %s", type(error).__name__)
                ).run()
            if self.query.text().strip():
                self.run_search()

    # --- searching in the background ---------------------------------------------------------
    def run_search(self) -> None:
        """Search for the text in the box now (in the background); the newest query wins."""
        self._timer.stop()
        self._requested += 1
        if self._in_flight:
            self._again = True  # run once more when the search in flight ends
            return
        self._start()

    def searching(self) -> bool:
        """Whether a search is waiting for its debounce or running in the background."""
        return self._timer.isActive() or self._in_flight

    def _start(self) -> None:
        number, text, search = self._requested, self.query.text(), self._search
        filters = self.filters()
        self._in_flight, self._again = True, False
        Op(lambda: search(text, **filters), owner=self, local=True).success(
            lambda result: self._finished(number, text, result)
        ).failure(lambda error: self._failed(number, error)).run()

    def _finished(self, number: int, text: str, result: SearchResult | None) -> None:
        self._in_flight = False
        if self._again:
            self._start()  # a newer query is waiting: this result is already stale
        elif number == self._requested:
            self._show_result(text, result)

    def _failed(self, number: int, error: BaseException) -> None:
        self._in_flight = False
        log.warning("search failed: %s", type(error).__name__)
        if self._again:
            self._start()
        elif number == self._requested:
            self._show_result(self.query.text(), None)

    def _show_result(self, text: str, result: SearchResult | None) -> None:
        self.shown_query = text
        self.last_result = result
        # Cleared quietly: removing the current row would make an old result's card current
        # (and read it from the local store on this thread) on its way out.
        self.results.blockSignals(True)
        self.results.clear()
        self.results.blockSignals(False)
        self._show(None)
        if result is None:
            self.results_shown.emit(None)
            return
        for hit in result.hits:
            badges = []
            if hit.line == 2:
                badges.append(self.tr("2 линия"))
            if hit.requires_verification:
                badges.append(self.tr("нужна идентификация"))
            if hit.id in self.recent:
                when = self.recent[hit.id].astimezone().strftime("%d.%m")
                badges.append(self.tr("обновлено {0}").format(when))
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
        self.results_shown.emit(result)

    def _show(self, item: QListWidgetItem | None) -> None:
        self._current = None
        self.insert_button.setEnabled(False)
        self.propose_button.setEnabled(False)
        if item is None:
            self.view.clear()
            return
        article_id = str(item.data(Qt.ItemDataRole.UserRole))
        hit = next(
            (h for h in (self.last_result.hits if self.last_result else []) if h.id == article_id),
            None,
        )
        # The hit carries the card as indexed; the local store is read only for a hit without.
        held = hit.article if hit is not None else None
        article = dict(held) if held else self._article(article_id)
        if article is None:
            return
        self._current = article
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
        t = theme.current()
        self.view.setHtml(
            f"<h3>{title}</h3><p style='color:{t.muted}'>{html.escape(article['id'])} · "
            f"{html.escape(article['agency'])} · {html.escape(article['category'])}</p>"
            + "".join(f"<p style='color:{t.warning}'><b>⚑ {html.escape(n)}</b></p>" for n in notes)
            + f"<p>{answer}</p>"
        )
        self.insert_button.setEnabled(True)
        self.propose_button.setEnabled(True)

    def _insert(self) -> None:
        if self._current is not None:
            self.insert_requested.emit(self._current["answer"])

    def current_article(self) -> dict[str, Any] | None:
        """The card shown in the pane (None if none is)."""
        return self._current

    def focus_search(self) -> None:
        self.query.setFocus()
        self.query.selectAll()
