"""Monitor mode (DESIGN §8): KPI tiles, charts, the operator and queue tables side by side,
the alarm list docked right, and the supervisor's actions from the board."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from operator_app.audio.alerts import AlertPlayer
from operator_app.domain.board import Alarm, BoardSnapshot, OperatorRow
from operator_app.domain.changes import Change, QueueChanged, ServerEvent, WorkModeChanged
from operator_app.services.monitor import WORK_MODES, Monitor, NotFound
from operator_app.services.workstation import Workstation
from operator_app.ui import theme
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.errors import describe
from operator_app.ui.monitor.charts import Charts
from operator_app.ui.monitor.kpi_tiles import KpiTiles
from operator_app.ui.monitor.operators_model import OperatorsModel
from operator_app.ui.monitor.quality_dialog import QualityDialog
from operator_app.ui.monitor.report_dialog import ReportDialog
from operator_app.ui.monitor.report_pdf import render_pdf
from operator_app.ui.monitor.transcript import TranscriptDialog
from operator_app.ui.operations import Op
from operator_app.ui.panes.proposal_review import ReviewDialog
from operator_app.ui.panes.queue_model import QueueModel
from operator_app.ui.texts import localized

log = logging.getLogger("ui")
#: a change on the event stream refreshes the board after this (ms), gathering a burst
DEBOUNCE_MS = 250
#: the board is re-read this often even when nothing arrives (waits grow with time alone)
PERIODIC_MS = 5000
#: an open alarm sounds again this often (ms) until acknowledged
ALARM_REPEAT_MS = 15000


class MonitorWindow(QMainWindow):
    def __init__(
        self,
        workstation: Workstation,
        bridge: ChangeBridge,
        language: str = "ru",
        alerts: AlertPlayer | None = None,
    ) -> None:
        super().__init__()
        self.ws = workstation
        self.monitor = Monitor(workstation.client)
        self.language = language
        self.alerts = alerts
        self.snapshot: BoardSnapshot | None = None
        self.setWindowTitle(self.tr("ЕКЦ — монитор супервизора"))
        reasons = {
            r["code"]: localized(r, language)
            for r in workstation.lists.get("reason_codes", {}).get("items", [])
        }
        categories = {
            c["code"]: localized(c, language)
            for c in workstation.lists.get("categories", {}).get("categories", [])
        }
        self.tiles = KpiTiles()
        self.charts = Charts()
        self.operators = OperatorsModel(reasons)
        self.queue = QueueModel(int(workstation.user["id"]), categories)
        self.status = QLabel()
        self.statusBar().addWidget(self.status, 1)
        self._build_central()
        self._build_alarms()
        self._build_review()
        self._build_toolbar()
        self._refreshing = False
        self._again = False
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=PERIODIC_MS)
        self._periodic.timeout.connect(self.refresh)
        self._periodic.start()
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._alarm_sound = QTimer(self, interval=ALARM_REPEAT_MS)
        self._alarm_sound.timeout.connect(self._sound_alarm)
        self._known_alarms: set[int] = set()
        self.last_report: tuple[Path, Path] | None = None
        self.last_quality: dict[str, Any] | None = None
        self.transcripts: dict[int, TranscriptDialog] = {}
        bridge.changed.connect(self.on_change)
        self.queue.apply(QueueChanged(upserted=tuple(workstation.queue_items())))
        self.refresh()

    # --- layout ----------------------------------------------------------------------------
    def _build_central(self) -> None:
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.tiles)
        self.charts.setMaximumHeight(230)
        column.addWidget(self.charts)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Фильтр: имя, линия, ведомство, состояние…"))
        self.filter.setAccessibleName(self.tr("Фильтр операторов"))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.operators)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.operator_table = self._table(self.proxy, self.tr("Операторы"))
        self.operator_table.setSortingEnabled(True)
        self.operator_table.customContextMenuRequested.connect(self._operator_menu)
        left_col.addWidget(self.filter)
        left_col.addWidget(self.operator_table)
        self.queue_table = self._table(self.queue, self.tr("Очередь"))
        self.queue_table.customContextMenuRequested.connect(self._queue_menu)
        split.addWidget(left)
        split.addWidget(self.queue_table)
        split.setSizes([620, 420])
        column.addWidget(split, 1)
        self.setCentralWidget(central)

    def _table(self, model: Any, name: str) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setAccessibleName(name)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _build_alarms(self) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(4, 4, 4, 4)
        self.alarm_list = QListWidget()
        self.alarm_list.setAccessibleName(self.tr("Тревоги"))
        self.alarm_list.setWordWrap(True)
        self.ack_button = QPushButton(self.tr("Подтвердить тревогу"))
        self.ack_button.setShortcut(QKeySequence("Ctrl+K"))
        self.ack_button.clicked.connect(self.acknowledge_selected)
        column.addWidget(self.alarm_list, 1)
        column.addWidget(self.ack_button)
        column.addWidget(QLabel(self.tr("Запросы помощи")))
        self.help_list = QListWidget()
        self.help_list.setAccessibleName(self.tr("Запросы помощи"))
        self.help_list.setWordWrap(True)
        self.help_list.setToolTip(self.tr("Двойной щелчок — запрос принят, убрать из списка"))
        self.help_list.itemDoubleClicked.connect(
            lambda item: self.help_list.takeItem(self.help_list.row(item))
        )
        column.addWidget(self.help_list)
        dock = QDockWidget(self.tr("Тревоги"), self)
        dock.setObjectName("alarms")
        dock.setWidget(box)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [290], Qt.Orientation.Horizontal)

    def _build_review(self) -> None:
        """The expert-system proposals' review (the KB issue's dialog), docked under the board;
        shown from the toolbar, closed back into it."""
        self.review = ReviewDialog(self.ws.kb_content, lambda e: describe(e, self.language))
        self.review.setWindowFlags(Qt.WindowType.Widget)
        self.review_dock = QDockWidget(self.tr("Предложения по базе знаний"), self)
        self.review_dock.setObjectName("proposals")
        self.review_dock.setWidget(self.review)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.review_dock)
        self.review.rejected.connect(self.review_dock.hide)
        self.review_dock.hide()

    def show_review(self) -> None:
        self.review.show()  # "Закрыть" hid the embedded dialog itself
        self.review.reload()
        self.review_dock.show()
        self.review_dock.raise_()

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Действия"))
        bar.setObjectName("monitorActions")
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr("Режим работы: ")))
        self.mode_box = QComboBox()
        self.mode_box.setAccessibleName(self.tr("Режим работы"))
        names = (
            self.tr("стандартный"),
            self.tr("ночной"),
            self.tr("выходной"),
            self.tr("аварийный"),
        )
        for code, name in zip(WORK_MODES, names, strict=True):
            self.mode_box.addItem(name, code)
        self.mode_box.activated.connect(self._mode_chosen)
        bar.addWidget(self.mode_box)
        self.message_action = QAction(self.tr("Сообщение группе…"), self)
        self.message_action.setShortcut(QKeySequence("Ctrl+M"))
        self.message_action.triggered.connect(lambda: self.ask_team_message(None))
        bar.addAction(self.message_action)
        self.report_action = QAction(self.tr("Отчёт за смену…"), self)
        self.report_action.setShortcut(QKeySequence("Ctrl+R"))
        self.report_action.triggered.connect(self.ask_report)
        bar.addAction(self.report_action)
        self.review_action = QAction(self.tr("Предложения по базе знаний"), self)
        self.review_action.setShortcut(QKeySequence("Ctrl+P"))
        self.review_action.triggered.connect(self.show_review)
        bar.addAction(self.review_action)
        self.quality_action = QAction(self.tr("Оценка качества…"), self)
        self.quality_action.triggered.connect(self.ask_quality)
        bar.addAction(self.quality_action)
        self.refresh_action = QAction(self.tr("Обновить"), self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.triggered.connect(self.refresh)
        bar.addAction(self.refresh_action)

    # --- reading the board -----------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        if isinstance(change, ServerEvent) and change.type == "operator.help_requested":
            self._help_requested(change.data)
        if isinstance(change, ServerEvent):
            for dialog in list(self.transcripts.values()):
                dialog.on_change(change)
        if self.review_dock.isVisible():
            self.review.on_change(change)
        if isinstance(change, ServerEvent) and change.type == "kpi.changed":
            # the centre's figures, pushed: shown at once where the segment is the centre
            if not self.ws.user.get("agency") and not self.ws.user.get("region"):
                self.tiles.show_kpis(change.data)
            return
        if isinstance(change, QueueChanged):
            self.queue.apply(change)
        elif isinstance(change, WorkModeChanged):
            self._show_mode(change.mode)
        elif not (isinstance(change, ServerEvent) and _board_news(change.type)):
            return
        # a throttle, not a debounce: under a steady stream of events a restarted timer
        # would never fire; this one fires DEBOUNCE_MS after the first change of a burst
        if not self._debounce.isActive():
            self._debounce.start()

    def refresh(self) -> None:
        """Read the board in the background; a refresh asked for meanwhile follows it."""
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        Op(self.monitor.snapshot, owner=self).success(self._show).failure(self._failed).run()

    def _done(self) -> None:
        self._refreshing = False
        if self._again and not self._debounce.isActive():
            self._again = False
            self._debounce.start()

    def _show(self, snap: BoardSnapshot) -> None:
        self._done()
        self.snapshot = snap
        self.tiles.show_kpis(snap.kpis)
        self.charts.add(snap.kpis)
        self.operators.apply(snap.operators)
        self._show_alarms(snap.alarms)
        self._show_mode(snap.work_mode)
        now = snap.kpis["now"]
        self.status.setText(
            self.tr("Обновлено {0} · операторов в сети: {1} из {2} · ждут: {3}").format(
                datetime.now().strftime("%H:%M:%S"),
                sum(1 for o in snap.operators if o.state != "offline"),
                len(snap.operators),
                now["waiting"],
            )
        )

    def _failed(self, error: BaseException) -> None:
        self._done()
        self.status.setText(
            self.tr("Не удалось обновить монитор: {0}").format(describe(error, self.language))
        )

    def _tick(self) -> None:
        now = datetime.now(UTC)
        self.operators.tick(now)
        self.queue.tick(now)

    def _show_mode(self, mode: str) -> None:
        i = self.mode_box.findData(mode)
        if i >= 0:
            self.mode_box.setCurrentIndex(i)

    def _show_alarms(self, alarms: tuple[Alarm, ...]) -> None:
        current = self.alarm_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.alarm_list.clear()
        for alarm in sorted(alarms, key=lambda a: (a.severity != "high", -a.id)):
            item = QListWidgetItem(self._alarm_text(alarm))
            item.setData(Qt.ItemDataRole.UserRole, alarm.id)
            if alarm.severity == "high":
                item.setForeground(theme.current().color("error"))
            self.alarm_list.addItem(item)
            if alarm.id == keep:
                self.alarm_list.setCurrentItem(item)
        new = {a.id for a in alarms} - self._known_alarms
        self._known_alarms = {a.id for a in alarms}
        if new:
            self._sound_alarm()
        if alarms and not self._alarm_sound.isActive():
            self._alarm_sound.start()
        elif not alarms:
            self._alarm_sound.stop()
        self.ack_button.setEnabled(bool(alarms))

    def _alarm_text(self, alarm: Alarm) -> str:
        name = alarm.name_en if self.language == "en" else alarm.name_ru
        at = alarm.at.astimezone().strftime("%H:%M:%S") if alarm.at else ""
        who = ""
        if alarm.user_id is not None and self.snapshot is not None:
            row = next((o for o in self.snapshot.operators if o.id == alarm.user_id), None)
            who = f" · {row.full_name or row.username}" if row else ""
        details = alarm.details
        extra = ""
        if "waited_s" in details:
            extra = self.tr(" · ждёт {0} с").format(details["waited_s"])
        elif "for_s" in details:
            extra = self.tr(" · {0} мин").format(int(details["for_s"]) // 60)
        return f"{at}  {name}{who}{extra}"

    def _help_requested(self, data: dict[str, Any]) -> None:
        """An operator pressed «Позвать супервизора»: on top of the list until dealt with."""
        who = data.get("full_name") or data.get("username") or "?"
        text = self.tr("{0} {1} просит помощи").format(datetime.now().strftime("%H:%M"), who)
        if data.get("number"):
            text += self.tr(" по обращению {0}").format(data["number"])
        if data.get("text"):
            text += f": {data['text']}"
        self.help_list.insertItem(0, text)
        if self.alerts is not None:
            self.alerts.alarm()

    def _sound_alarm(self) -> None:
        if self.alerts is not None and self._known_alarms:
            self.alerts.alarm()

    # --- acting ----------------------------------------------------------------------------
    def _act(self, work: Any, done: str) -> None:
        def ok(_result: object) -> None:
            self.status.setText(done)
            self.refresh()

        def failed(error: BaseException) -> None:
            self.status.setText(describe(error, self.language))

        Op(work, owner=self).success(ok).failure(failed).run()

    def acknowledge_selected(self) -> None:
        item = self.alarm_list.currentItem() or self.alarm_list.item(0)
        if item is None:
            return
        alarm_id = int(item.data(Qt.ItemDataRole.UserRole))
        self._act(lambda: self.monitor.acknowledge(alarm_id), self.tr("Тревога подтверждена."))

    def _mode_chosen(self, index: int) -> None:
        mode = str(self.mode_box.itemData(index))
        self._act(
            lambda: self.monitor.set_work_mode(mode),
            self.tr("Режим работы: {0}.").format(self.mode_box.itemText(index)),
        )

    def selected_operator(self) -> OperatorRow | None:
        rows = self.operator_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.operators.row(self.proxy.mapToSource(rows[0]).row())

    def _operator_menu(self, pos: QPoint) -> None:
        index = self.operator_table.indexAt(pos)
        if not index.isValid():
            return
        self.operator_table.selectRow(index.row())
        row = self.selected_operator()
        if row is None:
            return
        menu = QMenu(self)
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
        menu.popup(self.operator_table.viewport().mapToGlobal(pos))

    def force_state(self, row: OperatorRow, state: str) -> None:
        self._act(
            lambda: self.monitor.force_state(row.id, state),
            self.tr("Состояние оператора {0} изменено.").format(row.full_name or row.username),
        )

    def follow_contact(self, contact_id: int) -> None:
        """The live transcript with a whisper box (reading it is an audited read)."""

        def opened(detail: dict[str, Any]) -> None:
            dialog = TranscriptDialog(detail, self)
            dialog.send.clicked.connect(lambda: self._whisper_from(dialog))
            dialog.hint.returnPressed.connect(lambda: self._whisper_from(dialog))
            self.transcripts[contact_id] = dialog
            dialog.finished.connect(lambda _r: self.transcripts.pop(contact_id, None))
            dialog.show()

        Op(lambda: self.ws.client.contact(contact_id), owner=self).success(opened).failure(
            lambda e: self.status.setText(describe(e, self.language))
        ).run()

    def _whisper_from(self, dialog: TranscriptDialog) -> None:
        text = dialog.hint.text().strip()
        if text:
            dialog.hint.clear()
            dialog.add({"from": "whisper", "text": text}, None)
            self.whisper(dialog.contact_id, text)

    def assign_line(self, row: OperatorRow, line: int | None) -> None:
        self._act(
            lambda: self.monitor.assign_line(row.id, line),
            self.tr("Назначение сотрудника {0} изменено.").format(row.full_name or row.username),
        )

    def ask_quality(self) -> None:
        dialog = QualityDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.score_quality(*dialog.values())

    def score_quality(self, number: str, scores: dict[str, int], comment: str) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, NotFound):
                self.status.setText(
                    self.tr("Обращение {0} не найдено. Проверьте номер.").format(number)
                )
            else:
                self.status.setText(describe(error, self.language))

        def done(result: dict[str, Any]) -> None:
            self.status.setText(
                self.tr("Обращение {0} оценено: {1} %.").format(number, result["percent"])
            )
            self.last_quality = result

        Op(lambda: self.monitor.score_quality(number, scores, comment), owner=self).success(
            done
        ).failure(failed).run()

    def logout(self, row: OperatorRow) -> None:
        self._act(
            lambda: self.monitor.logout_operator(row.id),
            self.tr("Сеанс оператора {0} завершён.").format(row.full_name or row.username),
        )

    def ask_team_message(self, row: OperatorRow | None) -> None:
        title = (
            self.tr("Сообщение группе")
            if row is None
            else self.tr("Сообщение оператору {0}").format(row.full_name or row.username)
        )
        text, ok = QInputDialog.getMultiLineText(self, title, self.tr("Текст сообщения:"))
        if ok and text.strip():
            self.send_team_message(text.strip(), None if row is None else [row.id])

    def send_team_message(self, text: str, operator_ids: list[int] | None) -> None:
        self._act(
            lambda: self.monitor.team_message(text, operator_ids), self.tr("Сообщение отправлено.")
        )

    def ask_whisper(self, contact_id: int) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Подсказка оператору"),
            self.tr("Подсказку видит только оператор, гражданин — нет:"),
        )
        if ok and text.strip():
            self.whisper(contact_id, text.strip())

    def whisper(self, contact_id: int, text: str) -> None:
        self._act(lambda: self.monitor.whisper(contact_id, text), self.tr("Подсказка отправлена."))

    def _queue_menu(self, pos: QPoint) -> None:
        index = self.queue_table.indexAt(pos)
        if not index.isValid() or self.snapshot is None:
            return
        contact = self.queue.contact(index.row())
        menu = QMenu(self)
        sub = menu.addMenu(self.tr("Переназначить оператору"))
        for row in self.snapshot.operators:
            if row.state in ("ready", "in_contact", "wrap_up"):
                sub.addAction(
                    row.full_name or row.username,
                    partial(self.reassign, contact.id, row.id),
                )
        menu.popup(self.queue_table.viewport().mapToGlobal(pos))

    def reassign(self, contact_id: int, operator_id: int) -> None:
        self._act(
            lambda: self.monitor.reassign(contact_id, operator_id),
            self.tr("Обращение переназначено."),
        )

    def ask_report(self) -> None:
        dialog = ReportDialog(self.ws.paths.data, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            start, end = dialog.period()
            self.export_report(start, end, dialog.base())

    def export_report(self, start: datetime, end: datetime, base: Path) -> None:
        """Fetch the report, draw the PDF here (Qt painting), write both files in the background."""
        self.status.setText(self.tr("Отчёт за смену готовится…"))

        def fetched(report: dict[str, Any]) -> None:
            pdf = render_pdf(report)
            Op(lambda: self.monitor.save_report(report, pdf, base), owner=self).success(
                saved
            ).failure(failed).run()

        def saved(paths: tuple[Path, Path]) -> None:
            self.last_report = paths
            self.status.setText(self.tr("Отчёт сохранён: {0}, {1}").format(*paths))

        def failed(error: BaseException) -> None:
            text = describe(error, self.language)
            if isinstance(error, OSError):
                text = self.tr(
                    "Не удалось записать файл отчёта ({0}). Выберите другую папку."
                ).format(error.strerror or type(error).__name__)
            self.status.setText(text)

        Op(lambda: self.monitor.shift_report(start, end), owner=self).success(fetched).failure(
            failed
        ).run()

    def queue_row(self, contact_id: int) -> QModelIndex | None:
        row = self.queue.row_of(contact_id)
        return None if row is None else self.queue.index(row, 0)


def _board_news(type_: str) -> bool:
    """Events after which the board is read again."""
    return type_.startswith(("alert.", "operator.", "contact."))
