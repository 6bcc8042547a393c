"""Synthetic payments and applications of demo citizens, by agency, age and sex."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

#: "today" for the synthetic registry, fixed so that the output never depends on the clock
REFERENCE_DATE = date(2026, 11, 1)
MAX_PAYMENTS = 6
MAX_APPLICATIONS = 4


@dataclass(frozen=True)
class Payment:
    """One payment an agency made to the citizen."""

    agency: str
    kind: str
    amount_rub: int
    paid_on: date
    status: str


@dataclass(frozen=True)
class Application:
    """One application the citizen filed with an agency."""

    agency: str
    number: str
    kind: str
    status: str
    submitted_on: date


@dataclass(frozen=True)
class _Benefit:
    """A kind of payment and who plausibly receives it (2026 amounts, roubles)."""

    agency: str
    kind: str
    low: int
    high: int
    min_age: int
    max_age: int
    chance: float
    monthly: bool
    sex: str | None = None


@dataclass(frozen=True)
class _Service:
    """A kind of application and who plausibly files it."""

    agency: str
    kind: str
    min_age: int
    max_age: int
    chance: float


_BENEFITS = (
    _Benefit("СФР", "Страховая пенсия по старости", 16_000, 48_000, 63, 90, 0.95, True, "M"),
    _Benefit("СФР", "Страховая пенсия по старости", 16_000, 42_000, 58, 90, 0.95, True, "F"),
    _Benefit("СФР", "Страховая пенсия по инвалидности", 9_000, 28_000, 25, 62, 0.04, True),
    _Benefit("СФР", "Ежемесячная денежная выплата (ЕДВ)", 2_900, 7_100, 30, 90, 0.10, True),
    _Benefit("СФР", "Единое пособие на детей", 8_500, 48_000, 20, 45, 0.22, True),
    _Benefit("СФР", "Пособие по временной нетрудоспособности", 2_500, 45_000, 18, 64, 0.10, False),
    _Benefit("СФР", "Пособие по беременности и родам", 124_000, 955_000, 20, 42, 0.05, False, "F"),
    _Benefit(
        "СФР", "Ежемесячное пособие по уходу за ребёнком", 10_800, 83_000, 20, 42, 0.06, True, "F"
    ),
    _Benefit(
        "СФР", "Единовременное пособие при рождении ребёнка", 26_940, 40_410, 20, 42, 0.04, False
    ),
    _Benefit("ОСЗН", "Субсидия на оплату ЖКУ", 900, 9_500, 18, 90, 0.07, True),
    _Benefit(
        "ОСЗН", "Ежемесячная денежная компенсация на оплату ЖКУ", 600, 3_800, 55, 90, 0.18, True
    ),
    _Benefit("ОСЗН", "Региональная социальная доплата к пенсии", 1_500, 12_000, 60, 90, 0.10, True),
    _Benefit("ОСЗН", "Ежемесячная выплата многодетной семье", 1_500, 6_000, 25, 50, 0.05, True),
    _Benefit("ОСЗН", "Выплата по социальному контракту", 20_000, 350_000, 18, 60, 0.02, False),
    _Benefit("Минтруд", "Пособие по безработице", 1_800, 15_800, 18, 60, 0.03, True),
)

_SERVICES = (
    _Service("СФР", "Назначение страховой пенсии по старости", 57, 67, 0.25),
    _Service("СФР", "Перерасчёт размера пенсии", 60, 90, 0.12),
    _Service("СФР", "Выдача сертификата на материнский капитал", 20, 42, 0.08),
    _Service("СФР", "Распоряжение средствами материнского капитала", 22, 45, 0.08),
    _Service("СФР", "Назначение единого пособия на детей", 20, 45, 0.15),
    _Service("СФР", "Выписка из индивидуального лицевого счёта", 18, 90, 0.08),
    _Service("СФР", "Обеспечение техническими средствами реабилитации", 40, 90, 0.05),
    _Service("ОСЗН", "Назначение субсидии на оплату ЖКУ", 18, 90, 0.05),
    _Service("ОСЗН", "Присвоение звания «Ветеран труда»", 55, 90, 0.05),
    _Service("ОСЗН", "Выдача удостоверения многодетной семьи", 25, 50, 0.04),
    _Service("ОСЗН", "Заключение социального контракта", 18, 60, 0.02),
    _Service("ОСЗН", "Социальное обслуживание на дому", 70, 90, 0.10),
    _Service("МСЭ", "Освидетельствование для установления инвалидности", 30, 90, 0.05),
    _Service("МСЭ", "Переосвидетельствование", 30, 90, 0.03),
    _Service("МСЭ", "Разработка ИПРА", 18, 90, 0.02),
    _Service("Роструд", "Жалоба на работодателя: задержка заработной платы", 18, 65, 0.04),
    _Service("Роструд", "Жалоба на работодателя: незаконное увольнение", 18, 65, 0.02),
    _Service("Минтруд", "Регистрация в качестве безработного", 18, 60, 0.03),
    _Service("Минтруд", "Заявка на профессиональное обучение", 18, 60, 0.02),
)

#: latin prefixes of application numbers (the citizen reads them out over the phone)
_NUMBER_PREFIX = {"СФР": "SFR", "ОСЗН": "OSZN", "МСЭ": "MSE", "Роструд": "RST", "Минтруд": "MTR"}
#: (in progress, decided) statuses, most likely first
_STATUSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "МСЭ": (
        ("Направлено в бюро МСЭ", "Назначено освидетельствование"),
        ("Решение принято", "Отказано"),
    ),
    "Роструд": (("Зарегистрирована", "Проводится проверка"), ("Дан ответ", "Выдано предписание")),
}
_DEFAULT_STATUSES = (
    ("Принято", "На рассмотрении", "Запрошены документы"),
    ("Одобрено", "Исполнено", "Отказано"),
)
_PAYMENT_STATUSES = ("Выплачено", "Возвращено банком", "Приостановлено")
_PAYMENT_STATUS_WEIGHTS = (0.94, 0.03, 0.03)


def _months_back(day: int, months: int) -> date:
    """Day ``day`` of the month ``months`` before REFERENCE_DATE's month (1 = last month)."""
    index = REFERENCE_DATE.year * 12 + REFERENCE_DATE.month - 1 - months
    return date(index // 12, index % 12 + 1, day)


def _decreasing(options: tuple[str, ...]) -> list[int]:
    return list(range(len(options), 0, -1))


class RecordMaker:
    """Draws payments and applications from one shared random stream."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._serial = 100_000

    def make(
        self, age: int, sex: str, required_agency: str | None = None
    ) -> tuple[tuple[Payment, ...], tuple[Application, ...]]:
        """Records for one citizen; ``required_agency`` guarantees at least one of its records."""
        payments = self._payments(age, sex)
        applications = self._applications(age)
        agencies = {p.agency for p in payments} | {a.agency for a in applications}
        if required_agency is not None and required_agency not in agencies:
            services = [s for s in _SERVICES if s.agency == required_agency and _fits(s, age)]
            forced = self._application(self._rng.choice(services))
            applications = [*applications[: MAX_APPLICATIONS - 1], forced]
            applications.sort(key=lambda a: a.submitted_on, reverse=True)
        return tuple(payments), tuple(applications)

    def _payments(self, age: int, sex: str) -> list[Payment]:
        rng = self._rng
        out: list[Payment] = []
        for benefit in _BENEFITS:
            if benefit.sex not in (None, sex) or not _fits(benefit, age):
                continue
            if rng.random() >= benefit.chance:
                continue
            amount = rng.randint(benefit.low, benefit.high)
            if benefit.monthly:
                day = rng.randint(3, 25)
                dates = [_months_back(day, k) for k in range(1, rng.randint(1, 3) + 1)]
            else:
                dates = [REFERENCE_DATE - timedelta(days=rng.randint(5, 365))]
            for paid_on in dates:
                status = rng.choices(_PAYMENT_STATUSES, _PAYMENT_STATUS_WEIGHTS)[0]
                out.append(Payment(benefit.agency, benefit.kind, amount, paid_on, status))
        out.sort(key=lambda p: p.paid_on, reverse=True)
        return out[:MAX_PAYMENTS]

    def _applications(self, age: int) -> list[Application]:
        chosen = [s for s in _SERVICES if _fits(s, age) and self._rng.random() < s.chance]
        out = [self._application(s) for s in chosen]
        out.sort(key=lambda a: a.submitted_on, reverse=True)
        return out[:MAX_APPLICATIONS]

    def _application(self, service: _Service) -> Application:
        rng = self._rng
        pending, decided = _STATUSES.get(service.agency, _DEFAULT_STATUSES)
        if rng.random() < 0.35:
            submitted = REFERENCE_DATE - timedelta(days=rng.randint(1, 45))
            status = rng.choices(pending, _decreasing(pending))[0]
        else:
            submitted = REFERENCE_DATE - timedelta(days=rng.randint(46, 900))
            status = rng.choices(decided, _decreasing(decided))[0]
        self._serial += rng.randint(1, 500)
        number = f"{_NUMBER_PREFIX[service.agency]}-{submitted.year}-{self._serial:07d}"
        return Application(service.agency, number, service.kind, status, submitted)


def _fits(item: _Benefit | _Service, age: int) -> bool:
    return item.min_age <= age <= item.max_age
