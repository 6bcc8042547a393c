"""The headset check before the shift, in one object the check dialog drives.

Devices are listed, chosen by name, and tried: a test tone, a live microphone meter and a
short record-and-play-back. Everything raises ``AudioUnavailable`` with a reason to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from operator_app.audio.backend import AudioUnavailable
from operator_app.audio.devices import DeviceInfo, Direction, choose, list_devices
from operator_app.audio.meter import LevelMeter
from operator_app.audio.playback import Playback, play
from operator_app.audio.quality import QualitySettings
from operator_app.audio.recording import LoopbackResult, record_and_play_back, start_recording
from operator_app.audio.tones import TEST_TONE, TonePattern, render


@dataclass(frozen=True, slots=True)
class AudioStatus:
    """What sound there is: the devices, or why there is none."""

    inputs: tuple[DeviceInfo, ...]
    outputs: tuple[DeviceInfo, ...]
    problem: AudioUnavailable | None

    @property
    def available(self) -> bool:
        return self.problem is None


def probe() -> AudioStatus:
    """List the devices without raising: the status bar and the check dialog start here."""
    try:
        devices = list_devices()
    except AudioUnavailable as exc:
        return AudioStatus((), (), exc)
    inputs = tuple(d for d in devices if d.can(Direction.INPUT))
    outputs = tuple(d for d in devices if d.can(Direction.OUTPUT))
    problem = None
    if not inputs:
        problem = AudioUnavailable.no_input()
    elif not outputs:
        problem = AudioUnavailable.no_output()
    return AudioStatus(inputs, outputs, problem)


class HeadsetCheck:
    """The chosen microphone and headphones (by saved name; ``None`` for the defaults)."""

    def __init__(
        self,
        input_name: str | None = None,
        output_name: str | None = None,
        settings: QualitySettings | None = None,
    ) -> None:
        devices = list_devices()
        self.input: DeviceInfo = choose(devices, Direction.INPUT, input_name)
        self.output: DeviceInfo = choose(devices, Direction.OUTPUT, output_name)
        self.settings = settings or QualitySettings()

    def play_tone(self, pattern: TonePattern = TEST_TONE) -> Playback:
        rate = self.output.default_samplerate
        return play(render(pattern, rate), rate, self.output)

    def meter(self) -> LevelMeter:
        """A started live meter on the microphone; ``stop()`` it when the dialog closes."""
        return LevelMeter(self.input, settings=self.settings).start()

    def start_recording(self, seconds: float = 3.0) -> LevelMeter:
        """The recording half on its own, to show its live level while the operator speaks;
        ``recording.finish_recording`` takes the audio, ``play`` plays it back."""
        return start_recording(self.input, seconds, self.settings)

    def record_and_play_back(self, seconds: float = 3.0) -> LoopbackResult:
        """Blocking: record ``seconds``, play them back, judge the recording."""
        return record_and_play_back(self.input, self.output, seconds, self.settings)
