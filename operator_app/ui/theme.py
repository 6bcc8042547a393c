"""Colours by meaning, in the standard and the high-contrast theme, and the font scale.

Widgets never write a colour literal: they ask `current()` for the colour of what they show
(a warning, an overdue row, the offline banner), so the high-contrast theme changes all of
them. Both themes are checked against WCAG's contrast ratio (tests/ui/test_appearance.py):
4.5:1 for text in the standard theme, 7:1 (AAA) in the high-contrast one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

#: font scales offered in the settings (percent of the system font)
FONT_SCALES = (100, 115, 130, 150)


@dataclass(frozen=True)
class Theme:
    name: str
    text: str  # ordinary text on `base`
    base: str  # the background of lists, editors and panes
    muted: str  # secondary text: timestamps, hints
    ok: str  # on the line, in time
    warning: str  # attention soon: connecting, near the service level
    error: str  # failed, overdue, refused
    banner_bg: str  # the offline banner
    banner_fg: str
    banner_border: str
    offer_bg: str  # the offered contact's frame in the queue
    offer_fg: str
    row_offered: str  # the offered contact's row
    row_late: str  # the wait cell past the service level, an overdue task
    row_soon: str  # the wait cell close to it
    row_fine: str  # the wait cell well within it
    deleted_bg: str  # a diff's removed text
    deleted_fg: str
    added_bg: str  # a diff's added text
    added_fg: str
    meter_low: str  # the level meter's bar: speech level
    meter_high: str  # loud
    meter_clip: str  # clipping
    chart_primary: str  # monitor charts: answered, waiting
    chart_secondary: str  # queued (beside answered)
    chart_level: str  # the service level line
    chart_grid: str  # axes and grid lines

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


STANDARD = Theme(
    name="standard",
    text="#111827",
    base="#ffffff",
    muted="#4b5563",
    ok="#15803d",
    warning="#a16207",
    error="#b91c1c",
    banner_bg="#fef3c7",
    banner_fg="#7c2d12",
    banner_border="#b45309",
    offer_bg="#1d4ed8",
    offer_fg="#ffffff",
    row_offered="#dbeafe",
    row_late="#fecaca",
    row_soon="#fef3c7",
    row_fine="#dcfce7",
    deleted_bg="#fee2e2",
    deleted_fg="#991b1b",
    added_bg="#dcfce7",
    added_fg="#166534",
    meter_low="#16a34a",
    meter_high="#d97706",
    meter_clip="#dc2626",
    chart_primary="#1d4ed8",
    chart_secondary="#93a8d8",
    chart_level="#15803d",
    chart_grid="#9ca3af",
)

#: after Windows' "High Contrast Black": white on black, yellow and cyan for what matters
HIGH_CONTRAST = Theme(
    name="high_contrast",
    text="#ffffff",
    base="#000000",
    muted="#d4d4d4",
    ok="#3ff23f",
    warning="#ffff00",
    error="#ff9090",
    banner_bg="#000000",
    banner_fg="#ffff00",
    banner_border="#ffff00",
    offer_bg="#000000",
    offer_fg="#1aebff",
    row_offered="#00304d",
    row_late="#5c0000",
    row_soon="#3d3300",
    row_fine="#002e00",
    deleted_bg="#5c0000",
    deleted_fg="#ffffff",
    added_bg="#002e00",
    added_fg="#ffffff",
    meter_low="#3ff23f",
    meter_high="#ffff00",
    meter_clip="#ff5050",
    chart_primary="#1aebff",
    chart_secondary="#8a8a8a",
    chart_level="#3ff23f",
    chart_grid="#d4d4d4",
)

_current = STANDARD
_original: tuple[str, QPalette, QFont] | None = None


def _style_keys() -> set[str]:
    return {key.lower() for key in QStyleFactory.keys()}  # noqa: SIM118 (a Qt call, not a dict)


def current() -> Theme:
    return _current


def high_contrast_palette() -> QPalette:
    t = HIGH_CONTRAST
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, t.base),
        (roles.WindowText, t.text),
        (roles.Base, t.base),
        (roles.AlternateBase, "#1a1a1a"),
        (roles.Text, t.text),
        (roles.Button, t.base),
        (roles.ButtonText, t.text),
        (roles.BrightText, "#ffff00"),
        (roles.Highlight, "#1aebff"),
        (roles.HighlightedText, "#000000"),
        (roles.ToolTipBase, t.base),
        (roles.ToolTipText, t.text),
        (roles.PlaceholderText, t.muted),
        (roles.Link, "#ffff00"),
        (roles.LinkVisited, "#ffff00"),
        (roles.Light, "#ffffff"),
        (roles.Midlight, "#c0c0c0"),
        (roles.Mid, "#c0c0c0"),
        (roles.Dark, "#ffffff"),
        (roles.Shadow, "#ffffff"),
    ):
        palette.setColor(roles(role), QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#3ff23f"))  # Windows' disabled-text green
    return palette


def apply(app: QApplication, *, high_contrast: bool, font_scale: int) -> None:
    """Switch the whole application's theme and font size (widgets built later follow)."""
    global _current, _original
    if _original is None:
        _original = (app.style().name(), app.palette(), app.font())
    style, palette, font = _original
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * font_scale / 100)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * font_scale / 100)))
    if app.font() != scaled:
        app.setFont(scaled)
    # Fusion draws with the palette throughout; native styles may not (Windows 11's ignores it)
    wanted = "fusion" if high_contrast else style
    if app.style().name().lower() != wanted.lower() and wanted.lower() in _style_keys():
        # by name: the application creates and owns the style (a QStyle made here would be
        # Python's, freed with its wrapper while every widget still paints with it)
        app.setStyle(wanted)
    app.setPalette(high_contrast_palette() if high_contrast else palette)
    _current = HIGH_CONTRAST if high_contrast else STANDARD


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two colours (1 … 21)."""

    def luminance(colour: str) -> float:
        c = QColor(colour)
        channels = []
        for value in (c.redF(), c.greenF(), c.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        r, g, b = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
