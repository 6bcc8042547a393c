"""«Сервис → Настройки…»: language, font size, high contrast, offer sound, idle lock.

Nothing here needs a restart: the application rebuilds the main window in the new language
and theme, with the same contacts, drafts and layout (WorkstationApp.apply_preferences).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from operator_app.ui.preferences import IDLE_LOCK_RANGE, LANGUAGES, Preferences
from operator_app.ui.theme import FONT_SCALES

#: each language by its own name, so whoever reads the other one still finds theirs
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}


class SettingsDialog(QDialog):
    #: the preferences the operator chose (emitted on OK only if something changed)
    chosen = Signal(object)

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.setWindowTitle(self.tr("Настройки"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(prefs.language))
        self.language.setAccessibleName(self.tr("Язык интерфейса"))
        form.addRow(self.tr("&Язык интерфейса:"), self.language)
        self.font_scale = QComboBox()
        for scale in FONT_SCALES:
            self.font_scale.addItem(f"{scale} %", scale)
        self.font_scale.setCurrentIndex(FONT_SCALES.index(prefs.font_scale))
        self.font_scale.setAccessibleName(self.tr("Размер шрифта"))
        form.addRow(self.tr("&Размер шрифта:"), self.font_scale)
        self.high_contrast = QCheckBox(self.tr("&Высококонтрастная тема"))
        self.high_contrast.setChecked(prefs.high_contrast)
        form.addRow("", self.high_contrast)
        self.offer_sound = QCheckBox(self.tr("&Звуковой сигнал при поступлении обращения"))
        self.offer_sound.setChecked(prefs.offer_sound)
        form.addRow("", self.offer_sound)
        self.idle_lock = QSpinBox()
        self.idle_lock.setRange(*IDLE_LOCK_RANGE)
        self.idle_lock.setSuffix(self.tr(" мин"))
        self.idle_lock.setValue(prefs.idle_lock_minutes)
        self.idle_lock.setAccessibleName(self.tr("Блокировка при бездействии, минут"))
        self.idle_lock.setEnabled(not prefs.idle_lock_locked)
        form.addRow(self.tr("&Блокировка при бездействии через:"), self.idle_lock)
        if prefs.idle_lock_locked:
            note = QLabel(self.tr("Задано администратором."))
            note.setAccessibleName(self.tr("Блокировка задана администратором"))
            form.addRow("", note)
        layout.addLayout(form)
        hint = QLabel(
            self.tr(
                "Изменения применяются сразу, без перезапуска: окно перестраивается, открытые "
                "обращения и черновики сохраняются."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Применить"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def result_preferences(self) -> Preferences:
        return self.prefs.changed(
            language=self.language.currentData(),
            font_scale=int(self.font_scale.currentData()),
            high_contrast=self.high_contrast.isChecked(),
            offer_sound=self.offer_sound.isChecked(),
            idle_lock_minutes=(
                self.prefs.idle_lock_minutes
                if self.prefs.idle_lock_locked
                else self.idle_lock.value()
            ),
        )

    def accept(self) -> None:
        chosen = self.result_preferences()
        super().accept()
        if chosen != self.prefs:
            self.chosen.emit(chosen)
