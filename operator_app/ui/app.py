"""Start the workstation: the embedded demo or a real server, login, the main window."""

from __future__ import annotations

import logging
from pathlib import Path

from ekc_resources import resource
from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from operator_app.demo.launcher import EmbeddedDemo
from operator_app.paths import Paths
from operator_app.services.bus import ChangeBus
from operator_app.services.workstation import Workstation
from operator_app.ui import operations
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.errors import describe
from operator_app.ui.login import LoginDialog
from operator_app.ui.main_window import MainWindow
from operator_app.ui.operations import Op

log = logging.getLogger("ui")


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Russian is the source language; other languages come from resources/translations."""
    if language == "ru":
        return None
    translator = QTranslator(app)
    path = Path(str(resource("translations", f"operator_app_{language}.qm")))
    if translator.load(str(path)):
        app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        return translator
    log.warning("no translation for %s", language)
    return None


class WorkstationApp:
    """Holds what lives as long as the application: demo, workstation, windows."""

    def __init__(
        self,
        app: QApplication,
        paths: Paths,
        server: str | None,
        language: str,
        demo_rate: float = 8.0,
    ) -> None:
        self.app = app
        self.paths = paths
        self.language = language
        self.settings = QSettings(str(paths.config / "workstation.ini"), QSettings.Format.IniFormat)
        self.bus = ChangeBus()
        self.bridge = ChangeBridge(self.bus)
        self.demo: EmbeddedDemo | None = None
        self.workstation: Workstation | None = None
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self._server = server
        self._demo_rate = demo_rate
        app.aboutToQuit.connect(self.shutdown)

    def start(self) -> None:
        if self._server:
            self.open_login(self._server)
            return
        self.demo = EmbeddedDemo(self.paths.data / "demo", rate_per_min=self._demo_rate)
        progress = QProgressDialog(
            QApplication.translate(
                "App", "Запуск демо-режима: локальный сервер маршрутизации и имитация обращений…"
            ),
            "",
            0,
            0,
        )
        progress.setCancelButton(None)
        progress.setWindowTitle(QApplication.translate("App", "ЕКЦ — демо-режим"))
        progress.show()
        demo = self.demo

        def started(url: str) -> None:
            progress.close()
            demo.start_simulator()
            self.open_login(url)

        def failed(error: BaseException) -> None:
            progress.close()
            QMessageBox.critical(
                None, QApplication.translate("App", "Демо-режим не запустился"), str(error)
            )
            self.app.quit()

        Op(demo.start_server).success(started).failure(failed).run()

    def open_login(self, url: str) -> None:
        self.workstation = Workstation(url, self.paths, self.bus)
        vault = self.workstation.vault
        warning = (
            "" if vault.secure else (vault.reason_en if self.language == "en" else vault.reason_ru)
        )
        label = (
            QApplication.translate("App", "Демо-режим: {0}")
            if self.demo
            else QApplication.translate("App", "Сервер: {0}")
        ).format(url)
        self.login = LoginDialog(
            label,
            self.workstation.login,
            demo=self.demo is not None,
            keyring_warning=warning,
            language=self.language,
        )
        self.login.accepted.connect(self.open_main)
        self.login.rejected.connect(self.app.quit)
        self.login.show()

    def open_main(self) -> None:
        ws = self.workstation
        assert ws is not None
        self.window = MainWindow(ws, self.bridge, self.settings, self.language)
        self.window.show()
        ws.start()

        def sync(_count: int) -> None:
            Op(ws.sync_kb).failure(self._kb_failed).run()

        Op(ws.load_local_kb).success(sync).failure(self._kb_failed).run()
        self.window.refresh_stats()

    def _kb_failed(self, error: BaseException) -> None:
        log.warning("expert system sync failed: %s", type(error).__name__)
        if self.window is not None:
            self.window.search.status.setText(describe(error, self.language))

    def shutdown(self) -> None:
        if self.window is not None:
            self.window.save_layout()
        if self.workstation is not None:
            self.workstation.close()
        if self.demo is not None:
            self.demo.stop()
        operations.shutdown()
