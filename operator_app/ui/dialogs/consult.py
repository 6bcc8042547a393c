"""«Консультация супервизора»: what to ask; the call goes on hold while the supervisor helps."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ConsultDialog(QDialog):
    def __init__(self, number: str, voice: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Консультация супервизора · {0}").format(number))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "Звонок будет поставлен на удержание, супервизор получит запрос помощи. "
                "Верните звонок кнопкой «Вернуть» (F8)."
            )
            if voice
            else self.tr("Супервизор получит запрос помощи по этому обращению.")
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Вопрос супервизору (необязательно)"))
        self.text.setAccessibleName(self.tr("Вопрос супервизору"))
        self.text.setMaximumHeight(100)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Запросить помощь"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
