"""The operator's main window: dockable panes (layout saved per user), shortcuts, the status bar."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QSystemTrayIcon, QWidget

from operator_app.domain.changes import Change, ContactChanged, QueueChanged
from operator_app.services.conversation import Conversation
from operator_app.services.workstation import Workstation
from operator_app.ui import texts
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.errors import describe
from operator_app.ui.operations import Op
from operator_app.ui.panes.conversation import ConversationPane
from operator_app.ui.panes.queue import QueuePane
from operator_app.ui.panes.search import SearchPane
from operator_app.ui.panes.wrapup import WrapUpPane
from operator_app.ui.statusbar import StatusBar

log = logging.getLogger("ui")
LAYOUT_VERSION = 1


class MainWindow(QMainWindow):
    def __init__(
        self,
        workstation: Workstation,
        bridge: ChangeBridge,
        settings: QSettings,
        language: str = "ru",
    ) -> None:
        super().__init__()
        self.ws = workstation
        self.language = language
        self.settings = settings
        user = workstation.user
        self.setWindowTitle(
            self.tr("ЕКЦ — рабочее место: {0} ({1})").format(
                user.get("full_name") or user["username"], user["username"]
            )
        )
        self.setMinimumSize(1024, 640)
        lists = workstation.lists
        names = {c["code"]: texts.localized(c, language) for c in lists["categories"]["categories"]}
        reasons = lists["reason_codes"]["items"]
        decline = [
            (r["code"], texts.localized(r, language)) for r in reasons if r["kind"] == "decline"
        ]
        not_ready = [
            (r["code"], texts.localized(r, language))
            for r in reasons
            if r["kind"] == "not_ready" and not r["system"]
        ]
        dispositions = [
            (d["code"], texts.localized(d, language), bool(d["resolved"]))
            for d in lists["dispositions"]["items"]
        ]
        self.queue = QueuePane(int(user["id"]), names, decline)
        self.conversation = ConversationPane(names)
        self.search = SearchPane(workstation.search_text, workstation.article)
        self.wrapup = WrapUpPane(dispositions)
        self.status = StatusBar(not_ready)
        self.setStatusBar(self.status)
        self.setCentralWidget(self.conversation)
        self._dock("queue", self.tr("Очередь"), self.queue, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock(
            "search",
            self.tr("Экспертная система"),
            self.search,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self._dock(
            "wrapup", self.tr("Завершение"), self.wrapup, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        for pane in (self.queue, self.conversation, self.search, self.wrapup, self.status):
            bridge.changed.connect(pane.on_change)
        bridge.changed.connect(self._on_change)
        self.queue.accept_requested.connect(self.accept)
        self.queue.decline_requested.connect(self.decline)
        self.conversation.send_requested.connect(self.send)
        self.conversation.end_requested.connect(self.end)
        self.conversation.draft_changed.connect(self.save_draft)
        self.conversation.current_changed.connect(self._current_changed)
        self.wrapup.draft_changed.connect(self.save_draft)
        self.wrapup.wrap_up_requested.connect(self.wrap_up)
        self.search.insert_requested.connect(self.insert_answer)
        self.status.state_requested.connect(self.set_state)
        self._menus()
        self.tray = QSystemTrayIcon(self) if QSystemTrayIcon.isSystemTrayAvailable() else None
        self._stats_timer = QTimer(self)
        self._stats_timer.timeout.connect(self.refresh_stats)
        self._stats_timer.start(30_000)
        self._restore_layout()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _menus(self) -> None:
        shift = self.menuBar().addMenu(self.tr("Смена"))
        for state, key in (("ready", "F5"), ("break", "F7")):
            action = QAction(texts.operator_state(state), self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, s=state: self.set_state(s, None))
            shift.addAction(action)
        contact = self.menuBar().addMenu(self.tr("Обращение"))
        accept = QAction(self.tr("Принять предложение"), self)
        accept.setShortcut(QKeySequence("F9"))
        accept.triggered.connect(self.queue.accept_offer_shortcut)
        contact.addAction(accept)
        wrap = QAction(self.tr("Завершить обращение"), self)
        wrap.setShortcut(QKeySequence("Ctrl+W"))
        wrap.triggered.connect(self.wrapup._submit)
        contact.addAction(wrap)
        search = self.menuBar().addMenu(self.tr("Поиск"))
        find = QAction(self.tr("Искать в экспертной системе"), self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.triggered.connect(self.search.focus_search)
        search.addAction(find)
        insert = QAction(self.tr("Вставить ответ карточки"), self)
        insert.setShortcut(QKeySequence("Ctrl+I"))
        insert.triggered.connect(self.search._insert)
        search.addAction(insert)
        view = self.menuBar().addMenu(self.tr("Вид"))
        for dock in self.findChildren(QDockWidget):
            view.addAction(dock.toggleViewAction())

    # --- layout per user -------------------------------------------------------------------
    def _layout_key(self) -> str:
        return f"layout/{self.ws.user['username']}"

    def _restore_layout(self) -> None:
        geometry = self.settings.value(self._layout_key() + "/geometry")
        state = self.settings.value(self._layout_key() + "/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state, LAYOUT_VERSION)

    def save_layout(self) -> None:
        self.settings.setValue(self._layout_key() + "/geometry", self.saveGeometry())
        self.settings.setValue(self._layout_key() + "/state", self.saveState(LAYOUT_VERSION))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)

    # --- reacting to changes ---------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if isinstance(change, ContactChanged):
            if change.event == "offered":
                self._notify(
                    self.tr("Новое обращение"),
                    self.tr("{0} · {1}").format(
                        texts.channel(change.contact.channel), change.contact.number
                    ),
                )
            if change.event == "closed":
                self.conversation.close_contact(change.contact.id)
            current = self.conversation.current()
            if current is not None and current.id == change.contact.id:
                self.wrapup.refresh()
        if isinstance(change, QueueChanged | ContactChanged):
            self.refresh_stats_soon()

    def _notify(self, title: str, text: str) -> None:
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 5000)

    def _current_changed(self, conversation: Conversation | None) -> None:
        notes = self.ws.draft(conversation.id).get("notes", "") if conversation else ""
        self.wrapup.show_conversation(conversation, notes)

    def refresh_stats_soon(self) -> None:
        if not getattr(self, "_stats_pending", False):
            self._stats_pending = True
            QTimer.singleShot(1500, self.refresh_stats)

    def refresh_stats(self) -> None:
        self._stats_pending = False
        Op(self.ws.stats).success(self.status.show_counters).failure(lambda _e: None).run()

    # --- actions (each runs in the background) ---------------------------------------------
    def fail(self, error: BaseException) -> None:
        log.warning("action failed: %s", type(error).__name__)
        QMessageBox.warning(self, self.tr("Действие не выполнено"), describe(error, self.language))

    def accept(self, contact_id: int) -> None:
        Op(lambda: self.ws.accept(contact_id)).success(self._opened).failure(self.fail).run()

    def _opened(self, conversation: Conversation) -> None:
        drafts = self.ws.draft(conversation.id)
        self.conversation.open(conversation, drafts.get("reply", ""))
        self._current_changed(conversation)

    def decline(self, contact_id: int, reason: str) -> None:
        Op(lambda: self.ws.decline(contact_id, reason)).failure(self.fail).run()

    def send(self, contact_id: int, text: str) -> None:
        Op(lambda: self.ws.send_message(contact_id, text)).failure(self.fail).run()

    def end(self, contact_id: int) -> None:
        Op(lambda: self.ws.end(contact_id)).failure(self.fail).run()

    def wrap_up(self, contact_id: int, disposition: str, resolved: bool, notes: str) -> None:
        Op(lambda: self.ws.wrap_up(contact_id, disposition, resolved, notes)).failure(
            self.fail
        ).run()

    def save_draft(self, contact_id: int, field: str, text: str) -> None:
        Op(lambda: self.ws.save_draft(contact_id, field, text)).failure(self.fail).run()

    def set_state(self, state: str, reason: Any) -> None:
        Op(lambda: self.ws.set_state(state, reason)).failure(self.fail).run()

    def insert_answer(self, text: str) -> None:
        tab = self.conversation.current_tab()
        if tab is None:
            QMessageBox.information(
                self,
                self.tr("Некуда вставить"),
                self.tr("Откройте обращение, чтобы вставить ответ."),
            )
            return
        tab.insert(text)
