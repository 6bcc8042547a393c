"""The operator's main window: dockable panes (layout saved per user), shortcuts, the status bar."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from operator_app.audio.alerts import AlertPlayer
from operator_app.domain.changes import Change, ContactChanged, KbChanged, QueueChanged, ServerEvent
from operator_app.services.contact_actions import ContactActions
from operator_app.services.conversation import Conversation
from operator_app.services.workstation import LOCK_REASON, Workstation
from operator_app.ui import texts
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.call_microphone import CallMicrophone
from operator_app.ui.dialogs.about import AboutDialog
from operator_app.ui.dialogs.controller import ContactActionsUi
from operator_app.ui.dialogs.headset import HeadsetDialog
from operator_app.ui.dialogs.settings import SettingsDialog
from operator_app.ui.dialogs.shortcuts import ShortcutsDialog, menu_shortcuts
from operator_app.ui.errors import describe
from operator_app.ui.level_meter import LevelMeterWidget
from operator_app.ui.lock_screen import IdleWatcher, LockScreen
from operator_app.ui.offline_banner import OfflineBanner
from operator_app.ui.operations import Op
from operator_app.ui.panes.article_dialogs import ProposalDialog
from operator_app.ui.panes.citizen_card import CitizenCardPane
from operator_app.ui.panes.conversation import ConversationPane, ConversationTab
from operator_app.ui.panes.proposal_review import ReviewDialog
from operator_app.ui.panes.queue import QueuePane
from operator_app.ui.panes.search import SearchPane
from operator_app.ui.panes.wrapup import WrapUpPane
from operator_app.ui.preferences import Preferences
from operator_app.ui.statusbar import StatusBar
from operator_app.ui.supervisor_notices import SupervisorNotices

log = logging.getLogger("ui")
LAYOUT_VERSION = 1


class _Relay(QObject):
    """The bridge's changes as this window's own signal: when the window goes, Qt drops the
    connection with it, and a detached window blocks it (no Python-side disconnects)."""

    changed = Signal(object)


class MainWindow(QMainWindow):
    #: Сервис → Настройки… chose new preferences (the application applies them)
    preferences_chosen = Signal(object)

    def __init__(
        self,
        workstation: Workstation,
        bridge: ChangeBridge,
        settings: QSettings,
        language: str = "ru",
        prefs: Preferences | None = None,
        alerts: AlertPlayer | None = None,
    ) -> None:
        super().__init__()
        self.alerts = alerts
        self.ws = workstation
        self.bridge = bridge
        self.prefs = prefs or Preferences(language=language)
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
        disposition_names = {code: name for code, name, _ in dispositions}
        # the window of the application has sound (its alert player): calls get a microphone
        # meter; a bare window (some tests) has none
        self.conversation = ConversationPane(
            names,
            dispositions=disposition_names,
            microphone=self._call_microphone if alerts is not None else None,
        )
        self.contact_actions = ContactActions(workstation)
        self.card = CitizenCardPane(
            self.contact_actions,
            names,
            disposition_names,
            language,
            verification=workstation.verification,
        )
        self.contact_ui = ContactActionsUi(self, self.contact_actions)
        self.search = SearchPane(
            workstation.search_text, workstation.article, facets=workstation.kb_facets
        )
        self.wrapup = WrapUpPane(dispositions)
        self.status = StatusBar(not_ready)
        self.setStatusBar(self.status)
        self.offline_banner = OfflineBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.offline_banner)
        self.notices = SupervisorNotices()
        self.notices.noticed.connect(self._notify)
        column.addWidget(self.notices)
        column.addWidget(self.conversation, 1)
        self.setCentralWidget(central)
        self._dock("queue", self.tr("Очередь"), self.queue, Qt.DockWidgetArea.LeftDockWidgetArea)
        card_dock = self._dock(
            "card",
            self.tr("Карточка гражданина"),
            self.card,
            Qt.DockWidgetArea.RightDockWidgetArea,
            scrolled=True,
        )
        search_dock = self._dock(
            "search",
            self.tr("Экспертная система"),
            self.search,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.splitDockWidget(card_dock, search_dock, Qt.Orientation.Vertical)
        self.resizeDocks([card_dock, search_dock], [5, 4], Qt.Orientation.Vertical)
        self._dock(
            "wrapup", self.tr("Завершение"), self.wrapup, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        panes = (self.queue, self.conversation, self.search, self.wrapup, self.status)
        #: what this window listens to on the bridge (replayed by take_over)
        self._listeners: list[Any] = [
            *(pane.on_change for pane in (*panes, self.offline_banner, self.notices)),
            self._on_change,
            self._on_kb_content_change,
        ]
        self._detached = False
        self._relay = _Relay(self)
        bridge.changed.connect(self._relay.changed)
        for listener in self._listeners:
            self._relay.changed.connect(listener)
        self.queue.accept_requested.connect(self.accept)
        self.queue.decline_requested.connect(self.decline)
        self.conversation.send_requested.connect(self.send)
        self.conversation.end_requested.connect(self.end)
        self.conversation.draft_changed.connect(self.save_draft)
        self.conversation.current_changed.connect(self._current_changed)
        self.conversation.action_requested.connect(self.contact_ui.run)
        self.card.linked.connect(self.conversation.replace)
        self.wrapup.draft_changed.connect(self.save_draft)
        self.wrapup.wrap_up_requested.connect(self.wrap_up)
        self.search.insert_requested.connect(self.insert_answer)
        self.review_dialog: ReviewDialog | None = None
        self.search.propose_button.setVisible(workstation.kb_content.can_propose)
        self.search.propose_button.clicked.connect(self.propose_correction)
        self.status.state_requested.connect(self.set_state)
        self._menus()
        self.tray = QSystemTrayIcon(self) if QSystemTrayIcon.isSystemTrayAvailable() else None
        self._stats_timer = QTimer(self)
        self._stats_timer.timeout.connect(self.refresh_stats)
        self._stats_timer.start(30_000)
        self._restore_layout()
        # the idle lock: the screen covers the window; the watcher counts input everywhere
        self.lock_screen = LockScreen(
            self, str(workstation.user["username"]), workstation.unlock, language
        )
        self.lock_screen.unlocked.connect(self._unlocked)
        self.lock_screen.logout_requested.connect(self.logout)
        self.idle = IdleWatcher(self.prefs.idle_lock_minutes * 60, self)
        self.idle.idle.connect(self._idle)
        self._hidden_while_locked: list[QWidget] = []
        self._disabled_while_locked: list[QAction] = []

    def _dock(
        self,
        name: str,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea,
        *,
        scrolled: bool = False,
    ) -> QDockWidget:
        """A pane in a dock; `scrolled`: on a small screen it scrolls instead of being squeezed
        (its parts overlapping) below the height it needs."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        if scrolled:
            scroll = QScrollArea()
            scroll.setObjectName(f"scroll-{name}")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(widget)
            dock.setWidget(scroll)
        else:
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
        not_ready = QAction(self.tr("Не готов (выбрать причину)…"), self)
        not_ready.setShortcut(QKeySequence("F6"))
        not_ready.triggered.connect(self.status.choose_not_ready)
        shift.addAction(not_ready)
        shift.addSeparator()
        lock = QAction(self.tr("Заблокировать рабочее место"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(lambda: self.lock(self.tr("Вы заблокировали рабочее место.")))
        shift.addAction(lock)
        headset = QAction(self.tr("Проверка гарнитуры…"), self)
        headset.triggered.connect(self.check_headset)
        shift.addAction(headset)
        contact = self.menuBar().addMenu(self.tr("Обращение"))
        accept = QAction(self.tr("Принять предложение"), self)
        accept.setShortcut(QKeySequence("F9"))
        accept.triggered.connect(self.queue.accept_offer_shortcut)
        contact.addAction(accept)
        decline = QAction(self.tr("Отклонить предложение (выбрать причину)…"), self)
        decline.setShortcut(QKeySequence("Shift+F9"))
        decline.triggered.connect(self.queue.decline_offer_shortcut)
        contact.addAction(decline)
        wrap = QAction(self.tr("Завершить обращение"), self)
        wrap.setShortcut(QKeySequence("Ctrl+W"))
        wrap.triggered.connect(self.wrapup._submit)
        contact.addAction(wrap)
        self.contact_ui.add_to_menu(contact)
        search = self.menuBar().addMenu(self.tr("Поиск"))
        find = QAction(self.tr("Искать в экспертной системе"), self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.triggered.connect(self.search.focus_search)
        search.addAction(find)
        insert = QAction(self.tr("Вставить ответ карточки"), self)
        insert.setShortcut(QKeySequence("Ctrl+I"))
        insert.triggered.connect(self.search._insert)
        search.addAction(insert)
        if self.ws.kb_content.can_review:
            review = QAction(self.tr("Предложения по базе знаний…"), self)
            review.setShortcut(QKeySequence("Ctrl+Shift+K"))
            review.triggered.connect(self.review_proposals)
            search.addAction(review)
        view = self.menuBar().addMenu(self.tr("Вид"))
        for dock in self.findChildren(QDockWidget):
            view.addAction(dock.toggleViewAction())
        tools = self.menuBar().addMenu(self.tr("Сервис"))
        preferences = QAction(self.tr("Настройки…"), self)
        preferences.setShortcut(QKeySequence("Ctrl+,"))
        preferences.triggered.connect(self.show_settings)
        tools.addAction(preferences)
        help_menu = self.menuBar().addMenu(self.tr("Справка"))
        keys = QAction(self.tr("Сочетания клавиш"), self)
        keys.setShortcut(QKeySequence("F1"))
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        about = QAction(self.tr("О программе"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_about(self) -> AboutDialog:
        ws = self.ws
        dialog = AboutDialog(ws.client.base_url, ws.vault, ws.paths, self.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.prefs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # queued: the window may be rebuilt, and this dialog with it, once it has closed
        dialog.chosen.connect(self.preferences_chosen, Qt.ConnectionType.QueuedConnection)
        dialog.open()
        return dialog

    # --- replacing the window (a new language or theme) ------------------------------------
    def detach(self) -> None:
        """Stop listening and saving: a new window takes over (drafts flushed by the caller)."""
        self._detached = True
        self._relay.blockSignals(True)
        self._stats_timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def take_over(self, old: MainWindow | None) -> None:
        """Show what the services hold now: the states the bridge saw last, the queue, the open
        conversations (in the old window's order, the same one in front) and the search."""
        for change in self.bridge.latest():
            for listener in self._listeners:
                listener(change)
        items = tuple(self.ws.queue_items())
        if items:
            self.queue.on_change(QueueChanged(upserted=items, reset=True))
        order = list(self.ws.conversations)
        front: int | None = None
        if old is not None:
            tabs = old.conversation.tabs
            shown = [
                w.conversation.id
                for w in (tabs.widget(i) for i in range(tabs.count()))
                if isinstance(w, ConversationTab)
            ]
            order = [i for i in shown if i in self.ws.conversations] + [
                i for i in order if i not in shown
            ]
            current = old.conversation.current()
            front = current.id if current is not None else None
            self.search.query.setText(old.search.query.text())
        conversations = [self.ws.conversations[i] for i in order]
        if conversations:

            def unreadable(error: BaseException) -> None:
                self._draft_unreadable(error)
                self._reopen(conversations, {c.id: {} for c in conversations}, front)

            Op(lambda: {c.id: self.ws.draft(c.id) for c in conversations}, owner=self).success(
                lambda drafts: self._reopen(conversations, drafts, front)
            ).failure(unreadable).run()

    def _reopen(
        self,
        conversations: list[Conversation],
        drafts: dict[int, dict[str, str]],
        front: int | None,
    ) -> None:
        for conversation in conversations:
            if conversation.id in self.ws.conversations:
                self.conversation.open(conversation, drafts[conversation.id].get("reply", ""))
        tab = self.conversation.tab(front) if front is not None else None
        if tab is not None:
            self.conversation.tabs.setCurrentWidget(tab)
        current = self.conversation.current()
        if current is not None:
            self._show_current(current, drafts.get(current.id, {}).get("notes", ""))

    def check_headset(self) -> HeadsetDialog:
        """Смена → «Проверка гарнитуры…»; devices are saved by name (PortAudio indices change),
        per seat, not per user: the headset belongs to the machine."""
        dialog = HeadsetDialog(
            str(self.settings.value("audio/input_device", "")) or None,
            str(self.settings.value("audio/output_device", "")) or None,
            language=self.language,
            parent=self,
        )
        dialog.devices_chosen.connect(self._save_audio_devices)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _save_audio_devices(self, input_name: str, output_name: str) -> None:
        self.settings.setValue("audio/input_device", input_name)
        self.settings.setValue("audio/output_device", output_name)
        self.settings.sync()

    def show_shortcuts(self) -> ShortcutsDialog:
        """Справка → «Сочетания клавиш»: the menus' shortcuts and the reply box's own."""
        rows = menu_shortcuts(self.menuBar())
        rows.append((self.tr("Обращение"), self.tr("Отправить ответ"), "Ctrl+Enter"))
        dialog = ShortcutsDialog(rows, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- expert-system content: proposals, reviews, recently changed cards ------------------
    def propose_correction(self) -> None:
        article = self.search.current_article()
        if article is None or not self.ws.kb_content.can_propose:
            return
        dialog = ProposalDialog(
            self.ws.kb_content, article, lambda e: describe(e, self.language), self
        )
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(
                self.tr("Предложение отправлено супервизору на рассмотрение."), 8000
            )
        )
        dialog.open()

    def review_proposals(self) -> None:
        if self.review_dialog is None:
            self.review_dialog = ReviewDialog(
                self.ws.kb_content, lambda e: describe(e, self.language), self
            )
        else:
            self.review_dialog.reload()
        self.review_dialog.show()
        self.review_dialog.raise_()
        self.review_dialog.activateWindow()

    def _on_kb_content_change(self, change: Change) -> None:
        if isinstance(change, KbChanged):
            Op(self.ws.recent_kb_changes, owner=self).success(self._show_recent).failure(
                lambda _e: None
            ).run()
        if isinstance(change, ServerEvent) and change.type == "kb.proposal":
            self._proposal_news(change.data)
        if self.review_dialog is not None and self.review_dialog.isVisible():
            self.review_dialog.on_change(change)

    def _show_recent(self, recent: dict[str, Any]) -> None:
        if recent != self.search.recent:
            self.search.recent = recent
            if self.search.query.text().strip():
                self.search.run_search()

    def _proposal_news(self, data: dict[str, Any]) -> None:
        status, title = data.get("status"), data.get("article_title") or data.get("article_id")
        me = self.ws.user.get("username")
        if status == "pending" and self.ws.kb_content.can_review and data.get("author") != me:
            text = self.tr("Новое предложение по карточке «{0}» от {1}").format(
                title, data.get("author")
            )
        elif data.get("author") == me and status in ("approved", "rejected"):
            text = (
                self.tr("Ваше предложение по карточке «{0}» одобрено.")
                if status == "approved"
                else self.tr("Ваше предложение по карточке «{0}» отклонено.")
            ).format(title)
        else:
            return
        self.statusBar().showMessage(text, 15000)
        self._notify(self.tr("База знаний"), text)

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

    # --- the idle lock ---------------------------------------------------------------------
    def _idle(self) -> None:
        if any(c.live for c in self.ws.conversations.values()):
            # a call or chat in progress is work without typing: lock once it is over
            log.info("idle lock postponed: a contact is live")
            QTimer.singleShot(30_000, self, self._idle_again)
            return
        minutes = self.prefs.idle_lock_minutes
        self.lock(self.tr("Заблокировано после {0} мин без действий.").format(minutes))

    def _idle_again(self) -> None:
        if self.idle.idle_s() >= self.idle.timeout_s and not self.lock_screen.locked:
            self._idle()

    def lock(self, why: str) -> None:
        """Cover the window and ask for the password; forget what citizens said; not ready."""
        if self.lock_screen.locked:
            return
        log.info("workstation locked")
        self.card.identity.clear()
        self._disabled_while_locked = [a for a in self.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled_while_locked:
            action.setEnabled(False)  # no shortcut works under the lock (F5 «ready», F9…)
        self._hidden_while_locked = [
            d for d in self.findChildren(QDockWidget) if d.isFloating() and d.isVisible()
        ]
        for dock in self._hidden_while_locked:
            dock.hide()
        self.lock_screen.lock(why)
        # what citizens said goes at once (memory only); not ready, so nothing is offered
        self.ws.verification.forget_all()
        Op(lambda: self.ws.set_state("not_ready", LOCK_REASON)).failure(
            lambda error: log.warning("locking: %s", type(error).__name__)
        ).run()

    def _unlocked(self) -> None:
        log.info("workstation unlocked")
        for action in self._disabled_while_locked:
            action.setEnabled(True)
        for dock in self._hidden_while_locked:
            dock.show()
        self._disabled_while_locked, self._hidden_while_locked = [], []
        self.idle.touch()
        # the operator chooses when to be ready again (F5)
        self.statusBar().showMessage(self.tr("Разблокировано. Нажмите F5, когда будете готовы."))

    def logout(self) -> None:
        """Log out (the session revoked on the server) and close the workstation."""
        Op(self.ws.logout, owner=self).success(self._close_after_logout).failure(
            self._close_after_logout
        ).run()

    def _close_after_logout(self, _result: object) -> None:
        self.close()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.lock_screen.fit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.idle.stop()
        self.conversation.stop_microphones()
        super().closeEvent(event)

    def _call_microphone(self, meter: LevelMeterWidget, parent: QObject) -> CallMicrophone:
        """The microphone of a call: the input device chosen in the headset check."""
        device = str(self.settings.value("audio/input_device", "")) or None
        return CallMicrophone(meter, device, parent=parent)

    # --- reacting to changes ---------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if isinstance(change, ContactChanged):
            if change.event == "offered":
                self._offer_tone()
                self._notify(
                    self.tr("Новое обращение"),
                    self.tr("{0} · {1}").format(
                        texts.channel(change.contact.channel), change.contact.number
                    ),
                )
            if change.event in ("closed", "handed_over"):
                self.conversation.close_contact(change.contact.id)
                # what the citizen said for verification goes with the contact
                self.ws.verification.forget(change.contact.id)
            if change.event == "restored":
                restored = self.ws.conversations.get(change.contact.id)
                if restored is not None:
                    self._opened(restored)
            current = self.conversation.current()
            if current is not None and current.id == change.contact.id:
                self.wrapup.refresh()
        if isinstance(change, QueueChanged | ContactChanged):
            self.refresh_stats_soon()

    def _offer_tone(self) -> None:
        """The offer tone on the headset chosen in the headset check; the player opens the
        device on its own thread, so this never waits."""
        if self.alerts is not None and self.prefs.offer_sound:
            self.alerts.set_output(str(self.settings.value("audio/output_device", "")) or None)
            self.alerts.offer()

    def _notify(self, title: str, text: str) -> None:
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 5000)

    def _current_changed(self, conversation: Conversation | None) -> None:
        # regional cards rank by the region of the contact in front of the operator
        region = conversation.contact.region if conversation is not None else None
        if region != self.ws.context_region:
            self.ws.context_region = region
            if self.search.query.text().strip():
                self.search.run_search()
        if conversation is None:
            self._show_current(None, "")
            return
        # the notes draft is read off the UI thread (SQLite and decryption)
        Op(lambda: self.ws.draft(conversation.id).get("notes", ""), owner=self, local=True).success(
            lambda notes: self._show_current(conversation, notes)
        ).failure(self._draft_unreadable).run()

    def _show_current(self, conversation: Conversation | None, notes: str) -> None:
        current = self.conversation.current()
        if conversation is not None and (current is None or current.id != conversation.id):
            return  # the operator moved on to another tab meanwhile
        self.wrapup.show_conversation(conversation, notes)
        self.card.show_conversation(conversation)
        self.contact_ui.preset_wrap_up(conversation)

    def refresh_stats_soon(self) -> None:
        if not getattr(self, "_stats_pending", False):
            self._stats_pending = True
            QTimer.singleShot(1500, self.refresh_stats)

    def refresh_stats(self) -> None:
        self._stats_pending = False
        Op(self.ws.stats, owner=self).success(self.status.show_counters).failure(
            lambda _e: None
        ).run()

    # --- actions (each runs in the background) ---------------------------------------------
    def fail(self, error: BaseException) -> None:
        log.warning("action failed: %s", type(error).__name__)
        if self._detached or not isValid(self) or not self.isVisible():
            return  # replaced by a new window, or closed at quit: nobody to tell
        QMessageBox.warning(self, self.tr("Действие не выполнено"), describe(error, self.language))

    def _draft_unreadable(self, error: BaseException) -> None:
        """A draft that cannot be read (the local store closed at quit, or damaged) opens the
        contact with an empty reply rather than a dialog in the operator's way."""
        log.warning("draft not read: %s", type(error).__name__)
        if not self._detached:
            self.statusBar().showMessage(
                self.tr("Черновик не прочитан: {0}").format(describe(error, self.language)), 10_000
            )

    def accept(self, contact_id: int) -> None:
        Op(lambda: self.ws.accept(contact_id), owner=self).success(self._opened).failure(
            self.fail
        ).run()

    def _opened(self, conversation: Conversation) -> None:
        def unreadable(error: BaseException) -> None:
            self._draft_unreadable(error)
            self._show_opened(conversation, {})

        Op(lambda: self.ws.draft(conversation.id), owner=self).success(
            lambda drafts: self._show_opened(conversation, drafts)
        ).failure(unreadable).run()

    def _show_opened(self, conversation: Conversation, drafts: dict[str, str]) -> None:
        if conversation.id not in self.ws.conversations:
            return  # wrapped up or handed over before its drafts were read
        self.conversation.open(conversation, drafts.get("reply", ""))
        self._show_current(conversation, drafts.get("notes", ""))

    def decline(self, contact_id: int, reason: str) -> None:
        Op(lambda: self.ws.decline(contact_id, reason), owner=self).failure(self.fail).run()

    def send(self, contact_id: int, text: str) -> None:
        Op(lambda: self.ws.send_message(contact_id, text), owner=self).failure(self.fail).run()

    def end(self, contact_id: int) -> None:
        Op(lambda: self.ws.end(contact_id), owner=self).failure(self.fail).run()

    def wrap_up(self, contact_id: int, disposition: str, resolved: bool, notes: str) -> None:
        Op(lambda: self.ws.wrap_up(contact_id, disposition, resolved, notes), owner=self).failure(
            self.fail
        ).run()

    def flush_drafts(self) -> bool:
        """Write every open reply and the notes now, on this thread (at quit, or first thing
        after an unexpected error); whether all of them were written."""
        pending: list[tuple[int, str, str]] = []
        for tab in self.conversation.findChildren(ConversationTab):
            tab._draft_timer.stop()
            pending.append((tab.conversation.id, "reply", tab.reply.toPlainText()))
        current = self.wrapup._conversation
        if current is not None and self.wrapup.notes.isEnabled():
            self.wrapup._draft_timer.stop()
            pending.append((current.id, "notes", self.wrapup.notes.toPlainText()))
        written = True
        for contact_id, field, text in pending:
            if contact_id not in self.ws.conversations:
                continue  # wrapped up meanwhile: its drafts are gone on purpose
            try:
                self.ws.save_draft(contact_id, field, text)
            except Exception:
                log.exception("draft of contact %d (%s) not written", contact_id, field)
                written = False
        return written

    def save_draft(self, contact_id: int, field: str, text: str) -> None:
        Op(lambda: self.ws.save_draft(contact_id, field, text), owner=self).failure(self.fail).run()

    def set_state(self, state: str, reason: Any) -> None:
        Op(lambda: self.ws.set_state(state, reason), owner=self).failure(self.fail).run()

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
