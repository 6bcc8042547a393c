"""The `routing-api` command: serve, seed, admin, kb import, simulate."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from routing_api.config import Settings, default_database_url


class _NoQueryStrings(logging.Filter):
    """Access logs keep the path only: query strings may carry personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


#: how long the server keeps an idle HTTP connection open (s): longer than any client's
#: keep-alive expiry (httpx 5 s), as long as nginx's default
KEEP_ALIVE_S = 75


#: the cyclic garbage collector's thresholds while serving (Python's own: 700, 10, 10)
GC_THRESHOLDS = (20_000, 50, 100)


def tune_gc() -> None:
    """Keep the cyclic garbage collector from stopping the server for 100–180 ms at a time.

    Measured at the peak (bench_load.py, 600 operators): with Python's thresholds a full
    collection ran every 4–12 s, took 130–180 ms and found almost nothing (0–40 objects: the
    server's garbage is freed by reference counting), while every thread waited: those pauses
    were the slowest answers and events. The objects that exist once the server has started
    (modules, the app, SQLAlchemy's tables) are moved out of the collector's sight for good,
    and a young generation of 20,000 objects lets a request's short-lived objects die before
    a collection promotes them (promotions are what trigger full collections). Over a minute
    at the peak: no full collection, young ones of 17–45 ms now and then.
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _serve(ns: argparse.Namespace) -> int:
    import uvicorn

    from routing_api.app import create_app

    _watch_parent(ns)
    settings = Settings(
        database_url=ns.database,
        pool_size=ns.pool_size,
        keepalive_s=ns.keepalive,
        session_cache_s=ns.session_cache,
        offer_timeout_s=ns.offer_timeout,
        acw_s=ns.acw,
        presence_grace_s=ns.presence_grace,
        redirect_after_s=ns.redirect_after,
        virtual_clock=ns.virtual_clock,
        simulation_api=ns.simulation_api,
        tick_s=ns.tick,
    )
    logging.getLogger("uvicorn.access").addFilter(_NoQueryStrings())
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=ns.host,
        port=ns.port,
        log_level=ns.log_level,
        timeout_graceful_shutdown=3,
        # an idle connection is closed by the client first (httpx: after 5 s), never by the
        # server as the client sends on it: with uvicorn's 5 s both ends raced, and a request
        # now and then met "server disconnected without a response" (a retry, or an error)
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    hub = app.state.server.hub

    class Server(uvicorn.Server):
        """Event streams end as soon as shutdown starts (they would hold it up)."""

        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            tune_gc()

        def handle_exit(self, sig: int, frame: Any) -> None:
            hub.request_close()
            super().handle_exit(sig, frame)

    Server(config).run()
    return 0


def _seed(ns: argparse.Namespace) -> int:
    from routing_api.db.engine import Database
    from routing_api.seed import (
        DEMO_ACCOUNTS,
        DEMO_PASSWORD,
        RefusedError,
        add_simulated_operators,
        seed_demo,
    )

    if not ns.demo:
        print(
            "Nothing to do: only `seed --demo` exists (demo data is never seeded implicitly).",
            file=sys.stderr,
        )
        return 2
    db = Database(ns.database)
    try:
        fresh = seed_demo(db, kb_size=ns.kb_size)
        if ns.operators > 0:
            added = add_simulated_operators(db, ns.operators)
            print(f"Simulated operators: {added} added ({ns.operators} wanted).")
    except RefusedError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 3
    finally:
        db.dispose()
    if not fresh:
        print("The database already holds the demo data; nothing changed.")
    else:
        print(f"Demo data seeded. Accounts (password for all: {DEMO_PASSWORD!r}):")
    for acc in DEMO_ACCOUNTS:
        where = ", ".join(
            str(x) for x in (f"line {acc.line}" if acc.line else None, acc.agency, acc.region) if x
        )
        print(f"  {acc.username:<12} {acc.role:<10} {where}")
    return 0


def _admin(ns: argparse.Namespace) -> int:
    from routing_api import admin
    from routing_api.db import migrate
    from routing_api.db.engine import Database

    db = Database(ns.database)
    migrate.upgrade(db)
    fields: dict[str, Any] = {}
    for name in ("role", "line", "agency", "region", "full_name", "chat_concurrency"):
        if getattr(ns, name, None) is not None:
            fields[name] = getattr(ns, name)
    if getattr(ns, "categories", None) is not None:
        fields["categories"] = None if ns.categories == "all" else ns.categories.split(",")
    if getattr(ns, "languages", None) is not None:
        fields["languages"] = ns.languages.split(",")
    try:
        if ns.action == "create":
            password = ns.password or admin.new_password()
            admin.create_user(db, ns.username, password, **fields)
            print(f"created {ns.username}; password: {password}")
        elif ns.action == "set":
            admin.update_user(db, ns.username, **fields)
            print(f"updated {ns.username}")
        elif ns.action in ("disable", "enable"):
            admin.update_user(db, ns.username, disabled=ns.action == "disable")
            print(f"{ns.action}d {ns.username}")
        elif ns.action == "reset-password":
            print(
                f"new password for {ns.username}: "
                f"{admin.reset_password(db, ns.username, ns.password)}"
            )
        elif ns.action == "list":
            for row in admin.list_users(db):
                print(json.dumps(row, ensure_ascii=False, default=str))
    except admin.AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    return 0


def _kb(ns: argparse.Namespace) -> int:
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO lines drown the report
    import time
    from pathlib import Path

    from routing_api import kb_import
    from routing_api.db import migrate
    from routing_api.db.engine import Database

    path = Path(ns.file)
    try:
        parsed = kb_import.read(path)
    except OSError as exc:
        print(
            f"ошибка: файл {path} не прочитан ({exc.strerror}) / "
            f"error: cannot read {path} ({exc.strerror})",
            file=sys.stderr,
        )
        return 1
    if parsed.problems:
        for problem in parsed.problems:
            print(problem, file=sys.stderr)
        bad = len({p.line for p in parsed.problems})
        print(
            f"Ничего не импортировано: ошибок {len(parsed.problems)}, строк с ошибками {bad}. "
            f"Nothing imported: {len(parsed.problems)} error(s) in {bad} line(s).",
            file=sys.stderr,
        )
        return 1
    db = Database(ns.database)
    try:
        migrate.upgrade(db)
        with db.write() as conn:
            outcome = kb_import.apply(conn, time.time(), parsed.articles)
    finally:
        db.dispose()
    print(
        f"Импортировано карточек: {len(parsed.articles)} — новых {outcome.created}, "
        f"изменено {outcome.updated}, без изменений {outcome.unchanged}.\n"
        f"Imported {len(parsed.articles)} cards: {outcome.created} created, "
        f"{outcome.updated} updated, {outcome.unchanged} unchanged."
    )
    return 0


def _simulate(ns: argparse.Namespace) -> int:
    from routing_api.simulate import run_simulation

    _watch_parent(ns)
    return run_simulation(ns)


def _watch_parent(ns: argparse.Namespace) -> None:
    if getattr(ns, "exit_with_parent", None):
        from routing_api.parent_watch import exit_with_parent

        exit_with_parent(ns.exit_with_parent)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return value


def _user_fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", choices=("operator", "supervisor", "gateway", "admin"))
    p.add_argument("--line", type=int, choices=(1, 2))
    p.add_argument("--agency")
    p.add_argument("--region")
    p.add_argument("--full-name", dest="full_name")
    p.add_argument("--categories", help="comma-separated category codes, or 'all'")
    p.add_argument("--languages", help="comma-separated language codes, e.g. ru,en")
    p.add_argument("--chat-concurrency", dest="chat_concurrency", type=int)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="routing-api", description="The ЕКЦ central routing API.")
    sub = root.add_subparsers(dest="command", required=True)
    db_help = "sqlite:///PATH or postgresql://… (default: a file in the server's data directory)"

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--database", default=default_database_url(), help=db_help)
    serve.add_argument("--offer-timeout", type=float, default=Settings.offer_timeout_s)
    serve.add_argument("--acw", type=float, default=Settings.acw_s, help="after-contact work, s")
    serve.add_argument("--presence-grace", type=float, default=Settings.presence_grace_s)
    serve.add_argument(
        "--redirect-after",
        type=float,
        default=Settings.redirect_after_s,
        help="offer a callback after this wait, s (0 = never)",
    )
    serve.add_argument(
        "--pool-size",
        type=_positive_int,
        default=Settings.pool_size,
        help="database connections kept per process (default: %(default)s)",
    )
    serve.add_argument(
        "--keepalive",
        type=_positive_float,
        default=Settings.keepalive_s,
        help="seconds between SSE keep-alive comments; below the proxy's read timeout "
        "(default: %(default)s)",
    )
    serve.add_argument(
        "--session-cache",
        type=_non_negative_float,
        default=Settings.session_cache_s,
        help="seconds a checked access token is trusted without reading its session; a session "
        "ended through another replica stops working within this, 0 = check every request "
        "(default: %(default)s)",
    )
    serve.add_argument("--tick", type=float, default=Settings.tick_s, help=argparse.SUPPRESS)
    serve.add_argument(
        "--virtual-clock",
        action="store_true",
        help="tests and demo only: a clock moved by POST /api/v1/test/clock/advance",
    )
    serve.add_argument(
        "--simulation-api",
        action="store_true",
        help="demo only: POST /api/v1/test/sms/inbox shows what the simulated SMS gateway "
        "sent (implied by --virtual-clock; refused in production)",
    )
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--exit-with-parent", type=int, metavar="PID", help=argparse.SUPPRESS)
    serve.set_defaults(func=_serve)

    seed = sub.add_parser("seed", help="seed demo data into an empty database")
    seed.add_argument("--demo", action="store_true", required=True)
    seed.add_argument(
        "--kb-size",
        type=int,
        metavar="N",
        help="grow the expert system to N generated cards (30000: the real scale)",
    )
    seed.add_argument(
        "--operators",
        type=int,
        default=0,
        metavar="N",
        help="also add N simulated first-line operators sim0001… for `simulate --operators`",
    )
    seed.add_argument("--database", default=default_database_url(), help=db_help)
    seed.set_defaults(func=_seed)

    adm = sub.add_parser("admin", help="manage accounts")
    adm.add_argument("--database", default=default_database_url(), help=db_help)
    acts = adm.add_subparsers(dest="action", required=True)
    create = acts.add_parser("create", help="create an account")
    create.add_argument("username")
    create.add_argument("--password", help="default: a generated one, printed")
    _user_fields(create)
    setp = acts.add_parser("set", help="change role, line, agency, region, categories, …")
    setp.add_argument("username")
    _user_fields(setp)
    for name in ("disable", "enable"):
        acts.add_parser(name, help=f"{name} an account").add_argument("username")
    reset = acts.add_parser("reset-password", help="set a new password (printed)")
    reset.add_argument("username")
    reset.add_argument("--password")
    acts.add_parser("list", help="list accounts")
    adm.set_defaults(func=_admin)

    kbp = sub.add_parser("kb", help="the expert system: import cards")
    kb_acts = kbp.add_subparsers(dest="action", required=True)
    kb_import = kb_acts.add_parser(
        "import", help="validate a JSON-lines file of cards and import all of them or none"
    )
    kb_import.add_argument("file", metavar="FILE.jsonl")
    kb_import.add_argument(
        "--database",
        "--database-url",
        dest="database",
        default=default_database_url(),
        help=db_help,
    )
    kbp.set_defaults(func=_kb)

    sim = sub.add_parser("simulate", help="realistic traffic through the gateway API")
    sim.add_argument("--server", default="http://127.0.0.1:8700")
    sim.add_argument("--rate", type=float, default=6.0, help="arrivals per minute (Poisson)")
    sim.add_argument("--duration", type=float, default=0.0, help="seconds; 0 = until stopped")
    sim.add_argument("--username", default="gateway")
    sim.add_argument("--password", default="demo")
    sim.add_argument("--seed", type=int, default=None, help="random seed (repeatable runs)")
    sim.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="divide citizens' reply delays and patience (demo, tests)",
    )
    sim.add_argument(
        "--operators",
        type=int,
        default=0,
        metavar="N",
        help="also play N first-line operators (accounts from `seed --demo --operators N`)",
    )
    sim.add_argument("--exit-with-parent", type=int, metavar="PID", help=argparse.SUPPRESS)
    sim.set_defaults(func=_simulate)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    ns = parser().parse_args(argv)
    try:
        return int(ns.func(ns))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
