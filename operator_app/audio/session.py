"""The headset check's streams, Qt-free: one meter or recording or tone at a time, opened
and closed from background operations and read by the dialog's timer (ui/dialogs/headset.py).

Waits are cut into short slices, so closing never hangs on a recording in progress.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from operator_app.audio.backend import AudioUnavailable
from operator_app.audio.devices import DeviceInfo, choose_input, choose_output
from operator_app.audio.headset import AudioStatus, probe
from operator_app.audio.meter import LevelMeter
from operator_app.audio.playback import Playback, play
from operator_app.audio.quality import (
    MeterReading,
    QualitySettings,
    RecordingVerdict,
    assess_recording,
)
from operator_app.audio.recording import GRACE_S, start_recording
from operator_app.audio.tones import TEST_TONE, render

#: how long one wait for a stream lasts before it checks whether the session was closed
WAIT_SLICE_S = 0.05


class Cancelled(Exception):
    """The dialog closed while an operation was still running."""


class AudioSession:
    """The dialog's streams: Qt-free, driven from background operations, read by the timer.

    One lock serialises PortAudio's open and close calls (it is not thread-safe there); waits
    for audio happen outside it, in short slices, so closing is never held up by a recording."""

    def __init__(self, settings: QualitySettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._meter: LevelMeter | None = None
        self._live = False
        self._playback: Playback | None = None
        self._listen_seq = 0

    # --- read from the UI thread without waiting ---------------------------------------------

    def reading(self) -> MeterReading | None:
        meter = self._meter
        return None if meter is None else meter.reading()

    def lost_input(self) -> DeviceInfo | None:
        """The live meter's device if its stream has stopped on its own (unplugged, failed)."""
        meter = self._meter
        if meter is not None and self._live and not meter.running:
            return meter.device
        return None

    @property
    def active(self) -> bool:
        """Whether any stream of the dialog is still open."""
        meter, playback = self._meter, self._playback
        return (meter is not None and meter.running) or (playback is not None and not playback.done)

    # --- background work ---------------------------------------------------------------------

    def probe(self) -> AudioStatus:
        with self._lock:
            return probe()

    def listen(self, input_name: str | None, seq: int) -> DeviceInfo | None:
        """Start the live meter on ``input_name`` (stopping the previous one); ``None`` if a
        later request has overtaken this one."""
        with self._lock:
            self._check_open()
            if seq < self._listen_seq:
                return None
            self._listen_seq = seq
            self._stop_meter()
            device = choose_input(input_name)
            self._meter = LevelMeter(device, settings=self.settings).start()
            self._live = True
            return device

    def play_tone(self, output_name: str | None) -> None:
        """Play the test tone and wait until it has been heard."""
        with self._lock:
            self._check_open()
            self._stop_playback()
            device = choose_output(output_name)
            rate = device.default_samplerate
            playback = self._playback = play(render(TEST_TONE, rate), rate, device)
        self._wait(playback.wait, playback.seconds + GRACE_S, device)

    def record_and_play_back(
        self,
        input_name: str | None,
        output_name: str | None,
        seconds: float,
        playing: Callable[[], None],
        seq: int,
    ) -> RecordingVerdict:
        """Record ``seconds`` (the meter shows them live), then play them back; ``playing`` is
        called between the two. ``seq`` orders it with ``listen``: an earlier live-meter
        request still queued must not take the microphone from the recording."""
        with self._lock:
            self._check_open()
            self._listen_seq = max(self._listen_seq, seq)
            output = choose_output(output_name)  # fail before the operator starts speaking
            self._stop_meter()
            meter = start_recording(choose_input(input_name), seconds, self.settings)
            self._meter, self._live = meter, False
        try:
            self._wait(meter.wait, seconds + GRACE_S, meter.device)
        finally:
            with self._lock:
                meter.stop()
        samples = meter.recording()
        verdict = assess_recording(samples, meter.samplerate, self.settings)
        playing()
        with self._lock:
            self._check_open()
            self._stop_playback()
            playback = self._playback = play(samples, meter.samplerate, output)
        self._wait(playback.wait, playback.seconds + GRACE_S, output)
        return verdict

    def close(self) -> None:
        """Stop every stream; later requests raise ``Cancelled``."""
        self._closed.set()
        with self._lock:
            self._stop_meter()
            self._stop_playback()

    # --- under the lock ----------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed.is_set():
            raise Cancelled

    def _stop_meter(self) -> None:
        meter, self._meter, self._live = self._meter, None, False
        if meter is not None:
            meter.stop()

    def _stop_playback(self) -> None:
        playback, self._playback = self._playback, None
        if playback is not None:
            playback.stop()
            playback.wait(1.0)

    def _wait(self, done: Callable[[float], bool], timeout: float, device: DeviceInfo) -> None:
        deadline = time.monotonic() + timeout
        while not done(WAIT_SLICE_S):
            if self._closed.is_set():
                break
            if time.monotonic() > deadline:
                raise AudioUnavailable.not_responding(device.name)
        self._check_open()
