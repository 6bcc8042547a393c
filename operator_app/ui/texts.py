"""Display names of codes (channels, priorities, states) through Qt's translation system.

The names are marked with QT_TRANSLATE_NOOP so `pyside6-lupdate` collects them, and
translated when shown, in the language installed at that moment.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CHANNELS = {
    "voice": QT_TRANSLATE_NOOP("Texts", "Звонок"),
    "chat": QT_TRANSLATE_NOOP("Texts", "Чат"),
    "email": QT_TRANSLATE_NOOP("Texts", "Эл. почта"),
    "web_form": QT_TRANSLATE_NOOP("Texts", "Веб-форма"),
    "callback": QT_TRANSLATE_NOOP("Texts", "Обратный звонок"),
    "outbound": QT_TRANSLATE_NOOP("Texts", "Исходящий"),
}
PRIORITIES = {
    "critical": QT_TRANSLATE_NOOP("Texts", "критический"),
    "high": QT_TRANSLATE_NOOP("Texts", "высокий"),
    "normal": QT_TRANSLATE_NOOP("Texts", "обычный"),
}
OPERATOR_STATES = {
    "ready": QT_TRANSLATE_NOOP("Texts", "Готов"),
    "not_ready": QT_TRANSLATE_NOOP("Texts", "Не готов"),
    "break": QT_TRANSLATE_NOOP("Texts", "Перерыв"),
    "offline": QT_TRANSLATE_NOOP("Texts", "Не в сети"),
    "in_contact": QT_TRANSLATE_NOOP("Texts", "В работе"),
    "wrap_up": QT_TRANSLATE_NOOP("Texts", "Постобработка"),
}
CONTACT_STATES = {
    "queued": QT_TRANSLATE_NOOP("Texts", "в очереди"),
    "offered": QT_TRANSLATE_NOOP("Texts", "предложено"),
    "in_progress": QT_TRANSLATE_NOOP("Texts", "в работе"),
    "on_hold": QT_TRANSLATE_NOOP("Texts", "на удержании"),
    "wrap_up": QT_TRANSLATE_NOOP("Texts", "завершение"),
    "closed": QT_TRANSLATE_NOOP("Texts", "закрыто"),
    "escalated": QT_TRANSLATE_NOOP("Texts", "эскалировано"),
    "transferred": QT_TRANSLATE_NOOP("Texts", "переведено"),
    "redirected": QT_TRANSLATE_NOOP("Texts", "перенаправлено"),
    "abandoned": QT_TRANSLATE_NOOP("Texts", "гражданин ушёл"),
}
SENDERS = {
    "citizen": QT_TRANSLATE_NOOP("Texts", "Гражданин"),
    "bot": QT_TRANSLATE_NOOP("Texts", "Чат-бот"),
    "operator": QT_TRANSLATE_NOOP("Texts", "Оператор"),
}


def _name(table: dict[str, object], code: str) -> str:
    source = table.get(code)
    return QCoreApplication.translate("Texts", str(source)) if source else code


def channel(code: str) -> str:
    return _name(CHANNELS, code)


def priority(code: str) -> str:
    return _name(PRIORITIES, code)


def operator_state(code: str) -> str:
    return _name(OPERATOR_STATES, code)


def contact_state(code: str) -> str:
    return _name(CONTACT_STATES, code)


def sender(code: str) -> str:
    return _name(SENDERS, code)


def localized(entry: dict[str, object], language: str) -> str:
    """A server-provided list entry in the UI language (lists come in both)."""
    name = entry.get("name_en" if language == "en" else "name_ru") or entry.get("code")
    return str(name)
