"""Levels in dBFS and the generated tones: pure numpy, synthetic arrays."""

from __future__ import annotations

import math

import numpy as np
import pytest

from operator_app.audio.levels import FLOOR_DBFS, Level, as_mono, from_dbfs, measure, to_dbfs
from operator_app.audio.tones import ALARM_TONE, OFFER_TONE, TEST_TONE, render, sine

RATE = 48000
SINE_RMS_OFFSET = 20 * math.log10(math.sqrt(0.5))  # a sine's RMS sits 3.01 dB under its peak


def dominant_hz(samples: np.ndarray, rate: float) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[int(np.argmax(spectrum))])


def test_dbfs_conversions() -> None:
    assert to_dbfs(1.0) == 0.0
    assert to_dbfs(0.5) == pytest.approx(-6.0206, abs=1e-4)
    assert to_dbfs(0.0) == FLOOR_DBFS
    assert to_dbfs(1e-9) == FLOOR_DBFS  # below the floor, not -inf or a warning
    assert from_dbfs(-12.0) == pytest.approx(0.2512, abs=1e-4)
    assert to_dbfs(from_dbfs(-37.5)) == pytest.approx(-37.5)


@pytest.mark.parametrize("peak_dbfs", [-3.0, -12.0, -40.0])
def test_sine_reads_its_peak_and_rms(peak_dbfs: float) -> None:
    level = measure(sine(1000.0, 1.0, RATE, peak_dbfs, fade_s=0.0))
    assert level.peak_dbfs == pytest.approx(peak_dbfs, abs=0.01)
    assert level.rms_dbfs == pytest.approx(peak_dbfs + SINE_RMS_OFFSET, abs=0.01)


def test_square_wave_and_silence() -> None:
    square = np.where(np.arange(RATE) % 48 < 24, 0.5, -0.5).astype(np.float32)
    assert measure(square) == Level(
        pytest.approx(-6.0206, abs=1e-3), pytest.approx(-6.0206, abs=1e-3)
    )
    assert measure(np.zeros(480, dtype=np.float32)) == Level.silent()
    assert measure(np.zeros(0, dtype=np.float32)) == Level.silent()


def test_channels_are_averaged_and_ints_refused() -> None:
    stereo = np.stack([np.full(4, 0.5), np.full(4, 0.25)], axis=1)
    assert as_mono(stereo).tolist() == [0.375] * 4
    assert as_mono(stereo[:, :1]).tolist() == [0.5] * 4
    with pytest.raises(TypeError):
        as_mono(np.zeros(4, dtype=np.int16))
    with pytest.raises(ValueError):
        as_mono(np.zeros((2, 2, 2)))


def test_sine_frequency_length_and_click_free_edges() -> None:
    wave = sine(1000.0, 0.5, RATE, -12.0)
    assert wave.dtype == np.float32
    assert wave.size == RATE // 2
    assert dominant_hz(wave, RATE) == pytest.approx(1000.0, abs=2.0)
    ramp = round(0.005 * RATE)
    assert abs(wave[0]) < 1e-6 and abs(wave[-1]) < 1e-4
    assert np.max(np.abs(wave[: ramp // 4])) < 0.15 * from_dbfs(-12.0)  # faded in
    assert np.max(np.abs(wave[ramp:])) == pytest.approx(from_dbfs(-12.0), rel=1e-3)


def test_sine_refuses_what_it_cannot_play() -> None:
    with pytest.raises(ValueError):
        sine(30000.0, 1.0, RATE, -12.0)
    with pytest.raises(ValueError):
        sine(1000.0, -1.0, RATE, -12.0)


@pytest.mark.parametrize("rate", [8000, 44100, 48000])
def test_patterns_render_at_the_device_rate(rate: int) -> None:
    for pattern in (TEST_TONE, OFFER_TONE, ALARM_TONE):
        samples = render(pattern, rate)
        assert samples.size == pytest.approx(pattern.seconds * rate, abs=len(pattern.beeps))
        assert measure(samples).peak_dbfs == pytest.approx(pattern.peak_dbfs, abs=0.05)


def test_offer_tone_is_two_rising_notes_and_alarm_three_beeps() -> None:
    offer = render(OFFER_TONE, RATE)
    first, second = OFFER_TONE.beeps
    n1 = round(first.seconds * RATE)
    gap = round(first.pause_after_s * RATE)
    assert dominant_hz(offer[:n1], RATE) == pytest.approx(first.frequency_hz, abs=10)
    assert not offer[n1 : n1 + gap].any()
    assert dominant_hz(offer[n1 + gap :], RATE) == pytest.approx(second.frequency_hz, abs=10)
    assert second.frequency_hz > first.frequency_hz

    envelope = np.convolve(np.abs(render(ALARM_TONE, RATE)), np.ones(240) / 240, mode="same")
    sounding = np.concatenate([[False], envelope > 0.01])
    onsets = np.flatnonzero(sounding[1:] & ~sounding[:-1])
    assert len(onsets) == 3
