"""Why a verification ended without success: for the operator, and what to tell the citizen.

The citizen is told which item did not match but never what the registry holds.
"""

from __future__ import annotations

from typing import Any

REASONS: dict[str, dict[str, str]] = {
    "not_found": {
        "message_ru": "В реестре нет учётной записи с этим номером телефона.",
        "message_en": "The registry has no account with this phone number.",
        "say_ru": "Названный номер телефона не совпадает с номером в вашей учётной записи. "
        "Назовите номер, указанный при регистрации, или обратитесь в клиентскую службу "
        "с паспортом.",
        "say_en": "The phone number you gave is not the one in your account. Please give the "
        "number you registered with, or visit a client office with your passport.",
    },
    "name_mismatch": {
        "message_ru": "ФИО не совпадает с данными реестра.",
        "message_en": "The full name does not match the registry.",
        "say_ru": "Фамилия, имя или отчество не совпадают с данными вашей учётной записи. "
        "Назовите их так, как в паспорте.",
        "say_en": "Your surname, name or patronymic does not match your account. Please say "
        "them exactly as in your passport.",
    },
    "birth_date_mismatch": {
        "message_ru": "Дата рождения не совпадает с данными реестра.",
        "message_en": "The date of birth does not match the registry.",
        "say_ru": "Дата рождения не совпадает с данными вашей учётной записи. Подтвердить "
        "личность по телефону сейчас не получится; вы можете обратиться в клиентскую службу "
        "с паспортом.",
        "say_en": "The date of birth does not match your account. We cannot confirm your "
        "identity by phone now; you can visit a client office with your passport.",
    },
    "snils_mismatch": {
        "message_ru": "СНИЛС не совпадает с данными реестра.",
        "message_en": "The SNILS does not match the registry.",
        "say_ru": "Названный СНИЛС не совпадает с данными вашей учётной записи. Проверьте "
        "номер по страховому свидетельству или в приложении Госуслуг.",
        "say_en": "The SNILS you gave does not match your account. Please check the number on "
        "your insurance certificate or in the Gosuslugi app.",
    },
    "passport_mismatch": {
        "message_ru": "Паспорт не совпадает с данными реестра.",
        "message_en": "The passport does not match the registry.",
        "say_ru": "Серия или номер паспорта не совпадают с данными вашей учётной записи. "
        "Если паспорт меняли, обновите данные в учётной записи.",
        "say_en": "The passport series or number does not match your account. If you have a "
        "new passport, please update your account.",
    },
    "bank_mismatch": {
        "message_ru": "Банковские реквизиты не совпадают с данными реестра.",
        "message_en": "The bank details do not match the registry.",
        "say_ru": "Названные банк или счёт не совпадают с реквизитами, на которые поступают "
        "ваши выплаты.",
        "say_en": "The bank or account you gave is not the one your payments go to.",
    },
    "phone_required": {
        "message_ru": "Не указан телефон учётной записи.",
        "message_en": "The account's phone was not given.",
        "say_ru": "Назовите, пожалуйста, номер телефона, указанный в вашей учётной записи.",
        "say_en": "Please give the phone number in your account.",
    },
    "code_attempts_exhausted": {
        "message_ru": "Код трижды введён неверно: идентификация заблокирована.",
        "message_en": "The code was wrong three times: verification is blocked.",
        "say_ru": "Код трижды назван неверно. По соображениям безопасности подтвердить "
        "личность в этом обращении нельзя; позвоните позже или обратитесь в клиентскую "
        "службу с паспортом.",
        "say_en": "The code was wrong three times. For your security we cannot confirm your "
        "identity in this contact; call again later or visit a client office.",
    },
    "consent_refused": {
        "message_ru": "Гражданин не дал согласия на обработку персональных данных.",
        "message_en": "The citizen did not consent to personal-data processing.",
        "say_ru": "Без согласия на обработку персональных данных мы можем ответить только на "
        "общие вопросы, без сведений из вашей учётной записи.",
        "say_en": "Without your consent to personal-data processing we can answer general "
        "questions only, without details from your account.",
    },
    "cancelled": {
        "message_ru": "Идентификация прервана: обращение перешло к другому сотруднику.",
        "message_en": "Verification was cancelled: another user took over the contact.",
        "say_ru": "Давайте подтвердим вашу личность ещё раз.",
        "say_en": "Let us confirm your identity once more.",
    },
}


def reason(code: str | None) -> dict[str, Any] | None:
    """The reason as the client shows it; an unknown code still comes with its code."""
    if code is None:
        return None
    texts = REASONS.get(code, {})
    return {
        "code": code,
        "message_ru": texts.get("message_ru", code),
        "message_en": texts.get("message_en", code),
        "say_ru": texts.get("say_ru", ""),
        "say_en": texts.get("say_en", ""),
    }


def listing() -> list[dict[str, Any]]:
    """The reference list: every reason with its names (as the other lists have) and texts."""
    return [
        {**r, "name_ru": r["message_ru"], "name_en": r["message_en"]}
        for code in REASONS
        if (r := reason(code)) is not None
    ]
