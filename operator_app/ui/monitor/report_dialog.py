"""Choose the shift report's period and where to save it (CSV and PDF side by side)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)


class ReportDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Отчёт за смену"))
        now = datetime.now().astimezone()
        midnight = datetime.combine(now.date(), time(0, 0), now.tzinfo)
        self.start = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(midnight.timestamp())))
        self.end = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(now.timestamp())))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.path = QLineEdit(str(folder / f"shift-report-{now:%Y%m%d-%H%M}"))
        self.path.setAccessibleName(self.tr("Куда сохранить (без расширения)"))
        browse = QPushButton(self.tr("Обзор…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("С:"), self.start)
        form.addRow(self.tr("По:"), self.end)
        form.addRow(self.tr("Файлы (.csv и .pdf):"), where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Отчёт за смену"), self.path.text(), self.tr("PDF и CSV (*.pdf)")
        )
        if chosen:
            self.path.setText(str(Path(chosen).with_suffix("")))

    def period(self) -> tuple[datetime, datetime]:
        def aware(edit: QDateTimeEdit) -> datetime:
            return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch()).astimezone()

        return aware(self.start), aware(self.end)

    def base(self) -> Path:
        return Path(self.path.text()).expanduser()
