"""«Эскалировать…»: to the second line (agency, region) or the supervisor, with a reason
(required: a common one or free text) and notes the receiver sees with the history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.ui import theme

#: the reasons operators give most; free text is always possible
COMMON_REASONS = (
    QT_TRANSLATE_NOOP(
        "EscalateDialog", "Нужны персональные данные гражданина (выплаты, заявления)"
    ),
    QT_TRANSLATE_NOOP("EscalateDialog", "Вопрос в компетенции ведомства"),
    QT_TRANSLATE_NOOP("EscalateDialog", "Нет ответа в экспертной системе"),
    QT_TRANSLATE_NOOP("EscalateDialog", "Жалоба гражданина"),
    QT_TRANSLATE_NOOP("EscalateDialog", "Техническая проблема портала"),
    QT_TRANSLATE_NOOP("EscalateDialog", "Конфликтный или сложный разговор"),
)


@dataclass(frozen=True)
class Escalation:
    """What the operator chose."""

    target: str  # line2 | supervisor
    agency: str | None
    region: str | None
    reason: str
    notes: str


class EscalateDialog(QDialog):
    def __init__(
        self,
        number: str,
        agencies: list[str],
        regions: list[str],
        *,
        agency: str | None,
        region: str | None,
        initial: Escalation | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Эскалация обращения {0}").format(number))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        targets = QHBoxLayout()
        self.line2 = QRadioButton(self.tr("Вторая линия"))
        self.supervisor = QRadioButton(self.tr("Супервизор"))
        group = QButtonGroup(self)
        group.addButton(self.line2)
        group.addButton(self.supervisor)
        self.line2.setChecked(True)
        targets.addWidget(QLabel(self.tr("Кому:")))
        targets.addWidget(self.line2)
        targets.addWidget(self.supervisor)
        targets.addStretch(1)
        layout.addLayout(targets)
        form = QFormLayout()
        self.agency = QComboBox()
        for name in agencies:
            self.agency.addItem(name, name)
        self.agency.setAccessibleName(self.tr("Ведомство"))
        self.region = QComboBox()
        self.region.addItem(self.tr("все регионы"), None)
        for name in regions:
            self.region.addItem(name, name)
        self.region.setAccessibleName(self.tr("Регион"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setAccessibleName(self.tr("Причина"))
        self.reason.addItem("")
        for source in COMMON_REASONS:
            self.reason.addItem(QCoreApplication.translate("EscalateDialog", str(source)))
        line = self.reason.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("Выберите или введите причину"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(
            self.tr("Что уже сделано, что нужно гражданину — специалист увидит это с историей")
        )
        self.notes.setAccessibleName(self.tr("Заметки"))
        self.notes.setMaximumHeight(110)
        form.addRow(self.tr("Ведомство:"), self.agency)
        form.addRow(self.tr("Регион:"), self.region)
        form.addRow(self.tr("Причина:"), self.reason)
        form.addRow(self.tr("Заметки:"), self.notes)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {theme.current().error};")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Эскалировать"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.line2.toggled.connect(self._target_changed)
        self.reason.currentTextChanged.connect(lambda _t: self._validate())
        if initial is not None:
            agency, region = initial.agency or agency, initial.region
            self.supervisor.setChecked(initial.target == "supervisor")
            self.reason.setCurrentText(initial.reason)
            self.notes.setPlainText(initial.notes)
        self._select(self.agency, agency)
        self._select(self.region, region)
        self._target_changed()

    @staticmethod
    def _select(box: QComboBox, value: str | None) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    def _target_changed(self) -> None:
        second_line = self.line2.isChecked()
        self.agency.setEnabled(second_line)
        self.region.setEnabled(second_line)
        self._validate()

    def _validate(self) -> bool:
        ok = bool(self.reason.currentText().strip()) and (
            self.supervisor.isChecked() or self.agency.currentData() is not None
        )
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)
        return ok

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _accept(self) -> None:
        if self._validate():
            self.accept()

    def value(self) -> Escalation:
        second_line = self.line2.isChecked()
        return Escalation(
            target="line2" if second_line else "supervisor",
            agency=self.agency.currentData() if second_line else None,
            region=self.region.currentData() if second_line else None,
            reason=self.reason.currentText().strip(),
            notes=self.notes.toPlainText().strip(),
        )
