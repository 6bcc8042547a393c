"""The operator's preferences and the administrator's presets.

An administrator presets values system-wide: the MSI writes them to
``HKLM\\SOFTWARE\\EKC\\Workstation`` (properties SERVER_URL, IDLE_LOCK_MINUTES, OFFER_SOUND);
on Linux they go to ``/etc/xdg/EKC/Workstation.conf`` (any directory of ``XDG_CONFIG_DIRS``).
Qt reads both with ``QSettings(NativeFormat, SystemScope, "EKC", "Workstation")``.

Precedence, per value:
- server URL: ``--server`` › the preset › none (the embedded demo);
- idle lock: the preset alone, when there is one: a security policy, not the operator's taste
  (the settings dialog shows it, greyed, "set by the administrator"); otherwise the user's
  value, otherwise 15 minutes;
- offer sound: the user's choice › the preset › on;
- language, font scale, high contrast: ``--lang`` › the user's choice › Russian, 100 %, off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QSettings

from operator_app.ui.theme import FONT_SCALES

log = logging.getLogger("ui")

LANGUAGES = ("ru", "en")
DEFAULT_IDLE_LOCK_MINUTES = 15
#: an idle lock outside this range is a typo in the preset, not a policy
IDLE_LOCK_RANGE = (1, 240)


@dataclass(frozen=True)
class Presets:
    """What the administrator set for every user of this machine (None: not set)."""

    server_url: str | None = None
    idle_lock_minutes: int | None = None
    offer_sound: bool | None = None


@dataclass(frozen=True)
class Preferences:
    language: str = "ru"
    font_scale: int = 100
    high_contrast: bool = False
    offer_sound: bool = True
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    #: the idle lock comes from the administrator and cannot be changed here
    idle_lock_locked: bool = False

    def changed(self, **values: Any) -> Preferences:
        return replace(self, **values)


def system_settings() -> QSettings:
    return QSettings(
        QSettings.Format.NativeFormat, QSettings.Scope.SystemScope, "EKC", "Workstation"
    )


def _text(settings: QSettings, key: str) -> str | None:
    value = settings.value(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on", "да"):
        return True
    if lowered in ("0", "false", "no", "off", "нет"):
        return False
    return None


def _minutes(value: str | None, source: str) -> int | None:
    if value is None:
        return None
    try:
        minutes = int(value)
    except ValueError:
        minutes = 0
    low, high = IDLE_LOCK_RANGE
    if not low <= minutes <= high:
        log.warning("ignoring idle lock %r from %s: not %d…%d minutes", value, source, low, high)
        return None
    return minutes


def read_presets(system: QSettings) -> Presets:
    where = system.fileName() or "system settings"
    sound = _text(system, "sound/offer")
    presets = Presets(
        server_url=_text(system, "server/url"),
        idle_lock_minutes=_minutes(_text(system, "session/idle_lock_minutes"), where),
        offer_sound=_flag(sound),
    )
    if sound is not None and presets.offer_sound is None:
        log.warning("ignoring offer sound %r from %s: not 1 or 0", sound, where)
    return presets


def load(user: QSettings, presets: Presets, language: str | None = None) -> Preferences:
    """The preferences in force: the user's choices over the presets (see the module doc)."""
    chosen = _text(user, "ui/language")
    language = language or (chosen if chosen in LANGUAGES else "ru")
    try:
        scale = int(_text(user, "ui/font_scale") or 100)
    except ValueError:
        scale = 100
    if scale not in FONT_SCALES:
        scale = 100
    sound = _flag(_text(user, "sound/offer"))
    if sound is None:
        sound = presets.offer_sound if presets.offer_sound is not None else True
    idle = presets.idle_lock_minutes
    locked = idle is not None
    if idle is None:
        idle = _minutes(_text(user, "session/idle_lock_minutes"), user.fileName())
    return Preferences(
        language=language,
        font_scale=scale,
        high_contrast=_flag(_text(user, "ui/high_contrast")) or False,
        offer_sound=sound,
        idle_lock_minutes=idle or DEFAULT_IDLE_LOCK_MINUTES,
        idle_lock_locked=locked,
    )


def save(user: QSettings, prefs: Preferences) -> None:
    user.setValue("ui/language", prefs.language)
    user.setValue("ui/font_scale", str(prefs.font_scale))
    user.setValue("ui/high_contrast", "1" if prefs.high_contrast else "0")
    user.setValue("sound/offer", "1" if prefs.offer_sound else "0")
    if not prefs.idle_lock_locked:
        user.setValue("session/idle_lock_minutes", str(prefs.idle_lock_minutes))
    user.sync()
