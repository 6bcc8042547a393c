"""What the verification panel says about each field as the operator types it."""

from __future__ import annotations

from datetime import date

import pytest

from operator_app.domain.identity import (
    Status,
    check_account_last4,
    check_birth_date,
    check_code,
    check_name,
    check_passport_number,
    check_passport_series,
    check_phone,
    check_snils,
    mask_tail,
    snils_check_digits,
)

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "status", "value"),
    [
        ("", Status.EMPTY, None),
        ("112-233", Status.TYPING, None),
        ("112-233-445 95", Status.VALID, "112-233-445 95"),
        ("11223344595", Status.VALID, "112-233-445 95"),
        ("112-233-445 96", Status.INVALID, None),  # one digit off: the check digits say so
        ("112233445950", Status.INVALID, None),
        ("112-233-44a", Status.INVALID, None),
        ("001-001-998 00", Status.VALID, "001-001-998 00"),  # before check digits existed
    ],
)
def test_snils(text: str, status: Status, value: str | None) -> None:
    check = check_snils(text)
    assert (check.status, check.value) == (status, value)
    if status is Status.INVALID:
        assert check.message_ru and check.message_en
        assert "112" not in check.message_ru  # never echoes the value


def test_snils_check_digits_are_the_registrys() -> None:
    assert snils_check_digits("112233445") == "95"
    assert "контрольное число" in check_snils("112-233-445 96").message("ru")
    assert "check digits" in check_snils("112-233-445 96").message("en")


@pytest.mark.parametrize(
    ("text", "status", "value"),
    [
        ("8 916 123-45-45", Status.VALID, "+79161234545"),
        ("+7 (916) 123-45-45", Status.VALID, "+79161234545"),
        ("9161234545", Status.VALID, "+79161234545"),
        ("+7 916", Status.TYPING, None),
        ("+1 202 555 0100", Status.INVALID, None),
        ("+7 716 123 45 45", Status.INVALID, None),  # +7 7xx is Kazakhstan
        ("8 916 123 45 45 6", Status.INVALID, None),
        ("тел", Status.INVALID, None),
    ],
)
def test_phone(text: str, status: Status, value: str | None) -> None:
    assert (check_phone(text).status, check_phone(text).value) == (status, value)


@pytest.mark.parametrize(
    ("text", "status", "value"),
    [
        ("14.03.1961", Status.VALID, "1961-03-14"),
        ("1.3.1961", Status.VALID, "1961-03-01"),
        ("14.03.19", Status.TYPING, None),
        ("14.0", Status.TYPING, None),
        ("31.02.1990", Status.INVALID, None),
        ("01.01.2030", Status.INVALID, None),
        ("01.01.1899", Status.INVALID, None),
        ("1961-03-14", Status.INVALID, None),
    ],
)
def test_birth_date(text: str, status: Status, value: str | None) -> None:
    check = check_birth_date(text, TODAY)
    assert (check.status, check.value) == (status, value)


def test_documents_codes_and_names() -> None:
    assert check_passport_series("45 12").value == "45 12"
    assert check_passport_series("451").status is Status.TYPING
    assert check_passport_series("45123").status is Status.INVALID
    assert check_passport_number("345678").value == "345678"
    assert check_account_last4("12a4").status is Status.INVALID
    assert check_code("123 456").value == "123456"
    assert check_code("1234567").status is Status.INVALID
    assert check_name("  Петров-Водкин ").value == "Петров-Водкин"
    assert check_name("Петров-").status is Status.TYPING
    assert check_name("Петров1").status is Status.INVALID
    assert check_name("").status is Status.EMPTY


def test_mask_tail() -> None:
    assert mask_tail("112-233-445 95") == "***-***-*** 95"
    assert mask_tail("+79161234545") == "+*********45"
