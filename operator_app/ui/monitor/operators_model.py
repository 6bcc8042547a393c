"""Every operator of the segment as a table, sorted and filtered in the model itself.

No QSortFilterProxyModel: with 600 rows changing on every refresh the proxy called back into
Python for each comparison and filter test (thousands of calls a refresh), and under that
load PySide crashed with a refcount error. Here a refresh updates rows in place (one
dataChanged over the changed span) or, when the order or the set of rows changes, emits one
layout change with the persistent indexes (the selection) carried over by operator id.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from operator_app.domain.board import OperatorRow
from operator_app.ui import texts, theme
from operator_app.ui.panes.queue_model import mmss
from operator_app.ui.table_model import Index, RowTableModel

#: how long a state may last before its time turns amber / red (s); not_ready and break only
LONG_STATE_S = {"not_ready": (300, 900), "break": (900, 1800)}


class OperatorsModel(RowTableModel):
    COLUMNS = ("name", "line", "state", "time", "contact", "handled", "aht")

    def __init__(self, reason_names: dict[str, str]) -> None:
        super().__init__()
        #: every operator of the last snapshot, and the rows shown (filtered, sorted)
        self._all: list[OperatorRow] = []
        self._rows: list[OperatorRow] = []
        self._filter = ""
        self._sort_column = 0
        self._descending = False
        self._reasons = reason_names
        self.now = datetime.now(UTC)
        self._headers = (
            self.tr("Оператор"),
            self.tr("Линия"),
            self.tr("Состояние"),
            self.tr("В состоянии"),
            self.tr("Обращение"),
            self.tr("Обработано"),
            self.tr("Ср. время обработки"),
        )

    def row(self, index: int) -> OperatorRow:
        return self._rows[index]

    def row_of(self, user_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == user_id:
                return i
        return None

    def _seconds(self, r: OperatorRow) -> float:
        return max(0.0, (self.now - r.since).total_seconds()) if r.since else 0.0

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, column)
        if role == Qt.ItemDataRole.UserRole:  # sort keys
            return {
                "time": self._seconds(r),
                "handled": r.handled_today,
                "aht": r.aht_s or 0.0,
            }.get(column, self._display(r, column))
        if role == Qt.ItemDataRole.ForegroundRole and column in ("state", "time"):
            limits = LONG_STATE_S.get(r.state)
            if limits:
                seconds = self._seconds(r)
                if seconds >= limits[1]:
                    return theme.current().color("error")
                if seconds >= limits[0]:
                    return theme.current().color("warning")
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return f"{r.username} · {r.agency or ''} {r.region or ''}".strip()
        return None

    def _display(self, r: OperatorRow, column: str) -> str:
        if column == "name":
            return r.full_name or r.username
        if column == "line":
            line = self.tr("1 линия") if r.line == 1 else self.tr("2 линия")
            return f"{line} · {r.agency}" if r.line == 2 and r.agency else line
        if column == "state":
            text = texts.operator_state(r.state)
            if r.reason:
                text += f" ({self._reasons.get(r.reason, r.reason)})"
            if r.next_state:
                text += " → " + texts.operator_state(r.next_state)
            return text
        if column == "time":
            return mmss(self._seconds(r)) if r.since else ""
        if column == "contact":
            return ", ".join(f"{texts.channel(ch)} {num}" for _, num, ch in r.contacts)
        if column == "handled":
            return str(r.handled_today)
        if column == "aht":
            return mmss(r.aht_s) if r.aht_s is not None else "—"
        return ""

    def apply(self, rows: tuple[OperatorRow, ...]) -> None:
        """Bring the table to `rows` (a snapshot of every operator)."""
        self._all = list(rows)
        self._relayout()

    def update_rows(self, rows: list[OperatorRow]) -> None:
        """Some operators' rows changed (from the event stream): only they are repainted,
        unless the order or the filter's verdict moves with them."""
        if not rows:
            return
        new = {r.id: r for r in rows}
        self._all = [new.get(r.id, r) for r in self._all]
        self._relayout()

    def set_filter(self, text: str) -> None:
        """Show the operators whose name, login, line, agency, region or state has `text`."""
        self._filter = text.strip().casefold()
        self._relayout()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._relayout()

    def _key(self, r: OperatorRow) -> tuple[Any, ...]:
        column = self.COLUMNS[self._sort_column]
        value: Any = {
            "time": self._seconds(r),
            "handled": r.handled_today,
            "aht": r.aht_s or 0.0,
            "line": (r.line or 0, r.agency or ""),
        }.get(column)
        if value is None:
            value = self._display(r, column).casefold()
        return (value, r.id)

    def _matches(self, r: OperatorRow) -> bool:
        if not self._filter:
            return True
        shown = [self._display(r, c) for c in ("name", "line", "state", "contact")]
        text = " ".join([r.username, r.agency or "", r.region or "", *shown])
        return self._filter in text.casefold()

    def _relayout(self) -> None:
        shown = sorted(
            (r for r in self._all if self._matches(r)), key=self._key, reverse=self._descending
        )
        if [r.id for r in shown] == [r.id for r in self._rows]:
            first = last = -1
            for i, (old, new) in enumerate(zip(self._rows, shown, strict=True)):
                if old != new:
                    first = i if first < 0 else first
                    last = i
            self._rows = shown
            if first >= 0:
                right = len(self.COLUMNS) - 1
                self.dataChanged.emit(self.index(first, 0), self.index(last, right))
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].id if i.row() < len(self._rows) else None for i in before]
        self._rows = shown
        where = {r.id: i for i, r in enumerate(shown)}
        after = [
            self.index(where[i], p.column()) if i in where else QModelIndex()
            for i, p in zip(ids, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def tick(self, now: datetime) -> None:
        """Time in state moves on: repaint that column only."""
        self.now = now
        if self._rows:
            col = self.COLUMNS.index("time")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))
            state = self.COLUMNS.index("state")
            self.dataChanged.emit(self.index(0, state), self.index(len(self._rows) - 1, state))
