"""Monitor mode's charts (pyqtgraph): waiting contacts and the service level over the last
hours, sampled from each board refresh."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from operator_app.ui import theme

#: three hours of samples at one per refresh (every few seconds)
KEEP_S = 3 * 3600


class Charts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.samples: deque[tuple[float, int, float | None]] = deque()
        t = theme.current()
        self.waiting = self._plot(self.tr("Ждут ответа"), t.chart_primary)
        self.level = self._plot(self.tr("Уровень обслуживания, % (15 мин)"), t.chart_level)
        self.level.setYRange(0, 100)
        self.waiting.setYRange(0, 5)
        self.waiting.enableAutoRange(axis="y", enable=True)
        row.addWidget(self.waiting)
        row.addWidget(self.level)
        self._waiting = self.waiting.plot(pen=pg.mkPen(t.chart_primary, width=2))
        self._level = self.level.plot(pen=pg.mkPen(t.chart_level, width=2))

    def _plot(self, title: str, colour: str) -> pg.PlotWidget:
        t = theme.current()
        plot = pg.PlotWidget(background=t.base, axisItems={"bottom": pg.DateAxisItem()})
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setPen(t.chart_grid)
            plot.getAxis(axis).setTextPen(t.text)
        plot.setTitle(title, color=colour, size="10pt")
        plot.showGrid(x=True, y=True, alpha=0.2)
        # major ticks only: the minor levels' grid lines made each repaint of the two charts
        # cost 35 ms (offscreen raster) against 10 ms, and the board repaints them live
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setStyle(maxTickLevel=0)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMinimumHeight(140)
        plot.setLimits(yMin=0)
        plot.getPlotItem().getViewBox().setDefaultPadding(0.02)
        plot.setAccessibleName(title)
        return plot

    def add(self, kpis: dict[str, Any], at: float | None = None) -> None:
        at = time.time() if at is None else at
        level = kpis["windows"]["15m"]["total"]["service_level"]
        self.samples.append((at, int(kpis["now"]["waiting"]), level))
        while self.samples and self.samples[0][0] < at - KEEP_S:
            self.samples.popleft()
        xs = [s[0] for s in self.samples]
        self._waiting.setData(xs, [s[1] for s in self.samples])
        with_level = [(s[0], s[2] * 100) for s in self.samples if s[2] is not None]
        self._level.setData([p[0] for p in with_level], [p[1] for p in with_level])
