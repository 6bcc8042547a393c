"""Monitor mode (DESIGN §8): KPI tiles, charts, the operator and queue tables side by side,
the alarm list docked right, and the supervisor's actions from the board."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from operator_app.audio.alerts import AlertPlayer
from operator_app.domain.board import Alarm, BoardSnapshot, OperatorBoard
from operator_app.domain.changes import Change, QueueChanged, ServerEvent, WorkModeChanged
from operator_app.services.monitor import WORK_MODES, Monitor
from operator_app.services.workstation import Workstation
from operator_app.ui import theme
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.errors import describe
from operator_app.ui.monitor.actions import BoardActions
from operator_app.ui.monitor.charts import Charts
from operator_app.ui.monitor.kpi_tiles import KpiTiles
from operator_app.ui.monitor.operators_model import OperatorsModel
from operator_app.ui.monitor.queue_summary import QueueSummaryModel
from operator_app.ui.monitor.transcript import TranscriptDialog
from operator_app.ui.operations import Op
from operator_app.ui.panes.proposal_review import ReviewDialog
from operator_app.ui.panes.queue_model import QueueModel
from operator_app.ui.texts import localized

log = logging.getLogger("ui")
#: operators' rows changed by events are shown after at most this (ms): a burst, one repaint
FLUSH_MS = 100
#: an alarm event reads the open alarms after this (ms), gathering a burst
DEBOUNCE_MS = 250
#: the whole board (handled today, AHT, alarms, work mode) is read again this often (ms);
#: between reads the operators' rows follow the event stream
PERIODIC_MS = 10000
#: the KPIs are read this often (ms) unless the server pushed them meanwhile
KPI_MS = 5000
#: the charts' series of the last hours is read this often (ms)
SERIES_MS = 60000
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
        self.summary = QueueSummaryModel()
        # the board's own line (when it was read) stays; what an action did is a message
        # over it for a while (say()), so a refresh never overwrites an action's answer
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self.commands = BoardActions(self)
        self._build_central()
        self._build_alarms()
        self._build_review()
        self._build_toolbar()
        self.board = OperatorBoard()
        self._refreshing = False
        self._again = False
        #: each read is numbered when it starts: an older answer never overwrites a newer
        self._reads = 0
        self._shown = {"alarms": 0, "kpis": 0}
        self._kpis_at = 0.0
        self._dirty: set[int] = set()
        self._flush = QTimer(self, singleShot=True, interval=FLUSH_MS)
        self._flush.timeout.connect(self._flush_rows)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._alarm_read = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._alarm_read.timeout.connect(self._read_alarms)
        self._periodic = QTimer(self, interval=PERIODIC_MS)
        self._periodic.timeout.connect(self.refresh)
        self._periodic.start()
        self._kpi_timer = QTimer(self, interval=KPI_MS)
        self._kpi_timer.timeout.connect(self._read_kpis)
        self._kpi_timer.start()
        self._series_timer = QTimer(self, interval=SERIES_MS)
        self._series_timer.timeout.connect(self.read_series)
        self._series_timer.start()
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._alarm_sound = QTimer(self, interval=ALARM_REPEAT_MS)
        self._alarm_sound.timeout.connect(self._sound_alarm)
        self._known_alarms: set[int] = set()
        self._alarms_shown: tuple[tuple[int, str], ...] = ()
        self.transcripts: dict[int, TranscriptDialog] = {}
        bridge.changed.connect(self.on_change)
        self.queue.apply(QueueChanged(upserted=tuple(workstation.queue_items())))
        self.refresh()
        self.read_series()

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
        self.filter.textChanged.connect(self.operators.set_filter)
        self.operator_table = self._table(self.operators, self.tr("Операторы"))
        self.operator_table.setSortingEnabled(True)
        self.operator_table.customContextMenuRequested.connect(self.commands.operator_menu)
        left_col.addWidget(self.filter)
        left_col.addWidget(self.operator_table)
        self.queue_table = self._table(self.queue, self.tr("Очередь"))
        self.queue_table.customContextMenuRequested.connect(self.commands.queue_menu)
        self.summary_table = self._table(self.summary, self.tr("Очередь по разрезам"))
        # a few dozen rows at most: fitted whenever the set of groups changes
        self.summary.modelReset.connect(self.summary_table.resizeColumnsToContents)
        self.queue_tabs = QTabWidget()
        self.queue_tabs.addTab(self.queue_table, self.tr("Обращения в очереди"))
        self.queue_tabs.addTab(self.summary_table, self.tr("По каналам, линиям, ведомствам"))
        split.addWidget(left)
        split.addWidget(self.queue_tabs)
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
        # not ResizeToContents: with 600 rows changing every refresh (and the queue's waits
        # every second) it measures every cell again each time, which stalled the board for
        # hundreds of ms; the columns are fitted once to the first rows, then the user's
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(50)
        header.setStretchLastSection(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
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
        self.ack_button.clicked.connect(self.commands.acknowledge_selected)
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
        self.mode_box.activated.connect(self.commands.mode_chosen)
        bar.addWidget(self.mode_box)
        self.message_action = QAction(self.tr("Сообщение группе…"), self)
        self.message_action.setShortcut(QKeySequence("Ctrl+M"))
        self.message_action.triggered.connect(lambda: self.commands.ask_team_message(None))
        bar.addAction(self.message_action)
        self.report_action = QAction(self.tr("Отчёт за смену…"), self)
        self.report_action.setShortcut(QKeySequence("Ctrl+R"))
        self.report_action.triggered.connect(self.commands.ask_report)
        bar.addAction(self.report_action)
        self.review_action = QAction(self.tr("Предложения по базе знаний"), self)
        self.review_action.setShortcut(QKeySequence("Ctrl+P"))
        self.review_action.triggered.connect(self.show_review)
        bar.addAction(self.review_action)
        self.quality_action = QAction(self.tr("Оценка качества…"), self)
        self.quality_action.triggered.connect(self.commands.ask_quality)
        bar.addAction(self.quality_action)
        self.refresh_action = QAction(self.tr("Обновить"), self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.triggered.connect(self.refresh)
        bar.addAction(self.refresh_action)

    # --- reading the board -----------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        if isinstance(change, QueueChanged):
            self.queue.apply(change)
            if change.reset:  # the stream came back after a drop: read the whole board
                self._refresh_soon()
            return
        if isinstance(change, WorkModeChanged):
            self._show_mode(change.mode)
            return
        if not isinstance(change, ServerEvent):
            return
        kind = change.type
        if kind == "operator.help_requested":
            self._help_requested(change.data)
        for dialog in list(self.transcripts.values()):
            dialog.on_change(change)
        if self.review_dock.isVisible():
            self.review.on_change(change)
        if kind == "kpi.changed":
            # the centre's figures, pushed: shown at once where the segment is the centre
            if not self.ws.user.get("agency") and not self.ws.user.get("region"):
                self._show_kpis(change.data)
        elif kind.startswith("alert."):
            if not self._alarm_read.isActive():
                self._alarm_read.start()
        elif kind in ("operator.logged_out", "operator.line_assigned"):
            self._refresh_soon()
        elif kind == "operator.state" or kind.startswith("contact."):
            changed = self.board.apply(change.event_id, kind, change.data)
            if changed:
                self._dirty |= changed
                # a throttle, not a debounce: under a steady stream of events a restarted
                # timer would never fire; this one fires FLUSH_MS after a burst's first event
                if not self._flush.isActive():
                    self._flush.start()

    def _refresh_soon(self) -> None:
        if not self._debounce.isActive():
            self._debounce.start()

    def _flush_rows(self) -> None:
        """Show the operators' rows the event stream changed since the last flush."""
        dirty, self._dirty = self._dirty, set()
        if self.snapshot is None or not dirty:
            return
        self.snapshot = replace(self.snapshot, operators=tuple(self.board.rows.values()))
        self.operators.update_rows([self.board.rows[i] for i in dirty if i in self.board.rows])
        self._show_status()

    def refresh(self) -> None:
        """Read the whole board in the background; a refresh asked for meanwhile follows it."""
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        self._numbered_read(self.monitor.snapshot, self._show, self._failed)

    def _numbered_read(
        self,
        read: Callable[[], Any],
        take: Callable[[Any, int], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """`read` in the background, its answer handed to `take` with the read's number (an
        older answer never overwrites a newer one)."""
        self._reads += 1
        seq = self._reads
        Op(read, owner=self).success(lambda answer: take(answer, seq)).failure(
            failed or self._failed_part
        ).run()

    def _read_alarms(self) -> None:
        self._numbered_read(self.monitor.alarms, self._take_alarms)

    def read_kpis_now(self) -> None:
        """Read the KPIs now, pushed a moment ago or not (F5 reads the whole board)."""
        self._kpis_at = 0.0
        self._read_kpis()

    def _read_kpis(self) -> None:
        """The KPIs move with time alone (windows slide, waits grow): read them unless they
        were pushed or read a moment ago."""
        if self.snapshot is None or time.monotonic() - self._kpis_at < KPI_MS / 1000 * 0.8:
            return
        self._numbered_read(self.monitor.kpis, self._take_kpis)

    def read_series(self) -> None:
        Op(self.monitor.series, owner=self).success(self.charts.show_series).failure(
            self._failed_part
        ).run()

    def _done(self) -> None:
        self._refreshing = False
        if self._again:
            self._again = False
            self._refresh_soon()

    def _show(self, snap: BoardSnapshot, seq: int = 0) -> None:
        self._done()
        first = self.snapshot is None
        self.board.reset(snap.operators, snap.as_of)
        self.snapshot = replace(snap, operators=tuple(self.board.rows.values()))
        self._dirty.clear()
        self._take_kpis(snap.kpis, seq)
        self._take_alarms(snap.alarms, seq)
        self.operators.apply(self.snapshot.operators)
        self._show_mode(snap.work_mode)
        if first:  # fitted once (to the first 50 rows), then left to the supervisor
            self.operator_table.resizeColumnsToContents()
            self.queue_table.resizeColumnsToContents()
            self.summary_table.resizeColumnsToContents()
        self._show_status()

    def _take_kpis(self, kpis: dict[str, Any], seq: int) -> None:
        if seq < self._shown["kpis"]:
            return  # a newer read (or a push) is already shown
        self._shown["kpis"] = seq
        self._show_kpis(kpis)

    def _show_kpis(self, kpis: dict[str, Any]) -> None:
        self._kpis_at = time.monotonic()
        self._shown["kpis"] = max(self._shown["kpis"], self._reads)
        if self.snapshot is not None:
            self.snapshot = replace(self.snapshot, kpis=kpis)
        self.tiles.show_kpis(kpis)
        self.charts.add(kpis)
        self.summary.show(kpis)
        self._show_status()

    def _take_alarms(self, alarms: tuple[Alarm, ...], seq: int) -> None:
        if seq < self._shown["alarms"]:
            return
        self._shown["alarms"] = seq
        if self.snapshot is not None:
            self.snapshot = replace(self.snapshot, alarms=alarms)
        self._show_alarms(alarms)

    def _show_status(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        self.status.setText(
            self.tr("Обновлено {0} · операторов в сети: {1} из {2} · ждут: {3}").format(
                datetime.now().strftime("%H:%M:%S"),
                sum(1 for o in snap.operators if o.state != "offline"),
                len(snap.operators),
                snap.kpis["now"]["waiting"],
            )
        )

    def _failed(self, error: BaseException) -> None:
        self._done()
        self._failed_part(error)

    def _failed_part(self, error: BaseException) -> None:
        self.status.setText(
            self.tr("Не удалось обновить монитор: {0}").format(describe(error, self.language))
        )

    def say(self, text: str) -> None:
        """What an action did or why it failed, in the status bar for 15 s."""
        self.statusBar().showMessage(text, 15000)

    def _tick(self) -> None:
        now = datetime.now(UTC)
        self.operators.tick(now)
        self.queue.tick(now)

    def _show_mode(self, mode: str) -> None:
        i = self.mode_box.findData(mode)
        if i >= 0:
            self.mode_box.setCurrentIndex(i)

    def _show_alarms(self, alarms: tuple[Alarm, ...]) -> None:
        shown = tuple((a.id, self._alarm_text(a)) for a in alarms)
        if shown == self._alarms_shown:
            return  # the same list: no rebuild, the selection stays
        self._alarms_shown = shown
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
            if int(details.get("count") or 1) > 1:
                extra += self.tr(" · обращений: {0}").format(details["count"])
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

    def queue_row(self, contact_id: int) -> QModelIndex | None:
        row = self.queue.row_of(contact_id)
        return None if row is None else self.queue.index(row, 0)
