"""Every operator of the segment as a table: rows change in place, never a full reset."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from operator_app.domain.board import OperatorRow
from operator_app.ui import texts, theme
from operator_app.ui.panes.queue_model import mmss

Index = QModelIndex | QPersistentModelIndex
#: how long a state may last before its time turns amber / red (s); not_ready and break only
LONG_STATE_S = {"not_ready": (300, 900), "break": (900, 1800)}


class OperatorsModel(QAbstractTableModel):
    COLUMNS = ("name", "line", "state", "time", "contact", "handled", "aht")

    def __init__(self, reason_names: dict[str, str]) -> None:
        super().__init__()
        self._rows: list[OperatorRow] = []
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

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

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
        """Bring the table to `rows`: changed rows in place (one dataChanged over their span,
        so a sorting proxy sorts once, not once per row), new ones appended in one insert,
        gone ones removed."""
        wanted = {r.id: r for r in rows}
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].id not in wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        first = last = -1
        for i, old in enumerate(self._rows):
            new = wanted[old.id]
            if new != old:
                self._rows[i] = new
                first = i if first < 0 else first
                last = i
        if first >= 0:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))
        known = {r.id for r in self._rows}
        added = [r for r in rows if r.id not in known]
        if added:
            end = len(self._rows)
            self.beginInsertRows(QModelIndex(), end, end + len(added) - 1)
            self._rows.extend(added)
            self.endInsertRows()

    def tick(self, now: datetime) -> None:
        """Time in state moves on: repaint that column only."""
        self.now = now
        if self._rows:
            col = self.COLUMNS.index("time")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))
            state = self.COLUMNS.index("state")
            self.dataChanged.emit(self.index(0, state), self.index(len(self._rows) - 1, state))
