"""A compact microphone level meter: a bar for the RMS level, a tick for the peak, the level in
numbers and a plain warning for silence or clipping. Shows ``audio.MeterReading`` snapshots; the
owner polls the audio meter with a timer and hands each reading to ``show_reading``."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from operator_app.audio.quality import AudioIssue, MeterReading
from operator_app.ui import theme

#: the bar's scale: a headset voice sits around −30…−10 dBFS, below −60 is room noise at best
MIN_DBFS = -60.0
#: where the bar turns from green to amber, and from amber to red
LOUD_DBFS = -12.0
HOT_DBFS = -3.0


def warning_style(issue: AudioIssue | None) -> str:
    """The warning line's style in the current theme: clipping is an error, silence a warning."""
    t = theme.current()
    return f"color: {t.error if issue is AudioIssue.CLIPPING else t.warning}; font-weight: 600;"


#: what to do about each issue, in the operator's words (the dialog's verdicts say the same)
ADVICE = {
    AudioIssue.SILENCE: QT_TRANSLATE_NOOP(
        "LevelMeterWidget", "Микрофон молчит: проверьте, не выключен ли звук на гарнитуре"
    ),
    AudioIssue.CLIPPING: QT_TRANSLATE_NOOP(
        "LevelMeterWidget", "Слишком громко: звук искажается, отодвиньте микрофон"
    ),
}
#: the same in a few words, for the compact meter's line
SHORT = {
    AudioIssue.SILENCE: QT_TRANSLATE_NOOP("LevelMeterWidget", "Микрофон молчит"),
    AudioIssue.CLIPPING: QT_TRANSLATE_NOOP("LevelMeterWidget", "Слишком громко"),
}


def _translate(source: object) -> str:
    return QCoreApplication.translate("LevelMeterWidget", str(source))


def advice(issue: AudioIssue) -> str:
    return _translate(ADVICE[issue])


def format_level(dbfs: float) -> str:
    """A level as the meter prints it: whole decibels with a real minus sign."""
    if dbfs < MIN_DBFS:
        number = "< " + f"{MIN_DBFS:.0f}"
    else:
        number = f"{dbfs:.0f}"
        if number == "-0":
            number = "0"
    return _translate(QT_TRANSLATE_NOOP("LevelMeterWidget", "{0} дБ")).format(
        number.replace("-", "\N{MINUS SIGN}")
    )


def fraction(dbfs: float) -> float:
    """Where a level sits on the bar, 0.0 (at or under ``MIN_DBFS``) to 1.0 (full scale)."""
    return min(1.0, max(0.0, (dbfs - MIN_DBFS) / -MIN_DBFS))


class _Bar(QWidget):
    """The painted part: RMS fill in three zones, the peak as a vertical tick."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rms_dbfs = MIN_DBFS
        self.peak_dbfs = MIN_DBFS
        self.clipping = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(180, max(12, self.fontMetrics().height() - 2))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 10)

    def set_levels(self, rms_dbfs: float, peak_dbfs: float, clipping: bool) -> None:
        if (rms_dbfs, peak_dbfs, clipping) != (self.rms_dbfs, self.peak_dbfs, self.clipping):
            self.rms_dbfs, self.peak_dbfs, self.clipping = rms_dbfs, peak_dbfs, clipping
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        palette = self.palette()
        painter.fillRect(frame, palette.base())
        inner = frame.adjusted(1.5, 1.5, -1.5, -1.5)
        filled = inner.width() * fraction(self.rms_dbfs)
        t = theme.current()
        low_colour, high_colour = t.color("meter_low"), t.color("meter_high")
        clip_colour = t.color("meter_clip")
        zones = (
            (MIN_DBFS, LOUD_DBFS, low_colour),
            (LOUD_DBFS, HOT_DBFS, high_colour),
            (HOT_DBFS, 0.0, clip_colour),
        )
        for low, high, colour in zones:
            start = inner.width() * fraction(low)
            end = min(filled, inner.width() * fraction(high))
            if end > start:
                zone = QRectF(inner.left() + start, inner.top(), end - start, inner.height())
                painter.fillRect(zone, clip_colour if self.clipping else colour)
        if self.peak_dbfs > MIN_DBFS:
            x = inner.left() + inner.width() * fraction(self.peak_dbfs)
            x = min(max(x, inner.left() + 1.0), inner.right() - 1.0)
            painter.setPen(QPen(palette.text().color(), 2.0))
            painter.drawLine(QPointF(x, frame.top()), QPointF(x, frame.bottom()))
        painter.setPen(QPen(palette.mid().color(), 1.0))
        painter.drawRect(frame)
        painter.end()


class LevelMeterWidget(QWidget):
    """The microphone level as the operator sees it; ``compact`` puts the warning on the same
    line in a few words (the full advice in its tooltip), for the conversation pane."""

    def __init__(self, *, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._compact = compact
        self._issue: AudioIssue | None = None
        self._issue_shown = False
        self._reading: MeterReading | None = None
        self.setAccessibleName(self.tr("Уровень микрофона"))
        self.setToolTip(
            self.tr("Уровень микрофона: полоса — средний уровень, черта — пиковый уровень")
        )
        self.bar = _Bar()
        self.bar.setAccessibleName(self.tr("Уровень микрофона"))
        self.value = QLabel()
        self.value.setAccessibleName(self.tr("Уровень микрофона, дБ"))
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widest = max(format_level(MIN_DBFS - 1.0), format_level(-59.0), key=len)
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance(widest + " "))
        self.warning = QLabel()
        self.warning.setAccessibleName(self.tr("Предупреждение о микрофоне"))
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.value)
        if compact:
            row.addWidget(self.warning)
            self.setLayout(row)
        else:
            self.warning.setWordWrap(True)
            # a line is kept for the warning so the layout does not jump when it appears
            self.warning.setMinimumHeight(self.warning.fontMetrics().lineSpacing())
            column = QVBoxLayout(self)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addLayout(row)
            column.addWidget(self.warning)
        self.show_reading(None)

    # --- what tests and the owner read ------------------------------------------------------

    @property
    def reading(self) -> MeterReading | None:
        """The reading shown (``None``: nothing measured)."""
        return self._reading

    @property
    def rms_dbfs(self) -> float | None:
        return None if self._reading is None else self._reading.level.rms_dbfs

    @property
    def peak_dbfs(self) -> float | None:
        return None if self._reading is None else self._reading.level.peak_dbfs

    @property
    def issue(self) -> AudioIssue | None:
        return self._issue

    def warning_text(self) -> str:
        """The full advice for the current issue ("" when the microphone sounds fine)."""
        return advice(self._issue) if self._issue is not None else ""

    # --- updates ----------------------------------------------------------------------------

    def show_reading(self, reading: MeterReading | None) -> None:
        """Draw one reading; ``None`` when no microphone is being measured."""
        self._reading = reading
        if reading is None:
            self.bar.set_levels(MIN_DBFS, MIN_DBFS, False)
            self.value.setText("—")
            self._set_issue(None)
            return
        level = reading.level
        self.bar.set_levels(level.rms_dbfs, level.peak_dbfs, reading.clipping)
        text = format_level(level.rms_dbfs)
        if self.value.text() != text:
            self.value.setText(text)
        # clipping first: a clipping microphone is not silent, and it is the urgent one
        if reading.clipping:
            self._set_issue(AudioIssue.CLIPPING)
        elif reading.silent:
            self._set_issue(AudioIssue.SILENCE)
        else:
            self._set_issue(None)

    def show_unavailable(self, short: str, reason: str) -> None:
        """No microphone to measure: say so (`short` on the line, `reason` in full)."""
        self._reading = None
        self.bar.set_levels(MIN_DBFS, MIN_DBFS, False)
        self.value.setText("—")
        self._issue, self._issue_shown = None, False  # the next reading restyles the line
        self.warning.setText(short if self._compact else f"{short}: {reason}")
        self.warning.setToolTip(reason)
        self.warning.setStyleSheet(f"color: {theme.current().muted};")
        self.setAccessibleDescription(f"{short}: {reason}")

    def _set_issue(self, issue: AudioIssue | None) -> None:
        if issue is self._issue and self._issue_shown:
            return  # polled ~20 times a second: restyle only when the issue changes
        self._issue, self._issue_shown = issue, True
        full = self.warning_text()
        if self._compact:
            self.warning.setText(_translate(SHORT[issue]) if issue is not None else "")
            self.warning.setToolTip(full)
        else:
            self.warning.setText(full)
        self.warning.setStyleSheet(warning_style(issue))
        # screen readers hear the warning with the meter's name; it changes rarely, not per poll
        self.setAccessibleDescription(full)
