"""The device side's pure parts: choosing devices, resampling, the lock-free hand-over."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from operator_app.audio.alerts import AlertPlayer
from operator_app.audio.backend import AudioUnavailable, Unavailability
from operator_app.audio.devices import DeviceInfo, Direction, choose
from operator_app.audio.meter import Latest
from operator_app.audio.playback import resample
from operator_app.audio.tones import sine


def device(index: int, name: str, ins: int, outs: int, **defaults: bool) -> DeviceInfo:
    return DeviceInfo(index, name, "ALSA", ins, outs, 48000.0, **defaults)


DEVICES = [
    device(0, "HDA Intel: HDMI", 0, 8),
    device(1, "USB headset", 1, 2),
    device(2, "pulse", 32, 32, is_default_input=True, is_default_output=True),
]


def test_choose_by_name_then_default_then_first() -> None:
    assert choose(DEVICES, Direction.INPUT, "USB headset").index == 1
    assert choose(DEVICES, Direction.OUTPUT, None).index == 2
    no_defaults = [d for d in DEVICES if d.index != 2]
    assert choose(no_defaults, Direction.INPUT).index == 1
    assert choose(no_defaults, Direction.OUTPUT).index == 0


def test_an_output_only_device_is_not_a_microphone() -> None:
    with pytest.raises(AudioUnavailable) as caught:
        choose(DEVICES, Direction.INPUT, "HDA Intel: HDMI")
    assert caught.value.kind is Unavailability.DEVICE_MISSING
    assert "«HDA Intel: HDMI»" in caught.value.reason_ru


@pytest.mark.parametrize(
    ("direction", "kind", "ru"),
    [
        (Direction.INPUT, Unavailability.NO_INPUT, "Нет устройств ввода"),
        (Direction.OUTPUT, Unavailability.NO_OUTPUT, "Нет устройств вывода"),
    ],
)
def test_no_device_at_all(direction: Direction, kind: Unavailability, ru: str) -> None:
    with pytest.raises(AudioUnavailable) as caught:
        choose([], direction)
    assert caught.value.kind is kind
    assert caught.value.reason_ru.startswith(ru)
    assert caught.value.reason_en.startswith("No ")
    assert str(caught.value) == f"{caught.value.reason_ru} / {caught.value.reason_en}"


def test_resample_keeps_pitch_and_duration() -> None:
    tone = sine(1000.0, 1.0, 44100, -12.0, fade_s=0.0)
    out = resample(tone, 44100, 48000)
    assert out.size == 48000 and out.dtype == np.float32
    crossings = np.count_nonzero(np.diff(np.signbit(out)))
    assert crossings == pytest.approx(2000, abs=2)
    assert resample(tone, 44100, 44100) is tone


def test_latest_never_waits_for_a_reader() -> None:
    latest = Latest(1)
    assert latest.offer(2) and latest.get() == 2
    held = threading.Event()
    release = threading.Event()

    def reader_holding_the_lock() -> None:
        with latest._lock:  # a reader caught mid-copy
            held.set()
            release.wait(5)

    thread = threading.Thread(target=reader_holding_the_lock)
    thread.start()
    held.wait(5)
    try:
        assert latest.offer(3) is False  # returns at once instead of blocking the callback
    finally:
        release.set()
        thread.join(5)
    assert latest.get() == 2
    assert latest.offer(4) and latest.get() == 4


def test_an_unused_alert_player_is_idle_and_closes() -> None:
    player = AlertPlayer()
    assert player.wait_idle(0.1)
    player.close()
    assert player.problem is None
