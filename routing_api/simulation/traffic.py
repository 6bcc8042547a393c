"""Who contacts the centre, how and about what: the bodies of POST /contacts."""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from routing_api.catalog import catalog
from routing_api.demo.citizens import Citizen
from routing_api.simulation import texts

CHANNEL_WEIGHTS: Mapping[str, float] = {
    "voice": 0.55,
    "chat": 0.30,
    "web_form": 0.09,
    "email": 0.06,
}
PRIORITIES = ("normal", "high", "critical")
PRIORITY_WEIGHTS = (0.92, 0.07, 0.01)
URGENT_PRIORITY_WEIGHTS = (0.0, 0.7, 0.3)
RESUME_SHARE = 0.05
#: mean patience in the queue before the citizen gives up, by channel (seconds)
MEAN_PATIENCE_S = {"voice": 90.0, "chat": 180.0}
#: categories that are about the portal itself whatever the traffic kind says
TECHNICAL = frozenset({"account_lost", "portal_failure", "security_incident"})


@dataclass(frozen=True)
class Arrival:
    """One new contact as the gateway will post it, with what the simulator keeps about it."""

    channel: str
    citizen: Citizen
    category: str
    kind: str
    question: str
    body: dict[str, Any]
    patience_s: float
    seed: int


@dataclass(frozen=True)
class Earlier:
    """A contact created earlier in this run, which a repeat contact may resume."""

    number: str
    citizen: Citizen
    category: str
    kind: str


def gendered(template: str, citizen: Citizen, **extra: str) -> str:
    """Fill a text template with the citizen's grammatical gender and `extra` fields."""
    woman = citizen.sex == "F"
    return template.format(
        a="а" if woman else "",
        na="на" if woman else "",
        sya="ась" if woman else "ся",
        **extra,
    )


def stated_name(rng: random.Random, citizen: Citizen) -> str:
    """The name as the citizen gives it: full, first name + patronymic, or less."""
    forms = (
        citizen.full_name,
        f"{citizen.first_name} {citizen.middle_name}",
        citizen.first_name,
        f"{citizen.first_name} {citizen.last_name}",
    )
    return rng.choices(forms, (0.4, 0.3, 0.2, 0.1))[0]


def lognormal(rng: random.Random, mean: float, sigma: float = 0.8) -> float:
    """A lognormal draw with the given mean."""
    return rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)


class Traffic:
    """Draws arrivals: channel, citizen, category, kind, priority and the texts."""

    def __init__(
        self,
        rng: random.Random,
        citizens: Sequence[Citizen],
        channel_weights: Mapping[str, float] = CHANNEL_WEIGHTS,
    ) -> None:
        self.rng = rng
        self.citizens = citizens
        cat = catalog()
        self.categories = cat.categories
        self.kinds = cat.kinds
        self.channels = tuple(channel_weights)
        self.channel_weights = tuple(channel_weights.values())
        self.earlier: deque[Earlier] = deque(maxlen=500)

    def remember(self, number: str, arrival: Arrival) -> None:
        """Keep a created contact so a later one may resume it."""
        self.earlier.append(Earlier(number, arrival.citizen, arrival.category, arrival.kind))

    def next(self) -> Arrival:
        """The next arrival."""
        rng = self.rng
        channel = rng.choices(self.channels, self.channel_weights)[0]
        resumes: Earlier | None = None
        if self.earlier and rng.random() < RESUME_SHARE:
            resumes = rng.choice(self.earlier)
        if resumes is not None:
            citizen, category, kind = resumes.citizen, resumes.category, "status"
        else:
            citizen = rng.choice(self.citizens)
            category = self._category()
            kind = "technical" if category in TECHNICAL else self._kind()
        question = self.question(citizen, category, kind)
        if resumes is not None:
            question = gendered(
                "Я уже обращал{sya}, номер обращения {number}. {question}",
                citizen,
                number=resumes.number,
                question=question,
            )
        body = self._common(channel, citizen, category, kind)
        if resumes is not None:
            body["resumes"] = resumes.number
        self._channel_fields(body, channel, citizen, category, kind, question)
        mean = MEAN_PATIENCE_S.get(channel)
        return Arrival(
            channel=channel,
            citizen=citizen,
            category=category,
            kind=kind,
            question=question,
            body=body,
            patience_s=lognormal(rng, mean) if mean else 0.0,
            seed=rng.getrandbits(32),
        )

    def _category(self) -> str:
        codes = tuple(self.categories)
        return self.rng.choices(codes, [self.categories[c]["share"] for c in codes])[0]

    def _kind(self) -> str:
        codes = tuple(self.kinds)
        return self.rng.choices(codes, [self.kinds[k]["share"] for k in codes])[0]

    def _priority(self, category: str) -> str:
        urgent = bool(self.categories[category]["urgent"])
        weights = URGENT_PRIORITY_WEIGHTS if urgent else PRIORITY_WEIGHTS
        return self.rng.choices(PRIORITIES, weights)[0]

    def cat_name(self, category: str) -> str:
        """The category's Russian name."""
        return str(self.categories[category]["name_ru"])

    def question(self, citizen: Citizen, category: str, kind: str) -> str:
        """The citizen's question in Russian for this category and traffic kind."""
        name = self.cat_name(category)
        if kind in texts.KIND_QUESTIONS and category not in TECHNICAL:
            pool = texts.KIND_QUESTIONS[kind]
        else:
            pool = texts.QUESTIONS[category]
        return gendered(self.rng.choice(pool), citizen, cat=name)

    def _common(self, channel: str, citizen: Citizen, category: str, kind: str) -> dict[str, Any]:
        return {
            "channel": channel,
            "category": category,
            "kind": kind,
            "priority": self._priority(category),
            "agency": self.categories[category]["agency"],
            "region": citizen.region,
            "language": "ru",
        }

    def _channel_fields(
        self,
        body: dict[str, Any],
        channel: str,
        citizen: Citizen,
        category: str,
        kind: str,
        question: str,
    ) -> None:
        rng = self.rng
        if channel == "voice":
            caller: dict[str, Any] = {"phone": citizen.phone}
            if rng.random() < 0.6:
                caller["name"] = stated_name(rng, citizen)
            body["caller"] = caller
            body["ivr"] = self._ivr(citizen, category, kind)
        elif channel == "chat":
            body["caller"] = {"name": stated_name(rng, citizen)}
            if rng.random() < 0.7:
                body["caller"]["phone"] = citizen.phone
            body["messages"] = self._bot_dialogue(citizen, category, question)
        elif channel == "web_form":
            self._web_form(body, citizen, category, kind, question)
        else:
            self._email(body, citizen, category, question)

    def _ivr(self, citizen: Citizen, category: str, kind: str) -> dict[str, Any]:
        agency = str(self.categories[category]["agency"])
        path = [texts.IVR_AGENCY[agency], self.cat_name(category)]
        if kind in texts.IVR_KIND and self.rng.random() < 0.5:
            path.append(texts.IVR_KIND[kind])
        ivr: dict[str, Any] = {"menu_path": path, "category": category, "region": citizen.region}
        if self.rng.random() < (0.35 if agency == "СФР" else 0.1):
            ivr["snils"] = "".join(ch for ch in citizen.snils if ch.isdigit())
        return ivr

    def _bot_dialogue(self, citizen: Citizen, category: str, question: str) -> list[dict[str, str]]:
        rng, name = self.rng, self.cat_name(category)
        dialogue = [("bot", rng.choice(texts.BOT_GREETINGS)), ("citizen", question)]
        if self.categories[category]["urgent"]:
            dialogue.append(("bot", rng.choice(texts.BOT_URGENT)))
            return [{"from": who, "text": text} for who, text in dialogue]
        step = rng.random()
        if step < 0.4:
            dialogue.append(("bot", rng.choice(texts.BOT_ARTICLE).format(cat=name)))
            dialogue.append(("citizen", rng.choice(texts.CITIZEN_NOT_HELPED)))
        elif step < 0.75:
            dialogue.append(("bot", rng.choice(texts.BOT_CLARIFY).format(cat=name)))
            dialogue.append(("citizen", rng.choice(texts.CITIZEN_YES)))
        else:
            dialogue.append(("citizen", rng.choice(texts.CITIZEN_OPERATOR)))
        handover = rng.choice(texts.BOT_HANDOVER).format(minutes=rng.randint(1, 5))
        dialogue.append(("bot", handover))
        return [{"from": who, "text": text} for who, text in dialogue]

    def _web_form(
        self,
        body: dict[str, Any],
        citizen: Citizen,
        category: str,
        kind: str,
        question: str,
    ) -> None:
        rng = self.rng
        reply = "email" if rng.random() < 0.6 else "phone"
        form: dict[str, Any] = {
            "name": citizen.full_name,
            "phone": citizen.phone,
            "description": question,
        }
        if kind == "status" and citizen.applications:
            form["request_number"] = rng.choice(citizen.applications).number
        caller: dict[str, Any] = {"phone": citizen.phone, "name": citizen.full_name}
        if reply == "email":
            caller["email"] = citizen.email
        body.update(
            caller=caller,
            form=form,
            reply_channel=reply,
            subject=rng.choice(texts.FORM_SUBJECTS).format(cat=self.cat_name(category)),
            body=question,
        )

    def _email(self, body: dict[str, Any], citizen: Citizen, category: str, question: str) -> None:
        rng, name = self.rng, self.cat_name(category)
        closing = gendered(rng.choice(texts.EMAIL_CLOSINGS), citizen)
        signature = f"С уважением,\n{citizen.full_name}"
        text = f"{rng.choice(texts.EMAIL_OPENINGS)}\n\n{question}\n\n{closing}\n\n{signature}"
        body.update(
            caller={"name": citizen.full_name, "email": citizen.email},
            subject=rng.choice(texts.EMAIL_SUBJECTS).format(cat=name),
            body=text,
        )
