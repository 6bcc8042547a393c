"""«О программе» (Справка): the version, the server, where the keyring keeps the login and
whether it is secure, the sound, and the folders (logs) the service desk asks for."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from operator_app import __version__
from operator_app.audio.headset import AudioStatus, probe
from operator_app.paths import Paths
from operator_app.sync.tokens import TokenVault
from operator_app.ui.operations import Op


class AboutDialog(QDialog):
    def __init__(
        self,
        server: str,
        vault: TokenVault,
        paths: Paths,
        language: str = "ru",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.setWindowTitle(self.tr("О программе"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("ЕКЦ — рабочее место оператора, версия {0}").format(__version__))
        title.setStyleSheet("font-weight: 600; font-size: 13pt;")
        layout.addWidget(title)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}

        def row(key: str, label: str, value: str) -> None:
            widget = QLabel(value)
            widget.setWordWrap(True)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = widget
            form.addRow(label, widget)

        row("server", self.tr("Сервер:"), server)
        keyring_text = (
            self.tr("{0} — вход хранится защищённо").format(vault.backend_name)
            if vault.secure
            else self.tr("{0} — не используется: {1}").format(
                vault.backend_name, vault.reason_en if language == "en" else vault.reason_ru
            )
        )
        row("keyring", self.tr("Хранилище паролей:"), keyring_text)
        row("audio", self.tr("Звук:"), self.tr("проверяется…"))
        row("logs", self.tr("Журналы:"), str(paths.logs))
        row("data", self.tr("Данные:"), str(paths.data))
        row(
            "runtime",
            self.tr("Среда:"),
            f"Python {sys.version.split()[0]} · Qt {qVersion()} · PySide6 {pyside_version} · "
            f"{platform.system()} {platform.release()}",
        )
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # listing devices may take a moment: off the UI thread
        Op(probe, owner=self).success(self._show_audio).failure(
            lambda _e: self._show_audio(None)
        ).run()

    def _show_audio(self, status: AudioStatus | None) -> None:
        if status is None:
            text = self.tr("состояние неизвестно")
        elif status.problem is None:
            text = self.tr("доступен: устройств ввода {0}, вывода {1}").format(
                len(status.inputs), len(status.outputs)
            )
        else:
            problem = status.problem
            reason = problem.reason_en if self.language == "en" else problem.reason_ru
            text = self.tr("недоступен: {0}").format(reason)
        self.fields["audio"].setText(text)
