"""The quality form: a closed contact, by its number, scored on each criterion 0–2."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from operator_app.services.monitor import QUALITY_CRITERIA

NAMES = {
    "greeting": QT_TRANSLATE_NOOP("QualityDialog", "Приветствие и представление"),
    "identification": QT_TRANSLATE_NOOP("QualityDialog", "Идентификация по правилам"),
    "accuracy": QT_TRANSLATE_NOOP("QualityDialog", "Точность ответа"),
    "courtesy": QT_TRANSLATE_NOOP("QualityDialog", "Вежливость"),
    "wrap_up": QT_TRANSLATE_NOOP("QualityDialog", "Завершение и результат"),
}


class QualityDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Оценка качества обращения"))
        form = QFormLayout(self)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("например, 2612-0000123"))
        self.number.setAccessibleName(self.tr("Номер обращения"))
        form.addRow(self.tr("Номер обращения:"), self.number)
        self.scores: dict[str, QSpinBox] = {}
        for key in QUALITY_CRITERIA:
            box = QSpinBox()
            box.setRange(0, 2)
            box.setValue(2)
            name = QCoreApplication.translate("QualityDialog", str(NAMES[key]))
            box.setAccessibleName(name)
            box.setToolTip(self.tr("0 — не выполнено, 1 — частично, 2 — полностью"))
            self.scores[key] = box
            form.addRow(name + ":", box)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Комментарий для оператора"))
        self.comment.setMaximumHeight(90)
        form.addRow(self.tr("Комментарий:"), self.comment)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def values(self) -> tuple[str, dict[str, int], str]:
        return (
            self.number.text().strip(),
            {key: box.value() for key, box in self.scores.items()},
            self.comment.toPlainText().strip(),
        )
