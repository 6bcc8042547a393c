"""KPI tiles across the top of monitor mode (DESIGN §8), for a chosen window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from operator_app.ui import theme
from operator_app.ui.panes.queue_model import mmss

#: (key, caption) in the order shown; captions translated when built
TILES = (
    ("service_level", QT_TRANSLATE_NOOP("KpiTiles", "Уровень обслуживания")),
    ("asa_s", QT_TRANSLATE_NOOP("KpiTiles", "Среднее время ответа")),
    ("longest_wait_s", QT_TRANSLATE_NOOP("KpiTiles", "Макс. ожидание сейчас")),
    ("waiting", QT_TRANSLATE_NOOP("KpiTiles", "Ждут ответа")),
    ("abandonment_rate", QT_TRANSLATE_NOOP("KpiTiles", "Доля потерянных")),
    ("aht_s", QT_TRANSLATE_NOOP("KpiTiles", "Ср. время обработки")),
    ("fcr", QT_TRANSLATE_NOOP("KpiTiles", "Решено с первого обращения")),
    ("csat", QT_TRANSLATE_NOOP("KpiTiles", "Удовлетворённость")),
    ("callbacks_overdue", QT_TRANSLATE_NOOP("KpiTiles", "Обратные звонки просрочены")),
)
WINDOWS = ("today", "60m", "15m")


class Tile(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 4)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        column.addWidget(self.caption)
        column.addWidget(self.value)
        self.setAccessibleName(caption)

    def show_value(self, text: str, alarm: bool) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {theme.current().error};" if alarm else "")
        self.setAccessibleDescription(text)


class KpiTiles(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 4, 4)
        self.window_box = QComboBox()
        for code, name in zip(
            WINDOWS, (self.tr("Сегодня"), self.tr("60 минут"), self.tr("15 минут")), strict=True
        ):
            self.window_box.addItem(name, code)
        self.window_box.setAccessibleName(self.tr("Период показателей"))
        row.addWidget(self.window_box)
        self.tiles = {
            key: Tile(QCoreApplication.translate("KpiTiles", str(caption)))
            for key, caption in TILES
        }
        for tile in self.tiles.values():
            row.addWidget(tile, 1)
        self.thresholds: dict[str, float] = {}
        self._kpis: dict[str, Any] = {}
        self.window_box.currentIndexChanged.connect(lambda _i: self.show_kpis(self._kpis))

    def period(self) -> str:
        return str(self.window_box.currentData())

    def show_kpis(self, kpis: dict[str, Any]) -> None:
        self._kpis = kpis
        if not kpis:
            return
        total = kpis["windows"][self.period()]["total"]
        now = kpis["now"]
        t = self.thresholds
        values: dict[str, tuple[str, bool]] = {
            "service_level": (
                _pct(total["service_level"]),
                total["service_level"] is not None
                and total["service_level"] < t.get("service_level", 0.8),
            ),
            "asa_s": (_time(total["asa_s"]), (total["asa_s"] or 0) > t.get("asa_s", 30)),
            "longest_wait_s": (
                mmss(now["longest_wait_s"]),
                now["longest_wait_s"] > t.get("max_wait_s", 120),
            ),
            "waiting": (str(now["waiting"]), False),
            "abandonment_rate": (_pct(total["abandonment_rate"]), False),
            "aht_s": (_time(total["aht_s"]), False),
            "fcr": (_pct(total["fcr"]), False),
            "csat": (
                _pct(total["csat"])
                + (f" · {total['csat_mean']:.1f}" if total["csat_mean"] is not None else ""),
                False,
            ),
            "callbacks_overdue": (
                f"{now['callbacks_overdue']} / {now['callbacks_due'] + now['callbacks_overdue']}",
                now["callbacks_overdue"] > 0,
            ),
        }
        for key, (text, alarm) in values.items():
            self.tiles[key].show_value(text, alarm)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def _time(value: float | None) -> str:
    return "—" if value is None else mmss(value)
