"""`routing-api seed --demo`: demo accounts, the synthetic citizen registry, the expert system."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from ekc_resources import resource

from routing_api import kb
from routing_api.auth import hash_password
from routing_api.db import migrate
from routing_api.db.engine import Database
from routing_api.db.schema import (
    citizen_applications,
    citizen_payments,
    citizens,
    contacts,
    kb_articles,
    server_settings,
    users,
)
from routing_api.demo.citizens import generate_citizens

DEMO_PASSWORD = "demo"
DEMO_MARKER = "demo_seeded"
CITIZENS = 2000


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    role: str
    line: int | None = None
    agency: str | None = None
    region: str | None = None


DEMO_ACCOUNTS = (
    Account("op1", "Смирнова Анна Викторовна", "operator", 1),
    Account("op2", "Кузнецов Дмитрий Олегович", "operator", 1),
    Account("op3", "Попова Елена Сергеевна", "operator", 1),
    Account("op4", "Васильев Игорь Николаевич", "operator", 1),
    Account("op5", "Новикова Мария Андреевна", "operator", 1),
    Account("l2-sfr-msk", "Фёдорова Ольга Павловна", "operator", 2, "СФР", "Москва"),
    Account("l2-mse-msk", "Морозов Алексей Викторович", "operator", 2, "МСЭ", "Москва"),
    Account("l2-rostrud", "Волкова Татьяна Игоревна", "operator", 2, "Роструд", None),
    Account(
        "l2-oszn-tat", "Хабибуллин Ринат Маратович", "operator", 2, "ОСЗН", "Республика Татарстан"
    ),
    Account("sup1", "Соколова Наталья Владимировна", "supervisor"),
    Account("gateway", "Канальный шлюз", "gateway"),
    Account("admin", "Администратор сегмента", "admin"),
)


class RefusedError(RuntimeError):
    """The database holds data that is not ours to overwrite."""


#: the expert system's real size, for `seed --demo --kb-size 30000` (benchmarks, large demo)
LARGE_KB = 30_000


def load_articles() -> list[dict[str, Any]]:
    text = resource("kb", "articles.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def grow_kb(db: Database, size: int) -> int:
    """Grow the expert system to `size` cards with the deterministic corpus generator
    (routing_api/demo/kb_corpus.py: regional, agency and category variants of the demo cards).

    Only cards the database lacks are added, as version 1 without events (seeding, like the
    demo cards); run again, it adds nothing. Returns the number of cards added.
    """
    from routing_api.demo.kb_corpus import generate_corpus

    migrate.upgrade(db)
    with db.read() as conn:
        have = set(conn.execute(sa.select(kb_articles.c.id)).scalars())
    missing = [a for a in generate_corpus(size) if a["id"] not in have]
    now = time.time()
    for start in range(0, len(missing), 2000):
        with db.write() as conn:  # in batches: no one transaction holds the writers for long
            for article in missing[start : start + 2000]:
                kb.upsert(conn, now, article, announce=False)
    return len(missing)


def seed_demo(db: Database, *, citizens_count: int = CITIZENS, kb_size: int | None = None) -> bool:
    """Seed an empty database; False if already demo-seeded; RefusedError if it holds data.

    With `kb_size`, the expert system is then grown to that many cards (also when the demo
    data was already there).
    """
    fresh = _seed_demo(db, citizens_count)
    if kb_size is not None:
        grow_kb(db, kb_size)
    return fresh


def _seed_demo(db: Database, citizens_count: int) -> bool:
    migrate.upgrade(db)
    now = time.time()
    with db.write() as conn:
        if conn.execute(
            sa.select(server_settings.c.key).where(server_settings.c.key == DEMO_MARKER)
        ).first():
            return False
        has_users = conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one()
        has_contacts = conn.execute(sa.select(sa.func.count()).select_from(contacts)).scalar_one()
        if has_users or has_contacts:
            raise RefusedError(
                f"the database already holds {has_users} accounts and {has_contacts} contacts "
                "that are not demo data; demo seeding refuses to touch it"
            )
        for acc in DEMO_ACCOUNTS:
            conn.execute(
                users.insert().values(
                    username=acc.username,
                    password_hash=hash_password(DEMO_PASSWORD),
                    full_name=acc.full_name,
                    role=acc.role,
                    line=acc.line,
                    agency=acc.agency,
                    region=acc.region,
                    categories=None,
                    languages=["ru"],
                    chat_concurrency=3,
                    created_at=now,
                )
            )
        people = generate_citizens(citizens_count)
        conn.execute(citizens.insert(), [c.to_registry_row() for c in people])
        payments = [row for c in people for row in c.payment_rows()]
        applications = [row for c in people for row in c.application_rows()]
        if payments:
            conn.execute(citizen_payments.insert(), payments)
        if applications:
            conn.execute(citizen_applications.insert(), applications)
        for article in load_articles():
            kb.upsert(conn, now, article, announce=False)
        conn.execute(server_settings.insert().values(key=DEMO_MARKER, value=True, updated_at=now))
    return True


SIM_PREFIX = "sim"
_SURNAMES = ("Иванова", "Петров", "Сидорова", "Орлов", "Белова", "Зайцев", "Павлова", "Соловьёв")
_NAMES = ("Анна", "Сергей", "Ольга", "Павел", "Ирина", "Максим", "Дарья", "Артём", "Юлия")


def add_simulated_operators(db: Database, count: int, *, prefix: str = SIM_PREFIX) -> int:
    """First-line accounts `sim0001`… for `routing-api simulate --operators N` (password
    `demo`); those already there are kept. Returns how many were added."""
    migrate.upgrade(db)
    digest = hash_password(DEMO_PASSWORD)  # one hash for all: they are simulated people
    now = time.time()
    wanted = [f"{prefix}{i + 1:04d}" for i in range(count)]
    with db.write() as conn:
        have = set(
            conn.execute(sa.select(users.c.username).where(users.c.username.in_(wanted))).scalars()
        )
        rows = [
            {
                "username": name,
                "password_hash": digest,
                "full_name": f"{_SURNAMES[i % 8]} {_NAMES[i % 9]} (имитация)",
                "role": "operator",
                "line": 1,
                "categories": None,
                "languages": ["ru"],
                "chat_concurrency": 3,
                "created_at": now,
            }
            for i, name in enumerate(wanted)
            if name not in have
        ]
        if rows:
            conn.execute(users.insert(), rows)
    return len(rows)
