"""Simulated telephony, SMS gateway and citizen registry: the demo's and the tests' outside world.

The registry is real data (the synthetic citizens seeded into the database); telephony and SMS
only record what a real platform would have been asked to do.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from routing_api.db.engine import Database
from routing_api.db.schema import citizen_applications, citizen_payments, citizens
from routing_api.external import Externals, RegistryMatch

log = logging.getLogger("api.external")


@dataclass
class SimulatedTelephony:
    """Records call-leg commands (contact id, command) instead of moving audio."""

    commands: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=10_000))

    def hold(self, contact_id: int) -> None:
        self.commands.append((contact_id, "hold"))

    def resume(self, contact_id: int) -> None:
        self.commands.append((contact_id, "resume"))

    def hang_up(self, contact_id: int) -> None:
        self.commands.append((contact_id, "hang_up"))

    def bridge(self, contact_id: int, operator_id: int) -> None:
        self.commands.append((contact_id, f"bridge:{operator_id}"))


@dataclass
class SimulatedSms:
    """Keeps sent messages in memory (never in logs: they carry codes and phone numbers)."""

    sent: deque[tuple[str, str, str]] = field(default_factory=lambda: deque(maxlen=10_000))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, phone: str, text: str) -> str:
        with self._lock:
            message_id = f"sim-{next(self._ids)}"
            self.sent.append((message_id, phone, text))
        log.info("sms %s queued", message_id)
        return message_id

    def received(self, phone: str) -> list[dict[str, str]]:
        """What the simulated phone `phone` has received, oldest first (tests, the demo)."""
        with self._lock:
            return [
                {"id": message_id, "text": text}
                for message_id, to, text in self.sent
                if to == phone
            ]


class DatabaseRegistry:
    """The citizen registry over the seeded synthetic citizens."""

    #: stated item → the registry columns it is compared with, in the order checked; the
    #: reason code names the item, never the value
    CHECKS = (
        ("name", ("last_name", "first_name", "middle_name")),
        ("birth_date", ("birth_date",)),
        ("snils", ("snils",)),
        ("passport", ("passport_series", "passport_number")),
        ("bank", ("bank", "account_last4")),
    )

    def __init__(self, db: Database) -> None:
        self._db = db

    def check_identity(self, claims: dict[str, Any]) -> RegistryMatch:
        """Match stated identity data (found by the account's phone); the reason code says
        which item did not match. Items not stated (None) are not checked; an empty string is
        stated as empty (a citizen without a patronymic)."""
        phone = claims.get("phone")
        if not phone:
            return RegistryMatch(False, reason_code="phone_required")
        with self._db.read() as conn:
            row = conn.execute(sa.select(citizens).where(citizens.c.phone == phone)).first()
        if row is None:
            return RegistryMatch(False, reason_code="not_found")
        for item, columns in self.CHECKS:
            for name in columns:
                stated = claims.get(name)
                if stated is None:
                    continue
                if _same(stated) != _same(getattr(row, name)):
                    return RegistryMatch(False, reason_code=f"{item}_mismatch")
        return RegistryMatch(True, citizen_id=row.id)

    def citizen(self, citizen_id: int) -> dict[str, Any] | None:
        with self._db.read() as conn:
            row = conn.execute(sa.select(citizens).where(citizens.c.id == citizen_id)).first()
        return dict(row._mapping) if row else None

    def payments(self, citizen_id: int, agency: str | None = None) -> list[dict[str, Any]]:
        return self._rows(citizen_payments, citizen_id, agency)

    def applications(self, citizen_id: int, agency: str | None = None) -> list[dict[str, Any]]:
        return self._rows(citizen_applications, citizen_id, agency)

    def _rows(self, table: sa.Table, citizen_id: int, agency: str | None) -> list[dict[str, Any]]:
        query = sa.select(table).where(table.c.citizen_id == citizen_id).order_by(table.c.id)
        if agency is not None:
            query = query.where(table.c.agency == agency)
        with self._db.read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]


def _same(value: Any) -> str:
    """A value as compared: case, ё/е, spaces and punctuation do not matter."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text.lower().replace("ё", "е") if ch.isalnum())


def simulated_externals(db: Database) -> Externals:
    return Externals(
        telephony=SimulatedTelephony(), sms=SimulatedSms(), registry=DatabaseRegistry(db)
    )
