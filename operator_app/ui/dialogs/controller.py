"""The contact actions of the main window — hold / resume, transfer, consult the supervisor,
escalate, call a callback task — with their menu entries, shortcuts and dialogs. Each action
runs in the background (Op); a refused escalation reopens its dialog with what was typed."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from operator_app.domain.contacts import ContactState
from operator_app.services.contact_actions import ContactActions, Sent
from operator_app.services.contact_info import TASK_CHANNELS, VOICE_LIKE, wants_call_back
from operator_app.services.conversation import Conversation
from operator_app.ui.dialogs.consult import ConsultDialog
from operator_app.ui.dialogs.escalate import EscalateDialog, Escalation
from operator_app.ui.dialogs.transfer import TransferDialog
from operator_app.ui.errors import describe
from operator_app.ui.operations import Op

if TYPE_CHECKING:
    from operator_app.ui.main_window import MainWindow

log = logging.getLogger("ui")

#: shortcuts of these actions (the main window has F5, F7, F9, Ctrl+W, Ctrl+F, Ctrl+I)
SHORTCUTS = {
    "hold": "F8",
    "end": "Ctrl+E",
    "transfer": "Ctrl+T",
    "consult": "Ctrl+Shift+S",
    "escalate": "Ctrl+Shift+E",
    "call_task": "Ctrl+D",
    "find_number": "Ctrl+Shift+N",
}


class ContactActionsUi(QObject):
    """Runs the contact actions for the main window and owns their dialogs."""

    def __init__(self, window: MainWindow, actions: ContactActions) -> None:
        super().__init__(window)
        self.window = window
        self.actions = actions
        #: the open dialog (tests and screenshots reach it here)
        self.dialog: EscalateDialog | TransferDialog | ConsultDialog | None = None

    # --- menu ------------------------------------------------------------------------------
    def add_to_menu(self, menu: QMenu) -> None:
        entries = (
            ("hold", self.tr("Удержание / вернуть звонок"), self.toggle_hold),
            ("end", self.tr("Завершить разговор"), self.end_current),
            ("transfer", self.tr("Перевести…"), lambda: self.run_current("transfer")),
            ("consult", self.tr("Консультация супервизора…"), lambda: self.run_current("consult")),
            ("escalate", self.tr("Эскалировать…"), lambda: self.run_current("escalate")),
            ("call_task", self.tr("Позвонить по задаче обратного звонка"), self.call_task),
            ("find_number", self.tr("Найти обращение по номеру"), self.window.card.focus_number),
        )
        menu.addSeparator()
        for key, title, slot in entries:
            action = QAction(title, self.window)
            action.setShortcut(QKeySequence(SHORTCUTS[key]))
            action.triggered.connect(slot)
            menu.addAction(action)

    def preset_wrap_up(self, conversation: Conversation | None) -> None:
        """A citizen who asked to be called back: the wrap-up proposes «callback required»
        (unresolved), so closing the contact makes the callback task."""
        if conversation is None or not wants_call_back(conversation.detail):
            return
        wrapup = self.window.wrapup
        index = wrapup.disposition.findData("callback_required")
        if index >= 0:
            wrapup.disposition.setCurrentIndex(index)
            wrapup.resolved.setChecked(False)

    def _current(self) -> Conversation | None:
        return self.window.conversation.current()

    def toggle_hold(self) -> None:
        conv = self._current()
        if conv is None or conv.contact.channel not in VOICE_LIKE or not conv.live:
            return
        self.run(conv.id, "resume" if conv.contact.state is ContactState.ON_HOLD else "hold")

    def end_current(self) -> None:
        conv = self._current()
        if conv is not None and conv.live:
            self.window.end(conv.id)

    def run_current(self, action: str) -> None:
        conv = self._current()
        if conv is not None:
            self.run(conv.id, action)

    # --- actions ---------------------------------------------------------------------------
    def run(self, contact_id: int, action: str) -> None:
        conv = self.actions.ws.conversations.get(contact_id)
        if conv is None:
            return
        if action in ("hold", "resume"):
            on = action == "hold"
            Op(lambda: self.actions.hold(contact_id, on), owner=self).success(self._sent).failure(
                self.window.fail
            ).run()
        elif action == "consult":
            self._consult(conv)
        elif action == "transfer":
            self._load_lists(conv, with_operators=True)
        elif action == "escalate":
            self._load_lists(conv, with_operators=False)

    def _sent(self, sent: Sent) -> None:
        if sent is Sent.QUEUED:
            self.window.statusBar().showMessage(
                self.tr("Нет связи: действие сохранено и будет отправлено позже"), 8000
            )

    def _consult(self, conv: Conversation) -> None:
        dialog = ConsultDialog(conv.contact.number, conv.contact.channel in VOICE_LIKE, self.window)
        self.dialog = dialog

        def accepted() -> None:
            text = dialog.text.toPlainText()
            Op(lambda: self.actions.consult(conv.id, text), owner=self).success(
                self._consulted
            ).failure(self.window.fail).run()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: self._forget(dialog))
        dialog.open()

    def _consulted(self, sent: Sent) -> None:
        self._sent(sent)
        if sent is Sent.DONE:
            self.window.statusBar().showMessage(
                self.tr("Запрос помощи отправлен супервизору"), 8000
            )

    def _load_lists(self, conv: Conversation, *, with_operators: bool) -> None:
        def load() -> tuple[list[str], list[dict[str, Any]]]:
            regions = self.actions.regions()
            return regions, (self.actions.operators() if with_operators else [])

        def show(result: tuple[list[str], list[dict[str, Any]]]) -> None:
            regions, operators = result
            if conv.id not in self.actions.ws.conversations:
                return  # the contact left meanwhile
            if with_operators:
                self._transfer_dialog(conv, regions, operators)
            else:
                self.escalate_dialog(conv, regions)

        Op(load, owner=self).success(show).failure(self.window.fail).run()

    def escalate_dialog(
        self, conv: Conversation, regions: list[str], initial: Escalation | None = None
    ) -> EscalateDialog:
        contact = conv.contact
        agency = conv.detail.get("agency")
        dialog = EscalateDialog(
            contact.number,
            self.actions.agencies(),
            regions,
            agency=agency,
            region=contact.region,
            initial=initial,
            parent=self.window,
        )
        self.dialog = dialog

        def accepted() -> None:
            choice = dialog.value()
            Op(
                lambda: self.actions.escalate(
                    conv.id,
                    target=choice.target,
                    reason=choice.reason,
                    notes=choice.notes,
                    agency=choice.agency,
                    region=choice.region,
                ),
                owner=self,
            ).success(self._sent).failure(
                lambda error: self._escalation_failed(conv, regions, choice, error)
            ).run()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: self._forget(dialog))
        dialog.open()
        return dialog

    def _escalation_failed(
        self, conv: Conversation, regions: list[str], choice: Escalation, error: BaseException
    ) -> None:
        """Nothing typed is lost: the dialog comes back with the server's words."""
        log.warning("escalation failed: %s", type(error).__name__)
        if conv.id not in self.actions.ws.conversations:
            self.window.fail(error)
            return
        dialog = self.escalate_dialog(conv, regions, choice)
        dialog.show_error(describe(error, self.window.language))

    def _transfer_dialog(
        self, conv: Conversation, regions: list[str], operators: list[dict[str, Any]]
    ) -> None:
        dialog = TransferDialog(
            conv.contact.number,
            operators,
            self.actions.agencies(),
            regions,
            agency=conv.detail.get("agency"),
            region=conv.contact.region,
            parent=self.window,
        )
        self.dialog = dialog

        def accepted() -> None:
            choice = dialog.value()
            Op(
                lambda: self.actions.transfer(
                    conv.id,
                    operator_id=choice.operator_id,
                    queue=choice.queue,
                    agency=choice.agency,
                    region=choice.region,
                ),
                owner=self,
            ).success(self._sent).failure(self.window.fail).run()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # --- callback tasks --------------------------------------------------------------------
    def call_task(self) -> None:
        """«Позвонить»: take the selected callback / outbound task, else the one due first.

        Accepting a task is the dial: the routing API connects the citizen's number through
        the telephony platform when the task is accepted (there is no separate dial action).
        """
        queue = self.window.queue
        selected = queue.table.selectionModel().selectedRows()
        model = queue.model
        tasks = [
            model.contact(row)
            for row in range(model.rowCount())
            if model.contact(row).channel in TASK_CHANNELS and model.contact(row).pullable
        ]
        chosen = None
        if selected:
            contact = model.contact(selected[0].row())
            if contact in tasks:
                chosen = contact
        if chosen is None and tasks:
            chosen = min(tasks, key=lambda c: c.due_at.timestamp() if c.due_at else float("inf"))
        if chosen is None:
            QMessageBox.information(
                self.window,
                self.tr("Нет задач"),
                self.tr("В очереди нет задач обратного или исходящего звонка."),
            )
            return
        self.window.accept(chosen.id)
