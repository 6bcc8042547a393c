"""Checks of what a citizen says during identity verification, as the operator types it.

Each check tells whether the text is still being typed (no complaint yet), wrong (with what
is wrong in Russian and English, never echoing the value) or right (with the value in the
form the routing API takes). The server checks again: these only save a round trip and tell
the operator at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

#: SNILS numbers up to 001-001-998 were issued before check digits existed
_SNILS_LAST_UNCHECKED = 1_001_998
_NAME = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:[ '\-][A-Za-zА-Яа-яЁё]+)*")
_SEPARATORS = re.compile(r"[\s\-().]")


class Status(Enum):
    EMPTY = "empty"
    TYPING = "typing"  # not complete yet: nothing to complain about while the operator types
    INVALID = "invalid"
    VALID = "valid"


@dataclass(frozen=True, slots=True)
class Check:
    status: Status
    value: str | None = None  # the normalised value when VALID
    message_ru: str = ""
    message_en: str = ""

    @property
    def ok(self) -> bool:
        return self.status is Status.VALID

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_ru


EMPTY = Check(Status.EMPTY)
TYPING = Check(Status.TYPING)


def _valid(value: str) -> Check:
    return Check(Status.VALID, value)


def _invalid(ru: str, en: str) -> Check:
    return Check(Status.INVALID, None, ru, en)


def _digits(text: str) -> str | None:
    """The digits of `text` if it holds only digits and separators, else None."""
    compact = _SEPARATORS.sub("", text)
    return compact if compact.isdigit() else None


def snils_check_digits(first9: str) -> str:
    """The two check digits of a SNILS from its first nine digits."""
    total = sum(int(d) * w for d, w in zip(first9, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return "00" if total in (100, 101) else f"{total:02d}"


def check_snils(text: str) -> Check:
    """SNILS: eleven digits (any separators) with matching check digits → "123-456-789 01"."""
    if not text.strip():
        return EMPTY
    digits = _digits(text)
    if digits is None:
        return _invalid("СНИЛС состоит только из цифр", "SNILS has digits only")
    if len(digits) < 11:
        return TYPING
    if len(digits) > 11:
        return _invalid("СНИЛС состоит из 11 цифр", "SNILS has eleven digits")
    unchecked = int(digits[:9]) <= _SNILS_LAST_UNCHECKED
    if not unchecked and snils_check_digits(digits[:9]) != digits[9:]:
        return _invalid(
            "контрольное число СНИЛС не сходится — проверьте цифры",
            "SNILS check digits do not match (a typo?)",
        )
    return _valid(f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}")


def _fixed_digits(text: str, size: int, ru: str, en: str) -> Check:
    if not text.strip():
        return EMPTY
    digits = _digits(text)
    if digits is None:
        return _invalid(ru, en)
    if len(digits) < size:
        return TYPING
    if len(digits) > size:
        return _invalid(ru, en)
    return _valid(digits)


def check_passport_series(text: str) -> Check:
    """Passport series: four digits → "45 12"."""
    check = _fixed_digits(
        text, 4, "серия паспорта — четыре цифры", "the passport series is four digits"
    )
    return _valid(f"{check.value[:2]} {check.value[2:]}") if check.value else check


def check_passport_number(text: str) -> Check:
    return _fixed_digits(
        text, 6, "номер паспорта — шесть цифр", "the passport number is six digits"
    )


def check_account_last4(text: str) -> Check:
    return _fixed_digits(
        text, 4, "последние четыре цифры счёта", "the last four digits of the account"
    )


def check_code(text: str) -> Check:
    return _fixed_digits(text, 6, "код состоит из шести цифр", "the code is six digits")


def check_birth_date(text: str, today: date) -> Check:
    """Date of birth as ДД.ММ.ГГГГ → ISO "YYYY-MM-DD"; a real date, not in the future."""
    stripped = text.strip()
    if not stripped:
        return EMPTY
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{0,4})", stripped)
    if match is None:
        if re.fullmatch(r"[\d.]*", stripped):
            return TYPING
        return _invalid("укажите дату в формате ДД.ММ.ГГГГ", "use DD.MM.YYYY")
    if len(match[3]) < 4:
        return TYPING
    try:
        day = date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return _invalid("такой даты не существует", "no such date")
    if day > today:
        return _invalid("дата рождения не может быть в будущем", "the date is in the future")
    if day.year < 1900:
        return _invalid("дата рождения раньше 1900 года", "the date is before 1900")
    return _valid(day.isoformat())


def check_phone(text: str) -> Check:
    """A Russian phone number in any usual form (8 916…, +7 (916)…, 916…) → "+79161234545"."""
    stripped = text.strip()
    if not stripped:
        return EMPTY
    plus = stripped.startswith("+")
    digits = _digits(stripped.removeprefix("+"))
    if digits is None:
        return _invalid("в номере телефона только цифры", "a phone number has digits only")
    if plus and not digits.startswith("7"):
        return _invalid(
            "укажите российский номер: +7 и десять цифр", "a Russian number: +7 and ten digits"
        )
    if len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    elif len(digits) == 10 and not plus:
        national = digits
    elif len(digits) < 11:
        return TYPING
    else:
        return _invalid(
            "укажите российский номер: +7 и десять цифр", "a Russian number: +7 and ten digits"
        )
    if national[0] not in "3489":
        return _invalid(
            "укажите российский номер: +7 и десять цифр", "a Russian number: +7 and ten digits"
        )
    return _valid("+7" + national)


def check_name(text: str) -> Check:
    """A surname, name or patronymic: letters, with hyphens, apostrophes and spaces between."""
    collapsed = " ".join(text.split())
    if not collapsed:
        return EMPTY
    if not _NAME.fullmatch(collapsed):
        if _NAME.fullmatch(collapsed.rstrip(" -'")):
            return TYPING
        return _invalid("только буквы, дефис и пробел", "letters, hyphens and spaces only")
    return _valid(collapsed)


def mask_tail(value: str, keep: int = 2) -> str:
    """A value with every digit but the last `keep` starred ("***-***-*** 45")."""
    digits_seen = sum(ch.isdigit() for ch in value)
    out, index = [], 0
    for ch in value:
        if ch.isdigit():
            index += 1
            out.append(ch if index > digits_seen - keep else "*")
        else:
            out.append(ch)
    return "".join(out)
