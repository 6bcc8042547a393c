"""Colours come from the theme: no widget writes a colour literal, both themes' text is readable
on what it is shown on (WCAG 4.5:1 standard, 7:1 high contrast), and switching the theme
changes what widgets built afterwards show."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from operator_app.audio.quality import AudioIssue
from operator_app.domain.changes import QueueChanged
from operator_app.domain.contacts import Contact, ContactState
from operator_app.ui import theme
from operator_app.ui.level_meter import warning_style
from operator_app.ui.offline_banner import OfflineBanner
from operator_app.ui.panes.queue_model import QueueModel

UI = Path(__file__).resolve().parents[2] / "operator_app" / "ui"

# --- (a) no colour literals in the widgets ------------------------------------------------------

HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\b")
RGB = re.compile(r"\brgba?\(\s*\d")
CSS_NAMED = re.compile(
    r"\b(?:color|background(?:-color)?|border(?:-[a-z]+)*|selection-[a-z-]+)\s*:[^;'\"}]*?"
    r"\b(?:white|black|red|green|blue|yellow|orange|purple|gray|grey|silver|maroon|navy|teal"
    r"|olive|lime|aqua|fuchsia|pink|brown|cyan|magenta|gold|dark\w+|light\w+)\b",
    re.IGNORECASE,
)
#: Qt.GlobalColor's colours (``transparent`` is no colour of meaning, so it is allowed)
GLOBAL_COLOURS = frozenset(
    {
        "white",
        "black",
        "red",
        "darkRed",
        "green",
        "darkGreen",
        "blue",
        "darkBlue",
        "cyan",
        "darkCyan",
        "magenta",
        "darkMagenta",
        "yellow",
        "darkYellow",
        "gray",
        "darkGray",
        "lightGray",
        "color0",
        "color1",
    }
)
QCOLOR_CALLS = frozenset(
    {"QColor", "fromRgb", "fromRgbF", "fromRgba", "fromHsv", "fromHsl", "fromString"}
)
STRING_TOKENS = {tokenize.STRING} | (
    {tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE") else set()
)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def colour_literals(path: Path) -> list[tuple[int, str]]:
    """(line, what) of each colour written as a literal in one Python file."""
    source = path.read_text(encoding="utf-8")
    found: list[tuple[int, str]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in STRING_TOKENS:
            continue
        for pattern in (HEX, RGB, CSS_NAMED):
            for match in pattern.finditer(token.string):
                line = token.start[0] + token.string.count("\n", 0, match.start())
                found.append((line, match.group(0)))
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Call) and _call_name(node) in QCOLOR_CALLS:
            if any(isinstance(arg, ast.Constant) for arg in node.args):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Attribute) and node.attr in GLOBAL_COLOURS:
            owner = ast.unparse(node.value)
            if owner == "Qt" or owner.endswith("GlobalColor"):
                found.append((node.lineno, ast.unparse(node)))
    return sorted(set(found))


def test_the_scan_finds_each_kind_of_literal(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from PySide6.QtCore import Qt\n"
        "from PySide6.QtGui import QColor\n"
        "a = QColor('#fecaca')\n"
        "b = f\"<span style='color:#abc'>{a}</span>\"\n"
        "c = Qt.GlobalColor.red\n"
        "d = Qt.white\n"
        "e = '#offer QLabel { color: white; }'\n"
        "f = QColor(255, 0, 0)\n"
        "g = 'background: rgb(1, 2, 3)'\n"
        "# a comment may say #ffffff; '#offlineBanner { }' is a selector, Qt.transparent fine\n"
        "h = ('#offlineBanner', Qt.transparent)\n",
        encoding="utf-8",
    )
    assert [line for line, _ in colour_literals(sample)] == [3, 3, 4, 5, 6, 7, 8, 9]


def test_no_widget_writes_a_colour_literal() -> None:
    found = [
        f"{path.relative_to(UI.parent.parent)}:{line}: {what}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "theme.py" or path.parent != UI
        for line, what in colour_literals(path)
    ]
    assert not found, "colours must come from theme.current():\n" + "\n".join(found)


# --- (b) contrast ---------------------------------------------------------------------------

#: (text, the background it is shown on), by the theme's names
PAIRS = (
    ("text", "base"),
    ("muted", "base"),
    ("ok", "base"),
    ("warning", "base"),
    ("error", "base"),
    ("banner_fg", "banner_bg"),
    ("offer_fg", "offer_bg"),
    ("text", "row_offered"),
    ("text", "row_late"),
    ("text", "row_soon"),
    ("text", "row_fine"),
    ("deleted_fg", "deleted_bg"),
    ("added_fg", "added_bg"),
)
MINIMUM = {theme.STANDARD.name: 4.5, theme.HIGH_CONTRAST.name: 7.0}


@pytest.mark.parametrize("chosen", [theme.STANDARD, theme.HIGH_CONTRAST], ids=lambda t: t.name)
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}-on-{p[1]}")
def test_text_is_readable_on_its_background(chosen: theme.Theme, pair: tuple[str, str]) -> None:
    foreground, background = (getattr(chosen, name) for name in pair)
    ratio = theme.contrast_ratio(foreground, background)
    assert ratio >= MINIMUM[chosen.name], (
        f"{chosen.name}: {pair[0]} {foreground} on {pair[1]} {background} is {ratio:.2f}:1"
    )


# --- (c) switching the theme ----------------------------------------------------------------


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    """Whatever a test switches to, the standard theme at 100 % is back after it."""
    try:
        yield
    finally:
        theme.apply(qapp, high_contrast=False, font_scale=100)


def _contact(contact_id: int, **fields: object) -> Contact:
    plain = Contact(
        id=contact_id,
        number=f"E-{contact_id}",
        state=ContactState.QUEUED,
        channel="voice",
        category="pension",
        priority="normal",
        region=None,
        queue="line1",
        owner_id=None,
        offered_to=None,
        queued_at=None,
        offer_expires_at=None,
        due_at=None,
        caller_name=None,
        phone_masked=None,
        subject=None,
    )
    return replace(plain, **fields)


def _queue() -> QueueModel:
    now = datetime.now(UTC)
    model = QueueModel(user_id=7, category_names={})
    model.now = now
    rows = (
        _contact(1, state=ContactState.OFFERED, offered_to=7, queued_at=now),
        _contact(2, queued_at=now - timedelta(seconds=60)),
        _contact(3, queued_at=now - timedelta(seconds=25)),
        _contact(4, queued_at=now - timedelta(seconds=2)),
        _contact(5, channel="callback", due_at=now + timedelta(hours=1)),
        _contact(6, channel="callback", due_at=now - timedelta(minutes=5)),
    )
    model.apply(QueueChanged(upserted=rows, reset=True))
    return model


def _colours(model: QueueModel, role: Qt.ItemDataRole) -> dict[str, str | None]:
    """By contact number: the wait cell's colour in one role (None: no colour given)."""
    wait = QueueModel.COLUMNS.index("wait")
    shown: dict[str, str | None] = {}
    for row in range(model.rowCount()):
        brush = model.data(model.index(row, wait), role)
        shown[model.contact(row).number] = None if brush is None else brush.color().name()
    return shown


def _expected_queue(t: theme.Theme) -> tuple[dict[str, str], dict[str, str]]:
    backgrounds = {
        "E-1": t.row_offered,
        "E-2": t.row_late,
        "E-3": t.row_soon,
        "E-4": t.row_fine,
        "E-5": t.base,
        "E-6": t.row_late,
    }
    return backgrounds, {number: t.text for number in backgrounds}


def test_widgets_built_after_switching_use_the_high_contrast_colours(
    qapp: QApplication, qtbot: QtBot, restore_theme: None
) -> None:
    theme.apply(qapp, high_contrast=True, font_scale=130)
    hc = theme.HIGH_CONTRAST
    assert theme.current() is hc
    model = _queue()
    backgrounds, foregrounds = _expected_queue(hc)
    assert _colours(model, Qt.ItemDataRole.BackgroundRole) == backgrounds
    assert _colours(model, Qt.ItemDataRole.ForegroundRole) == foregrounds
    overdue = model.row_of(6)
    assert overdue is not None
    number = QueueModel.COLUMNS.index("number")
    brush = model.data(model.index(overdue, number), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == hc.error, "an overdue task's other cells: error on base"
    banner = OfflineBanner()
    qtbot.addWidget(banner)
    for colour in (hc.banner_bg, hc.banner_fg, hc.banner_border):
        assert colour in banner.styleSheet()
    assert hc.warning in warning_style(AudioIssue.SILENCE)
    assert hc.error in warning_style(AudioIssue.CLIPPING)

    theme.apply(qapp, high_contrast=False, font_scale=100)
    std = theme.STANDARD
    assert theme.current() is std
    backgrounds, foregrounds = _expected_queue(std)
    # the model reads the theme when it is painted: the same model follows at once
    assert _colours(model, Qt.ItemDataRole.BackgroundRole) == backgrounds
    assert _colours(model, Qt.ItemDataRole.ForegroundRole) == foregrounds
    rebuilt = OfflineBanner()
    qtbot.addWidget(rebuilt)
    assert std.banner_bg in rebuilt.styleSheet() and hc.banner_fg not in rebuilt.styleSheet()
    assert std.banner_fg in rebuilt.styleSheet()
