"""Sound for the workstation, without Qt: the headset check, the live level meter with its
silence and clipping warnings, and the offer and alarm tones.

``levels``, ``quality`` and ``tones`` are pure numpy; the rest drives PortAudio through
sounddevice, which is imported lazily (``backend``) so the workstation runs without it and says
why (``AudioUnavailable``).
"""

from __future__ import annotations

from operator_app.audio.alerts import AlertPlayer
from operator_app.audio.backend import AudioUnavailable, Unavailability
from operator_app.audio.devices import DeviceInfo, Direction, list_devices, rescan
from operator_app.audio.headset import AudioStatus, HeadsetCheck, probe
from operator_app.audio.levels import FLOOR_DBFS, Level, measure
from operator_app.audio.meter import LevelMeter
from operator_app.audio.playback import Playback, play
from operator_app.audio.quality import (
    AudioIssue,
    MeterReading,
    QualityMonitor,
    QualitySettings,
    RecordingVerdict,
    assess_recording,
)
from operator_app.audio.recording import LoopbackResult, Recording, record, record_and_play_back
from operator_app.audio.tones import ALARM_TONE, OFFER_TONE, TEST_TONE, TonePattern, render

__all__ = [
    "ALARM_TONE",
    "FLOOR_DBFS",
    "OFFER_TONE",
    "TEST_TONE",
    "AlertPlayer",
    "AudioIssue",
    "AudioStatus",
    "AudioUnavailable",
    "DeviceInfo",
    "Direction",
    "HeadsetCheck",
    "Level",
    "LevelMeter",
    "LoopbackResult",
    "MeterReading",
    "Playback",
    "QualityMonitor",
    "QualitySettings",
    "Recording",
    "RecordingVerdict",
    "TonePattern",
    "Unavailability",
    "assess_recording",
    "list_devices",
    "measure",
    "play",
    "probe",
    "record",
    "record_and_play_back",
    "render",
    "rescan",
]
