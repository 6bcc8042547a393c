"""The queue by channel, line, agency and priority (the server's `now.queues` of the KPIs):
waiting now, offered, the longest wait and the abandons today, a row per group."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from operator_app.ui import texts, theme
from operator_app.ui.panes.queue_model import mmss
from operator_app.ui.table_model import Index, RowTableModel

GROUP_ORDER = ("channel", "line", "agency", "priority")
# a longest wait past this (s) is shown as a warning; the alarm threshold's default
LONG_WAIT_S = 120


class QueueSummaryModel(RowTableModel):
    COLUMNS = ("group", "name", "waiting", "offered", "longest", "abandoned")

    def __init__(self) -> None:
        super().__init__()
        self._headers = (
            self.tr("Разрез"),
            self.tr("Очередь"),
            self.tr("Ждут"),
            self.tr("Предложено"),
            self.tr("Макс. ожидание"),
            self.tr("Потеряно сегодня"),
        )
        self._group_names = {
            "channel": self.tr("Канал"),
            "line": self.tr("Линия"),
            "agency": self.tr("Ведомство"),
            "priority": self.tr("Приоритет"),
        }
        self._line_names = {
            "line1": self.tr("1 линия"),
            "line2": self.tr("2 линия"),
            "supervisor": self.tr("Супервизор"),
        }

    def show(self, kpis: dict[str, Any]) -> None:
        """Take the groups of a KPI update (pushed or read)."""
        groups = kpis.get("now", {}).get("queues") or []
        rows = sorted(
            groups,
            key=lambda q: (
                GROUP_ORDER.index(q["group"]) if q["group"] in GROUP_ORDER else 9,
                str(q["key"]),
            ),
        )
        if [(r["group"], r["key"]) for r in rows] == [(r["group"], r["key"]) for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.COLUMNS) - 1)
                )
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> dict[str, Any]:
        return dict(self._rows[index])

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        q = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(q, column)
        long_wait = q["longest_wait_s"] >= LONG_WAIT_S
        if role == Qt.ItemDataRole.ForegroundRole and column == "longest" and long_wait:
            return theme.current().color("error")
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in ("group", "name"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, q: dict[str, Any], column: str) -> str:
        if column == "group":
            return self._group_names.get(str(q["group"]), str(q["group"]))
        if column == "name":
            key = str(q["key"])
            if q["group"] == "channel":
                return texts.channel(key)
            if q["group"] == "priority":
                return texts.priority(key)
            if q["group"] == "line":
                return self._line_names.get(key, key)
            return key
        if column == "waiting":
            return str(q["waiting"])
        if column == "offered":
            return str(q["offered"])
        if column == "longest":
            waiting = q["waiting"] + q["offered"]
            return mmss(q["longest_wait_s"]) if waiting else "—"
        if column == "abandoned":
            return str(q.get("abandoned_today", 0))
        return ""
