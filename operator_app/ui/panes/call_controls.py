"""Call controls of a voice-like contact's tab: the talk timer (paused while on hold), Hold /
Resume, End call, Transfer…, Consult the supervisor, Escalate…; under them the microphone's
compact level meter with its silence and clipping warnings while the call is live."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from operator_app.domain.contacts import ContactState
from operator_app.ui import theme
from operator_app.ui.call_microphone import CallMicrophone
from operator_app.ui.level_meter import LevelMeterWidget

#: makes the microphone of a call for its meter (None: no microphone, e.g. in tests)
MicrophoneFactory = Callable[[LevelMeterWidget, QObject], CallMicrophone]


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{hours}:{text}" if hours else text


class TalkTimer:
    """Talk time from the answer, not counting hold; hold time of the current hold."""

    def __init__(self, answered_at: datetime | None, on_hold: bool) -> None:
        already = 0.0
        if answered_at is not None:
            # the server's clock may run ahead of ours (a virtual clock): never negative
            already = max(0.0, (datetime.now(UTC) - answered_at).total_seconds())
        self._talk = already
        self._since = time.monotonic()
        self._held = on_hold

    def set_hold(self, on: bool) -> None:
        if on == self._held:
            return
        now = time.monotonic()
        if not self._held:
            self._talk += now - self._since
        self._since = now
        self._held = on

    @property
    def held(self) -> bool:
        return self._held

    def talk_s(self) -> float:
        return self._talk + (0.0 if self._held else time.monotonic() - self._since)

    def hold_s(self) -> float:
        return time.monotonic() - self._since if self._held else 0.0


class CallControls(QWidget):
    """The bar under a call's header; `action` carries hold / resume / end / transfer /
    consult / escalate."""

    action = Signal(str)

    def __init__(
        self,
        answered_at: datetime | None,
        parent: QWidget | None = None,
        microphone: MicrophoneFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self._timer = TalkTimer(answered_at, False)
        self._live = True
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        layout = QHBoxLayout()
        column.addLayout(layout)
        self.timer_label = QLabel()
        self.timer_label.setAccessibleName(self.tr("Время разговора"))
        self.timer_label.setMinimumWidth(150)
        layout.addWidget(self.timer_label)
        self.hold_button = QPushButton()
        self.end_button = QPushButton(self.tr("Завершить звонок"))
        self.end_button.setToolTip(self.tr("Завершить разговор и перейти к завершению (Ctrl+E)"))
        self.transfer_button = QPushButton(self.tr("Перевести…"))
        self.transfer_button.setToolTip(self.tr("Перевести оператору или в очередь (Ctrl+T)"))
        self.consult_button = QPushButton(self.tr("Консультация…"))
        self.consult_button.setToolTip(
            self.tr("Консультация супервизора: звонок на удержание, запрос помощи (Ctrl+Shift+S)")
        )
        # two rows, so the pane's width at 1366×768 holds every button whole: the talk time,
        # hold and end on top; the microphone, transfer and consult under them
        layout.addStretch(1)
        layout.addWidget(self.hold_button)
        layout.addWidget(self.end_button)
        self.hold_button.clicked.connect(
            lambda: self.action.emit("resume" if self._timer.held else "hold")
        )
        self.end_button.clicked.connect(lambda: self.action.emit("end"))
        self.transfer_button.clicked.connect(lambda: self.action.emit("transfer"))
        self.consult_button.clicked.connect(lambda: self.action.emit("consult"))
        self.meter = LevelMeterWidget(compact=True)
        self.meter.setVisible(microphone is not None)
        second = QHBoxLayout()
        second.addWidget(self.meter, 1)
        if microphone is None:
            second.addStretch(1)
        second.addWidget(self.transfer_button)
        second.addWidget(self.consult_button)
        column.addLayout(second)
        self.microphone = microphone(self.meter, self) if microphone is not None else None
        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self._tick)
        self._tick_timer.start(1000)
        self.show_state(ContactState.IN_PROGRESS)

    def stop_microphone(self) -> None:
        """Close the microphone now (the tab is closing, or the window)."""
        if self.microphone is not None:
            self.microphone.stop()

    def show_state(self, state: ContactState) -> None:
        """Follow the contact's state: on hold, talking, or over (wrap-up)."""
        self._live = state in (ContactState.IN_PROGRESS, ContactState.ON_HOLD)
        self._timer.set_hold(state is ContactState.ON_HOLD or not self._live)
        held = state is ContactState.ON_HOLD
        self.hold_button.setText(self.tr("Вернуть") if held else self.tr("Удержание"))
        self.hold_button.setToolTip(
            self.tr("Вернуть звонок с удержания (F8)")
            if held
            else self.tr("Поставить звонок на удержание (F8)")
        )
        for button in (
            self.hold_button,
            self.end_button,
            self.transfer_button,
            self.consult_button,
        ):
            button.setEnabled(self._live)
        if self.microphone is not None:
            if self._live:
                self.microphone.start()
            else:
                self.microphone.stop()
        self._tick()

    def _tick(self) -> None:
        talk = clock(self._timer.talk_s())
        if not self._live:
            self.timer_label.setText(self.tr("Разговор окончен · {0}").format(talk))
            self.timer_label.setStyleSheet(f"color: {theme.current().muted};")
        elif self._timer.held:
            self.timer_label.setText(
                self.tr("На удержании {0} · разговор {1}").format(clock(self._timer.hold_s()), talk)
            )
            self.timer_label.setStyleSheet(f"color: {theme.current().warning}; font-weight: 600;")
        else:
            self.timer_label.setText(self.tr("Разговор {0}").format(talk))
            self.timer_label.setStyleSheet(f"color: {theme.current().ok}; font-weight: 600;")
