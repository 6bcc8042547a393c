"""A simulated citizen in a chat: answers the operator's questions, sometimes wrongly."""

from __future__ import annotations

import calendar
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from routing_api.demo.citizens import Citizen
from routing_api.simulation import texts
from routing_api.simulation.traffic import gendered

#: share of data answers with one item given wrongly (a typo, a slip of memory)
WRONG_SHARE = 0.15
#: share of chats the citizen leaves mid-conversation
LEAVE_SHARE = 0.07

#: what the operator may ask for, in the order a citizen answers
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("name", re.compile(r"фио|фамили|\bимя\b|\bимени\b|как вас зовут|представьтесь")),
    ("birth_date", re.compile(r"рожден")),
    ("phone", re.compile(r"телефон")),
    ("snils", re.compile(r"снилс")),
    ("passport", re.compile(r"паспорт")),
    ("document", re.compile(r"документ")),
    ("code", re.compile(r"\bкод|\bcode|\bсмс|\bsms")),
    ("email", re.compile(r"почт|e-?mail|имейл")),
    ("address", re.compile(r"адрес")),
    ("application", re.compile(r"номер\w* (?:вашего )?заявлени")),
    ("consent", re.compile(r"согласие|согласны|согласен|согласна")),
)
_LABELS = {
    "name": "ФИО",
    "birth_date": "дата рождения",
    "phone": "телефон",
    "snils": "СНИЛС",
    "passport": "паспорт",
    "code": "код",
    "email": "почта",
    "address": "адрес",
    "application": "номер заявления",
}
_WRONGABLE = ("birth_date", "phone", "snils", "passport", "code")


def requested_items(text: str) -> list[str]:
    """What personal data the operator's message asks for, e.g. ["name", "birth_date"]."""
    low = text.lower().replace("ё", "е")
    items = [item for item, pattern in _ASKS if pattern.search(low)]
    if "email" in items and "address" in items:
        items.remove("address")  # "адрес электронной почты"
    return items


def shifted_date(rng: random.Random, day: date) -> date:
    """A birth date off by one day or one month."""
    if rng.random() < 0.5:
        return day + timedelta(days=rng.choice((-1, 1)))
    month = day.month + rng.choice((-1, 1))
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def swapped_digits(rng: random.Random, value: str) -> str:
    """The value with two adjacent different digits swapped (a typo)."""
    spots = [
        i
        for i in range(len(value) - 1)
        if value[i].isdigit() and value[i + 1].isdigit() and value[i] != value[i + 1]
    ]
    if not spots:
        return changed_digit(rng, value)
    i = rng.choice(spots)
    return value[:i] + value[i + 1] + value[i] + value[i + 2 :]


def changed_digit(rng: random.Random, value: str, last: int = 4) -> str:
    """The value with one of its last `last` digits replaced by another."""
    spots = [i for i, ch in enumerate(value) if ch.isdigit()][-last:]
    i = rng.choice(spots)
    digit = rng.choice([d for d in "0123456789" if d != value[i]])
    return value[:i] + digit + value[i + 1 :]


@dataclass(frozen=True)
class Reply:
    """What the citizen does next: write `text`, leave the chat, or stay silent."""

    text: str | None = None
    leave: bool = False


class ChatCitizen:
    """One citizen's side of a chat with an operator."""

    def __init__(self, citizen: Citizen, question: str, rng: random.Random) -> None:
        self.citizen = citizen
        self.question = question
        self.rng = rng
        self.planned = rng.randint(2, 6)
        self.leave_after = rng.randint(1, self.planned) if rng.random() < LEAVE_SHARE else None
        self.replies = 0
        self.said_goodbye = False
        self.follow_ups = list(texts.FOLLOW_UPS)
        rng.shuffle(self.follow_ups)
        self.wrong_items: list[str] = []
        #: one-time codes the citizen's (simulated) phone received, oldest first; the simulator
        #: fills it from the SMS gateway's inbox before answering a question about the code
        self.received_codes: list[str] = []

    def reply(self, operator_text: str) -> Reply:
        """The answer to what the operator wrote since the citizen last answered."""
        self.replies += 1
        if self.leave_after is not None and self.replies > self.leave_after:
            return Reply(leave=True)
        asked = requested_items(operator_text)
        if asked:
            return Reply(self._data_answer(asked))
        if self.said_goodbye:
            return Reply()
        if self.replies == 1:
            return Reply(self._say(self.rng.choice(texts.RESTATE), question=self.question))
        if self.replies >= self.planned:
            self.said_goodbye = True
            return Reply(self._say(self.rng.choice(texts.GOODBYES)))
        if self.follow_ups and self.rng.random() < 0.6:
            return Reply(self._say(self.follow_ups.pop()))
        return Reply(self._say(self.rng.choice(texts.THANKS)))

    def nudge(self) -> str:
        """What a citizen writes when nobody answers after the handover."""
        return self.rng.choice(texts.NUDGES)

    def _say(self, template: str, **fields: str) -> str:
        return gendered(template, self.citizen, **fields)

    def _data_answer(self, asked: list[str]) -> str:
        rng = self.rng
        if "document" in asked:
            asked.remove("document")
            if "snils" not in asked and "passport" not in asked:
                asked.append(rng.choice(("snils", "passport")))
        wrongable = [item for item in asked if item in _WRONGABLE]
        wrong = rng.choice(wrongable) if wrongable and rng.random() < WRONG_SHARE else None
        if wrong is not None:
            self.wrong_items.append(wrong)
        labelled = rng.random() < 0.5
        parts = [self._item(item, item == wrong, labelled) for item in asked]
        text = ", ".join(p for p in parts if p)
        return text[:1].upper() + text[1:]

    def _item(self, item: str, wrong: bool, labelled: bool) -> str:
        if item == "consent":
            return self._say(self.rng.choice(texts.CONSENT)).rstrip(".")
        if item == "application" and not self.citizen.applications:
            return self._say(self.rng.choice(texts.NO_APPLICATION))
        value = self._value(item, wrong)
        if item in ("name", "birth_date") and not labelled:
            return value
        return f"{_LABELS[item]}: {value}" if labelled else f"{_LABELS[item]} {value}"

    def _value(self, item: str, wrong: bool) -> str:
        makers: dict[str, Callable[[bool], str]] = {
            "name": lambda _: self.citizen.full_name,
            "birth_date": self._birth_date,
            "phone": self._phone,
            "snils": self._snils,
            "passport": self._passport,
            "code": self._code,
            "email": lambda _: self.citizen.email,
            "address": lambda _: self.citizen.address,
            "application": self._application,
        }
        return makers[item](wrong)

    def _birth_date(self, wrong: bool) -> str:
        day = shifted_date(self.rng, self.citizen.birth_date) if wrong else self.citizen.birth_date
        return day.strftime("%d.%m.%Y")

    def _phone(self, wrong: bool) -> str:
        phone = changed_digit(self.rng, self.citizen.phone) if wrong else self.citizen.phone
        if self.rng.random() < 0.5:
            return phone
        d = phone[2:]
        return f"8 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}"

    def _snils(self, wrong: bool) -> str:
        snils = self.citizen.snils
        if wrong:
            snils = snils[:11].replace("-", "")
            snils = swapped_digits(self.rng, snils)
            snils = f"{snils[:3]}-{snils[3:6]}-{snils[6:9]} {self.citizen.snils[-2:]}"
        return snils if self.rng.random() < 0.6 else snils.replace("-", "").replace(" ", "")

    def _passport(self, wrong: bool) -> str:
        number = self.citizen.passport_number
        if wrong:
            number = changed_digit(self.rng, number, last=6)
        return f"{self.citizen.passport_series} {number}"

    def _code(self, wrong: bool) -> str:
        """The latest code the phone received (misread now and then); a made-up one when no
        SMS came (a server without the simulated gateway's inbox)."""
        if not self.received_codes:
            return f"{self.rng.randrange(10**6):06d}"
        code = self.received_codes[-1]
        return changed_digit(self.rng, code, last=6) if wrong else code

    def _application(self, _wrong: bool) -> str:
        return self.rng.choice(self.citizen.applications).number
