"""Checksums, formatting and masking of Russian identifiers (SNILS, INN, phone, passport)."""

from __future__ import annotations

import re

_SNILS_PLAIN = re.compile(r"\d{11}")
_SNILS_FORMATTED = re.compile(r"(\d{3})-(\d{3})-(\d{3}) (\d{2})")
#: numbers up to 001-001-998 were issued before checksums existed and are not checked
_SNILS_LAST_UNCHECKED = 1_001_998
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_PHONE_CHARS = re.compile(r"\+?[\d\s()\-.]+")
#: first digit of a Russian national number: 3xx/4xx/8xx geographic and toll-free, 9xx mobile
#: (+7 6xx and +7 7xx are Kazakhstan)
_RU_FIRST_DIGITS = frozenset("3489")


def snils_checksum(digits9: str) -> str:
    """Return the two check digits of a SNILS given its first nine digits."""
    if len(digits9) != 9 or not digits9.isdigit():
        raise ValueError("SNILS body must be nine digits")
    total = sum(int(d) * w for d, w in zip(digits9, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return "00" if total in (100, 101) else f"{total:02d}"


def _snils_digits(value: str) -> str | None:
    if _SNILS_PLAIN.fullmatch(value):
        return value
    match = _SNILS_FORMATTED.fullmatch(value)
    return "".join(match.groups()) if match else None


def is_valid_snils(value: str) -> bool:
    """Tell whether a SNILS ("12345678901" or "123-456-789 01") has a correct checksum."""
    digits = _snils_digits(value.strip())
    if digits is None:
        return False
    if int(digits[:9]) <= _SNILS_LAST_UNCHECKED:
        return True
    return snils_checksum(digits[:9]) == digits[9:]


def format_snils(value: str) -> str:
    """Render 11 SNILS digits (any separators) as "123-456-789 01"."""
    digits = re.sub(r"\D", "", value)
    if len(digits) != 11:
        raise ValueError("SNILS must have eleven digits")
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def _weighted_mod(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


def inn12_check_digits(digits10: str) -> str:
    """Return the two check digits of a personal (12-digit) INN given its first ten digits."""
    if len(digits10) != 10 or not digits10.isdigit():
        raise ValueError("INN body must be ten digits")
    first = _weighted_mod(digits10, _INN11_WEIGHTS)
    return first + _weighted_mod(digits10 + first, _INN12_WEIGHTS)


def is_valid_inn12(value: str) -> bool:
    """Tell whether a 12-digit personal INN has correct check digits."""
    if len(value) != 12 or not value.isdigit():
        return False
    return inn12_check_digits(value[:10]) == value[10:]


def normalise_phone(value: str) -> str | None:
    """Bring a Russian phone number to "+7XXXXXXXXXX"; None when it is not one.

    Accepts 8XXXXXXXXXX, 7XXXXXXXXXX, +7XXXXXXXXXX and a bare ten-digit national number
    (not one starting with 8: that is far likelier a trunk-prefixed number missing a digit),
    with spaces, brackets, dots and dashes anywhere.
    """
    text = value.strip()
    if not _PHONE_CHARS.fullmatch(text):
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        national = digits[1:] if len(digits) == 11 and digits[0] == "7" else None
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    elif len(digits) == 10 and digits[0] != "8":
        national = digits
    else:
        national = None
    if national is None or national[0] not in _RU_FIRST_DIGITS:
        return None
    return "+7" + national


def _mask_tail(digits: str, visible: int) -> str:
    """Fallback mask for malformed input: never shows more than the tail."""
    return "***" + digits[-visible:] if len(digits) > visible else "***"


def mask_phone(phone: str) -> str:
    """Mask a phone as "+7 *** ***-**-45": only the last two digits stay visible."""
    normal = normalise_phone(phone)
    if normal is None:
        return _mask_tail(re.sub(r"\D", "", phone), 2)
    return f"+7 *** ***-**-{normal[-2:]}"


def mask_snils(snils: str) -> str:
    """Mask a SNILS as "***-***-*** 45": only the check digits stay visible."""
    digits = re.sub(r"\D", "", snils)
    if len(digits) != 11:
        return _mask_tail(digits, 2)
    return f"***-***-*** {digits[9:]}"


def mask_passport(passport: str) -> str:
    """Mask a passport ("45 12 345678" or "4512345678") as "** ** ***678".

    The series is hidden entirely and only the last three digits of the number stay
    visible: enough for the citizen to confirm which document, not enough to use it.
    """
    digits = re.sub(r"\D", "", passport)
    if len(digits) != 10:
        return _mask_tail(digits, 3)
    return f"** ** ***{digits[7:]}"
