"""The routing API's write path alone, in one process: what one write costs at the peak.

Run: .venv/bin/python tests/benchmarks/bench_write_path.py [--operators 600] [--backlog 800]
     [--cycles 400] [--backend sqlite|postgresql] [--profile PATH]

bench_load.py measures the whole service from outside; this isolates the part every request
of it queues on. A real `Server` on a fresh database (SQLite file, or a new PostgreSQL database
dropped afterwards), the demo seed and N first-line operators, all ready; a backlog of contacts
is created (routing offers one to each operator) and every offer accepted. Then it runs
`--cycles` rounds of the peak's mix through `Server.run`, one write at a time as an idle
server would batch them: an operator ends a contact, wraps up and is ready (and routing offers
a waiting contact) and accepts it, and the gateway posts a new contact.

It prints the median and p90 of each kind of write (ms), the SQL statements it sent (each a
round trip on PostgreSQL; the median, counted with a SQLAlchemy event) and the writes per
second of one writer. Every write carries an Idempotency-Key, as the API's clients send.
The write path's CPU is what latency under load grows from: with the writer busy half
the time, requests queue behind one another's batches. `--profile` writes a cProfile of the
rounds (open it with `python -m pstats` or snakeviz).
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench_load import CONFIGS, PREFIX, Started, make_database, prepare  # type: ignore[import-not-found]  # noqa: E402

from routing_api import contact_views, contacts, operators  # noqa: E402
from routing_api.auth import User  # noqa: E402
from routing_api.config import Settings  # noqa: E402
from routing_api.db.schema import contacts as contacts_table  # noqa: E402
from routing_api.db.schema import users  # noqa: E402
from routing_api.pd import contact_summary  # noqa: E402
from routing_api.server import Server, fingerprint  # noqa: E402

CONTACT = {
    "channel": "voice",
    "category": "pensions",
    "topic": "Перерасчёт пенсии",
    "caller": {"phone": "+79161234567", "name": "Иванова Мария Петровна"},
    "ivr": {"menu": "1-2"},
}


class Bench:
    def __init__(self, url: str, n_operators: int) -> None:
        # offers must outlive the setup (no timers run here to expire them anyway)
        self.server = Server(Settings(database_url=url, pool_size=5, offer_timeout_s=3600.0))
        self.times: dict[str, list[float]] = defaultdict(list)
        #: SQL statements each write sent (round trips on PostgreSQL), and the running count
        self.statements: dict[str, list[int]] = defaultdict(list)
        self.sent = 0
        sa.event.listen(self.server.db.engine, "before_cursor_execute", self._count)
        with self.server.db.read() as conn:
            rows = conn.execute(
                sa.select(users).where(users.c.username.like(PREFIX + "%")).order_by(users.c.id)
            ).all()
            gateway = conn.execute(sa.select(users).where(users.c.role == "gateway")).first()
        assert gateway is not None and len(rows) == n_operators
        self.operators = [User.from_row(r) for r in rows]
        self.gateway = User.from_row(gateway)
        self.serial = 0

    def _count(self, *_: Any) -> None:
        self.sent += 1

    def run(self, kind: str, user: User, op: Callable[[Any, Any], tuple[int, Any]]) -> Any:
        """One write, as the API runs it: with an Idempotency-Key (every client sends one)."""
        self.serial += 1
        sent = self.sent
        began = time.perf_counter()
        status, body = self.server.run(
            user, f"bench-{self.serial}", fingerprint("POST", kind, self.serial), op
        )
        self.times[kind].append(time.perf_counter() - began)
        self.statements[kind].append(self.sent - sent)
        assert 200 <= status < 300, (kind, status, body)
        return body

    def create(self) -> None:
        def op(conn: Any, env: Any) -> tuple[int, Any]:
            row = contacts.create(conn, env, self.gateway, dict(CONTACT))
            return 201, lambda c: contact_summary(contacts.load(c, row["id"]), full_pd=True)

        self.run("create", self.gateway, op)

    def ready(self, user: User) -> None:
        self.run(
            "ready",
            user,
            lambda conn, env: (
                200,
                operators.present(operators.request_state(conn, user, env.now, "ready", None)),
            ),
        )

    def accept(self, user: User, contact_id: int) -> None:
        def op(conn: Any, env: Any) -> tuple[int, Any]:
            row = contacts.accept(conn, env, user, contact_id)
            return 200, contact_views.detail(conn, row, user)

        self.run("accept", user, op)

    def end(self, user: User, contact_id: int) -> None:
        self.run(
            "end",
            user,
            lambda conn, env: (
                200,
                contact_summary(contacts.end(conn, env, user, contact_id), full_pd=True),
            ),
        )

    def wrap_up(self, user: User, contact_id: int) -> None:
        self.run(
            "wrap-up",
            user,
            lambda conn, env: (
                200,
                contact_summary(
                    contacts.wrap_up(conn, env, user, contact_id, "consultation_given", True, ""),
                    full_pd=True,
                ),
            ),
        )

    def offered(self) -> dict[int, int]:
        """operator id → the contact offered to them now."""
        with self.server.db.read() as conn:
            return {
                r.offered_to: r.id
                for r in conn.execute(
                    sa.select(contacts_table.c.id, contacts_table.c.offered_to).where(
                        contacts_table.c.state == "offered"
                    )
                )
            }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--operators", type=int, default=600)
    p.add_argument("--backlog", type=int, default=800)
    p.add_argument("--cycles", type=int, default=400)
    p.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--profile", type=Path, help="write a cProfile of the rounds here")
    ns = p.parse_args(argv)
    started = Started()
    with tempfile.TemporaryDirectory(prefix="bench-write-") as tmp:
        try:
            url = make_database(
                CONFIGS["pg1" if ns.backend == "postgresql" else "sqlite"], Path(tmp), started
            )
            prepare(url, ns.operators)
            return _measure(url, ns)
        finally:
            started.stop()  # drops the PostgreSQL database


def _measure(url: str, ns: argparse.Namespace) -> int:
    bench = Bench(url, ns.operators)
    try:
        by_id = {u.id: u for u in bench.operators}
        for user in bench.operators:
            bench.ready(user)
        began = time.perf_counter()
        for _ in range(ns.backlog):
            bench.create()
        for user_id, contact_id in bench.offered().items():
            bench.accept(by_id[user_id], contact_id)
        print(
            f"{ns.operators} operators ready, {ns.backlog} contacts created and the offers "
            f"accepted in {time.perf_counter() - began:.1f} s"
        )
        bench.times.clear()
        bench.statements.clear()
        with bench.server.db.read() as conn:
            active = [
                (by_id[r.owner_id], r.id)
                for r in conn.execute(
                    sa.select(contacts_table.c.owner_id, contacts_table.c.id).where(
                        contacts_table.c.state == "in_progress"
                    )
                )
            ]
        profiler = cProfile.Profile() if ns.profile else None
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        for i in range(ns.cycles):
            user, contact_id = active[i % len(active)]
            bench.end(user, contact_id)
            bench.wrap_up(user, contact_id)
            bench.ready(user)  # routing offers this operator the oldest waiting contact
            offered = bench.offered().get(user.id)
            assert offered is not None, "the queue ran dry: raise --backlog"
            bench.accept(user, offered)
            bench.create()
            active[i % len(active)] = (user, offered)
        took = time.perf_counter() - began
        if profiler:
            profiler.disable()
            profiler.dump_stats(ns.profile)
    finally:
        bench.server.stop_writer()
        bench.server.db.dispose()
    writes = sum(len(v) for v in bench.times.values())
    print(f"{'write':<10}{'n':>6}{'median ms':>12}{'p90 ms':>10}{'statements':>12}")
    for kind, values in bench.times.items():
        values.sort()
        p90 = values[int(0.9 * (len(values) - 1))]
        median = statistics.median(values)
        sent = statistics.median(bench.statements[kind])
        print(f"{kind:<10}{len(values):>6}{1000 * median:>12.2f}{1000 * p90:>10.2f}{sent:>12.0f}")
    everything = sorted(v for values in bench.times.values() for v in values)
    print(
        f"all: {writes} writes in {took:.1f} s, {writes / took:.0f} writes/s on one writer; "
        f"median {1000 * statistics.median(everything):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
