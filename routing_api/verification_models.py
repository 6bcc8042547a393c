"""Request bodies of identity verification and personal-data access (pydantic, 422 per field).

Every check says in Russian what is wrong with the field, and never echoes the value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from routing_api.demo.identity import is_valid_snils, normalise_phone
from routing_api.models import Strict

_NAME = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:[ '\-][A-Za-zА-Яа-яЁё]+)*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RU_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")


def _bad(kind: str, en: str, ru: str) -> PydanticCustomError:
    return PydanticCustomError(kind, en, {"ru": ru})


def _name(value: str | None) -> str | None:
    if value is None:
        return None
    collapsed = " ".join(value.split())
    if not _NAME.fullmatch(collapsed):
        raise _bad(
            "name_format", "letters, hyphens and spaces only", "только буквы, дефис и пробел"
        )
    return collapsed


class BasicIn(Strict):
    """Step 1: what the citizen says — full name, date of birth, phone of the account."""

    last_name: str = Field(min_length=1, max_length=100)
    first_name: str = Field(min_length=1, max_length=100)
    middle_name: str | None = Field(default=None, max_length=100)
    birth_date: str = Field(min_length=1, max_length=10, description="ДД.ММ.ГГГГ or YYYY-MM-DD")
    phone: str = Field(min_length=1, max_length=30, description="normalised to +7XXXXXXXXXX")

    @field_validator("last_name", "first_name", "middle_name")
    @classmethod
    def _names(cls, value: str | None) -> str | None:
        return _name(value or None)

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: str) -> str:
        match = _RU_DATE.fullmatch(value)
        text = f"{match[3]}-{match[2]}-{match[1]}" if match else value
        if not _ISO_DATE.fullmatch(text):
            raise _bad("date_format", "use DD.MM.YYYY", "укажите дату в формате ДД.ММ.ГГГГ")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise _bad("date_invalid", "no such date", "такой даты не существует") from None
        today = datetime.now().date()
        if day > today:
            raise _bad("date_future", "is in the future", "дата рождения не может быть в будущем")
        if day.year < 1900:
            raise _bad("date_too_early", "is before 1900", "дата рождения раньше 1900 года")
        return day.isoformat()

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        normal = normalise_phone(value)
        if normal is None:
            raise _bad(
                "phone_format",
                "not a Russian phone number (+7 and ten digits)",
                "укажите российский номер: +7 и десять цифр",
            )
        return normal


def _digits(value: str) -> str:
    return re.sub(r"[\s\-]", "", value)


class DocumentIn(Strict):
    """Step 2: one document — passport, SNILS, or the bank details payments go to."""

    kind: Literal["passport", "snils", "bank"]
    snils: str | None = Field(default=None, max_length=20, description="123-456-789 01")
    passport_series: str | None = Field(default=None, max_length=10, description="45 12")
    passport_number: str | None = Field(default=None, max_length=10, description="345678")
    bank: str | None = Field(default=None, max_length=100)
    account_last4: str | None = Field(default=None, max_length=10)

    @field_validator("snils")
    @classmethod
    def _snils(cls, value: str | None) -> str | None:
        if not value:
            return None
        digits = _digits(value)
        if not re.fullmatch(r"\d{11}", digits):
            raise _bad("snils_format", "SNILS has eleven digits", "СНИЛС состоит из 11 цифр")
        if not is_valid_snils(digits):
            raise _bad(
                "snils_checksum",
                "SNILS check digits do not match (a typo?)",
                "контрольное число СНИЛС не сходится — проверьте цифры",
            )
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"

    @field_validator("passport_series")
    @classmethod
    def _series(cls, value: str | None) -> str | None:
        if not value:
            return None
        digits = _digits(value)
        if not re.fullmatch(r"\d{4}", digits):
            raise _bad(
                "passport_series_format",
                "the series is four digits",
                "серия паспорта — четыре цифры",
            )
        return f"{digits[:2]} {digits[2:]}"

    @field_validator("passport_number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        if not value:
            return None
        digits = _digits(value)
        if not re.fullmatch(r"\d{6}", digits):
            raise _bad(
                "passport_number_format",
                "the number is six digits",
                "номер паспорта — шесть цифр",
            )
        return digits

    @field_validator("bank")
    @classmethod
    def _bank(cls, value: str | None) -> str | None:
        return " ".join(value.split()) if value else None

    @field_validator("account_last4")
    @classmethod
    def _last4(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.fullmatch(r"\d{4}", value):
            raise _bad(
                "account_last4_format",
                "the last four digits of the account",
                "последние четыре цифры счёта",
            )
        return value


class CodeCheckIn(Strict):
    """Step 4: the code the citizen reads out."""

    code: str = Field(min_length=1, max_length=12)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        digits = _digits(value)
        if not re.fullmatch(r"\d{6}", digits):
            raise _bad("code_format", "the code is six digits", "код состоит из шести цифр")
        return digits


class ConsentIn(Strict):
    """Step 5: the citizen's answer to the consent to personal-data processing (152-ФЗ)."""

    given: bool


RevealField = Literal["snils", "passport", "phone", "inn", "email", "address"]
RevealReason = Literal["citizen_request", "verification", "consultation", "correction"]


class RevealIn(Strict):
    """Which masked field to show in the clear, and why (a code: free text could hold PD)."""

    field: RevealField
    reason: RevealReason = "consultation"
