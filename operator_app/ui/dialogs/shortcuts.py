"""«Сочетания клавиш» (Справка, F1): every shortcut of the window, read from its menus.

The list is built from the actions themselves, so it cannot drift from what the keys do;
shortcuts that live on a widget rather than in a menu (Ctrl+Enter sends the reply) are
passed in by the window.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, key) for every menu action with a shortcut, in menu order."""
    found: list[tuple[str, str, str]] = []

    def walk(menu_title: str, actions: Iterable[QAction]) -> None:
        for action in actions:
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu_title, menu.actions())
                continue
            key = action.shortcut()
            if action.isSeparator() or key.isEmpty():
                continue
            text = action.text().replace("&", "")
            found.append((menu_title, text, key.toString(QKeySequence.SequenceFormat.NativeText)))

    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(top.text().replace("&", ""), menu.actions())
    return found


class ShortcutsDialog(QDialog):
    """A read-only table: menu, action, key."""

    def __init__(
        self,
        rows: list[tuple[str, str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Сочетания клавиш"))
        self.setMinimumSize(560, 460)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Меню"), self.tr("Действие"), self.tr("Клавиши")]
        )
        self.table.setAccessibleName(self.tr("Сочетания клавиш"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def keys(self) -> dict[str, str]:
        """Action -> key, as shown (tests read it)."""
        out: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            action, key = self.table.item(row, 1), self.table.item(row, 2)
            if action is not None and key is not None:
                out[action.text()] = key.text()
        return out
