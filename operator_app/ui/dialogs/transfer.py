"""«Перевести…»: to a colleague (ready ones first, with their state) or to a queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.ui import texts, theme


@dataclass(frozen=True)
class Transfer:
    """What the operator chose: an operator id, or a queue (with agency and region)."""

    operator_id: int | None = None
    queue: str | None = None
    agency: str | None = None
    region: str | None = None


class TransferDialog(QDialog):
    def __init__(
        self,
        number: str,
        operators: list[dict[str, Any]],
        agencies: list[str],
        regions: list[str],
        *,
        agency: str | None,
        region: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Перевод обращения {0}").format(number))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        modes = QHBoxLayout()
        self.to_operator = QRadioButton(self.tr("Оператору"))
        self.to_queue = QRadioButton(self.tr("В очередь"))
        group = QButtonGroup(self)
        group.addButton(self.to_operator)
        group.addButton(self.to_queue)
        self.to_operator.setChecked(True)
        modes.addWidget(self.to_operator)
        modes.addWidget(self.to_queue)
        modes.addStretch(1)
        layout.addLayout(modes)
        self.operators = QListWidget()
        self.operators.setAccessibleName(self.tr("Операторы"))
        for op in operators:
            item = QListWidgetItem(self._describe(op))
            item.setData(Qt.ItemDataRole.UserRole, int(op["id"]))
            if op.get("state") != "ready":
                item.setForeground(QBrush(theme.current().color("muted")))
            self.operators.addItem(item)
        if self.operators.count():
            self.operators.setCurrentRow(0)
        layout.addWidget(self.operators, 1)
        form = QFormLayout()
        self.queue = QComboBox()
        self.queue.addItem(self.tr("Первая линия"), "line1")
        self.queue.addItem(self.tr("Вторая линия"), "line2")
        self.queue.addItem(self.tr("Супервизор"), "supervisor")
        self.agency = QComboBox()
        for name in agencies:
            self.agency.addItem(name, name)
        self.region = QComboBox()
        self.region.addItem(self.tr("все регионы"), None)
        for name in regions:
            self.region.addItem(name, name)
        for box, value in ((self.agency, agency), (self.region, region)):
            index = box.findData(value)
            if index >= 0:
                box.setCurrentIndex(index)
        form.addRow(self.tr("Очередь:"), self.queue)
        form.addRow(self.tr("Ведомство:"), self.agency)
        form.addRow(self.tr("Регион:"), self.region)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Перевести"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.to_operator.toggled.connect(self._mode_changed)
        self.queue.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.operators.currentRowChanged.connect(lambda _r: self._mode_changed())
        self._mode_changed()

    def _describe(self, op: dict[str, Any]) -> str:
        line = self.tr("линия {0}").format(op.get("line") or 1)
        where = " ".join(str(x) for x in (op.get("agency"), op.get("region")) if x)
        name = op.get("full_name") or op.get("username")
        state = texts.operator_state(str(op.get("state") or "offline"))
        return f"{name} ({op.get('username')}) · {state} · {line}{' · ' + where if where else ''}"

    def _mode_changed(self) -> None:
        to_operator = self.to_operator.isChecked()
        self.operators.setEnabled(to_operator)
        self.queue.setEnabled(not to_operator)
        second_line = not to_operator and self.queue.currentData() == "line2"
        self.agency.setEnabled(second_line)
        self.region.setEnabled(second_line)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not to_operator or self.operators.currentItem() is not None)

    def value(self) -> Transfer:
        if self.to_operator.isChecked():
            item = self.operators.currentItem()
            return Transfer(operator_id=int(item.data(Qt.ItemDataRole.UserRole)))
        queue = str(self.queue.currentData())
        if queue == "line2":
            return Transfer(
                queue=queue, agency=self.agency.currentData(), region=self.region.currentData()
            )
        return Transfer(queue=queue)
