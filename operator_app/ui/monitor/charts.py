"""Monitor mode's charts (pyqtgraph): arrivals, waiting contacts and the service level over the
last hours.

The server's series (GET /supervisor/series: 5-minute buckets from the contact history and
the waiting contacts sampled every minute) gives the hours before the monitor opened, and is
read again every minute; between reads the waiting chart also takes each live KPI update.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from operator_app.domain.contacts import parse_time
from operator_app.ui import theme

# three hours of live samples at one per KPI update (every few seconds)
KEEP_S = 3 * 3600


class Charts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        # live (at, waiting, service level over 15 min) from the KPI updates
        self.samples: deque[tuple[float, int, float | None]] = deque()
        # the server's buckets: (start, arrived, waiting or None, service level or None)
        self.buckets: list[tuple[float, int, int | None, float | None]] = []
        self.step_s = 300.0
        t = theme.current()
        self.arrivals = self._plot(self.tr("Поступило за 5 мин"), t.chart_primary)
        self.waiting = self._plot(self.tr("Ждут ответа"), t.chart_primary)
        self.level = self._plot(self.tr("Уровень обслуживания, % (за 5 мин)"), t.chart_level)
        self.level.setYRange(0, 100)
        for plot in (self.arrivals, self.waiting):
            plot.setYRange(0, 5)
            plot.setLimits(minYRange=5)  # counts: whole numbers on the axis, also when few
            plot.enableAutoRange(axis="y", enable=True)
        # one time axis for the three: the arrivals' buckets span the hours shown
        self.waiting.setXLink(self.arrivals)
        self.level.setXLink(self.arrivals)
        for plot in (self.arrivals, self.waiting, self.level):
            row.addWidget(plot)
        self._bars = pg.BarGraphItem(x=[], height=[], width=1.0, brush=t.chart_primary, pen=None)
        self.arrivals.addItem(self._bars)
        self._waiting = self.waiting.plot(pen=pg.mkPen(t.chart_primary, width=2))
        level_pen = pg.mkPen(t.chart_level, width=2)
        self._level = self.level.plot(
            pen=level_pen, symbol="o", symbolSize=4, symbolBrush=t.chart_level
        )

    def _plot(self, title: str, colour: str) -> pg.PlotWidget:
        t = theme.current()
        plot = pg.PlotWidget(background=t.base, axisItems={"bottom": pg.DateAxisItem()})
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setPen(t.chart_grid)
            plot.getAxis(axis).setTextPen(t.text)
        plot.setTitle(title, color=colour, size="10pt")
        plot.showGrid(x=True, y=True, alpha=0.2)
        # major ticks only: the minor levels' grid lines made each repaint of the charts
        # cost 35 ms (offscreen raster) against 10 ms, and the board repaints them live
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setStyle(maxTickLevel=0)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMinimumHeight(140)
        plot.setLimits(yMin=0)
        plot.getPlotItem().getViewBox().setDefaultPadding(0.02)
        plot.setAccessibleName(title)
        return plot

    def show_series(self, series: dict[str, Any]) -> None:
        """The server's buckets of the last hours (GET /supervisor/series)."""
        self.step_s = float(series.get("step_s") or 300)
        buckets = []
        for item in series.get("items") or ():
            start = parse_time(item.get("from"))
            if start is None:
                continue
            level = item.get("service_level")
            buckets.append(
                (start.timestamp(), int(item.get("arrived") or 0), item.get("waiting"), level)
            )
        self.buckets = buckets
        half = self.step_s / 2
        self._bars.setOpts(
            x=[b[0] + half for b in buckets],
            height=[b[1] for b in buckets],
            width=self.step_s * 0.8,
        )
        with_level = [(b[0] + half, b[3] * 100) for b in buckets if b[3] is not None]
        self._level.setData([p[0] for p in with_level], [p[1] for p in with_level])
        self._draw_waiting()

    def add(self, kpis: dict[str, Any], at: float | None = None) -> None:
        """A live KPI update: the waiting chart's newest point."""
        if at is None:  # the server's time of the figures (the buckets' clock), else ours
            stamp = parse_time(kpis.get("at"))
            at = stamp.timestamp() if stamp is not None else time.time()
        level = kpis["windows"]["15m"]["total"]["service_level"]
        self.samples.append((at, int(kpis["now"]["waiting"]), level))
        while self.samples and self.samples[0][0] < at - KEEP_S:
            self.samples.popleft()
        self._draw_waiting()

    def _draw_waiting(self) -> None:
        """The server's minute samples (the most waiting in each bucket), then the live ones
        after them."""
        half = self.step_s / 2
        points = [(b[0] + half, float(b[2])) for b in self.buckets if b[2] is not None]
        last = points[-1][0] if points else float("-inf")
        points += [(s[0], float(s[1])) for s in self.samples if s[0] > last]
        self._waiting.setData([p[0] for p in points], [p[1] for p in points])
