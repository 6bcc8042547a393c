"""The shift report as CSV (no Qt): the period's KPIs, then hour by hour, then by operator.

Semicolon-separated with a BOM, as Russian Excel opens it; figures as plain numbers (shares
0–1, times in seconds) so a spreadsheet can compute with them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

KPI_COLUMNS = (
    ("queued", "Поступило (живые каналы)"),
    ("answered", "Отвечено"),
    ("answered_in_sl", "Отвечено в пределах порога"),
    ("abandoned", "Потеряно"),
    ("service_level", "Уровень обслуживания"),
    ("asa_s", "Среднее время ответа, с"),
    ("abandonment_rate", "Доля потерянных"),
    ("handled", "Обработано"),
    ("aht_s", "Среднее время обработки, с"),
    ("fcr", "Решено с первого обращения"),
    ("csat", "Удовлетворённость (4–5 из 5)"),
    ("csat_mean", "Средняя оценка"),
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["Отчёт за смену ЕКЦ"])
    w.writerow(["Период", report["from"], report["to"]])
    w.writerow(["Составлен", report["made_at"], report["made_by"]])
    w.writerow(["Порог уровня обслуживания, с", _cell(report["sl_threshold_s"])])
    w.writerow([])
    w.writerow(["Показатель", "Значение"])
    for key, name in KPI_COLUMNS:
        w.writerow([name, _cell(report["total"].get(key))])
    for grouping, title in (
        ("by_channel", "Канал"),
        ("by_line", "Линия"),
        ("by_agency", "Ведомство"),
    ):
        w.writerow([])
        w.writerow([title, *(name for _, name in KPI_COLUMNS)])
        for slice_, figures in report.get(grouping, {}).items():
            w.writerow([slice_, *(_cell(figures.get(key)) for key, _ in KPI_COLUMNS)])
    w.writerow([])
    w.writerow(["Час (начало)", *(name for _, name in KPI_COLUMNS)])
    for hour in report["hours"]:
        w.writerow([hour["from"], *(_cell(hour.get(key)) for key, _ in KPI_COLUMNS)])
    w.writerow([])
    w.writerow(["Оператор", "Обработано", "Среднее время обработки, с"])
    for row in report["operators"]:
        w.writerow([row["full_name"], row["handled"], _cell(row["aht_s"])])
    return "\ufeff" + out.getvalue()
