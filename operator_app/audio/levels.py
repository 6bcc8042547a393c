"""Signal level in dBFS of a block of samples: RMS and peak, the numbers a level meter shows.

Samples are floats with full scale at ±1.0 (what sounddevice delivers for ``float32``). RMS is
``20·log10(rms)`` with no +3 dB sine correction, so a full-scale sine reads 0 dBFS peak and
−3.0 dBFS RMS. Digital silence reads ``FLOOR_DBFS`` instead of −∞ so readings stay plain
floats a UI can draw and a log can print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: what silence reads as; far below any real microphone's noise floor (16-bit dither ≈ −101)
FLOOR_DBFS = -120.0
_FLOOR_LINEAR = 10.0 ** (FLOOR_DBFS / 20.0)

Samples = npt.NDArray[np.floating]


def to_dbfs(linear: float) -> float:
    """A linear amplitude (1.0 = full scale) in dBFS, never below ``FLOOR_DBFS``."""
    if linear <= _FLOOR_LINEAR:
        return FLOOR_DBFS
    return 20.0 * math.log10(linear)


def from_dbfs(dbfs: float) -> float:
    """The linear amplitude of a level in dBFS."""
    return float(10.0 ** (dbfs / 20.0))


def as_mono(block: npt.ArrayLike) -> Samples:
    """A 1-D float array from a block shaped ``(frames,)`` or ``(frames, channels)``.

    Channels are averaged: a headset microphone is one channel, and a stereo one carries the
    same voice on both."""
    data = np.asarray(block)
    if not np.issubdtype(data.dtype, np.floating):
        raise TypeError(f"expected float samples at ±1.0 full scale, got {data.dtype}")
    if data.ndim == 2:
        return data[:, 0] if data.shape[1] == 1 else data.mean(axis=1)
    if data.ndim != 1:
        raise ValueError(f"expected (frames,) or (frames, channels), got shape {data.shape}")
    return data


@dataclass(frozen=True, slots=True)
class Level:
    """RMS and peak of some samples, in dBFS."""

    rms_dbfs: float
    peak_dbfs: float

    @classmethod
    def silent(cls) -> Level:
        return cls(FLOOR_DBFS, FLOOR_DBFS)


def block_stats(block: Samples) -> tuple[float, float]:
    """``(sum of squares, peak magnitude)`` of a mono block, the parts levels are made of."""
    if block.size == 0:
        return 0.0, 0.0
    as64 = block.astype(np.float64, copy=False)
    return float(np.dot(as64, as64)), float(np.max(np.abs(as64)))


def measure(samples: npt.ArrayLike) -> Level:
    """The level of a whole block (or a whole recording)."""
    mono = as_mono(samples)
    if mono.size == 0:
        return Level.silent()
    sum_sq, peak = block_stats(mono)
    return Level(to_dbfs(math.sqrt(sum_sq / mono.size)), to_dbfs(peak))
