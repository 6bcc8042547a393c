"""Display names of codes (channels, priorities, states) through Qt's translation system."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Texts", text)


def channel(code: str) -> str:
    return {
        "voice": _t("Звонок"),
        "chat": _t("Чат"),
        "email": _t("Эл. почта"),
        "web_form": _t("Веб-форма"),
        "callback": _t("Обратный звонок"),
        "outbound": _t("Исходящий"),
    }.get(code, code)


def priority(code: str) -> str:
    return {"critical": _t("критический"), "high": _t("высокий"), "normal": _t("обычный")}.get(
        code, code
    )


def operator_state(code: str) -> str:
    return {
        "ready": _t("Готов"),
        "not_ready": _t("Не готов"),
        "break": _t("Перерыв"),
        "offline": _t("Не в сети"),
        "in_contact": _t("В работе"),
        "wrap_up": _t("Постобработка"),
    }.get(code, code)


def contact_state(code: str) -> str:
    return {
        "queued": _t("в очереди"),
        "offered": _t("предложено"),
        "in_progress": _t("в работе"),
        "on_hold": _t("на удержании"),
        "wrap_up": _t("завершение"),
        "closed": _t("закрыто"),
        "escalated": _t("эскалировано"),
        "transferred": _t("переведено"),
        "redirected": _t("перенаправлено"),
        "abandoned": _t("гражданин ушёл"),
    }.get(code, code)


def sender(code: str) -> str:
    return {"citizen": _t("Гражданин"), "bot": _t("Чат-бот"), "operator": _t("Оператор")}.get(
        code, code
    )


def localized(entry: dict[str, object], language: str) -> str:
    """A server-provided list entry in the UI language (lists come in both)."""
    name = entry.get("name_en" if language == "en" else "name_ru") or entry.get("code")
    return str(name)
