"""Playing a buffer of samples on an output device, without the caller waiting for it.

Each playback opens its own stream and closes it when the sound ends (a small closer thread:
PortAudio forbids closing a stream from its own callbacks), so the device is free again for
the next test tone, recording or another application.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from operator_app.audio.backend import AudioUnavailable, portaudio_error, sounddevice
from operator_app.audio.devices import DeviceInfo
from operator_app.audio.levels import Samples, as_mono

log = logging.getLogger("audio")

BLOCK_S = 0.02


def resample(samples: Samples, source_rate: float, target_rate: float) -> Samples:
    """Linear-interpolation resampling: plenty for beeps and a voice check, not for music."""
    if source_rate == target_rate or samples.size == 0:
        return samples
    frames = max(1, round(samples.size * target_rate / source_rate))
    source_t = np.arange(samples.size) / source_rate
    target_t = np.arange(frames) / target_rate
    return np.interp(target_t, source_t, samples).astype(np.float32)


class Playback:
    """One sound on one device; ``wait`` for it or ``stop`` it from any thread."""

    def __init__(self, device: DeviceInfo, samples: Samples, samplerate: float) -> None:
        self.device = device
        self.samplerate = samplerate
        self._samples = np.ascontiguousarray(samples, dtype=np.float32)
        self._pos = 0
        self._finished = threading.Event()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._stream: Any = None
        self._sd: Any = None
        self._xruns = 0

    @property
    def seconds(self) -> float:
        return self._samples.size / self.samplerate

    def _callback(self, outdata: Any, frames: int, _time: Any, status: Any) -> None:
        if status:
            self._xruns += 1
        chunk = self._samples[self._pos : self._pos + frames]
        outdata[: chunk.size, 0] = chunk
        self._pos += chunk.size
        if chunk.size < frames:
            outdata[chunk.size :] = 0
            raise self._sd.CallbackStop  # the block just written is still played

    def _start(self) -> Playback:
        self._sd = sd = sounddevice()
        try:
            self._stream = sd.OutputStream(
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
            if self._stream is not None:
                self._stream.close()
            self._closed.set()
            raise AudioUnavailable.device_error(self.device.name, exc) from exc
        threading.Thread(
            target=self._close_when_finished, name="audio-playback", daemon=True
        ).start()
        return self

    def _close_when_finished(self) -> None:
        self._finished.wait()
        with self._lock:
            self._stream.close()
            self._closed.set()
        if self._xruns:
            log.info("playback on %r: %d underflowed blocks", self.device.name, self._xruns)

    @property
    def done(self) -> bool:
        return self._closed.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the sound has been played and the device released; True if it was."""
        return self._closed.wait(timeout)

    def stop(self) -> None:
        """Cut the sound short; the closer thread then releases the device."""
        with self._lock:
            if not self._closed.is_set() and self._stream is not None:
                try:
                    self._stream.abort()
                except portaudio_error(self._sd) as exc:
                    log.warning("stopping playback on %r: %s", self.device.name, exc)
                    self._finished.set()


def play(samples: npt.ArrayLike, samplerate: float, device: DeviceInfo) -> Playback:
    """Start playing mono ``samples`` on ``device`` and return at once.

    Played at ``samplerate`` if the device takes it, else resampled to the device's default
    rate. Raises ``AudioUnavailable`` if the device will not open."""
    mono = as_mono(np.asarray(samples, dtype=np.float32))
    sd = sounddevice()
    rate = float(samplerate)
    try:
        sd.check_output_settings(device=device.index, channels=1, dtype="float32", samplerate=rate)
    except portaudio_error(sd):
        rate = device.default_samplerate
        log.info("%r does not take %g Hz; resampling to %g Hz", device.name, samplerate, rate)
        mono = resample(mono, samplerate, rate)
    except ValueError as exc:  # sounddevice's answer for a device index that is gone
        raise AudioUnavailable.device_missing(device.name) from exc
    return Playback(device, mono, rate)._start()
