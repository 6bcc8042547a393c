"""Loading PortAudio (through sounddevice) once, and the reasons audio can be unavailable.

``import sounddevice`` initialises PortAudio and raises ``OSError`` when libportaudio is not
installed. The workstation must run without sound, so the import happens here, lazily, once,
and a failure becomes an ``AudioUnavailable`` with a reason the operator can read.
"""

from __future__ import annotations

import enum
import logging
import threading
from typing import Any

log = logging.getLogger("audio")


class Unavailability(enum.Enum):
    """Why there is no sound; the UI may map these to its own translated text."""

    NO_PORTAUDIO = "no-portaudio"
    NO_INPUT = "no-input"
    NO_OUTPUT = "no-output"
    DEVICE_MISSING = "device-missing"
    DEVICE_ERROR = "device-error"


class AudioUnavailable(Exception):
    """Sound cannot be used: the kind, and a plain reason in Russian and in English."""

    def __init__(self, kind: Unavailability, reason_ru: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.kind = kind
        self.reason_ru = reason_ru
        self.reason_en = reason_en

    def __str__(self) -> str:
        return f"{self.reason_ru} / {self.reason_en}"

    @classmethod
    def no_portaudio(cls, detail: str = "") -> AudioUnavailable:
        suffix = f" ({detail})" if detail else ""
        return cls(
            Unavailability.NO_PORTAUDIO,
            "PortAudio не найден: звук недоступен. Установите библиотеку PortAudio "
            "(в Debian/Ubuntu — пакет libportaudio2)." + suffix,
            "PortAudio not found: sound is unavailable. Install the PortAudio library "
            "(libportaudio2 on Debian/Ubuntu)." + suffix,
        )

    @classmethod
    def no_input(cls) -> AudioUnavailable:
        return cls(
            Unavailability.NO_INPUT,
            "Нет устройств ввода: подключите гарнитуру с микрофоном.",
            "No input devices: connect a headset with a microphone.",
        )

    @classmethod
    def no_output(cls) -> AudioUnavailable:
        return cls(
            Unavailability.NO_OUTPUT,
            "Нет устройств вывода: подключите гарнитуру или наушники.",
            "No output devices: connect a headset or headphones.",
        )

    @classmethod
    def device_missing(cls, name: str) -> AudioUnavailable:
        return cls(
            Unavailability.DEVICE_MISSING,
            f"Устройство «{name}» не найдено: подключите его или выберите другое.",
            f"Device “{name}” not found: connect it or choose another one.",
        )

    @classmethod
    def not_responding(cls, name: str) -> AudioUnavailable:
        return cls(
            Unavailability.DEVICE_ERROR,
            f"Устройство «{name}» не отвечает: звук не идёт.",
            f"Device “{name}” is not responding: no audio flows.",
        )

    @classmethod
    def device_error(cls, name: str, error: object) -> AudioUnavailable:
        return cls(
            Unavailability.DEVICE_ERROR,
            f"Не удалось открыть устройство «{name}»: {error}",
            f"Could not open device “{name}”: {error}",
        )


_lock = threading.Lock()
_module: Any = None
_failure: AudioUnavailable | None = None


def sounddevice() -> Any:
    """The initialised ``sounddevice`` module; raises ``AudioUnavailable`` without PortAudio.

    Tried once per process: PortAudio's device list is fixed at initialisation anyway."""
    global _module, _failure
    with _lock:
        if _module is None and _failure is None:
            try:
                import sounddevice as sd
            except OSError as exc:  # libportaudio missing or not loadable
                _failure = AudioUnavailable.no_portaudio(str(exc))
            except ImportError as exc:  # a build without the sounddevice package
                _failure = AudioUnavailable.no_portaudio(f"sounddevice: {exc}")
            else:
                _module = sd
                log.info("PortAudio: %s", sd.get_portaudio_version()[1])
            if _failure is not None:
                log.warning("sound unavailable: %s", _failure.reason_en)
        if _failure is not None:
            # a fresh exception each time: re-raising one instance would grow its traceback
            raise AudioUnavailable(_failure.kind, _failure.reason_ru, _failure.reason_en)
        return _module


def portaudio_error(sd: Any) -> type[Exception]:
    """sounddevice's error type, for ``except`` clauses that must not import it eagerly."""
    error: type[Exception] = sd.PortAudioError
    return error
