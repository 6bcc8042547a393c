"""Start the workstation: the embedded demo or a real server, login, the main window."""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

from ekc_resources import resource
from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from operator_app.audio.alerts import AlertPlayer
from operator_app.demo.launcher import EmbeddedDemo
from operator_app.paths import Paths
from operator_app.services.bus import ChangeBus
from operator_app.services.workstation import Workstation
from operator_app.ui import operations, theme
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.errors import describe
from operator_app.ui.login import LoginDialog
from operator_app.ui.main_window import MainWindow
from operator_app.ui.monitor.window import MonitorWindow
from operator_app.ui.operations import Op
from operator_app.ui.preferences import Preferences, Presets, read_presets, system_settings
from operator_app.ui.preferences import load as load_preferences
from operator_app.ui.preferences import save as save_preferences

log = logging.getLogger("ui")


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Russian is the source language; other languages come from resources/translations."""
    QLocale.setDefault(QLocale(language))
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
        language: str | None = None,
        demo_rate: float = 8.0,
        presets: Presets | None = None,
    ) -> None:
        self.app = app
        self.paths = paths
        self._closing = False
        self.settings = QSettings(str(paths.config / "workstation.ini"), QSettings.Format.IniFormat)
        self.presets = presets if presets is not None else read_presets(system_settings())
        #: --lang wins over the saved choice for this run
        self.prefs = load_preferences(self.settings, self.presets, language)
        self.language = self.prefs.language
        self.translator = install_translator(app, self.language)
        theme.apply(app, high_contrast=self.prefs.high_contrast, font_scale=self.prefs.font_scale)
        self.alerts = AlertPlayer(self._output_device())
        self.bus = ChangeBus()
        self.bridge = ChangeBridge(self.bus)
        self.demo: EmbeddedDemo | None = None
        self.workstation: Workstation | None = None
        self.window: MainWindow | None = None
        self.monitor: MonitorWindow | None = None
        self.login: LoginDialog | None = None
        self._server = server or self.presets.server_url
        self._demo_rate = demo_rate
        app.aboutToQuit.connect(self.shutdown)

    def _output_device(self) -> str | None:
        return str(self.settings.value("audio/output_device", "")) or None

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
        self.window = self._new_window()
        self.window.show()
        ws.start()

        def sync(_count: int) -> None:
            Op(ws.sync_kb).failure(self._kb_failed).run()

        Op(ws.load_local_kb).success(sync).failure(self._kb_failed).run()
        self.window.refresh_stats()
        if ws.user.get("role") == "supervisor":
            # monitor mode in front; the workstation window behind it takes escalated
            # incidents and reviews expert-system proposals
            self.monitor = MonitorWindow(ws, self.bridge, self.language, self.alerts)
            self.monitor.resize(self.window.size())
            self.monitor.show()
            self.monitor.raise_()

    def _new_window(self) -> MainWindow:
        assert self.workstation is not None
        window = MainWindow(
            self.workstation, self.bridge, self.settings, self.language, self.prefs, self.alerts
        )
        # through a weak reference: a Qt connection to a bound method of this (non-Qt) object
        # makes a cycle through PySide that its garbage collection freed twice (a segfault)
        this = weakref.ref(self)

        def chosen(prefs: Preferences) -> None:
            holder = this()
            if holder is not None:
                holder.apply_preferences(prefs)

        window.preferences_chosen.connect(chosen)
        return window

    def apply_preferences(self, prefs: Preferences) -> None:
        """Save and apply new preferences at once: a new language, font size or theme rebuilds
        the main window around the same session (no restart, nothing lost)."""
        old, self.prefs = self.prefs, prefs
        save_preferences(self.settings, prefs)
        if prefs.language != old.language:
            if self.translator is not None:
                self.app.removeTranslator(self.translator)
            self.language = prefs.language
            self.translator = install_translator(self.app, prefs.language)
        appearance = (prefs.high_contrast, prefs.font_scale) != (old.high_contrast, old.font_scale)
        if appearance:
            theme.apply(self.app, high_contrast=prefs.high_contrast, font_scale=prefs.font_scale)
        if self.window is not None:
            self.window.prefs = prefs
            if appearance or prefs.language != old.language:
                self.rebuild_window()
        log.info(
            "preferences: language %s, font %d %%, high contrast %s, offer sound %s, "
            "idle lock %d min",
            prefs.language,
            prefs.font_scale,
            prefs.high_contrast,
            prefs.offer_sound,
            prefs.idle_lock_minutes,
        )

    def rebuild_window(self) -> MainWindow:
        """Replace the main window by one built now (in the current language and theme)."""
        old = self.window
        assert old is not None
        old.flush_drafts()
        old.save_layout()  # the new window restores the same docks and geometry
        old.detach()
        window = self._new_window()
        window.take_over(old)
        self.window = window
        if old.isMaximized():
            window.showMaximized()
        else:
            window.show()
        window.refresh_stats()
        old.hide()
        old.deleteLater()
        return window

    def _kb_failed(self, error: BaseException) -> None:
        if self._closing:
            # quitting: the store closed under a sync still running; the next start resumes it
            log.info("expert system sync stopped at quit: %s", type(error).__name__)
            return
        log.warning("expert system sync failed: %s", type(error).__name__)
        if self.window is not None:
            self.window.search.status.setText(describe(error, self.language))

    def shutdown(self) -> None:
        self._closing = True
        if self.monitor is not None:
            self.monitor.close()
        if self.window is not None:
            self.window.flush_drafts()  # the last 400 ms of typing, not yet saved
            self.window.save_layout()
        if self.workstation is not None:
            self.workstation.close()
        if self.demo is not None:
            self.demo.stop()
        self.alerts.close()
        operations.shutdown()
