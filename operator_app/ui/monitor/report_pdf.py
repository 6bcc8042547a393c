"""The shift report as a PDF with its charts (A4): rendered into memory on the UI thread, so the
caller writes the bytes to disk in the background."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from operator_app.ui import texts, theme
from operator_app.ui.panes.queue_model import mmss

CHART = QUrl("chart://hours")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def _time(value: float | None) -> str:
    return "—" if value is None else mmss(value)


def _local(value: str) -> str:
    return (
        datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone().strftime("%d.%m.%Y %H:%M")
    )


def hours_chart(report: dict[str, Any], width: int = 1600, height: int = 520) -> QImage:
    """Bars: contacts queued and answered each hour; a line: that hour's service level."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    paper = theme.STANDARD  # printed on white paper, whatever the screen's theme
    image.fill(paper.color("base"))
    hours = report["hours"]
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(22)
    p.setFont(font)
    left, right, top, bottom = 80, 80, 50, 60
    plot = QRectF(left, top, width - left - right, height - top - bottom)
    most = max([h["queued"] for h in hours] + [h["answered"] for h in hours] + [1])
    top_count = 4 * math.ceil(most / 4)  # four whole-number steps on the axis
    p.setPen(QPen(paper.color("chart_grid"), 1))
    p.drawRect(plot)
    for i in range(5):
        y = plot.bottom() - plot.height() * i / 4
        p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
        p.drawText(
            QRectF(0, y - 14, left - 8, 28), Qt.AlignmentFlag.AlignRight, str(top_count * i // 4)
        )
        p.drawText(
            QRectF(plot.right() + 8, y - 14, right, 28), Qt.AlignmentFlag.AlignLeft, f"{25 * i}%"
        )
    n = max(len(hours), 1)
    slot = plot.width() / n
    bar = slot * 0.35
    points = []
    for i, h in enumerate(hours):
        x = plot.left() + i * slot
        for j, (key, colour) in enumerate(
            (("queued", paper.chart_secondary), ("answered", paper.chart_primary))
        ):
            value = h[key] / top_count * plot.height()
            p.fillRect(
                QRectF(x + slot * 0.12 + j * bar, plot.bottom() - value, bar, value), QColor(colour)
            )
        if h["service_level"] is not None:
            points.append((x + slot / 2, plot.bottom() - plot.height() * h["service_level"]))
        if n <= 24 or i % max(1, n // 24) == 0:
            label = _local(h["from"])[-5:-3]
            p.setPen(paper.color("text"))
            p.drawText(QRectF(x, plot.bottom() + 6, slot, 30), Qt.AlignmentFlag.AlignHCenter, label)
    p.setPen(QPen(paper.color("chart_level"), 4))
    for (x1, y1), (x2, y2) in pairwise(points):
        p.drawLine(int(x1), int(y1), int(x2), int(y2))
    for x, y in points:
        p.drawEllipse(QRectF(x - 5, y - 5, 10, 10))
    x = float(left)
    for colour, label in (
        (paper.chart_secondary, QCoreApplication.translate("ShiftReport", "поступило")),
        (paper.chart_primary, QCoreApplication.translate("ShiftReport", "отвечено")),
        (
            paper.chart_level,
            QCoreApplication.translate("ShiftReport", "уровень обслуживания, % (шкала справа)"),
        ),
    ):
        p.fillRect(QRectF(x, 14, 22, 22), QColor(colour))
        p.setPen(paper.color("text"))
        p.drawText(QRectF(x + 30, 8, 600, 36), Qt.AlignmentFlag.AlignLeft, label)
        x += 30 + p.fontMetrics().horizontalAdvance(label) + 40
    p.end()
    return image


def _rows(report: dict[str, Any]) -> str:
    t = report["total"]
    rows = (
        (QCoreApplication.translate("ShiftReport", "Поступило (звонки и чаты)"), str(t["queued"])),
        (QCoreApplication.translate("ShiftReport", "Отвечено"), str(t["answered"])),
        (
            QCoreApplication.translate(
                "ShiftReport", "Уровень обслуживания (ответ за {0} с)"
            ).format(int(report["sl_threshold_s"])),
            _pct(t["service_level"]),
        ),
        (QCoreApplication.translate("ShiftReport", "Среднее время ответа"), _time(t["asa_s"])),
        (
            QCoreApplication.translate("ShiftReport", "Потеряно / доля потерянных"),
            f"{t['abandoned']} / {_pct(t['abandonment_rate'])}",
        ),
        (QCoreApplication.translate("ShiftReport", "Обработано (все каналы)"), str(t["handled"])),
        (QCoreApplication.translate("ShiftReport", "Среднее время обработки"), _time(t["aht_s"])),
        (QCoreApplication.translate("ShiftReport", "Решено с первого обращения"), _pct(t["fcr"])),
        (
            QCoreApplication.translate(
                "ShiftReport", "Удовлетворённость (доля оценок 4–5 · оценок · средняя)"
            ),
            f"{_pct(t['csat'])} · {t['ratings']}"
            + (f" · {t['csat_mean']:.1f}" if t["csat_mean"] else ""),
        ),
    )
    return "".join(
        f"<tr><td>{html.escape(k)}</td><td align='right'><b>{html.escape(v)}</b></td></tr>"
        for k, v in rows
    )


def _table(header: tuple[str, ...], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    frame = "border='1' cellspacing='0' cellpadding='3' width='100%'"
    return f"<table {frame}><tr>{head}</tr>{body}</table>"


def render_pdf(report: dict[str, Any]) -> bytes:
    doc = QTextDocument()
    doc.addResource(QTextDocument.ResourceType.ImageResource, CHART, hours_chart(report))
    channels = [
        (
            texts.channel(name),
            str(f["answered"]),
            _pct(f["service_level"]),
            _time(f["asa_s"]),
            str(f["handled"]),
            _time(f["aht_s"]),
        )
        for name, f in report["by_channel"].items()
    ]
    operators = [
        (o["full_name"], str(o["handled"]), _time(o["aht_s"])) for o in report["operators"]
    ]
    period = QCoreApplication.translate("ShiftReport", "Период: {0} — {1}").format(
        _local(report["from"]), _local(report["to"])
    )
    made = QCoreApplication.translate("ShiftReport", "Составлен: {0}, {1}").format(
        _local(report["made_at"]), report["made_by"]
    )
    body = (
        f"<h2>{html.escape(QCoreApplication.translate('ShiftReport', 'Отчёт за смену ЕКЦ'))}</h2>"
        f"<p>{html.escape(period)}<br/>{html.escape(made)}</p>"
        f"<table cellpadding='3'>{_rows(report)}</table>"
        f"<p><img src='{CHART.toString()}' width='640'/></p>"
        f"<h3>{html.escape(QCoreApplication.translate('ShiftReport', 'По каналам'))}</h3>"
        + _table(
            (
                QCoreApplication.translate("ShiftReport", "Канал"),
                QCoreApplication.translate("ShiftReport", "Отвечено"),
                QCoreApplication.translate("ShiftReport", "Уровень обсл."),
                QCoreApplication.translate("ShiftReport", "Ср. ответ"),
                QCoreApplication.translate("ShiftReport", "Обработано"),
                QCoreApplication.translate("ShiftReport", "Ср. обработка"),
            ),
            channels,
        )
        + f"<h3>{html.escape(QCoreApplication.translate('ShiftReport', 'Операторы'))}</h3>"
        + _table(
            (
                QCoreApplication.translate("ShiftReport", "Оператор"),
                QCoreApplication.translate("ShiftReport", "Обработано"),
                QCoreApplication.translate("ShiftReport", "Ср. время обработки"),
            ),
            operators,
        )
    )
    doc.setHtml(body)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(QCoreApplication.translate("ShiftReport", "Отчёт за смену ЕКЦ"))
    writer.setCreator("ЕКЦ АРМ")
    writer.setResolution(96)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    doc.print_(writer)
    del writer  # finishes the document into the buffer
    buffer.close()
    return bytes(data.data())
