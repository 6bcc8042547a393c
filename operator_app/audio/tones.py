"""Generated tones: the headset check's test tone and the offer and alarm signals.

Short sine beeps with raised-cosine edges (no clicks), rendered at whatever rate the output
device runs, so no asset files ship and nothing is resampled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from operator_app.audio.levels import Samples, from_dbfs


@dataclass(frozen=True, slots=True)
class Beep:
    """One sine note and the pause after it."""

    frequency_hz: float
    seconds: float
    pause_after_s: float = 0.0


@dataclass(frozen=True, slots=True)
class TonePattern:
    """A sequence of beeps at one peak level."""

    name: str
    beeps: tuple[Beep, ...]
    peak_dbfs: float = -12.0

    @property
    def seconds(self) -> float:
        return sum(b.seconds + b.pause_after_s for b in self.beeps)


#: the headset check: one second of 1 kHz, the usual line-up tone
TEST_TONE = TonePattern("test", (Beep(1000.0, 1.0),), peak_dbfs=-12.0)
#: a contact is offered: two rising notes, noticeable but not alarming
OFFER_TONE = TonePattern("offer", (Beep(880.0, 0.15, 0.06), Beep(1175.0, 0.22)), peak_dbfs=-14.0)
#: something needs the operator now (offer about to time out, connection lost): three fast beeps
ALARM_TONE = TonePattern(
    "alarm", (Beep(988.0, 0.12, 0.06), Beep(988.0, 0.12, 0.06), Beep(988.0, 0.12)), peak_dbfs=-8.0
)

#: edge ramps: long enough to avoid a click, short enough not to soften the beep
FADE_S = 0.005


def sine(
    frequency_hz: float, seconds: float, samplerate: float, peak_dbfs: float, fade_s: float = FADE_S
) -> Samples:
    """A mono float32 sine with peak ``peak_dbfs``, faded in and out over ``fade_s``."""
    if samplerate <= 0 or seconds < 0:
        raise ValueError("samplerate must be positive and seconds non-negative")
    if not 0 < frequency_hz < samplerate / 2:
        raise ValueError(f"{frequency_hz} Hz is not below the Nyquist frequency")
    frames = round(seconds * samplerate)
    t = np.arange(frames, dtype=np.float64) / samplerate
    wave = from_dbfs(peak_dbfs) * np.sin(2.0 * np.pi * frequency_hz * t)
    ramp = min(round(fade_s * samplerate), frames // 2)
    if ramp > 0:
        edge = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
        wave[:ramp] *= edge
        wave[frames - ramp :] *= edge[::-1]
    return wave.astype(np.float32)


def render(pattern: TonePattern, samplerate: float) -> Samples:
    """The whole pattern as one mono float32 array."""
    parts: list[Samples] = []
    for beep in pattern.beeps:
        parts.append(sine(beep.frequency_hz, beep.seconds, samplerate, pattern.peak_dbfs))
        parts.append(np.zeros(round(beep.pause_after_s * samplerate), dtype=np.float32))
    if not parts:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(parts)
