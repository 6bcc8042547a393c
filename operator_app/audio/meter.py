"""The live level meter: a PortAudio input stream whose callback feeds a ``QualityMonitor``.

The callback runs on PortAudio's thread and never waits: it analyses the block (a few numpy
reductions), copies it if recording, and offers the new immutable reading with a lock it only
*tries* to take. The UI polls ``reading()`` at its own pace (a timer at 10–25 Hz).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Generic, TypeVar

import numpy as np

from operator_app.audio.backend import AudioUnavailable, portaudio_error, sounddevice
from operator_app.audio.devices import DeviceInfo
from operator_app.audio.levels import Samples
from operator_app.audio.quality import MeterReading, QualityMonitor, QualitySettings

log = logging.getLogger("audio")

T = TypeVar("T")

#: callback period: short enough for a lively meter, long enough to be cheap
BLOCK_S = 0.02


class Latest(Generic[T]):
    """The newest value, published from a real-time thread without ever waiting on a lock."""

    def __init__(self, value: T) -> None:
        self._value = value
        self._lock = threading.Lock()

    def offer(self, value: T) -> bool:
        """Publish ``value`` unless a reader holds the lock right now (then the next one will)."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._value = value
        finally:
            self._lock.release()
        return True

    def get(self) -> T:
        with self._lock:
            return self._value


class LevelMeter:
    """Measures one input device until stopped, or for ``max_seconds`` of audio.

    With ``keep_samples`` the measured audio is kept (the headset check's recording)."""

    def __init__(
        self,
        device: DeviceInfo,
        *,
        settings: QualitySettings | None = None,
        samplerate: float | None = None,
        max_seconds: float | None = None,
        keep_samples: bool = False,
    ) -> None:
        if keep_samples and max_seconds is None:
            raise ValueError("keep_samples needs max_seconds: the buffer is allocated up front")
        self.device = device
        self.samplerate = float(samplerate or device.default_samplerate)
        self._monitor = QualityMonitor(self.samplerate, settings)
        self._limit = None if max_seconds is None else max(1, round(max_seconds * self.samplerate))
        self._buffer = np.zeros(self._limit or 0, dtype=np.float32) if keep_samples else None
        self._frames = 0
        self._latest: Latest[MeterReading] = Latest(MeterReading.initial())
        self._finished = threading.Event()
        self._stream: Any = None
        self._sd: Any = None
        self._xruns = 0
        self._error: BaseException | None = None

    # --- the audio thread -------------------------------------------------------------------

    def _callback(self, indata: Any, frames: int, _time: Any, status: Any) -> None:
        try:
            if status:
                self._xruns += 1  # counted here, logged by the owner: logging may block
            block = indata[:, 0]
            if self._limit is not None:
                block = block[: self._limit - self._frames]
            if self._buffer is not None:
                self._buffer[self._frames : self._frames + block.size] = block
            self._frames += block.size
            self._latest.offer(self._monitor.feed(block))
        except Exception as exc:
            self._error = exc
            raise self._sd.CallbackAbort from exc
        if self._limit is not None and self._frames >= self._limit:
            raise self._sd.CallbackStop

    # --- the owner's thread -----------------------------------------------------------------

    def start(self) -> LevelMeter:
        """Open and start the stream; raises ``AudioUnavailable`` if the device will not open."""
        if self._stream is not None or self._finished.is_set():
            raise RuntimeError("a meter runs once; make a new one")
        self._sd = sd = sounddevice()
        try:
            self._stream = sd.InputStream(
                device=self.device.index,
                channels=1,
                samplerate=self.samplerate,
                dtype="float32",
                blocksize=max(1, round(self.samplerate * BLOCK_S)),
                callback=self._callback,
                finished_callback=self._finished.set,
            )
            self._stream.start()
        except portaudio_error(sd) as exc:
            self._close()
            raise AudioUnavailable.device_error(self.device.name, exc) from exc
        log.info("level meter on %r at %g Hz", self.device.name, self.samplerate)
        return self

    def reading(self) -> MeterReading:
        """The latest reading; safe from any thread."""
        if self._finished.is_set():
            return self._monitor.reading()  # the callback is done with the monitor
        return self._latest.get()

    @property
    def max_seconds(self) -> float | None:
        return None if self._limit is None else self._limit / self.samplerate

    @property
    def running(self) -> bool:
        return self._stream is not None and not self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a ``max_seconds`` meter to finish; True if it did."""
        return self._finished.wait(timeout)

    def recording(self) -> Samples:
        """The audio measured so far (``keep_samples`` meters), mono float32."""
        if self._buffer is None:
            raise RuntimeError("this meter does not keep samples")
        if not self._finished.is_set():
            raise RuntimeError("the recording is not finished")
        return self._buffer[: self._frames].copy()

    def stop(self) -> None:
        """Stop and close the stream; idempotent."""
        if self._stream is None:
            return
        try:
            self._stream.abort()
        except portaudio_error(self._sd) as exc:
            log.warning("stopping the level meter on %r: %s", self.device.name, exc)
        self._close()
        if self._xruns:
            log.info("level meter on %r: %d overflowed blocks", self.device.name, self._xruns)
        if self._error is not None:
            log.error("level meter on %r failed: %r", self.device.name, self._error)

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()

    def __enter__(self) -> LevelMeter:
        return self.start() if self._stream is None else self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
