"""The device side against the real PortAudio on virtual ALSA devices: a microphone that plays
a known file and headphones that write one (see ``virtual_alsa``)."""

from __future__ import annotations

import numpy as np
import pytest

from operator_app.audio.levels import from_dbfs, measure
from operator_app.audio.tones import ALARM_TONE, OFFER_TONE, TEST_TONE, render, sine
from tests.audio.virtual_alsa import MIC, PHONES, RATE, VirtualAlsa, outputs_only_config

#: the files hold float32, the streams' format: nothing is converted, so samples match exactly
TOLERANCE = 0.0

SHORT_SILENCE = {"silence_after_s": 2.0}


def offset_of(haystack: np.ndarray, needle: np.ndarray) -> int:
    """Where ``needle`` sits in ``haystack``: the peak of their cross-correlation (FFT)."""
    size = haystack.size + needle.size
    spectrum = np.fft.rfft(haystack.astype(np.float64), size) * np.conj(
        np.fft.rfft(needle.astype(np.float64), size)
    )
    correlation = np.fft.irfft(spectrum, size)[: haystack.size - needle.size + 1]
    return int(np.argmax(correlation))


def assert_contains(heard: np.ndarray, expected: np.ndarray) -> None:
    assert heard.size >= expected.size, f"only {heard.size} frames heard, {expected.size} sent"
    start = offset_of(heard, expected)
    error = np.abs(heard[start : start + expected.size] - expected)
    assert error.max() <= TOLERANCE, f"differs by up to {error.max()} at offset {start}"
    # before and after is what the stream padded with: silence, not stray audio
    rest = np.concatenate([heard[:start], heard[start + expected.size :]])
    assert rest.size == 0 or np.abs(rest).max() <= TOLERANCE


def test_devices_are_listed(alsa: VirtualAlsa) -> None:
    result = alsa.run("devices")
    assert MIC in result["inputs"] and PHONES in result["outputs"]
    assert result["problem"] is None


def test_sine_reads_back_at_its_level(alsa: VirtualAlsa) -> None:
    alsa.speak(sine(1000.0, 4.0, RATE, -12.0, fade_s=0.0))
    result = alsa.run("meter", input=MIC, seconds=3.0, settings=SHORT_SILENCE)
    assert result["finished"]
    assert result["samplerate"] == RATE
    assert result["seconds"] == pytest.approx(3.0)
    assert result["peak_dbfs"] == pytest.approx(-12.0, abs=1.0)
    assert result["rms_dbfs"] == pytest.approx(-12.0 - 3.01, abs=1.0)
    assert result["issues"] == []


def test_silent_microphone_raises_the_silence_warning(alsa: VirtualAlsa) -> None:
    alsa.speak(np.zeros(4 * RATE, dtype=np.float32))
    result = alsa.run("meter", input=MIC, seconds=3.0, settings=SHORT_SILENCE)
    assert result["finished"]
    assert result["issues"] == ["silence"]
    assert result["rms_dbfs"] < -100


def test_clipped_microphone_raises_the_clipping_warning(alsa: VirtualAlsa) -> None:
    alsa.speak(np.clip(2.0 * sine(440.0, 4.0, RATE, 0.0, fade_s=0.0), -1.0, 1.0))
    result = alsa.run("meter", input=MIC, seconds=3.0, settings=SHORT_SILENCE)
    assert result["finished"]
    assert result["issues"] == ["clipping"]
    assert result["peak_dbfs"] == pytest.approx(0.0, abs=0.1)


def test_record_and_play_back(alsa: VirtualAlsa) -> None:
    rng = np.random.default_rng(2024)
    speech = np.clip(rng.standard_normal(3 * RATE) * from_dbfs(-20.0), -0.9, 0.9)
    captured = alsa.speak(speech)
    result = alsa.run("loopback", input=MIC, output=PHONES, seconds=2.0)
    frames = 2 * RATE
    assert result["frames"] == frames
    assert result["ok"]
    assert result["rms_dbfs"] == pytest.approx(measure(speech[:frames]).rms_dbfs, abs=0.1)
    # the first two seconds of what the microphone captured, sample for sample, in the phones
    assert_contains(alsa.heard(), captured[:frames])


@pytest.mark.parametrize("pattern", ["TEST_TONE", "OFFER_TONE"])
def test_tone_reaches_the_headphones(alsa: VirtualAlsa, pattern: str) -> None:
    result = alsa.run("tone", output=PHONES, pattern=pattern)
    assert result["played"]
    assert result["samplerate"] == RATE
    tone = {"TEST_TONE": TEST_TONE, "OFFER_TONE": OFFER_TONE}[pattern]
    expected = render(tone, RATE)
    heard = alsa.heard()
    assert measure(heard).peak_dbfs == pytest.approx(tone.peak_dbfs, abs=1.0)
    assert_contains(heard, expected)


def test_alarm_plays_through_the_alert_player(alsa: VirtualAlsa) -> None:
    result = alsa.run("alert", output=PHONES, which="alarm")
    assert result == {"idle": True, "problem": None}
    heard = alsa.heard()
    assert measure(heard).peak_dbfs == pytest.approx(ALARM_TONE.peak_dbfs, abs=1.0)
    assert_contains(heard, render(ALARM_TONE, RATE))


def test_no_microphone_is_reported(alsa: VirtualAlsa) -> None:
    alsa.configure(outputs_only_config(alsa.phones_raw))
    result = alsa.run("devices")
    assert result["inputs"] == [] and PHONES in result["outputs"]
    assert result["problem"]["kind"] == "no-input"
    assert result["problem"]["ru"].startswith("Нет устройств ввода")
    assert result["problem"]["en"].startswith("No input devices")
