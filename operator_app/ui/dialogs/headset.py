"""«Проверка гарнитуры»: choose the microphone and headphones, watch the live microphone level,
play the test tone, record three seconds and hear them back. Without sound it says why.

Opening, closing and listing devices can take a noticeable moment, so every PortAudio call
runs in a background ``Op``; the dialog only polls the meter's latest reading with a timer.
The caller passes the saved device names in and stores the chosen ones (``devices_chosen``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_app.audio.backend import AudioUnavailable
from operator_app.audio.devices import DeviceInfo
from operator_app.audio.headset import AudioStatus
from operator_app.audio.quality import (
    AudioIssue,
    QualitySettings,
    RecordingVerdict,
)
from operator_app.audio.session import AudioSession, Cancelled
from operator_app.ui import theme
from operator_app.ui.errors import describe
from operator_app.ui.level_meter import LevelMeterWidget, advice, format_level
from operator_app.ui.operations import Op, on_ui_thread

log = logging.getLogger("ui")

#: the operator is checking, not listening to a citizen: a short silence already means trouble
CHECK_SETTINGS = QualitySettings(silence_after_s=3.0)
RECORD_S = 3.0
POLL_MS = 50


def notice_style() -> str:
    t = theme.current()
    return f"padding: 6px; border-radius: 4px; background: {t.banner_bg}; color: {t.banner_fg};"


def ok_style() -> str:
    return f"color: {theme.current().ok};"


def bad_style() -> str:
    return f"color: {theme.current().error}; font-weight: 600;"


def muted_style() -> str:
    return f"color: {theme.current().muted};"


def _unique(devices: Iterable[DeviceInfo]) -> list[DeviceInfo]:
    """One entry per name: settings keep names, and ``choose`` takes the first of a name."""
    seen: set[str] = set()
    unique = []
    for device in devices:
        if device.name not in seen:
            seen.add(device.name)
            unique.append(device)
    return unique


class HeadsetDialog(QDialog):
    """The headset check; ``devices_chosen(input, output)`` on «Сохранить» ("" = none)."""

    devices_chosen = Signal(str, str)

    def __init__(
        self,
        input_name: str | None = None,
        output_name: str | None = None,
        *,
        language: str = "ru",
        settings: QualitySettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._saved = (input_name or None, output_name or None)
        self._session = AudioSession(settings or CHECK_SETTINGS)
        self._closed = False
        self._busy = False
        self._listen_seq = 0
        self._lost_reported: DeviceInfo | None = None
        self._problems: list[str] = []
        self.setWindowTitle(self.tr("Проверка гарнитуры"))
        self.setMinimumWidth(600)
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._update_controls()
        Op(self._session.probe, owner=self).success(self._probed).failure(self._probe_failed).run()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Выберите микрофон и наушники гарнитуры. Скажите несколько слов — полоса "
                "уровня должна двигаться; затем включите проверочный сигнал."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(notice_style())
        self.notice.setAccessibleName(self.tr("Состояние звука"))
        self.notice.hide()
        layout.addWidget(self.notice)

        mic = QGroupBox(self.tr("Микрофон"))
        mic_form = QFormLayout(mic)
        self.input_box = self._device_box(self.tr("Микрофон"))
        self.input_box.activated.connect(lambda _i: self._listen())
        mic_form.addRow(self.tr("Устройство:"), self.input_box)
        self.level = LevelMeterWidget()
        # the meter keeps a line for its warning under the bar: the label goes with the bar
        level_label = QLabel(self.tr("Уровень:"))
        level_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        mic_form.addRow(level_label, self.level)
        self.record_button = QPushButton(self.tr("Записать 3 с и воспроизвести"))
        self.record_button.setToolTip(
            self.tr("Скажите что-нибудь в течение трёх секунд — запись прозвучит в наушниках")
        )
        self.record_button.clicked.connect(self._record)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName(self.tr("Результат проверки записи"))
        mic_form.addRow(self.record_button)
        mic_form.addRow(self.verdict)
        layout.addWidget(mic)

        phones = QGroupBox(self.tr("Наушники"))
        phones_form = QFormLayout(phones)
        self.output_box = self._device_box(self.tr("Наушники"))
        phones_form.addRow(self.tr("Устройство:"), self.output_box)
        self.tone_button = QPushButton(self.tr("Проверочный сигнал"))
        self.tone_button.setToolTip(self.tr("Одна секунда тона 1 кГц в выбранных наушниках"))
        self.tone_button.clicked.connect(self._play_tone)
        self.tone_status = QLabel()
        self.tone_status.setWordWrap(True)
        self.tone_status.setAccessibleName(self.tr("Результат проверочного сигнала"))
        tone_row = QHBoxLayout()
        tone_row.addWidget(self.tone_button)
        tone_row.addWidget(self.tone_status, 1)
        phones_form.addRow(tone_row)
        layout.addWidget(phones)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Сохранить"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Закрыть"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _device_box(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setPlaceholderText(self.tr("Поиск устройств…"))
        # long ALSA names must not stretch the dialog; the list shows them whole
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(28)
        return box

    # --- what the caller reads ---------------------------------------------------------------

    @property
    def input_name(self) -> str | None:
        data = self.input_box.currentData()
        return str(data) if data is not None else None

    @property
    def output_name(self) -> str | None:
        data = self.output_box.currentData()
        return str(data) if data is not None else None

    @property
    def audio_active(self) -> bool:
        """Whether a stream of the dialog is still open (closing stops them in the background)."""
        return self._session.active

    def notice_text(self) -> str:
        return self.notice.text() if not self.notice.isHidden() else ""

    # --- devices -----------------------------------------------------------------------------

    def _reason(self, error: BaseException) -> str:
        if isinstance(error, AudioUnavailable):
            return error.reason_en if self._language == "en" else error.reason_ru
        return describe(error, self._language)

    def _probed(self, status: AudioStatus) -> None:
        if self._closed:
            return
        self._problems = [self._reason(status.problem)] if status.problem is not None else []
        saved_input, saved_output = self._saved
        boxes: tuple[
            tuple[QComboBox, list[DeviceInfo], str | None, Callable[[DeviceInfo], bool]], ...
        ] = (
            (self.input_box, _unique(status.inputs), saved_input, lambda d: d.is_default_input),
            (self.output_box, _unique(status.outputs), saved_output, lambda d: d.is_default_output),
        )
        for box, devices, saved, is_default in boxes:
            box.clear()
            box.setPlaceholderText(self.tr("Нет устройств"))
            for device in devices:
                label = device.label
                if is_default(device):
                    label = self.tr("{0} — по умолчанию").format(label)
                box.addItem(label, device.name)
                box.setItemData(box.count() - 1, device.label, Qt.ItemDataRole.ToolTipRole)
            index = box.findData(saved) if saved else -1
            if saved and index < 0 and devices:
                # the saved headset is not connected: say so instead of silently switching
                self._problems.append(self._reason(AudioUnavailable.device_missing(saved)))
            if index < 0:
                defaults = [i for i, d in enumerate(devices) if is_default(d)]
                index = defaults[0] if defaults else (0 if devices else -1)
            box.setCurrentIndex(index)
        self._show_problems()
        self._update_controls()
        if self.save_button.isEnabled():
            # the controls were disabled while probing, so focus had gone to «Закрыть»
            self.save_button.setDefault(True)
            (self.input_box if self.input_box.isEnabled() else self.output_box).setFocus()
        if self.input_box.count():
            self._timer.start()
            self._listen()

    def _probe_failed(self, error: BaseException) -> None:
        if self._closed or isinstance(error, Cancelled):
            return
        log.warning("audio probe failed: %s", type(error).__name__)
        for box in (self.input_box, self.output_box):
            box.setPlaceholderText(self.tr("Нет устройств"))
        self._problems = [self._reason(error)]
        self._show_problems()

    def _show_problems(self, extra: str | None = None) -> None:
        lines = [*self._problems, *([extra] if extra else [])]
        self.notice.setText("\n".join(lines))
        self.notice.setVisible(bool(lines))

    def _update_controls(self) -> None:
        has_input = self.input_box.count() > 0
        has_output = self.output_box.count() > 0
        idle = not self._busy
        self.input_box.setEnabled(has_input and idle)
        self.output_box.setEnabled(has_output and idle)
        self.level.setEnabled(has_input)
        self.record_button.setEnabled(has_input and has_output and idle)
        self.tone_button.setEnabled(has_output and idle)
        self.save_button.setEnabled((has_input or has_output) and idle)

    # --- the live meter ----------------------------------------------------------------------

    def _listen(self) -> None:
        self._listen_seq += 1
        seq, name = self._listen_seq, self.input_name
        self._lost_reported = None
        self._show_problems()
        Op(lambda: self._session.listen(name, seq), owner=self).success(self._listening).failure(
            self._input_failed
        ).run()

    def _listening(self, device: DeviceInfo | None) -> None:
        if not self._closed and device is not None:
            log.info("headset check: listening to %r", device.name)

    def _input_failed(self, error: BaseException) -> None:
        if self._closed or isinstance(error, Cancelled):
            return
        log.warning("headset check: microphone failed: %s", error)
        self._show_problems(self._reason(error))

    def _poll(self) -> None:
        self.level.show_reading(self._session.reading())
        lost = self._session.lost_input()
        if lost is not None and lost is not self._lost_reported:
            self._lost_reported = lost
            self._show_problems(self._reason(AudioUnavailable.not_responding(lost.name)))

    # --- the test tone -----------------------------------------------------------------------

    def _play_tone(self) -> None:
        name = self.output_name
        self.tone_button.setEnabled(False)
        self.tone_status.setStyleSheet(muted_style())
        self.tone_status.setText(self.tr("Звучит сигнал…"))
        Op(lambda: self._session.play_tone(name), owner=self).success(self._tone_played).failure(
            self._tone_failed
        ).run()

    def _tone_played(self, _result: None) -> None:
        if self._closed:
            return
        self.tone_status.setText(
            self.tr("Сигнал прозвучал. Не слышно? Проверьте громкость и выбранное устройство.")
        )
        self._update_controls()
        self._refocus(self.tone_button)

    def _tone_failed(self, error: BaseException) -> None:
        if self._closed or isinstance(error, Cancelled):
            return
        self.tone_status.setStyleSheet(bad_style())
        self.tone_status.setText(self._reason(error))
        self._update_controls()
        self._refocus(self.tone_button)

    # --- record and play back ----------------------------------------------------------------

    def _record(self) -> None:
        names = (self.input_name, self.output_name)
        self._listen_seq += 1
        seq = self._listen_seq
        self._busy = True
        self._update_controls()
        self.verdict.setStyleSheet(muted_style())
        self.verdict.setText(self.tr("Говорите: идёт запись 3 с…"))

        def playing() -> None:
            on_ui_thread(self._playing_back)

        Op(
            lambda: self._session.record_and_play_back(*names, RECORD_S, playing, seq), owner=self
        ).success(self._recorded).failure(self._record_failed).run()

    def _playing_back(self) -> None:
        if not self._closed:
            self.verdict.setText(self.tr("Воспроизведение записи…"))

    def _recorded(self, verdict: RecordingVerdict) -> None:
        if self._closed:
            return
        if verdict.clipping:
            text, style = advice(AudioIssue.CLIPPING), bad_style()
        elif verdict.silent:
            text, style = advice(AudioIssue.SILENCE), bad_style()
        else:
            level = format_level(verdict.level.rms_dbfs)
            text = self.tr(
                "Запись в порядке, средний уровень {0}. Если вы слышали себя в наушниках, "
                "гарнитура готова к работе."
            ).format(level)
            style = ok_style()
        self.verdict.setStyleSheet(style)
        self.verdict.setText(text)
        self._record_done()

    def _record_failed(self, error: BaseException) -> None:
        if self._closed or isinstance(error, Cancelled):
            return
        log.warning("headset check: record and play back failed: %s", error)
        self.verdict.setStyleSheet(bad_style())
        self.verdict.setText(self._reason(error))
        self._record_done()

    def _record_done(self) -> None:
        self._busy = False
        self._update_controls()
        self._refocus(self.record_button)
        self._listen()

    def _refocus(self, button: QPushButton) -> None:
        """Give the focus back to the button that was disabled while it worked: Qt moved it on
        (to «Закрыть», which Enter would then press) and the operator may want to try again."""
        if button.isEnabled() and self.focusWidget() in (
            None,
            self.save_button,
            self.cancel_button,
        ):
            button.setFocus()

    # --- closing -----------------------------------------------------------------------------

    def accept(self) -> None:
        self.devices_chosen.emit(self.input_name or "", self.output_name or "")
        super().accept()

    def done(self, result: int) -> None:
        if not self._closed:
            self._closed = True
            self._timer.stop()
            Op(self._session.close, owner=self).failure(
                lambda e: log.warning("headset check: closing the streams: %s", e)
            ).run()
        super().done(result)
