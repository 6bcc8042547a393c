"""The band above the conversation that shows what the supervisor sent this operator: team
messages, whispers on a live contact, a forced state or the end of the session. It stays
until the operator closes it (Esc on the band, or the × button)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from operator_app.domain.changes import Change, ServerEvent
from operator_app.ui import texts, theme

NOTICES = frozenset(
    {
        "team.message",
        "contact.whisper",
        "operator.forced_state",
        "operator.logged_out",
        "operator.line_assigned",
    }
)


class SupervisorNotices(QWidget):
    #: (title, text) for the tray notification
    noticed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorNotices")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        t = theme.current()
        self.setStyleSheet(
            f"#supervisorNotices {{ background: {t.row_soon}; border-bottom: 2px solid"
            f" {t.banner_border}; }} #supervisorNotices QLabel {{ color: {t.text}; }}"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 4, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAccessibleName(self.tr("Скрыть сообщения супервизора"))
        self.close_button.clicked.connect(self.dismiss)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Сообщения супервизора"))
        self.lines: list[str] = []
        self.hide()

    def on_change(self, change: Change) -> None:
        if not isinstance(change, ServerEvent) or change.type not in NOTICES:
            return
        data = change.data
        who = str(data.get("by_name") or data.get("by") or self.tr("Супервизор"))
        at = datetime.now().strftime("%H:%M")
        if change.type == "team.message":
            title = self.tr("Сообщение супервизора")
            text = self.tr("{0}: {1}").format(who, data.get("text", ""))
        elif change.type == "contact.whisper":
            title = self.tr("Подсказка супервизора")
            text = self.tr("Подсказка по обращению {0} от {1} (гражданин её не видит): {2}").format(
                data.get("number", ""), who, data.get("text", "")
            )
        elif change.type == "operator.forced_state":
            title = self.tr("Состояние изменено")
            text = self.tr("{0} перевёл(а) вас в состояние «{1}».").format(
                who, texts.operator_state(str(data.get("state")))
            )
        elif change.type == "operator.line_assigned":
            title = self.tr("Назначение изменено")
            text = (
                self.tr("{0} назначил(а) вас на первую линию.")
                if data.get("line") == 1 and data.get("home_line") == 2
                else self.tr("{0} вернул(а) вас на вашу линию.")
            ).format(who)
        else:
            title = self.tr("Сеанс завершён")
            text = self.tr(
                "{0} завершил(а) ваш сеанс. Чтобы продолжить работу, войдите снова."
            ).format(who)
        self.lines.append(f"{at}  {text}")
        del self.lines[:-4]  # the last few; older ones are in the tray's history
        self.label.setText("\n".join(self.lines))
        self.show()
        self.noticed.emit(title, text)

    def dismiss(self) -> None:
        self.lines.clear()
        self.hide()
