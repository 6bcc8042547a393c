"""The headset check's record-and-play-back test: a few seconds from the microphone, then the
same audio on the headphones, with a verdict on how it sounded.

Blocking (seconds of audio each way): run it as a background operation, never on the UI
thread. ``start_recording`` gives the live meter to show while the operator speaks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from operator_app.audio.backend import AudioUnavailable
from operator_app.audio.devices import DeviceInfo
from operator_app.audio.levels import Samples
from operator_app.audio.meter import LevelMeter
from operator_app.audio.playback import play
from operator_app.audio.quality import QualitySettings, RecordingVerdict, assess_recording

log = logging.getLogger("audio")

#: how long past the expected end a device may take before it counts as delivering nothing
GRACE_S = 5.0


@dataclass(frozen=True, slots=True)
class Recording:
    samples: Samples
    samplerate: float

    @property
    def seconds(self) -> float:
        return self.samples.size / self.samplerate


@dataclass(frozen=True, slots=True)
class LoopbackResult:
    recording: Recording
    verdict: RecordingVerdict


def start_recording(
    device: DeviceInfo, seconds: float, settings: QualitySettings | None = None
) -> LevelMeter:
    """A started meter that keeps ``seconds`` of audio; poll it for the live level."""
    return LevelMeter(device, settings=settings, max_seconds=seconds, keep_samples=True).start()


def finish_recording(meter: LevelMeter, timeout: float | None = None) -> Recording:
    """Wait for a ``start_recording`` meter and take its audio."""
    if timeout is None:
        timeout = (meter.max_seconds or 0.0) + GRACE_S
    try:
        if not meter.wait(timeout):
            raise AudioUnavailable.not_responding(meter.device.name)
        return Recording(meter.recording(), meter.samplerate)
    finally:
        meter.stop()


def record(
    device: DeviceInfo, seconds: float, settings: QualitySettings | None = None
) -> Recording:
    """``seconds`` of audio from ``device``; raises ``AudioUnavailable`` if none comes."""
    meter = start_recording(device, seconds, settings)
    return finish_recording(meter)


def record_and_play_back(
    input_device: DeviceInfo,
    output_device: DeviceInfo,
    seconds: float = 3.0,
    settings: QualitySettings | None = None,
) -> LoopbackResult:
    """Record, then play the recording back and wait until it has been heard."""
    recording = record(input_device, seconds, settings)
    verdict = assess_recording(recording.samples, recording.samplerate, settings)
    log.info(
        "headset check: %.1f s from %r, %.1f dBFS RMS, %.1f dBFS peak, silent=%s clipping=%s",
        recording.seconds,
        input_device.name,
        verdict.level.rms_dbfs,
        verdict.level.peak_dbfs,
        verdict.silent,
        verdict.clipping,
    )
    playback = play(recording.samples, recording.samplerate, output_device)
    if not playback.wait(playback.seconds + GRACE_S):
        playback.stop()
        raise AudioUnavailable.not_responding(output_device.name)
    return LoopbackResult(recording, verdict)
