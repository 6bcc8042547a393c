"""Input and output devices as PortAudio lists them, and choosing one by its saved name.

Settings keep the device *name*: PortAudio's indices change when a headset is plugged in or
the machine restarts, names do not.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from operator_app.audio.backend import AudioUnavailable, portaudio_error, sounddevice

log = logging.getLogger("audio")


class Direction(enum.Enum):
    INPUT = "input"
    OUTPUT = "output"


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """One PortAudio device."""

    index: int
    name: str
    hostapi: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    is_default_input: bool = False
    is_default_output: bool = False

    def can(self, direction: Direction) -> bool:
        channels = (
            self.max_input_channels if direction is Direction.INPUT else self.max_output_channels
        )
        return channels > 0

    @property
    def label(self) -> str:
        """What a device picker shows: the name, and the host API when there are several."""
        return f"{self.name} ({self.hostapi})"


def _from_portaudio(sd: Any) -> list[DeviceInfo]:
    try:
        hostapis = [str(api["name"]) for api in sd.query_hostapis()]
        default_in, default_out = (int(i) for i in sd.default.device)
        raw = sd.query_devices()
    except portaudio_error(sd) as exc:
        raise AudioUnavailable.device_error("PortAudio", exc) from exc
    devices = []
    for entry in raw:
        index = int(entry["index"])
        devices.append(
            DeviceInfo(
                index=index,
                name=str(entry["name"]),
                hostapi=hostapis[int(entry["hostapi"])],
                max_input_channels=int(entry["max_input_channels"]),
                max_output_channels=int(entry["max_output_channels"]),
                default_samplerate=float(entry["default_samplerate"]),
                is_default_input=index == default_in,
                is_default_output=index == default_out,
            )
        )
    return devices


def list_devices() -> list[DeviceInfo]:
    """Every device; raises ``AudioUnavailable`` without PortAudio."""
    return _from_portaudio(sounddevice())


def input_devices() -> list[DeviceInfo]:
    return [d for d in list_devices() if d.can(Direction.INPUT)]


def output_devices() -> list[DeviceInfo]:
    return [d for d in list_devices() if d.can(Direction.OUTPUT)]


def choose(
    devices: Sequence[DeviceInfo], direction: Direction, name: str | None = None
) -> DeviceInfo:
    """The device called ``name`` (the first host API's if several), else the default one,
    else the first that can do ``direction``.

    A saved name that is gone raises ``DEVICE_MISSING`` rather than silently switching the
    operator to another headset; no device at all raises ``NO_INPUT``/``NO_OUTPUT``."""
    inputs = direction is Direction.INPUT
    usable = [d for d in devices if d.can(direction)]
    if not usable:
        raise AudioUnavailable.no_input() if inputs else AudioUnavailable.no_output()
    if name:
        for device in usable:
            if device.name == name:
                return device
        raise AudioUnavailable.device_missing(name)
    for device in usable:
        if device.is_default_input if inputs else device.is_default_output:
            return device
    return usable[0]


def choose_input(name: str | None = None) -> DeviceInfo:
    return choose(list_devices(), Direction.INPUT, name)


def choose_output(name: str | None = None) -> DeviceInfo:
    return choose(list_devices(), Direction.OUTPUT, name)


def rescan() -> None:
    """Re-read the device list after a headset was plugged in or out.

    PortAudio fixes its list at initialisation, and re-initialising it is the only way; this
    uses sounddevice's private ``_terminate``/``_initialize`` (the module itself calls them at
    import and exit). No stream may be open while it runs."""
    sd = sounddevice()
    sd._terminate()
    sd._initialize()
    log.info("audio devices rescanned")
