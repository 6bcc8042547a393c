"""The queue as a table model: rows change one by one (begin/endInsertRows, dataChanged)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from operator_app.domain.changes import QueueChanged
from operator_app.domain.contacts import Contact, ContactState
from operator_app.ui import texts, theme
from operator_app.ui.table_model import Index, RowTableModel

#: service-level target: answered within 30 s (DESIGN §6)
SLA_S = 30.0
PRIORITY_RANK = {"critical": 0, "high": 1, "normal": 2}


def waited(contact: Contact, now: datetime) -> float:
    if contact.queued_at is None:
        return 0.0
    return max(0.0, (now - contact.queued_at).total_seconds())


def mmss(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class QueueModel(RowTableModel):
    COLUMNS = ("wait", "channel", "category", "priority", "region", "number")

    def __init__(self, user_id: int, category_names: dict[str, str]) -> None:
        super().__init__()
        self._user_id = user_id
        self._names = category_names
        self._rows: list[Contact] = []
        self.now = datetime.now(UTC)
        self._headers = (
            self.tr("Ожидание"),
            self.tr("Канал"),
            self.tr("Категория"),
            self.tr("Приоритет"),
            self.tr("Регион"),
            self.tr("Номер"),
        )

    def contact(self, row: int) -> Contact:
        return self._rows[row]

    def row_of(self, contact_id: int) -> int | None:
        for row, contact in enumerate(self._rows):
            if contact.id == contact_id:
                return row
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        contact = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        offered = contact.offered_to_user(self._user_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(contact, column)
        if role == Qt.ItemDataRole.UserRole:
            return contact.id
        if role == Qt.ItemDataRole.FontRole and offered:
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self._colour_role(contact, column, offered, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tr("Обращение {0}: {1}").format(
                contact.number, texts.contact_state(contact.state)
            )
            if contact.due_at is not None:
                due = contact.due_at.astimezone().strftime("%H:%M")
                tip += "\n" + (
                    self.tr("Просрочено: нужно было выполнить к {0}").format(due)
                    if contact.is_overdue(self.now)
                    else self.tr("Выполнить к {0}").format(due)
                )
            return tip
        return None

    def _display(self, contact: Contact, column: str) -> str:
        if column == "channel":
            return texts.channel(contact.channel)
        if column == "category":
            return self._names.get(contact.category, contact.category)
        if column == "priority":
            return texts.priority(contact.priority)
        if column == "region":
            return contact.region or "—"
        if column == "wait":
            if contact.due_at is not None:
                due = contact.due_at.astimezone().strftime("%H:%M")
                if contact.is_overdue(self.now):
                    return self.tr("просрочено, к {0}").format(due)
                return self.tr("к {0}").format(due)
            return mmss(waited(contact, self.now))
        return contact.number

    def _colour_role(self, contact: Contact, column: str, offered: bool, role: int) -> Any:
        """Background and text colour of a cell, in the current theme (read at paint time).

        A cell with a background always gets the theme's `text` on it, so it stays readable
        in both themes (dark on the pale rows of the standard one, white on the dark rows of
        the high-contrast one); an overdue row's other cells are in the `error` colour."""
        t = theme.current()
        background: str | None = None
        if offered:
            background = t.row_offered
        elif column == "wait":
            background = self._sla_colour(contact)
        if role == Qt.ItemDataRole.BackgroundRole:
            return None if background is None else QBrush(QColor(background))
        if background is not None:
            return QBrush(t.color("text"))
        if contact.is_overdue(self.now):
            return QBrush(t.color("error"))
        return None

    def _sla_colour(self, contact: Contact) -> str:
        """The wait cell's background (a hex colour of the current theme)."""
        t = theme.current()
        wait = waited(contact, self.now)
        if contact.due_at is not None:
            return t.row_late if contact.is_overdue(self.now) else t.base
        if wait >= SLA_S:
            return t.row_late
        if wait >= SLA_S * 2 / 3:
            return t.row_soon
        return t.row_fine

    def _key(self, contact: Contact) -> tuple[int, int, float]:
        offered = 0 if contact.offered_to_user(self._user_id) else 1
        queued = contact.queued_at.timestamp() if contact.queued_at else 0.0
        return (offered, PRIORITY_RANK.get(contact.priority, 3), queued)

    def apply(self, change: QueueChanged) -> None:
        """Apply one change to the rows it touches."""
        if change.reset:
            self.beginResetModel()
            self._rows = sorted(change.upserted, key=self._key)
            self.endResetModel()
            return
        for contact_id in change.removed:
            row = self.row_of(contact_id)
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for contact in change.upserted:
            row = self.row_of(contact.id)
            if row is not None and self._key(self._rows[row]) == self._key(contact):
                self._rows[row] = contact
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                continue
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
            position = len(self._rows)
            for i, other in enumerate(self._rows):
                if self._key(contact) < self._key(other):
                    position = i
                    break
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, contact)
            self.endInsertRows()

    def tick(self, now: datetime) -> None:
        """Waiting times move: repaint only the wait column."""
        self.now = now
        if self._rows:
            column = self.COLUMNS.index("wait")
            self.dataChanged.emit(
                self.index(0, column),
                self.index(len(self._rows) - 1, column),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole],
            )

    def offered(self) -> Contact | None:
        for contact in self._rows:
            if contact.offered_to_user(self._user_id) and contact.state is ContactState.OFFERED:
                return contact
        return None
