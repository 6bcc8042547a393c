"""Silence and clipping over blocks, and the meter's windowed level: synthetic arrays, stream
time only."""

from __future__ import annotations

import numpy as np
import pytest

from operator_app.audio.levels import FLOOR_DBFS, from_dbfs
from operator_app.audio.quality import (
    AudioIssue,
    ClippingDetector,
    MeterReading,
    QualityMonitor,
    QualitySettings,
    SilenceDetector,
    assess_recording,
)
from operator_app.audio.tones import sine

RATE = 48000
BLOCK = 960  # 20 ms, what the meter's stream delivers


def blocks(samples: np.ndarray, size: int = BLOCK) -> list[np.ndarray]:
    return [samples[i : i + size] for i in range(0, samples.size, size)]


def noise(seconds: float, rms_dbfs: float, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(round(seconds * RATE)) * from_dbfs(rms_dbfs)).astype(np.float32)


def clipped_sine(seconds: float, drive: float = 2.0) -> np.ndarray:
    return np.clip(drive * sine(440.0, seconds, RATE, 0.0, fade_s=0.0), -1.0, 1.0)


def feed_all(detector: SilenceDetector | ClippingDetector, samples: np.ndarray) -> list[bool]:
    return [detector.feed(b) for b in blocks(samples)]


def test_silence_needs_the_whole_delay() -> None:
    detector = SilenceDetector(RATE, threshold_dbfs=-65.0, after_s=2.0)
    states = feed_all(detector, np.zeros(round(2.5 * RATE), dtype=np.float32))
    first_active = states.index(True)
    assert first_active * BLOCK / RATE == pytest.approx(2.0 - BLOCK / RATE, abs=1e-9)
    assert detector.quiet_seconds == pytest.approx(2.5)


def test_a_live_microphone_is_not_silent_and_speech_resets_silence() -> None:
    detector = SilenceDetector(RATE, threshold_dbfs=-65.0, after_s=1.0)
    assert not any(feed_all(detector, noise(3.0, -55.0)))  # room noise of a live headset
    assert feed_all(detector, np.zeros(RATE, dtype=np.float32))[-1]
    assert not detector.feed(noise(0.02, -30.0))
    assert detector.quiet_seconds == 0.0


def test_quiet_but_not_silent_counts_as_silent_below_threshold() -> None:
    detector = SilenceDetector(RATE, threshold_dbfs=-65.0, after_s=1.0)
    assert feed_all(detector, noise(1.5, -80.0))[-1]  # a dead microphone's hiss


def test_clipping_detected_and_forgotten_after_the_window() -> None:
    detector = ClippingDetector(RATE, clip_level=0.99, window_s=0.5, fraction=0.005)
    assert feed_all(detector, clipped_sine(0.5))[-1]
    assert detector.fraction > 0.1
    clean = sine(440.0, 0.6, RATE, -1.0, fade_s=0.0)  # loud but clean
    states = feed_all(detector, clean)
    assert states[0] and not states[-1]
    assert detector.fraction == 0.0


def test_a_few_clipped_samples_are_below_the_fraction() -> None:
    detector = ClippingDetector(RATE, clip_level=0.99, window_s=0.5, fraction=0.005)
    signal = sine(440.0, 0.5, RATE, -6.0, fade_s=0.0)
    signal[::2400] = 1.0  # 10 isolated full-scale samples in 24000
    assert not any(feed_all(detector, signal))
    assert 0 < detector.fraction < 0.005


def test_full_scale_sine_counts_as_clipping() -> None:
    # a sine touching full scale spends ~9 % of its samples above 0.99
    detector = ClippingDetector(RATE, clip_level=0.99, window_s=0.5, fraction=0.005)
    assert feed_all(detector, sine(440.0, 0.5, RATE, 0.0, fade_s=0.0))[-1]


def test_monitor_reads_level_over_its_window() -> None:
    monitor = QualityMonitor(RATE, QualitySettings(level_window_s=0.3))
    for block in blocks(sine(1000.0, 1.0, RATE, -12.0, fade_s=0.0)):
        reading = monitor.feed(block)
    assert reading.level.peak_dbfs == pytest.approx(-12.0, abs=0.01)
    assert reading.level.rms_dbfs == pytest.approx(-15.01, abs=0.01)
    assert reading.seconds == pytest.approx(1.0)
    assert reading.issues == frozenset()
    # 0.3 s of silence later the loud part has left the window
    for block in blocks(np.zeros(round(0.3 * RATE), dtype=np.float32)):
        reading = monitor.feed(block)
    assert reading.level.rms_dbfs == FLOOR_DBFS
    assert reading.level.peak_dbfs == FLOOR_DBFS


def test_monitor_reports_both_issues_and_resets() -> None:
    monitor = QualityMonitor(RATE, QualitySettings(silence_after_s=1.0))
    for block in blocks(np.zeros(round(1.2 * RATE), dtype=np.float32)):
        reading = monitor.feed(block)
    assert reading.issues == {AudioIssue.SILENCE}
    assert reading.silent and not reading.clipping
    for block in blocks(clipped_sine(0.5)):
        reading = monitor.feed(block)
    assert reading.issues == {AudioIssue.CLIPPING}
    monitor.reset()
    assert monitor.reading() == MeterReading.initial()


@pytest.mark.parametrize("size", [64, 480, 1024, 4800])
def test_verdicts_do_not_depend_on_block_size(size: int) -> None:
    settings = QualitySettings(silence_after_s=1.0)
    signal = np.concatenate([noise(0.5, -30.0), np.zeros(round(1.5 * RATE), np.float32)])
    monitor = QualityMonitor(RATE, settings)
    for block in blocks(signal, size):
        reading = monitor.feed(block)
    assert reading.silent
    assert reading.quiet_seconds == pytest.approx(1.5, abs=size / RATE)


def test_stereo_blocks_are_accepted() -> None:
    monitor = QualityMonitor(RATE)
    mono = sine(1000.0, 0.1, RATE, -20.0, fade_s=0.0)
    reading = monitor.feed(np.stack([mono, mono], axis=1))
    assert reading.level.peak_dbfs == pytest.approx(-20.0, abs=0.01)


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError):
        QualitySettings(level_window_s=0)
    with pytest.raises(ValueError):
        QualitySettings(clip_level=1.5)
    with pytest.raises(ValueError):
        QualityMonitor(0)


def test_assess_recording() -> None:
    spoken = assess_recording(noise(3.0, -25.0), RATE)
    assert spoken.ok and spoken.seconds == pytest.approx(3.0)
    assert spoken.level.rms_dbfs == pytest.approx(-25.0, abs=0.2)
    assert assess_recording(np.zeros(RATE, np.float32), RATE).silent
    assert assess_recording(clipped_sine(1.0), RATE).clipping
    assert not assess_recording(np.zeros(0, np.float32), RATE).ok
