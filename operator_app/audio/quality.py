"""Microphone quality over a stream of blocks: the meter's level, silence and clipping.

Pure numpy and stream time (frames counted, not the wall clock), so a detector gives the same
answer for the same samples whether they come from a device callback or a test array.
"""

from __future__ import annotations

import enum
import math
from collections import deque
from dataclasses import dataclass

import numpy.typing as npt

from operator_app.audio.levels import FLOOR_DBFS, Level, Samples, as_mono, block_stats, to_dbfs


class AudioIssue(enum.Enum):
    """What the meter warns about during a contact."""

    #: level under the threshold for a while: a muted, unplugged or dead microphone
    SILENCE = "silence"
    #: samples at full scale: gain too high or the microphone too close
    CLIPPING = "clipping"


@dataclass(frozen=True, slots=True)
class QualitySettings:
    """Thresholds of the meter; the defaults suit a headset microphone in a call centre."""

    #: the level the meter shows is taken over this much of the latest audio (VU-like)
    level_window_s: float = 0.3
    #: a live microphone's room noise is well above this; a muted one reads digital silence
    silence_threshold_dbfs: float = -65.0
    #: listening to the citizen is quiet too, so only a long stretch is a warning
    silence_after_s: float = 8.0
    #: |sample| at or above this counts as clipped (0.99 ≈ −0.09 dBFS)
    clip_level: float = 0.99
    clip_window_s: float = 0.5
    #: clipping is reported when more than this fraction of the window's samples clip
    clip_fraction: float = 0.005

    def __post_init__(self) -> None:
        if min(self.level_window_s, self.clip_window_s) <= 0 or self.silence_after_s < 0:
            raise ValueError("windows must be positive and the silence delay non-negative")
        if not 0 < self.clip_level <= 1 or not 0 <= self.clip_fraction < 1:
            raise ValueError("clip_level must be in (0, 1] and clip_fraction in [0, 1)")


def _frames(seconds: float, samplerate: float) -> int:
    return max(1, round(seconds * samplerate))


class _Window:
    """Per-block numbers over the latest ``frames`` frames (whole blocks, oldest dropped)."""

    def __init__(self, frames: int) -> None:
        self._limit = frames
        self._blocks: deque[tuple[int, float, float]] = deque()
        self.frames = 0
        self.total = 0.0

    def push(self, frames: int, value: float, extra: float = 0.0) -> None:
        self._blocks.append((frames, value, extra))
        self.frames += frames
        self.total += value
        while len(self._blocks) > 1 and self.frames - self._blocks[0][0] >= self._limit:
            old_frames, old_value, _ = self._blocks.popleft()
            self.frames -= old_frames
            self.total -= old_value

    def max_extra(self) -> float:
        return max((extra for _, _, extra in self._blocks), default=0.0)

    def clear(self) -> None:
        self._blocks.clear()
        self.frames = 0
        self.total = 0.0


class SilenceDetector:
    """Active once every block for ``after_s`` seconds has been under the threshold."""

    def __init__(self, samplerate: float, threshold_dbfs: float, after_s: float) -> None:
        self._samplerate = samplerate
        self._threshold = threshold_dbfs
        self._after = _frames(after_s, samplerate) if after_s > 0 else 0
        self._quiet = 0

    def feed(self, block: Samples) -> bool:
        if block.size:
            sum_sq, _ = block_stats(block)
            if to_dbfs(math.sqrt(sum_sq / block.size)) < self._threshold:
                self._quiet += block.size
            else:
                self._quiet = 0
        return self.active

    @property
    def active(self) -> bool:
        return self._quiet > 0 and self._quiet >= self._after

    @property
    def quiet_seconds(self) -> float:
        return self._quiet / self._samplerate

    def reset(self) -> None:
        self._quiet = 0


class ClippingDetector:
    """Active while more than ``fraction`` of the last ``window_s`` seconds' samples clip."""

    def __init__(
        self, samplerate: float, clip_level: float, window_s: float, fraction: float
    ) -> None:
        self._clip_level = clip_level
        self._fraction = fraction
        self._window = _Window(_frames(window_s, samplerate))

    def feed(self, block: Samples) -> bool:
        if block.size:
            clipped = int((abs(block) >= self._clip_level).sum())
            self._window.push(block.size, float(clipped))
        return self.active

    @property
    def fraction(self) -> float:
        return self._window.total / self._window.frames if self._window.frames else 0.0

    @property
    def active(self) -> bool:
        return self._window.total > 0 and self.fraction > self._fraction

    def reset(self) -> None:
        self._window.clear()


@dataclass(frozen=True, slots=True)
class MeterReading:
    """One snapshot of the meter: immutable, so it can be handed between threads as is."""

    #: RMS and peak over the level window
    level: Level
    silent: bool
    clipping: bool
    #: how long the level has been under the silence threshold
    quiet_seconds: float
    #: the fraction of samples clipped over the clipping window
    clipped_fraction: float
    #: stream time analysed so far
    seconds: float

    @property
    def issues(self) -> frozenset[AudioIssue]:
        found = set()
        if self.silent:
            found.add(AudioIssue.SILENCE)
        if self.clipping:
            found.add(AudioIssue.CLIPPING)
        return frozenset(found)

    @classmethod
    def initial(cls) -> MeterReading:
        """What the meter shows before the first block arrives."""
        return cls(Level.silent(), False, False, 0.0, 0.0, 0.0)


class QualityMonitor:
    """Feeds blocks to the level window and both detectors; one reading per block."""

    def __init__(self, samplerate: float, settings: QualitySettings | None = None) -> None:
        if samplerate <= 0:
            raise ValueError("samplerate must be positive")
        self.samplerate = samplerate
        self.settings = settings = settings or QualitySettings()
        self._level = _Window(_frames(settings.level_window_s, samplerate))
        self._silence = SilenceDetector(
            samplerate, settings.silence_threshold_dbfs, settings.silence_after_s
        )
        self._clipping = ClippingDetector(
            samplerate, settings.clip_level, settings.clip_window_s, settings.clip_fraction
        )
        self._frames = 0

    def feed(self, block: npt.ArrayLike) -> MeterReading:
        mono = as_mono(block)
        if mono.size:
            sum_sq, peak = block_stats(mono)
            self._level.push(mono.size, sum_sq, peak)
            self._silence.feed(mono)
            self._clipping.feed(mono)
            self._frames += mono.size
        return self.reading()

    def reading(self) -> MeterReading:
        if self._level.frames:
            rms = math.sqrt(max(self._level.total, 0.0) / self._level.frames)
            level = Level(to_dbfs(rms), to_dbfs(self._level.max_extra()))
        else:
            level = Level(FLOOR_DBFS, FLOOR_DBFS)
        return MeterReading(
            level=level,
            silent=self._silence.active,
            clipping=self._clipping.active,
            quiet_seconds=self._silence.quiet_seconds,
            clipped_fraction=self._clipping.fraction,
            seconds=self._frames / self.samplerate,
        )

    def reset(self) -> None:
        self._level.clear()
        self._silence.reset()
        self._clipping.reset()
        self._frames = 0


@dataclass(frozen=True, slots=True)
class RecordingVerdict:
    """How a short test recording sounded, for the headset check's answer."""

    level: Level
    seconds: float
    silent: bool
    clipping: bool
    clipped_fraction: float

    @property
    def ok(self) -> bool:
        return not (self.silent or self.clipping)


def assess_recording(
    samples: npt.ArrayLike, samplerate: float, settings: QualitySettings | None = None
) -> RecordingVerdict:
    """Silent if the whole recording is under the silence threshold; clipping by the fraction
    of all its samples at full scale."""
    settings = settings or QualitySettings()
    mono = as_mono(samples)
    if mono.size == 0:
        return RecordingVerdict(Level.silent(), 0.0, True, False, 0.0)
    sum_sq, peak = block_stats(mono)
    level = Level(to_dbfs(math.sqrt(sum_sq / mono.size)), to_dbfs(peak))
    fraction = float((abs(mono) >= settings.clip_level).sum()) / mono.size
    return RecordingVerdict(
        level=level,
        seconds=mono.size / samplerate,
        silent=level.rms_dbfs < settings.silence_threshold_dbfs,
        clipping=fraction > settings.clip_fraction,
        clipped_fraction=fraction,
    )
