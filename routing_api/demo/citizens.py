"""Deterministic synthetic citizens for the simulated citizen registry."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from itertools import accumulate
from typing import Any

from routing_api.demo.identity import format_snils, inn12_check_digits, snils_checksum
from routing_api.demo.records import REFERENCE_DATE, Application, Payment, RecordMaker

__all__ = [
    "REFERENCE_DATE",
    "Application",
    "Citizen",
    "Payment",
    "Region",
    "feminine_patronymic",
    "feminine_surname",
    "generate_citizens",
    "load_regions",
    "parse_regions",
]


@dataclass(frozen=True)
class Region:
    """A federal subject as listed in resources/regions.json."""

    code: str
    name_ru: str
    name_en: str
    okato: str
    cities: tuple[str, ...]
    federal_city: bool


@dataclass(frozen=True)
class Citizen:
    """A synthetic citizen as the registry behind identity verification holds it."""

    id: int
    last_name: str
    first_name: str
    middle_name: str
    sex: str
    birth_date: date
    snils: str
    inn: str
    passport_series: str
    passport_number: str
    phone: str
    email: str
    region: str
    address: str
    bank: str
    account_last4: str
    payments: tuple[Payment, ...]
    applications: tuple[Application, ...]

    @property
    def full_name(self) -> str:
        """Surname, first name and patronymic in the Russian order."""
        return f"{self.last_name} {self.first_name} {self.middle_name}"

    def age_on(self, day: date = REFERENCE_DATE) -> int:
        """Full years of age on the given day."""
        return _age(self.birth_date, day)

    def to_registry_row(self) -> dict[str, Any]:
        """The citizen's own columns as plain JSON values (payments/applications excluded)."""
        return {
            "id": self.id,
            "last_name": self.last_name,
            "first_name": self.first_name,
            "middle_name": self.middle_name,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "snils": self.snils,
            "inn": self.inn,
            "passport_series": self.passport_series,
            "passport_number": self.passport_number,
            "phone": self.phone,
            "email": self.email,
            "region": self.region,
            "address": self.address,
            "bank": self.bank,
            "account_last4": self.account_last4,
        }

    def payment_rows(self) -> list[dict[str, Any]]:
        """The citizen's payments as plain JSON rows keyed by citizen_id."""
        return [
            {
                "citizen_id": self.id,
                "agency": p.agency,
                "kind": p.kind,
                "amount_rub": p.amount_rub,
                "paid_on": p.paid_on.isoformat(),
                "status": p.status,
            }
            for p in self.payments
        ]

    def application_rows(self) -> list[dict[str, Any]]:
        """The citizen's applications as plain JSON rows keyed by citizen_id."""
        return [
            {
                "citizen_id": self.id,
                "agency": a.agency,
                "number": a.number,
                "kind": a.kind,
                "status": a.status,
                "submitted_on": a.submitted_on.isoformat(),
            }
            for a in self.applications
        ]


def parse_regions(data: Mapping[str, Any]) -> tuple[Region, ...]:
    """Turn the parsed content of regions.json into Region records."""
    return tuple(
        Region(
            code=r["code"],
            name_ru=r["name_ru"],
            name_en=r["name_en"],
            okato=r["okato"],
            cities=tuple(r["cities_ru"]),
            federal_city=bool(r["federal_city"]),
        )
        for r in data["regions"]
    )


@cache
def load_regions() -> tuple[Region, ...]:
    """The regions shipped in the ekc_resources package."""
    # by name, not `from ekc_resources import load_json`: mypy cannot see the mapped package
    text = files("ekc_resources").joinpath("regions.json").read_text(encoding="utf-8")
    return parse_regions(json.loads(text))


def generate_citizens(
    count: int, seed: int = 2026, regions: Sequence[Region] | None = None
) -> list[Citizen]:
    """Generate ``count`` citizens; the same seed (and regions) always gives the same list."""
    rng = random.Random(seed)
    pool = tuple(regions) if regions is not None else load_regions()
    maker = _CitizenMaker(rng, pool, RecordMaker(rng))
    return [maker.make(i) for i in range(1, count + 1)]


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Names by generation: born before 1965, 1965-1989, from 1990.
_MALE_NAMES = (
    _words("Анатолий Василий Виктор Владимир Геннадий Николай Валерий Юрий Борис Михаил"),
    _words("Александр Сергей Андрей Алексей Дмитрий Игорь Олег Евгений Павел Владимир"),
    _words("Артём Максим Кирилл Даниил Никита Илья Иван Дмитрий Александр Егор"),
)
_FEMALE_NAMES = (
    _words("Валентина Галина Людмила Нина Тамара Зинаида Надежда Вера Лидия Раиса"),
    _words("Елена Ольга Наталья Татьяна Ирина Светлана Марина Юлия Оксана Лариса"),
    _words("Анастасия Дарья Полина Виктория Алина Екатерина Мария Ксения Анна Алёна"),
)
_SURNAMES = _words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев "
    "Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв "
    "Белов Тарасов Белоусов Калинин Ильин Фомин Голубев Крылов Медведев Жуков Гусев "
    "Виноградов Богданов Сорокин Ковалёв Киселёв Кудрявцев Баранов Щербаков Поляков "
    "Островский Покровский Вишневский Шевченко Бондаренко Ковальчук Кравчук Седых Белых"
)
_PATRONYMICS = _words(
    "Александрович Сергеевич Дмитриевич Андреевич Алексеевич Викторович Владимирович "
    "Николаевич Иванович Михайлович Петрович Юрьевич Васильевич Анатольевич Геннадьевич "
    "Олегович Игоревич Борисович Валерьевич Евгеньевич Павлович Григорьевич Фёдорович"
)
# Tatar and Bashkir names for the two republics
_TURKIC_MALE = _words("Рустам Ильдар Айдар Марат Рамиль Ринат Тимур Ильнур Азат Булат")
_TURKIC_FEMALE = _words("Гульнара Алсу Лейсан Резеда Эльвира Айгуль Гузель Альфия Лилия Диляра")
_TURKIC_SURNAMES = _words(
    "Хабибуллин Сафин Гарипов Валиев Закиров Нуриев Мухаметшин Галиев Ахметов Шарипов "
    "Зарипов Гайнуллин Юсупов Хасанов Сабиров Фаизов"
)
_TURKIC_PATRONYMICS = _words(
    "Рустамович Маратович Ринатович Ильдарович Рамилевич Фаридович Рашидович Наилевич "
    "Ильясович Айратович"
)
_TURKIC_SHARE = {"16": 0.55, "02": 0.35}

#: rough population weights (millions); regions not listed weigh _SMALL_REGION
_REGION_WEIGHTS = {
    "77": 15.0, "50": 8.6, "23": 5.8, "78": 5.6, "16": 5.0, "66": 4.2, "61": 4.1, "02": 4.0,
    "74": 3.4, "05": 3.2, "52": 3.1, "63": 3.1, "26": 2.9, "24": 2.8, "54": 2.8, "42": 2.6,
    "59": 2.5, "34": 2.5, "64": 2.4, "38": 2.3, "36": 2.3,
}  # fmt: skip
_SMALL_REGION = 0.9
#: agencies whose second-line demo users work in that region and need data to show
_REQUIRED_AGENCY = {"77": "СФР", "16": "ОСЗН"}

_STREETS = (
    "ул. Ленина", "ул. Советская", "ул. Мира", "ул. Гагарина", "ул. Молодёжная",
    "ул. Садовая", "ул. Школьная", "ул. Пушкина", "ул. Кирова", "ул. Октябрьская",
    "ул. Комсомольская", "ул. Строителей", "ул. Заречная", "ул. Лесная", "ул. Набережная",
    "пр-т Победы", "пр-т Мира", "пер. Почтовый", "б-р Космонавтов", "ш. Энтузиастов",
)  # fmt: skip
_BANKS = (
    "Сбербанк", "ВТБ", "Т-Банк", "Почта Банк", "Альфа-Банк", "Газпромбанк", "Россельхозбанк",
    "Совкомбанк",
)  # fmt: skip
_BANK_WEIGHTS = (45, 15, 10, 8, 8, 6, 5, 3)
_MAIL_DOMAINS = ("mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru", "inbox.ru", "ya.ru")
_MAIL_WEIGHTS = (35, 30, 12, 7, 6, 5, 5)
_TRANSLIT = str.maketrans(
    {
        **dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeeziyklmnoprstufye", strict=True)),
        **{"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ъ": "", "ь": "", "ю": "yu", "я": "ya"},
    }
)
#: contacts skew to parents of young children and to pensioners
_AGE_BANDS = ((18, 29), (30, 44), (45, 59), (60, 74), (75, 90))
_AGE_WEIGHTS = (14, 30, 22, 24, 10)


def feminine_surname(male: str) -> str:
    """The female form of a Russian surname given in the male form."""
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    if male.endswith(("ский", "цкий", "ый", "ой")):
        return male[:-2] + "ая"
    return male  # Шевченко, Ковальчук, Седых: the same for both sexes


def feminine_patronymic(male: str) -> str:
    """The female form of a patronymic in -ович/-евич."""
    return male[:-2] + "на"


class _CitizenMaker:
    """Builds one citizen after another from a single random stream."""

    def __init__(self, rng: random.Random, regions: Sequence[Region], records: RecordMaker) -> None:
        self._rng = rng
        self._records = records
        self._regions = tuple(regions)
        weights = (_REGION_WEIGHTS.get(r.code, _SMALL_REGION) for r in self._regions)
        self._region_cum = list(accumulate(weights))
        self._taken: set[str] = set()  # phones, SNILS, INN, e-mails and passports issued

    def _unique(self, make: Callable[[], str]) -> str:
        """Draw values until one has not been issued before."""
        while True:
            value = make()
            if value not in self._taken:
                self._taken.add(value)
                return value

    def make(self, citizen_id: int) -> Citizen:
        rng = self._rng
        region = rng.choices(self._regions, cum_weights=self._region_cum)[0]
        sex = rng.choice("MF")
        born = self._birth_date()
        age = _age(born, REFERENCE_DATE)
        last, first, middle = self._name(region, sex, born)
        payments, applications = self._records.make(age, sex, _REQUIRED_AGENCY.get(region.code))
        series, number = self._passport(region, born, age)
        return Citizen(
            id=citizen_id,
            last_name=last,
            first_name=first,
            middle_name=middle,
            sex=sex,
            birth_date=born,
            snils=self._unique(self._snils),
            inn=self._unique(lambda: self._inn(region)),
            passport_series=series,
            passport_number=number,
            phone=self._unique(lambda: f"+79{rng.randrange(10**9):09d}"),
            email=self._email(first, last, born),
            region=region.name_ru,
            address=self._address(region),
            bank=rng.choices(_BANKS, _BANK_WEIGHTS)[0],
            account_last4=f"{rng.randrange(10_000):04d}",
            payments=payments,
            applications=applications,
        )

    def _birth_date(self) -> date:
        rng = self._rng
        low, high = rng.choices(_AGE_BANDS, _AGE_WEIGHTS)[0]
        age = rng.randint(low, high)
        # 0..364 days before the birthday that falls on REFERENCE_DATE keeps the age exact
        return REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age) - timedelta(
            days=rng.randrange(365)
        )

    def _name(self, region: Region, sex: str, born: date) -> tuple[str, str, str]:
        rng = self._rng
        if rng.random() < _TURKIC_SHARE.get(region.code, 0.0):
            firsts = _TURKIC_MALE if sex == "M" else _TURKIC_FEMALE
            surnames, patronymics = _TURKIC_SURNAMES, _TURKIC_PATRONYMICS
        else:
            generation = 0 if born.year < 1965 else 1 if born.year < 1990 else 2
            firsts = (_MALE_NAMES if sex == "M" else _FEMALE_NAMES)[generation]
            surnames, patronymics = _SURNAMES, _PATRONYMICS
        last, first, middle = rng.choice(surnames), rng.choice(firsts), rng.choice(patronymics)
        if sex == "F":
            last, middle = feminine_surname(last), feminine_patronymic(middle)
        return last, first, middle

    def _snils(self) -> str:
        while True:
            body = f"{self._rng.randrange(1_002_000, 1_000_000_000):09d}"
            # a real SNILS never has one digit three times in a row
            if not any(body[i] == body[i + 1] == body[i + 2] for i in range(7)):
                return format_snils(body + snils_checksum(body))

    def _inn(self, region: Region) -> str:
        rng = self._rng
        body = f"{region.code}{rng.randint(1, 36):02d}{rng.randrange(1_000_000):06d}"
        return body + inn12_check_digits(body)

    def _passport(self, region: Region, born: date, age: int) -> tuple[str, str]:
        rng = self._rng
        # passports are issued at 14 and replaced at 20 and 45; pre-1997 ones were exchanged
        milestone = 45 if age >= 45 else 20 if age >= 20 else 14
        issued = min(born.year + milestone + rng.randint(0, 1), REFERENCE_DATE.year)
        if issued < 1997:
            issued = rng.randint(1998, 2004)
        series = f"{region.okato} {issued % 100:02d}"
        number = self._unique(lambda: f"{series} {rng.randrange(1_000_000):06d}")[-6:]
        return series, number

    def _email(self, first: str, last: str, born: date) -> str:
        rng = self._rng
        fn, ln = first.lower().translate(_TRANSLIT), last.lower().translate(_TRANSLIT)
        local = rng.choice((f"{fn}.{ln}", f"{ln}.{fn}", f"{ln}{born.year % 100:02d}", fn[0] + ln))
        domain = rng.choices(_MAIL_DOMAINS, _MAIL_WEIGHTS)[0]
        email = f"{local}@{domain}"
        while email in self._taken:
            email = f"{local}{rng.randint(1, 999)}@{domain}"
        self._taken.add(email)
        return email

    def _address(self, region: Region) -> str:
        rng = self._rng
        city = rng.choice(region.cities)
        place = f"г. {city}" if region.federal_city else f"{region.name_ru}, г. {city}"
        house = f"д. {rng.randint(1, 120)}"
        if rng.random() < 0.2:
            house += f", корп. {rng.randint(1, 4)}"
        flat = f", кв. {rng.randint(1, 350)}" if rng.random() < 0.85 else ""
        return f"{place}, {rng.choice(_STREETS)}, {house}{flat}"
