"""Synthetic citizen registry, identity helpers and the resources/ lists they rely on."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from stdnum.ru import inn as stdnum_inn

from routing_api.demo.citizens import (
    REFERENCE_DATE,
    Citizen,
    Region,
    generate_citizens,
    load_regions,
    parse_regions,
)
from routing_api.demo.identity import (
    format_snils,
    inn12_check_digits,
    is_valid_inn12,
    is_valid_snils,
    mask_passport,
    mask_phone,
    mask_snils,
    normalise_phone,
    snils_checksum,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
AGENCIES = {"СФР", "Минтруд", "МСЭ", "Роструд", "ОСЗН", "Госуслуги"}


def _json(name: str) -> Any:
    # read from the checkout: the ekc_resources package mapping may not be installed yet
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))


def _kb_articles() -> list[dict[str, Any]]:
    lines = (RESOURCES / "kb" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def regions() -> tuple[Region, ...]:
    return parse_regions(_json("regions.json"))


@pytest.fixture(scope="module")
def citizens(regions: tuple[Region, ...]) -> list[Citizen]:
    return generate_citizens(2000, regions=regions)


def _reference_snils_ok(snils: str) -> bool:
    """An independent SNILS check: weights 9..1, then mod 101, 100 and 101 read as 00."""
    m = re.fullmatch(r"(\d{3})-(\d{3})-(\d{3}) (\d{2})", snils)
    assert m is not None, snils
    body, check = m.group(1) + m.group(2) + m.group(3), int(m.group(4))
    total = sum(int(body[i]) * (9 - i) for i in range(9))
    expected = total if total < 100 else (total % 101) % 100
    return int(body) > 1_001_998 and expected == check


# --- the generator ------------------------------------------------------------------


def test_same_seed_gives_identical_citizens(regions: tuple[Region, ...]) -> None:
    assert generate_citizens(300, regions=regions) == generate_citizens(300, regions=regions)


def test_different_seed_gives_different_citizens(regions: tuple[Region, ...]) -> None:
    first = generate_citizens(50, seed=1, regions=regions)
    second = generate_citizens(50, seed=2, regions=regions)
    assert [c.snils for c in first] != [c.snils for c in second]


def test_ids_are_sequential_from_one(citizens: list[Citizen]) -> None:
    assert [c.id for c in citizens] == list(range(1, 2001))


def test_every_snils_is_valid_and_unique(citizens: list[Citizen]) -> None:
    snils = [c.snils for c in citizens]
    assert all(_reference_snils_ok(s) for s in snils)
    assert len(set(snils)) == len(snils)


def test_every_inn_is_valid_unique_and_in_the_citizens_region(
    citizens: list[Citizen], regions: tuple[Region, ...]
) -> None:
    code_of = {r.name_ru: r.code for r in regions}
    for c in citizens:
        assert len(c.inn) == 12 and stdnum_inn.is_valid(c.inn), c.inn
        assert c.inn[:2] == code_of[c.region]
    assert len({c.inn for c in citizens}) == len(citizens)


def test_phones_are_unique_russian_mobiles(citizens: list[Citizen]) -> None:
    phones = [c.phone for c in citizens]
    assert all(re.fullmatch(r"\+79\d{9}", p) for p in phones)
    assert len(set(phones)) == len(phones)


def test_documents_and_contacts_are_well_formed(citizens: list[Citizen]) -> None:
    for c in citizens:
        assert re.fullmatch(r"\d{2} \d{2}", c.passport_series), c.passport_series
        assert re.fullmatch(r"\d{6}", c.passport_number)
        assert re.fullmatch(r"[a-z0-9.]+@[a-z]+\.(ru|com)", c.email), c.email
        assert re.fullmatch(r"\d{4}", c.account_last4)
        assert c.address.startswith(("г. ", f"{c.region}, г. ")) and ", д. " in c.address
    assert len({c.email for c in citizens}) == len(citizens)


def test_surname_and_patronymic_agree_with_sex(citizens: list[Citizen]) -> None:
    assert {c.sex for c in citizens} == {"M", "F"}
    for c in citizens:
        if c.sex == "M":
            assert c.middle_name.endswith("вич"), c.full_name
            assert not c.last_name.endswith(("ова", "ева", "ёва", "ина", "ая")), c.full_name
        else:
            assert c.middle_name.endswith("вна"), c.full_name
            assert not c.last_name.endswith(("ов", "ев", "ёв", "ин", "ий", "ой")), c.full_name
    male_first = {c.first_name for c in citizens if c.sex == "M"}
    assert not male_first & {c.first_name for c in citizens if c.sex == "F"}


def test_ages_are_between_18_and_90_and_skew_older(citizens: list[Citizen]) -> None:
    ages = [c.age_on(REFERENCE_DATE) for c in citizens]
    assert min(ages) >= 18 and max(ages) <= 90
    assert sum(a >= 60 for a in ages) > len(ages) // 5


def test_full_name_and_registry_row(citizens: list[Citizen]) -> None:
    c = citizens[0]
    assert c.full_name == f"{c.last_name} {c.first_name} {c.middle_name}"
    row = c.to_registry_row()
    assert json.loads(json.dumps(row)) == row
    assert row["birth_date"] == c.birth_date.isoformat()
    assert "payments" not in row
    rows = [*c.payment_rows(), *c.application_rows()]
    assert all(r["citizen_id"] == c.id for r in rows)
    assert json.loads(json.dumps(rows)) == rows


def test_payments_and_applications_fit_the_citizen(citizens: list[Citizen]) -> None:
    for c in citizens:
        age = c.age_on(REFERENCE_DATE)
        assert len(c.payments) <= 6 and len(c.applications) <= 4
        for p in c.payments:
            assert p.agency in AGENCIES and p.amount_rub > 0 and p.paid_on < REFERENCE_DATE
            if "по старости" in p.kind:
                assert age >= 58
            if "детей" in p.kind or "ребёнк" in p.kind or "родам" in p.kind:
                assert 20 <= age <= 45
        for a in c.applications:
            assert a.agency in AGENCIES and a.submitted_on < REFERENCE_DATE
            assert re.fullmatch(r"[A-Z]+-\d{4}-\d{7}", a.number)
    numbers = [a.number for c in citizens for a in c.applications]
    assert len(set(numbers)) == len(numbers)
    assert sum(bool(c.payments) for c in citizens) > len(citizens) // 2


def test_demo_second_line_regions_have_their_agency_data(citizens: list[Citizen]) -> None:
    for region, agency in (("Москва", "СФР"), ("Республика Татарстан", "ОСЗН")):
        people = [c for c in citizens if c.region == region]
        assert len(people) >= 40, region
        for c in people:
            agencies = {p.agency for p in c.payments} | {a.agency for a in c.applications}
            assert agency in agencies, c.id


# --- identity helpers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("112233445", "95"),
        ("001239570", "99"),
        ("001326679", "00"),
        ("001508816", "00"),
        ("001437545", "01"),
        ("002894641", "49"),
    ],
)
def test_snils_checksum_known_values(body: str, check: str) -> None:
    assert snils_checksum(body) == check
    assert is_valid_snils(body + check)
    assert is_valid_snils(format_snils(body + check))


def test_snils_validation_rejects_bad_values() -> None:
    assert not is_valid_snils("112-233-445 96")
    assert not is_valid_snils("112-233-445-95")
    assert not is_valid_snils("1122334459")
    assert not is_valid_snils("abc")
    assert is_valid_snils("001-001-998 77")  # below the checked range: format only
    with pytest.raises(ValueError):
        snils_checksum("12345")


def test_inn12_check_digits_agree_with_stdnum() -> None:
    assert inn12_check_digits("5001007322") == "59"
    assert is_valid_inn12("500100732259")
    assert not is_valid_inn12("500100732258")
    for body in ("7707083893", "1600000000", "9200123456"):
        assert stdnum_inn.is_valid(body + inn12_check_digits(body))


def test_masks_show_only_the_tail() -> None:
    assert mask_phone("+79161234545") == "+7 *** ***-**-45"
    assert mask_phone("8 (916) 123-45-45") == "+7 *** ***-**-45"
    assert mask_snils("112-233-445 95") == "***-***-*** 95"
    assert mask_snils("11223344595") == "***-***-*** 95"
    assert mask_passport("45 12 345678") == "** ** ***678"
    assert mask_passport("4512345678") == "** ** ***678"
    assert mask_phone("12") == "***"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+79161234567", "+79161234567"),
        ("89161234567", "+79161234567"),
        ("79161234567", "+79161234567"),
        ("8 (916) 123-45-67", "+79161234567"),
        ("+7 (495) 123 45 67", "+74951234567"),
        ("  8-800-6000-000 ", "+78006000000"),
        ("9161234567", "+79161234567"),
        ("(495) 123-45-67", "+74951234567"),
    ],
)
def test_normalise_phone_accepts_russian_numbers(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "+", "+1 202 555 0100", "+77011234567", "+8 916 123 45 67", "8916123456", "8916abc4567",
     "+7916123456789", "123"],
)  # fmt: skip
def test_normalise_phone_rejects_other_values(raw: str) -> None:
    assert normalise_phone(raw) is None


# --- resources/ lists ---------------------------------------------------------------


def test_categories_cover_the_kb_and_shares_sum_to_one() -> None:
    data = _json("categories.json")
    cats = data["categories"]
    assert math.isclose(sum(c["share"] for c in cats), 1.0, abs_tol=1e-9)
    assert math.isclose(sum(k["share"] for k in data["kinds"]), 1.0, abs_tol=1e-9)
    assert [k["code"] for k in data["kinds"]] == ["reference", "forms", "status", "technical"]
    names = {c["name_ru"] for c in cats}
    assert {a["category"] for a in _kb_articles()} <= names
    assert {c["kb_category"] for c in cats} <= names
    codes = [c["code"] for c in cats]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[a-z][a-z_]*", code) for code in codes)
    assert {c["agency"] for c in cats} <= AGENCIES
    assert all(c["name_en"] and c["share"] > 0 for c in cats)


def test_exactly_four_categories_are_urgent() -> None:
    urgent = {c["code"] for c in _json("categories.json")["categories"] if c["urgent"] is True}
    assert urgent == {"account_lost", "portal_failure", "security_incident", "fraud"}


def test_regions_are_85_and_cover_the_kb(regions: tuple[Region, ...]) -> None:
    codes = [r.code for r in regions]
    assert len(codes) == 85 and len(set(codes)) == 85
    assert all(re.fullmatch(r"\d{2}", code) for code in codes)
    names = {r.name_ru for r in regions}
    assert {a["region"] for a in _kb_articles() if a["region"]} <= names
    assert all(r.cities and r.name_en for r in regions)


def test_dispositions_and_reason_codes_are_well_formed() -> None:
    dispositions = _json("dispositions.json")["dispositions"]
    assert len({d["code"] for d in dispositions}) == len(dispositions) >= 10
    assert {True, False} == {d["resolved"] for d in dispositions}
    reasons = _json("reason_codes.json")["reason_codes"]
    # the server keys reason codes by code alone, so codes are unique across both kinds
    assert len({r["code"] for r in reasons}) == len(reasons)
    assert {r["kind"] for r in reasons} == {"not_ready", "decline"}
    system = {r["code"] for r in reasons if r["system"]}
    assert system == {"missed", "disconnected", "by_supervisor"}
    assert all(r["kind"] == "not_ready" for r in reasons if r["system"])
    assert all(r["name_ru"] and r["name_en"] for r in [*dispositions, *reasons])


def test_packaged_regions_match_the_checkout(regions: tuple[Region, ...]) -> None:
    pytest.importorskip("ekc_resources", reason="resources/ not yet mapped to ekc_resources")
    assert load_regions() == regions
    assert generate_citizens(5) == generate_citizens(5, regions=regions)
