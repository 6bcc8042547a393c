"""The band above the conversation while the server is unreachable: that it is, what
still works, and how many actions wait in the outbox. Hidden while online."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from operator_app.domain.changes import Change, Connection, ConnectionChanged, OutboxChanged
from operator_app.ui import theme


class OfflineBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.setWordWrap(True)
        t = theme.current()
        self.setStyleSheet(
            f"#offlineBanner {{ background: {t.banner_bg}; color: {t.banner_fg};"
            f" border-bottom: 2px solid {t.banner_border}; padding: 6px 10px; font-weight: 600; }}"
        )
        self.setAccessibleName(self.tr("Нет связи с сервером"))
        self._pending = 0
        self._offline = False
        self.hide()

    def on_change(self, change: Change) -> None:
        if isinstance(change, ConnectionChanged):
            self._offline = change.state is Connection.OFFLINE
        elif isinstance(change, OutboxChanged):
            self._pending = change.pending
        else:
            return
        self._render()

    def _render(self) -> None:
        self.setVisible(self._offline)
        if not self._offline:
            return
        text = self.tr(
            "Нет связи с сервером. Работают поиск по экспертной системе, заметки и черновики. "
            "Новые обращения не поступают; переподключение идёт автоматически."
        )
        if self._pending:
            text += " " + self.tr(
                "Действий ждут отправки: {0} — они уйдут на сервер сами, когда связь вернётся."
            ).format(self._pending)
        self.setText(text)
