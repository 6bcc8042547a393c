"""One routing pass at the peak's start: 800 contacts waiting, 600 operators ready.

    .venv/bin/python tests/benchmarks/bench_routing_pass.py [--waiting 800] [--operators 600]

Builds the queue in an in-memory SQLite database, then times `routing.route` (every pass in a
savepoint rolled back, so each starts from the same queue) and prints the median and the
offers made. Operators' skills and contacts' kinds are drawn with a fixed seed: a quarter of the
operators serve every category and the rest three of the catalogue's, a tenth also speak
Tatar; two calls to every chat, one contact in twenty in Tatar.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from routing_api import routing
from routing_api.catalog import catalog
from routing_api.db import migrate
from routing_api.db.engine import Database
from routing_api.db.schema import contacts, operator_state, users

NOW = 1_800_000_000.0
CATEGORIES = tuple(sorted(catalog().categories))


def build(db: Database, waiting: int, operators: int, rng: random.Random) -> None:
    with db.write() as conn:
        conn.execute(
            users.insert(),
            [
                {
                    "username": f"op{i:04d}",
                    "password_hash": "x",
                    "role": "operator",
                    "line": 1,
                    "categories": None if i % 4 == 0 else rng.sample(CATEGORIES, 3),
                    "languages": ["ru", "tt"] if i % 10 == 0 else ["ru"],
                    "created_at": NOW,
                }
                for i in range(operators)
            ],
        )
        ids = [row[0] for row in conn.execute(users.select().with_only_columns(users.c.id))]
        conn.execute(
            operator_state.insert(),
            [
                {
                    "user_id": i,
                    "state": "ready",
                    "since": NOW,
                    "last_served_at": NOW - rng.random() * 600,
                }
                for i in ids
            ],
        )
        conn.execute(
            contacts.insert(),
            [
                {
                    "channel": rng.choice(("voice", "voice", "chat")),
                    "category": rng.choice(CATEGORIES),
                    "priority": "normal",
                    "priority_rank": 1,
                    "language": "tt" if rng.random() < 0.05 else "ru",
                    "state": "queued",
                    "queue": "line1",
                    "created_at": NOW - 600 + n,
                    "queued_at": NOW - 600 + n,
                }
                for n in range(waiting)
            ],
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--waiting", type=int, default=800)
    p.add_argument("--operators", type=int, default=600)
    p.add_argument("--rounds", type=int, default=7)
    ns = p.parse_args()
    db = Database("sqlite://")
    migrate.upgrade(db)
    build(db, ns.waiting, ns.operators, random.Random(7))
    took, made = [], 0
    for _ in range(ns.rounds):
        with db.write() as conn:
            undo = conn.begin_nested()  # every pass starts from the same queue
            began = time.perf_counter()
            made = routing.route(conn, NOW, 20.0)
            took.append(time.perf_counter() - began)
            undo.rollback()
    print(
        f"routing pass over {ns.waiting} waiting, {ns.operators} ready: median "
        f"{1000 * statistics.median(took):.1f} ms, min {1000 * min(took):.1f} ms "
        f"({ns.rounds} passes), {made} offers each"
    )


if __name__ == "__main__":
    main()
