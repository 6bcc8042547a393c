"""The supervisor's actions from the board: context menus on operators and waiting contacts,
the dialogs they open, and the calls behind them (each runs in the background and reports in
the window's status line)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMenu

from operator_app.domain.board import OperatorRow
from operator_app.services.monitor import NotFound
from operator_app.ui.errors import describe
from operator_app.ui.monitor.quality_dialog import QualityDialog
from operator_app.ui.monitor.report_dialog import ReportDialog
from operator_app.ui.monitor.report_pdf import render_pdf
from operator_app.ui.monitor.transcript import TranscriptDialog
from operator_app.ui.operations import Op

if TYPE_CHECKING:
    from operator_app.ui.monitor.window import MonitorWindow


class BoardActions(QObject):
    def __init__(self, window: MonitorWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_report: tuple[Path, Path] | None = None
        self.last_quality: dict[str, Any] | None = None

    # --- acting ----------------------------------------------------------------------------
    def _act(self, work: Any, done: str) -> None:
        def ok(_result: object) -> None:
            self.window.say(done)
            self.window.refresh()

        def failed(error: BaseException) -> None:
            self.window.say(describe(error, self.window.language))

        Op(work, owner=self.window).success(ok).failure(failed).run()

    def acknowledge_selected(self) -> None:
        item = self.window.alarm_list.currentItem() or self.window.alarm_list.item(0)
        if item is None:
            return
        alarm_id = int(item.data(Qt.ItemDataRole.UserRole))
        self._act(
            lambda: self.window.monitor.acknowledge(alarm_id), self.tr("Тревога подтверждена.")
        )

    def mode_chosen(self, index: int) -> None:
        mode = str(self.window.mode_box.itemData(index))
        self._act(
            lambda: self.window.monitor.set_work_mode(mode),
            self.tr("Режим работы: {0}.").format(self.window.mode_box.itemText(index)),
        )

    def selected_operator(self) -> OperatorRow | None:
        rows = self.window.operator_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.window.operators.row(rows[0].row())

    def operator_menu(self, pos: QPoint) -> None:
        index = self.window.operator_table.indexAt(pos)
        if not index.isValid():
            return
        self.window.operator_table.selectRow(index.row())
        row = self.selected_operator()
        if row is None:
            return
        menu = QMenu(self.window)
        for state, label in (
            ("ready", self.tr("Перевести в «готов»")),
            ("not_ready", self.tr("Перевести в «не готов»")),
            ("break", self.tr("Отправить на перерыв")),
        ):
            menu.addAction(label, partial(self.force_state, row, state))
        menu.addAction(self.tr("Завершить сеанс оператора"), lambda: self.logout(row))
        if row.line == 2:
            menu.addAction(self.tr("Назначить на первую линию"), partial(self.assign_line, row, 1))
        else:
            menu.addAction(self.tr("Вернуть на свою линию"), partial(self.assign_line, row, None))
        menu.addSeparator()
        menu.addAction(self.tr("Сообщение оператору…"), lambda: self.ask_team_message(row))
        for cid, number, _channel in row.contacts:
            menu.addAction(
                self.tr("Наблюдать за обращением {0}…").format(number),
                partial(self.follow_contact, cid),
            )
        for cid, number, _channel in row.contacts:
            menu.addAction(
                self.tr("Подсказка по обращению {0}…").format(number),
                partial(self.ask_whisper, cid),
            )
        menu.popup(self.window.operator_table.viewport().mapToGlobal(pos))

    def force_state(self, row: OperatorRow, state: str) -> None:
        self._act(
            lambda: self.window.monitor.force_state(row.id, state),
            self.tr("Состояние оператора {0} изменено.").format(row.full_name or row.username),
        )

    def follow_contact(self, contact_id: int) -> None:
        """The live transcript with a whisper box (reading it is an audited read)."""

        def opened(detail: dict[str, Any]) -> None:
            dialog = TranscriptDialog(detail, self.window)
            dialog.send.clicked.connect(lambda: self._whisper_from(dialog))
            dialog.hint.returnPressed.connect(lambda: self._whisper_from(dialog))
            self.window.transcripts[contact_id] = dialog
            dialog.finished.connect(lambda _r: self.window.transcripts.pop(contact_id, None))
            dialog.show()

        Op(lambda: self.window.ws.client.contact(contact_id), owner=self.window).success(
            opened
        ).failure(lambda e: self.window.say(describe(e, self.window.language))).run()

    def _whisper_from(self, dialog: TranscriptDialog) -> None:
        text = dialog.hint.text().strip()
        if text:
            dialog.hint.clear()
            dialog.add({"from": "whisper", "text": text}, None)
            self.whisper(dialog.contact_id, text)

    def assign_line(self, row: OperatorRow, line: int | None) -> None:
        self._act(
            lambda: self.window.monitor.assign_line(row.id, line),
            self.tr("Назначение сотрудника {0} изменено.").format(row.full_name or row.username),
        )

    def ask_quality(self) -> None:
        dialog = QualityDialog(self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.score_quality(*dialog.values())

    def score_quality(self, number: str, scores: dict[str, int], comment: str) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, NotFound):
                self.window.say(
                    self.tr("Обращение {0} не найдено. Проверьте номер.").format(number)
                )
            else:
                self.window.say(describe(error, self.window.language))

        def done(result: dict[str, Any]) -> None:
            self.window.say(
                self.tr("Обращение {0} оценено: {1} %.").format(number, result["percent"])
            )
            self.last_quality = result

        Op(
            lambda: self.window.monitor.score_quality(number, scores, comment), owner=self.window
        ).success(done).failure(failed).run()

    def logout(self, row: OperatorRow) -> None:
        self._act(
            lambda: self.window.monitor.logout_operator(row.id),
            self.tr("Сеанс оператора {0} завершён.").format(row.full_name or row.username),
        )

    def ask_team_message(self, row: OperatorRow | None) -> None:
        title = (
            self.tr("Сообщение группе")
            if row is None
            else self.tr("Сообщение оператору {0}").format(row.full_name or row.username)
        )
        text, ok = QInputDialog.getMultiLineText(self.window, title, self.tr("Текст сообщения:"))
        if ok and text.strip():
            self.send_team_message(text.strip(), None if row is None else [row.id])

    def send_team_message(self, text: str, operator_ids: list[int] | None) -> None:
        self._act(
            lambda: self.window.monitor.team_message(text, operator_ids),
            self.tr("Сообщение отправлено."),
        )

    def ask_whisper(self, contact_id: int) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self.window,
            self.tr("Подсказка оператору"),
            self.tr("Подсказку видит только оператор, гражданин — нет:"),
        )
        if ok and text.strip():
            self.whisper(contact_id, text.strip())

    def whisper(self, contact_id: int, text: str) -> None:
        self._act(
            lambda: self.window.monitor.whisper(contact_id, text), self.tr("Подсказка отправлена.")
        )

    def queue_menu(self, pos: QPoint) -> None:
        index = self.window.queue_table.indexAt(pos)
        if not index.isValid() or self.window.snapshot is None:
            return
        contact = self.window.queue.contact(index.row())
        menu = QMenu(self.window)
        sub = menu.addMenu(self.tr("Переназначить оператору"))
        for row in self.window.snapshot.operators:
            if row.state in ("ready", "in_contact", "wrap_up"):
                sub.addAction(
                    row.full_name or row.username,
                    partial(self.reassign, contact.id, row.id),
                )
        menu.popup(self.window.queue_table.viewport().mapToGlobal(pos))

    def reassign(self, contact_id: int, operator_id: int) -> None:
        self._act(
            lambda: self.window.monitor.reassign(contact_id, operator_id),
            self.tr("Обращение переназначено."),
        )

    def ask_report(self) -> None:
        dialog = ReportDialog(self.window.ws.paths.data, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            start, end = dialog.period()
            self.export_report(start, end, dialog.base())

    def export_report(self, start: datetime, end: datetime, base: Path) -> None:
        """Fetch the report, draw the PDF here (Qt painting), write both files in the background."""
        self.window.say(self.tr("Отчёт за смену готовится…"))

        def fetched(report: dict[str, Any]) -> None:
            pdf = render_pdf(report)
            Op(
                lambda: self.window.monitor.save_report(report, pdf, base), owner=self.window
            ).success(saved).failure(failed).run()

        def saved(paths: tuple[Path, Path]) -> None:
            self.last_report = paths
            self.window.say(self.tr("Отчёт сохранён: {0}, {1}").format(*paths))

        def failed(error: BaseException) -> None:
            text = describe(error, self.window.language)
            if isinstance(error, OSError):
                text = self.tr(
                    "Не удалось записать файл отчёта ({0}). Выберите другую папку."
                ).format(error.strerror or type(error).__name__)
            self.window.say(text)

        Op(lambda: self.window.monitor.shift_report(start, end), owner=self.window).success(
            fetched
        ).failure(failed).run()
