"""The queue pane: live contacts with ticking waits and SLA colours; the offer on top with
Accept / Decline (reason); pull-able contacts can be taken."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain.changes import Change, QueueChanged, QueueSummaryChanged
from operator_app.domain.contacts import Contact, QueueSummary
from operator_app.ui import texts, theme
from operator_app.ui.panes.queue_model import SLA_S, QueueModel, mmss

#: characters each column usually needs (wait, channel, category, priority, region)
COLUMN_CHARS = (18, 15, 22, 11, 20)


class QueuePane(QWidget):
    accept_requested = Signal(int)
    decline_requested = Signal(int, str)

    def __init__(
        self,
        user_id: int,
        category_names: dict[str, str],
        decline_reasons: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = QueueModel(user_id, category_names)
        self._names = category_names
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.offer = QFrame()
        self.offer.setObjectName("offer")
        t = theme.current()
        self.offer.setStyleSheet(
            f"#offer {{ background: {t.offer_bg}; border-radius: 6px; }}"
            f"#offer QLabel {{ color: {t.offer_fg}; font-weight: 600; }}"
        )
        offer_layout = QVBoxLayout(self.offer)
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        offer_layout.addWidget(self.offer_text)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("Принять"))
        self.accept_button.setToolTip(self.tr("Принять предложенное обращение (F9)"))
        self.decline_button = QPushButton(self.tr("Отклонить"))
        self.decline_button.setToolTip(self.tr("Отклонить предложение с причиной (Shift+F9)"))
        menu = QMenu(self.decline_button)
        self.decline_menu = menu
        for code, name in decline_reasons:
            menu.addAction(name).triggered.connect(lambda _=False, c=code: self._decline(c))
        self.decline_button.setMenu(menu)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        offer_layout.addLayout(buttons)
        self.offer.hide()
        layout.addWidget(self.offer)
        # a first-line operator's calls and chats: how many wait and how long (routing offers
        # them one by one; the table below holds what may be taken, and offers)
        self.summary = QLabel()
        self.summary.setObjectName("queueSummary")
        self.summary.setAccessibleName(self.tr("Ожидают в очереди первой линии"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.hide()
        self._summary: QueueSummary | None = None
        layout.addWidget(self.summary)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Widths are set once, not measured from the contents: ResizeToContents makes Qt ask
        # every row of 800 for every column on each change and each repaint (seconds of a
        # frozen window at peak). The operator may still drag a column wider.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        char = self.table.fontMetrics().averageCharWidth()
        for column, chars in enumerate(COLUMN_CHARS):
            header.resizeSection(column, chars * char + 16)
        self.table.setAccessibleName(self.tr("Очередь обращений"))
        self.setMinimumWidth(380)
        self.table.doubleClicked.connect(lambda _i: self._take_selected())
        layout.addWidget(self.table)
        self.take_button = QPushButton(self.tr("Взять в работу"))
        self.take_button.setToolTip(self.tr("Взять выбранное обращение из очереди"))
        self.take_button.clicked.connect(self._take_selected)
        layout.addWidget(self.take_button)
        self.accept_button.clicked.connect(self._accept_offer)
        self._offer_id: int | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)

    def on_change(self, change: Change) -> None:
        if isinstance(change, QueueChanged):
            self.model.apply(change)
            self._show_offer(self.model.offered())
        elif isinstance(change, QueueSummaryChanged):
            self._summary = change.summary
            self._render_summary()
            self.summary.show()

    def _render_summary(self) -> None:
        """One line per channel: how many wait, and the longest wait in the service level's
        colour (ticking between the server's summaries, as the rows' waits do)."""
        summary = self._summary
        if summary is None:
            return
        t = theme.current()
        names = {"voice": self.tr("Звонки"), "chat": self.tr("Чаты")}
        lines = []
        for line in summary.channels:
            name = names.get(line.channel, texts.channel(line.channel))
            if line.waiting == 0 or line.oldest_queued_at is None:
                lines.append(self.tr("{0} в очереди: нет").format(name))
                continue
            wait = max(0.0, (self.model.now - line.oldest_queued_at).total_seconds())
            colour = t.error if wait >= SLA_S else t.warning if wait >= SLA_S * 2 / 3 else t.ok
            lines.append(
                self.tr("{0} в очереди: <b>{1}</b> · дольше всех ждёт {2}").format(
                    name, line.waiting, f'<b style="color:{colour}">{mmss(wait)}</b>'
                )
            )
        self.summary.setText("<br>".join(lines))

    def _show_offer(self, contact: Contact | None) -> None:
        self._offer_id = contact.id if contact else None
        self.offer.setVisible(contact is not None)
        if contact is not None:
            self._render_offer(contact)

    def _render_offer(self, contact: Contact) -> None:
        left = ""
        if contact.offer_expires_at is not None:
            seconds = max(0, int((contact.offer_expires_at - self.model.now).total_seconds()))
            left = self.tr(" · осталось {0} с").format(seconds)
        self.offer_text.setText(
            self.tr("Предложение: {0} · {1} · {2}{3}").format(
                texts.channel(contact.channel),
                self._names.get(contact.category, contact.category),
                contact.region or self.tr("регион не указан"),
                left,
            )
        )

    def _tick(self) -> None:
        self.model.tick(datetime.now(UTC))
        self._render_summary()
        offered = self.model.offered()
        if offered is not None:
            self._render_offer(offered)

    def _accept_offer(self) -> None:
        if self._offer_id is not None:
            self.accept_button.setEnabled(False)
            self.accept_requested.emit(self._offer_id)
            # with the button as context: the timer goes with it if the window closes first
            button = self.accept_button
            QTimer.singleShot(1500, button, lambda: button.setEnabled(True))

    def _decline(self, reason: str) -> None:
        if self._offer_id is not None:
            self.decline_requested.emit(self._offer_id, reason)

    def _take_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            contact = self.model.contact(rows[0].row())
            if contact.pullable or contact.offered_to_user(self.model._user_id):
                self.accept_requested.emit(contact.id)

    def accept_offer_shortcut(self) -> None:
        self._accept_offer()

    def decline_offer_shortcut(self) -> None:
        """Shift+F9: the reasons open under «Отклонить» (arrows and Enter pick one)."""
        if self._offer_id is None:
            return
        button = self.decline_button
        self.decline_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
        if self.decline_menu.actions():
            self.decline_menu.setActiveAction(self.decline_menu.actions()[0])
