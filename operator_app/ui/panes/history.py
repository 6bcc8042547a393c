"""A contact's history as the operator reads it (the tab's «История» and the citizen card):
one line per entry — when, what, who — with the reasons and notes that matter."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from operator_app.domain.contacts import parse_time
from operator_app.ui import texts, theme

KINDS = {
    "created": QT_TRANSLATE_NOOP("History", "Поступило"),
    "offered": QT_TRANSLATE_NOOP("History", "Предложено оператору"),
    "declined": QT_TRANSLATE_NOOP("History", "Оператор отклонил"),
    "offer_timeout": QT_TRANSLATE_NOOP("History", "Предложение не принято вовремя"),
    "accepted": QT_TRANSLATE_NOOP("History", "Принято в работу"),
    "hold": QT_TRANSLATE_NOOP("History", "Поставлено на удержание"),
    "resume": QT_TRANSLATE_NOOP("History", "Возвращено с удержания"),
    "ended": QT_TRANSLATE_NOOP("History", "Разговор завершён"),
    "citizen_left": QT_TRANSLATE_NOOP("History", "Гражданин завершил разговор"),
    "abandoned": QT_TRANSLATE_NOOP("History", "Гражданин не дождался ответа"),
    "wrapped_up": QT_TRANSLATE_NOOP("History", "Закрыто"),
    "escalated": QT_TRANSLATE_NOOP("History", "Эскалировано"),
    "transferred": QT_TRANSLATE_NOOP("History", "Переведено"),
    "callback_scheduled": QT_TRANSLATE_NOOP("History", "Назначен обратный звонок"),
    "callback_skipped": QT_TRANSLATE_NOOP("History", "Обратный звонок не назначен"),
    "overdue": QT_TRANSLATE_NOOP("History", "Просрочено"),
    "linked": QT_TRANSLATE_NOOP("History", "Связано с обращением"),
    "continued": QT_TRANSLATE_NOOP("History", "Продолжено в обращении"),
    "help_requested": QT_TRANSLATE_NOOP("History", "Запрошена помощь супервизора"),
    "redirected": QT_TRANSLATE_NOOP("History", "Перенаправлено в другой канал"),
    "message": QT_TRANSLATE_NOOP("History", "Сообщение"),
}
TARGETS = {
    "line2": QT_TRANSLATE_NOOP("History", "вторая линия"),
    "line1": QT_TRANSLATE_NOOP("History", "первая линия"),
    "supervisor": QT_TRANSLATE_NOOP("History", "супервизор"),
}


def _translated(source: object) -> str:
    """A name marked with QT_TRANSLATE_NOOP above, in the installed language."""
    return QCoreApplication.translate("History", str(source))


def kind_name(kind: str) -> str:
    source = KINDS.get(kind)
    return _translated(source) if source else kind


def target_name(target: str | None) -> str:
    source = TARGETS.get(target or "")
    return _translated(source) if source else (target or "")


def when(value: str | None) -> str:
    at = parse_time(value)
    return at.astimezone().strftime("%d.%m %H:%M") if at else ""


def outcome_text(disposition: str | None, resolved: bool | None, names: dict[str, str]) -> str:
    """«Консультация предоставлена · решено», or «в работе» for an open contact."""
    if disposition is None:
        return QCoreApplication.translate("History", "не закрыто")
    name = names.get(disposition, disposition)
    if resolved is None:
        return name
    verdict = (
        QCoreApplication.translate("History", "решено")
        if resolved
        else QCoreApplication.translate("History", "не решено")
    )
    return f"{name} · {verdict}"


def entry_text(
    entry: dict[str, Any], dispositions: dict[str, str], *, with_notes: bool = True
) -> str:
    """The detail after the entry's name (plain text); notes only when `with_notes`."""
    data = entry.get("data") or {}
    kind = entry.get("kind")
    parts: list[str] = []
    if kind == "wrapped_up":
        parts.append(outcome_text(data.get("disposition"), data.get("resolved"), dispositions))
        if data.get("notes") and with_notes:
            parts.append(
                QCoreApplication.translate("History", "заметки: {0}").format(data["notes"])
            )
    elif kind in ("escalated", "transferred"):
        target = target_name(data.get("target") or data.get("queue"))
        where = " ".join(str(x) for x in (data.get("agency"), data.get("region")) if x)
        parts.append(f"→ {target} {where}".rstrip())
        if data.get("reason"):
            parts.append(
                QCoreApplication.translate("History", "причина: {0}").format(data["reason"])
            )
        if data.get("notes") and with_notes:
            parts.append(
                QCoreApplication.translate("History", "заметки: {0}").format(data["notes"])
            )
    elif kind == "created":
        parts.append(texts.channel(str(data.get("channel") or "")))
        if data.get("resumes"):
            parts.append(
                QCoreApplication.translate("History", "продолжает {0}").format(data["resumes"])
            )
    elif kind in ("linked", "continued"):
        parts.append(str(data.get("number") or ""))
    elif kind == "callback_scheduled":
        parts.append(str(data.get("callback") or ""))
        due = when(data.get("due_at"))
        if due:
            parts.append(QCoreApplication.translate("History", "срок {0}").format(due))
    elif kind == "message":
        sender = texts.sender(str(data.get("from") or "citizen"))
        text = str(data.get("text") or "")
        parts.append(f"{sender}: {text[:300]}{'…' if len(text) > 300 else ''}")
    elif kind in ("help_requested", "declined") and (data.get("text") or data.get("reason")):
        parts.append(str(data.get("text") or data.get("reason")))
    return " · ".join(p for p in parts if p)


def history_html(
    history: list[dict[str, Any]], dispositions: dict[str, str], *, messages: bool = True
) -> str:
    """The history as compact HTML lines (messages optional: the transcript shows them)."""
    muted = theme.current().muted
    lines = []
    for entry in history:
        if entry.get("kind") == "message" and not messages:
            continue
        shown = entry.get("actor") and entry.get("kind") != "created"  # no gateway account
        actor = f" · {html.escape(entry['actor'])}" if shown else ""
        detail = html.escape(entry_text(entry, dispositions))
        important = entry.get("kind") in ("escalated", "transferred", "wrapped_up", "linked")
        name = html.escape(kind_name(str(entry.get("kind"))))
        name = f"<b>{name}</b>" if important else name
        lines.append(
            f"<div style='margin:2px 0'><span style='color:{muted}'>"
            f"{html.escape(when(entry.get('at')))}</span> {name}{actor}"
            + (f"<br><span style='margin-left:12px'>{detail}</span>" if detail else "")
            + "</div>"
        )
    return "".join(lines)
