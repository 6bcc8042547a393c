"""The microphone during a call: a compact level meter under the call controls that warns of
silence (a muted or dead microphone) and clipping (too loud).

One `AudioSession` per live call, opened and closed by background operations (opening a device
can take a moment); a timer reads the latest level without waiting. Without sound the meter
says so and why, and the call goes on as before.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject, QTimer

from operator_app.audio.backend import AudioUnavailable
from operator_app.audio.quality import QualitySettings
from operator_app.audio.session import AudioSession, Cancelled
from operator_app.ui.level_meter import LevelMeterWidget
from operator_app.ui.operations import Op

log = logging.getLogger("ui")

#: how often the meter is redrawn from the latest reading
POLL_MS = 100


def reason_text(error: BaseException) -> str:
    """Why there is no sound, in the UI's language."""
    if isinstance(error, AudioUnavailable):
        english = QLocale().language() == QLocale.Language.English
        return error.reason_en if english else error.reason_ru
    return type(error).__name__


class CallMicrophone(QObject):
    """Listens to the operator's microphone while a call is live and draws it on `meter`."""

    def __init__(
        self,
        meter: LevelMeterWidget,
        input_name: str | None = None,
        settings: QualitySettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.meter = meter
        self._input_name = input_name
        self._settings = settings or QualitySettings()
        self._session: AudioSession | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        #: why the microphone cannot be measured ("" while it is, or before it started)
        self.problem = ""

    @property
    def listening(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Open the microphone (in the background); a second start is a no-op."""
        if self._session is not None:
            return
        session = self._session = AudioSession(self._settings)
        name = self._input_name
        Op(lambda: session.listen(name, 1), owner=self).success(
            lambda _device: self._listening(session)
        ).failure(lambda error: self._failed(session, error)).run()

    def stop(self) -> None:
        """Close the microphone (in the background) and blank the meter."""
        session, self._session = self._session, None
        self._timer.stop()
        if session is not None:
            # no owner: the stream is closed even when the call's widgets are already gone
            Op(session.close).failure(
                lambda error: log.warning("closing the call microphone: %s", error)
            ).run()
        if self.problem == "":
            self.meter.show_reading(None)

    def _listening(self, session: AudioSession) -> None:
        if session is not self._session:
            return  # stopped meanwhile
        self.problem = ""
        self._timer.start()
        self._poll()

    def _failed(self, session: AudioSession, error: BaseException) -> None:
        if session is not self._session or isinstance(error, Cancelled):
            return
        self._unavailable(reason_text(error))

    def _unavailable(self, reason: str) -> None:
        self._timer.stop()
        self.problem = reason
        log.info("call microphone unavailable: %s", reason)
        self.meter.show_unavailable(self.tr("Микрофон недоступен"), reason)

    def _poll(self) -> None:
        session = self._session
        if session is None:
            return
        lost = session.lost_input()
        if lost is not None:
            self._unavailable(self.tr("Микрофон «{0}» отключён или не отвечает").format(lost.name))
            return
        self.meter.show_reading(session.reading())
